package dev.helpline.internal.json;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * The one set of streaming JSON reads, for desk responses, status summaries, notice feeds and stored
 * state. Errors say what was expected, what came and where ("Expected a string but was NUMBER at path
 * $.status"). The strict reads for desk answers never quote the value itself: a desk echoing
 * request data must not leak it into messages. The strict reads ({@link #string}, {@link #timestamp}, …) throw {@link
 * JsonDataException}; the lenient ones for feeds ({@link #stringOrNull}, {@link #instantOrNull}, …)
 * throw {@link IOException}.
 */
public final class JsonValues {
  private JsonValues() {}

  public static String string(JsonReader r) throws IOException {
    if (r.peek() != JsonReader.Token.STRING) throw unexpected(r, "a string");
    return r.nextString();
  }

  public static @Nullable String nullableString(JsonReader r) throws IOException {
    if (r.peek() == JsonReader.Token.NULL) return r.nextNull();
    return string(r);
  }

  /** An ISO-8601 timestamp with an offset ({@code Z} or {@code -06:00}), or null. */
  public static @Nullable Instant timestamp(JsonReader r) throws IOException {
    String s = nullableString(r);
    if (s == null) return null;
    try {
      return Timestamps.parse(s);
    } catch (DateTimeParseException e) {
      throw new JsonDataException("Expected an ISO-8601 timestamp with offset at path " + r.getPath());
    }
  }

  public static JsonDataException unexpected(JsonReader r, String expected) throws IOException {
    return new JsonDataException("Expected " + expected + " but was " + r.peek() + " at path " + r.getPath());
  }

  /** An id that may come as a JSON number or a string, as text. */
  public static String idText(JsonReader r) throws IOException {
    JsonReader.Token t = r.peek();
    if (t == JsonReader.Token.NUMBER) return Long.toString(r.nextLong());
    if (t == JsonReader.Token.STRING) return r.nextString();
    throw unexpected(r, "a number or a string");
  }

  /** A string (numbers are read as their text), or null for JSON null. */
  public static @Nullable String stringOrNull(JsonReader r) throws IOException {
    String path = r.getPath();
    JsonReader.Token t = r.peek();
    switch (t) {
      case NULL:
        return r.nextNull();
      case STRING:
      case NUMBER:
        return r.nextString();
      default:
        throw new IOException("expected a string but was " + t + " at path " + path);
    }
  }

  /** A boolean, or {@code fallback} for JSON null. */
  public static boolean booleanOr(JsonReader r, boolean fallback) throws IOException {
    String path = r.getPath();
    JsonReader.Token t = r.peek();
    if (t == JsonReader.Token.NULL) {
      r.nextNull();
      return fallback;
    }
    if (t != JsonReader.Token.BOOLEAN) throw new IOException("expected a boolean but was " + t + " at path " + path);
    return r.nextBoolean();
  }

  /** An ISO-8601 timestamp with offset ({@code Z} or {@code -06:00}), or null for JSON null or an empty string. */
  public static @Nullable Instant instantOrNull(JsonReader r) throws IOException {
    String path = r.getPath();
    String text = stringOrNull(r);
    if (text == null || text.trim().isEmpty()) return null;
    try {
      return Timestamps.parse(text.trim());
    } catch (DateTimeParseException e) {
      // Feeds are public documents; quoting the bad value helps whoever publishes them. Text that
      // could hold a credential is scrubbed by the feed source (see HttpGet.scrubbed).
      throw new IOException("'" + text + "' is not an ISO-8601 timestamp with offset at path " + path, e);
    }
  }

  public static void beginObject(JsonReader r) throws IOException {
    expect(r, JsonReader.Token.BEGIN_OBJECT, "an object");
    r.beginObject();
  }

  public static void beginArray(JsonReader r) throws IOException {
    expect(r, JsonReader.Token.BEGIN_ARRAY, "an array");
    r.beginArray();
  }

  /** True when the next value is JSON null (which is consumed). */
  public static boolean skipNull(JsonReader r) throws IOException {
    if (r.peek() == JsonReader.Token.NULL) {
      r.nextNull();
      return true;
    }
    return false;
  }

  private static void expect(JsonReader r, JsonReader.Token token, String what) throws IOException {
    JsonReader.Token t = r.peek();
    if (t != token) throw new IOException("expected " + what + " but was " + t + " at path " + r.getPath());
  }

  /** A required member was missing in the object that ends at the reader's current path. */
  public static IOException missing(String member, String objectPath) {
    return new IOException("missing \"" + member + "\" at path " + objectPath);
  }
}
