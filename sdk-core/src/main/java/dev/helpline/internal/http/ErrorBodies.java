package dev.helpline.internal.http;

import com.squareup.moshi.JsonReader;
import dev.helpline.DeskException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Turns a refused HTTP exchange into a {@link DeskException}. The body is expected to be the JSON
 * error document {@code {"error":"…","message":"…","field":"…"}}; anything else (HTML from a proxy,
 * plain text, nothing) is tolerated and summarized by the reason phrase and a short excerpt, so an
 * exception message never carries a whole body and never exceeds {@link #MAX_MESSAGE_CHARS}.
 */
public final class ErrorBodies {
  /** The longest desk message kept in an exception, in characters. */
  public static final int MAX_MESSAGE_CHARS = 500;
  private static final int MAX_CODE_CHARS = 100;
  private static final int EXCERPT_CHARS = 200;

  private ErrorBodies() {}

  /**
   * Builds the exception for a non-2xx answer.
   *
   * @param reason the HTTP reason phrase (may be empty)
   * @param body the beginning of the error body (see {@link BodyLimits#readPrefix})
   * @param retryAfter the {@code Retry-After} header, parsed against {@code clock}
   * @param secrets values that must never appear in the result (tokens of this request); every
   *     occurrence in the desk's text is replaced with {@code ***}
   */
  public static DeskException toDeskException(int status, String reason, byte[] body, @Nullable String retryAfter,
      Clock clock, String... secrets) {
    Duration delay = RetryAfter.parse(retryAfter, clock);
    ErrorDocument doc = parseJson(body);
    String code = null;
    String message;
    String field = null;
    if (doc != null) {
      code = clean(doc.error, MAX_CODE_CHARS, secrets);
      field = clean(doc.field, MAX_CODE_CHARS, secrets);
      String m = clean(doc.message, MAX_MESSAGE_CHARS, secrets);
      message = m != null ? m : fallback(status, reason, null, secrets);
    } else {
      message = fallback(status, reason, body, secrets);
    }
    return new DeskException(status, code, message, field, delay);
  }

  private static String fallback(int status, String reason, byte @Nullable [] body, String... secrets) {
    String r = clean(reason, MAX_CODE_CHARS, secrets);
    String base = r != null ? r : "HTTP " + status;
    if (body == null || body.length == 0 || looksLikeMarkup(body)) return base;
    String excerpt = clean(new String(body, StandardCharsets.UTF_8), EXCERPT_CHARS, secrets);
    return excerpt == null ? base : base + ": " + excerpt;
  }

  private static boolean looksLikeMarkup(byte[] body) {
    for (byte b : body) {
      if (b == '<') return true;
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') return false;
    }
    return false;
  }

  /** Collapses whitespace and control characters, hides secrets, and shortens to {@code max} chars. */
  public static @Nullable String clean(@Nullable String s, int max, String... secrets) {
    if (s == null) return null;
    String t = s;
    for (String secret : secrets) {
      // In any letter case: a desk may echo a key upper- or lower-cased.
      if (secret != null && !secret.isEmpty()) {
        t = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(secret),
            java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE)
            .matcher(t).replaceAll("***");
      }
    }
    StringBuilder out = new StringBuilder(Math.min(t.length(), 4 * max));
    boolean pendingSpace = false;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        pendingSpace = out.length() > 0;
      } else {
        if (pendingSpace) out.append(' ');
        pendingSpace = false;
        out.append(c);
      }
    }
    if (out.length() == 0) return null;
    if (out.length() <= max) return out.toString();
    int end = max - 1;
    // Never split a surrogate pair when shortening.
    if (Character.isHighSurrogate(out.charAt(end - 1))) end--;
    return out.substring(0, end) + "\u2026";
  }

  private static @Nullable ErrorDocument parseJson(byte[] body) {
    if (body.length == 0) return null;
    try (JsonReader reader = JsonReader.of(new Buffer().write(body))) {
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) return null;
      ErrorDocument doc = new ErrorDocument();
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (reader.peek() != JsonReader.Token.STRING) {
          reader.skipValue();
          continue;
        }
        switch (name) {
          case "error":
            doc.error = reader.nextString();
            break;
          case "message":
            doc.message = reader.nextString();
            break;
          case "field":
            doc.field = reader.nextString();
            break;
          default:
            reader.skipValue();
        }
      }
      reader.endObject();
      return doc;
    } catch (IOException | RuntimeException e) {
      // Not the JSON error document (or cut off by the error body limit): use the fallback text.
      return null;
    }
  }

  private static final class ErrorDocument {
    @Nullable String error;
    @Nullable String message;
    @Nullable String field;
  }
}
