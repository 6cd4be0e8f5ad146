package dev.helpline.connector.zendesk;

import static dev.helpline.internal.http.ErrorBodies.clean;

import com.squareup.moshi.JsonReader;
import dev.helpline.DeskException;
import dev.helpline.internal.http.ErrorBodies;
import dev.helpline.internal.http.RetryAfter;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Turns Zendesk's error documents into {@link DeskException}s. Zendesk answers in three shapes:
 * {@code {"error":"RecordInvalid","description":"…","details":{"<field>":[{"description","error"}]}}},
 * {@code {"error":"Couldn't authenticate you"}}, and {@code {"error":{"title","message"}}}; a 429 may
 * come as plain text. Anything not JSON goes to the shared {@link ErrorBodies} fallback.
 */
final class ZendeskErrors {
  private static final int MAX_CHARS = ErrorBodies.MAX_MESSAGE_CHARS;

  private ZendeskErrors() {}

  /** A parsed error document; {@link #details} are "field: text" pairs in the desk's order. */
  static final class Doc {
    @Nullable String error;
    @Nullable String description;
    final List<String[]> details = new ArrayList<>();
  }

  static DeskException toDeskException(int status, String reason, byte[] body, @Nullable String retryAfter,
      Clock clock, String... secrets) {
    Doc doc = parse(body);
    if (doc == null || (doc.error == null && doc.description == null && doc.details.isEmpty())) {
      return ErrorBodies.toDeskException(status, reason, body, retryAfter, clock, secrets);
    }
    Duration delay = RetryAfter.parse(retryAfter, clock);
    String code = null;
    String message;
    String field = null;
    if (!doc.details.isEmpty()) {
      // The field names and the desk's words, so a permanent failure tells the host what to fix.
      StringBuilder sb = new StringBuilder();
      for (String[] d : doc.details) {
        if (sb.length() > 0) sb.append("; ");
        sb.append(d[0]).append(": ").append(withoutFieldPrefix(d[0], d[1]));
      }
      field = clean(doc.details.get(0)[0], 100, secrets);
      code = isCode(doc.error) ? clean(doc.error, 100, secrets) : null;
      message = clean((code != null ? code + ": " : "") + sb, MAX_CHARS, secrets);
    } else if (isCode(doc.error)) {
      code = clean(doc.error, 100, secrets);
      message = clean(doc.description != null ? doc.description : doc.error, MAX_CHARS, secrets);
    } else {
      // "error" holds a sentence ("Couldn't authenticate you") rather than a code.
      String text = doc.error != null ? doc.error : doc.description;
      if (doc.error != null && doc.description != null) text = doc.error + ": " + doc.description;
      message = clean(text, MAX_CHARS, secrets);
    }
    return new DeskException(status, code, message == null ? "HTTP " + status : message, field, delay);
  }

  /** True for Zendesk's CamelCase error codes (RecordInvalid, RecordNotFound), not for sentences. */
  private static boolean isCode(@Nullable String s) {
    if (s == null || s.isEmpty() || s.length() > 100) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.')) return false;
    }
    return true;
  }

  /** Zendesk repeats the field in its text ("Requester: Email is invalid"); say it once. */
  private static String withoutFieldPrefix(String field, String text) {
    String prefix = field.replace('_', ' ').toLowerCase(Locale.ROOT) + ":";
    if (text.toLowerCase(Locale.ROOT).startsWith(prefix)) return text.substring(prefix.length()).trim();
    return text;
  }

  /**
   * True when a refused create names its upload token as the reason (the token expired or was
   * never valid): the files must be uploaded again. Zendesk documents no dedicated code, so this
   * reads the field names and words of a 4xx answer.
   */
  static boolean isUploadTokenProblem(int status, byte[] body) {
    if (status < 400 || status >= 500) return false;
    Doc doc = parse(body);
    if (doc == null) return false;
    for (String[] d : doc.details) {
      if (d[0].toLowerCase(Locale.ROOT).contains("upload")) return true;
    }
    String text = ((doc.error == null ? "" : doc.error) + " " + (doc.description == null ? "" : doc.description))
        .toLowerCase(Locale.ROOT);
    for (String[] d : doc.details) text += " " + d[1].toLowerCase(Locale.ROOT);
    return text.contains("upload") && (text.contains("token") || text.contains("expired") || text.contains("invalid"));
  }

  static @Nullable Doc parse(byte[] body) {
    if (body.length == 0) return null;
    try (JsonReader r = JsonReader.of(new Buffer().write(body))) {
      if (r.peek() != JsonReader.Token.BEGIN_OBJECT) return null;
      Doc doc = new Doc();
      r.beginObject();
      while (r.hasNext()) {
        String name = r.nextName();
        if (name.equals("error") && r.peek() == JsonReader.Token.STRING) {
          doc.error = r.nextString();
        } else if (name.equals("error") && r.peek() == JsonReader.Token.BEGIN_OBJECT) {
          readTitled(r, doc);
        } else if (name.equals("description") && r.peek() == JsonReader.Token.STRING) {
          doc.description = r.nextString();
        } else if (name.equals("details") && r.peek() == JsonReader.Token.BEGIN_OBJECT) {
          readDetails(r, doc);
        } else {
          r.skipValue();
        }
      }
      r.endObject();
      return doc;
    } catch (IOException | RuntimeException e) {
      // Not a Zendesk error document (or cut off by the error body limit): the caller falls back.
      return null;
    }
  }

  private static void readTitled(JsonReader r, Doc doc) throws IOException {
    r.beginObject();
    while (r.hasNext()) {
      String name = r.nextName();
      if (name.equals("title") && r.peek() == JsonReader.Token.STRING) {
        doc.error = r.nextString();
      } else if (name.equals("message") && r.peek() == JsonReader.Token.STRING) {
        doc.description = r.nextString();
      } else {
        r.skipValue();
      }
    }
    r.endObject();
  }

  private static void readDetails(JsonReader r, Doc doc) throws IOException {
    r.beginObject();
    while (r.hasNext()) {
      String field = r.nextName();
      if (r.peek() != JsonReader.Token.BEGIN_ARRAY) {
        r.skipValue();
        continue;
      }
      r.beginArray();
      while (r.hasNext()) {
        if (r.peek() != JsonReader.Token.BEGIN_OBJECT) {
          r.skipValue();
          continue;
        }
        String description = null;
        String error = null;
        r.beginObject();
        while (r.hasNext()) {
          String name = r.nextName();
          if (name.equals("description") && r.peek() == JsonReader.Token.STRING) {
            description = r.nextString();
          } else if (name.equals("error") && r.peek() == JsonReader.Token.STRING) {
            error = r.nextString();
          } else {
            r.skipValue();
          }
        }
        r.endObject();
        String text = description != null ? description : error != null ? error : "invalid";
        doc.details.add(new String[] {field, text});
      }
      r.endArray();
    }
    r.endObject();
  }

}
