package dev.helpline.internal.json;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Reads over the maps and lists Moshi's {@link JsonReader#readJsonValue()} returns, for desk answers
 * whose shape is easier to walk than to stream; the one place for that style of read (the streaming
 * reads are {@link JsonValues}). Messages never contain the values themselves. Two kinds of read:
 *
 * <ul>
 *   <li>Strict, static: a missing required value or one of the wrong type is a
 *       {@link JsonDataException} naming what was expected and the path ("Expected a string at path
 *       $.values[0].accountId"). Freshdesk and Jira Service Management answers are read this way.
 *   <li>Tolerant, on an instance naming the server: a missing or unreadable value is null or a
 *       fallback, and only a body that is not JSON or not the object asked for is an
 *       {@link IOException} naming the server and the answer. For servers whose answers vary in type
 *       (Request Tracker sends ids as strings in some answers and numbers in others).
 * </ul>
 *
 * Immutable and thread-safe.
 */
public final class JsonTree {
  private final String server;
  private final @Nullable String unsetDate;

  /**
   * @param server names the server in messages ("Request Tracker sent malformed JSON for a ticket")
   * @param unsetDate a date the server writes for "no date" (RT writes the epoch), or null
   */
  public JsonTree(String server, @Nullable String unsetDate) {
    this.server = server;
    this.unsetDate = unsetDate;
  }

  /** Reads the next value whole: maps, lists, strings, doubles, booleans and nulls. */
  public static @Nullable Object read(JsonReader r) throws IOException {
    return r.readJsonValue();
  }

  /** {@code value} as an object; anything else is a {@link JsonDataException} naming {@code path}. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> objectAt(@Nullable Object value, String path) {
    if (!(value instanceof Map)) throw expected("an object", path);
    return (Map<String, Object>) value;
  }

  public static @Nullable Map<String, Object> optObject(Map<String, Object> o, String key, String path) {
    Object v = o.get(key);
    return v == null ? null : objectAt(v, path + "." + key);
  }

  /** The array under {@code key}, empty when it is missing. */
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

  /** The parsed body (lenient), or null for an empty body; malformed JSON is an {@link IOException}. */
  public @Nullable Object parse(byte[] body, String what) throws IOException {
    if (body.length == 0) return null;
    try {
      JsonReader reader = JsonReader.of(new Buffer().write(body));
      reader.setLenient(true);
      return reader.readJsonValue();
    } catch (JsonDataException | IOException e) {
      // Moshi reports syntax errors as JsonEncodingException or EOFException; say which answer it was.
      throw new IOException(server + " sent malformed JSON for " + what + ": " + e.getMessage(), e);
    }
  }

  /** {@code value} as an object; anything else is an {@link IOException} naming the server and {@code what}. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> object(@Nullable Object value, String what) throws IOException {
    if (value instanceof Map) return (Map<String, Object>) value;
    throw new IOException(server + " sent " + kind(value) + " where " + what + " (a JSON object) was expected");
  }

  /** {@code value} as an array, or empty when it is not one. */
  @SuppressWarnings("unchecked")
  public List<Object> list(@Nullable Object value) {
    return value instanceof List ? (List<Object>) value : Collections.emptyList();
  }

  @SuppressWarnings("unchecked")
  public @Nullable Map<String, Object> objectOrNull(@Nullable Object value) {
    return value instanceof Map ? (Map<String, Object>) value : null;
  }

  /** A string, or a number written without a fraction (RT sends ids as strings in some answers, numbers in others). */
  public @Nullable String string(Map<String, Object> o, String key) {
    Object v = o.get(key);
    if (v == null) return null;
    if (v instanceof Double) {
      double d = (Double) v;
      if (d == Math.rint(d) && !Double.isInfinite(d)) return Long.toString((long) d);
      return v.toString();
    }
    return v instanceof String || v instanceof Boolean ? v.toString() : null;
  }

  public long number(Map<String, Object> o, String key, long fallback) {
    String s = string(o, key);
    if (s == null) return fallback;
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** An ISO-8601 instant, or null when unset, empty or unreadable. */
  public @Nullable Instant instant(Map<String, Object> o, String key) {
    String s = string(o, key);
    if (s == null || s.isEmpty() || s.equals(unsetDate)) return null;
    try {
      return Timestamps.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The {@code id} of a nested reference such as {@code "Creator": {"type":"user","id":"alice"}}. */
  public @Nullable String refId(Map<String, Object> o, String key) {
    Map<String, Object> ref = objectOrNull(o.get(key));
    return ref == null ? null : string(ref, "id");
  }

  private static String kind(@Nullable Object value) {
    if (value == null) return "nothing";
    if (value instanceof List) return "a JSON array";
    if (value instanceof String) return "a string";
    return "a " + value.getClass().getSimpleName();
  }
}
