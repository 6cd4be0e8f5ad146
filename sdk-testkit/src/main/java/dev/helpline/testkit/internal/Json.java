package dev.helpline.testkit.internal;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/** JSON as plain trees (Map, List, String, Number, Boolean, null) read and written with Moshi's streaming API. */
public final class Json {
  private Json() {}

  /** Parses {@code bytes} as one JSON value; {@code what} names the input in the 400 error. */
  public static @Nullable Object parse(byte[] bytes, String what) {
    try (JsonReader reader = JsonReader.of(new Buffer().write(bytes))) {
      Object value = reader.readJsonValue();
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        throw ApiException.invalid(what, what + " has trailing data after the JSON value");
      }
      return value;
    } catch (JsonEncodingException | JsonDataException e) {
      throw ApiException.invalid(what, what + " is not valid JSON: " + e.getMessage());
    } catch (IOException e) {
      throw ApiException.invalid(what, what + " could not be read: " + e.getMessage());
    }
  }

  /** Parses a JSON object, or fails with 400 naming {@code what}. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(byte[] bytes, String what) {
    Object value = parse(bytes, what);
    if (!(value instanceof Map)) {
      throw ApiException.invalid(what, what + " must be a JSON object");
    }
    return (Map<String, Object>) value;
  }

  public static Map<String, Object> parseObject(String json, String what) {
    return parseObject(json.getBytes(StandardCharsets.UTF_8), what);
  }

  public static byte[] write(@Nullable Object value) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.setSerializeNulls(true);
      writer.jsonValue(value);
    } catch (IOException e) {
      throw new IllegalStateException("Writing JSON to memory failed", e);
    }
    return buffer.readByteArray();
  }

  public static String writeString(@Nullable Object value) {
    return new String(write(value), StandardCharsets.UTF_8);
  }

  /** A fresh insertion-ordered map built from alternating keys and values. */
  public static Map<String, Object> obj(@Nullable Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  // Field accessors that fail with 400 naming the field.

  public static @Nullable String optString(Map<String, Object> map, String key, String path) {
    Object value = map.get(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String)) {
      throw ApiException.invalid(path, path + " must be a string");
    }
    return (String) value;
  }

  public static String reqString(Map<String, Object> map, String key, String path) {
    String value = optString(map, key, path);
    if (value == null) {
      throw ApiException.invalid(path, path + " is required");
    }
    return value;
  }

  public static @Nullable Long optLong(Map<String, Object> map, String key, String path) {
    Object value = map.get(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number)) {
      throw ApiException.invalid(path, path + " must be a number");
    }
    double d = ((Number) value).doubleValue();
    if (d != Math.rint(d) || Double.isInfinite(d) || Math.abs(d) > 9.0e15) {
      throw ApiException.invalid(path, path + " must be an integer but was " + value);
    }
    return (long) d;
  }

  @SuppressWarnings("unchecked")
  public static @Nullable Map<String, Object> optObject(Map<String, Object> map, String key, String path) {
    Object value = map.get(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Map)) {
      throw ApiException.invalid(path, path + " must be an object");
    }
    return (Map<String, Object>) value;
  }

  public static List<String> optStringList(Map<String, Object> map, String key, String path) {
    Object value = map.get(key);
    List<String> result = new ArrayList<>();
    if (value == null) {
      return result;
    }
    if (!(value instanceof List)) {
      throw ApiException.invalid(path, path + " must be an array of strings");
    }
    for (Object item : (List<?>) value) {
      if (!(item instanceof String)) {
        throw ApiException.invalid(path, path + " must contain only strings");
      }
      result.add((String) item);
    }
    return result;
  }

  public static Map<String, String> optStringMap(Map<String, Object> map, String key, String path) {
    Map<String, Object> value = optObject(map, key, path);
    Map<String, String> result = new LinkedHashMap<>();
    if (value == null) {
      return result;
    }
    for (Map.Entry<String, Object> e : value.entrySet()) {
      if (!(e.getValue() instanceof String)) {
        throw ApiException.invalid(path, path + "." + e.getKey() + " must be a string");
      }
      result.put(e.getKey(), (String) e.getValue());
    }
    return result;
  }
}
