package dev.helpline.internal.json;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Typed access to a JSON document read whole ({@link JsonReader#readJsonValue()}), for desk answers
 * whose shape is easier to walk than to stream. Errors are {@link JsonDataException}s naming what was
 * expected and the path ("Expected a number at $.ticket.id"), never the value itself.
 */
public final class JsonPaths {
  private JsonPaths() {}

  /** Reads the next value whole: maps, lists, strings, doubles, booleans and nulls. */
  public static @Nullable Object read(JsonReader r) throws IOException {
    return r.readJsonValue();
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(@Nullable Object value, String path) {
    if (!(value instanceof Map)) throw expected("an object", path);
    return (Map<String, Object>) value;
  }

  public static @Nullable Map<String, Object> optObject(Map<String, Object> o, String key, String path) {
    Object v = o.get(key);
    return v == null ? null : object(v, path + "." + key);
  }

  public static List<?> list(Map<String, Object> o, String key, String path) {
    Object v = o.get(key);
    if (v == null) return Collections.emptyList();
    if (!(v instanceof List)) throw expected("an array", path + "." + key);
    return (List<?>) v;
  }

  public static String string(Map<String, Object> o, String key, String path) {
    String s = optString(o, key, path);
    if (s == null) throw expected("a string", path + "." + key);
    return s;
  }

  public static @Nullable String optString(Map<String, Object> o, String key, String path) {
    Object v = o.get(key);
    if (v == null) return null;
    if (!(v instanceof String)) throw expected("a string", path + "." + key);
    return (String) v;
  }

  /** A whole number (ids, counts); a JSON string of digits is accepted too, as some desks send ids quoted. */
  public static long longValue(Map<String, Object> o, String key, String path) {
    Long l = optLong(o, key, path);
    if (l == null) throw expected("a number", path + "." + key);
    return l;
  }

  public static @Nullable Long optLong(Map<String, Object> o, String key, String path) {
    Object v = o.get(key);
    if (v == null) return null;
    if (v instanceof Double) {
      double d = (Double) v;
      if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) return (long) d;
    } else if (v instanceof String && ((String) v).matches("-?[0-9]{1,18}")) {
      return Long.parseLong((String) v);
    }
    throw expected("a whole number", path + "." + key);
  }

  public static boolean bool(Map<String, Object> o, String key, boolean fallback, String path) {
    Object v = o.get(key);
    if (v == null) return fallback;
    if (!(v instanceof Boolean)) throw expected("a boolean", path + "." + key);
    return (Boolean) v;
  }

  private static JsonDataException expected(String what, String path) {
    return new JsonDataException("Expected " + what + " at path " + path);
  }
}
