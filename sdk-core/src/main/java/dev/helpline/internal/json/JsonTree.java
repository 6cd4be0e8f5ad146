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
 * Reads over the maps and lists Moshi's {@link JsonReader#readJsonValue()} returns, for servers whose
 * answers are easiest taken as a tree (Request Tracker's). The one place for that style of read; the
 * streaming reads are {@link JsonValues}. Messages name the server and what was expected, never the
 * values. Immutable and thread-safe.
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

  @SuppressWarnings("unchecked")
  public Map<String, Object> object(@Nullable Object value, String what) throws IOException {
    if (value instanceof Map) return (Map<String, Object>) value;
    throw new IOException(server + " sent " + kind(value) + " where " + what + " (a JSON object) was expected");
  }

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
      return Instant.parse(s);
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
