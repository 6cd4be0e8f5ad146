package dev.helpline.internal.json;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * Typed reads for desk responses. Errors are {@link JsonDataException}s that say what was expected,
 * what came and where ("Expected a string but was NUMBER at path $.status"), and never quote the
 * value itself: a desk echoing request data must not leak it into messages.
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
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw new JsonDataException("Expected an ISO-8601 timestamp with offset at path " + r.getPath());
    }
  }

  public static JsonDataException unexpected(JsonReader r, String expected) throws IOException {
    return new JsonDataException("Expected " + expected + " but was " + r.peek() + " at path " + r.getPath());
  }
}
