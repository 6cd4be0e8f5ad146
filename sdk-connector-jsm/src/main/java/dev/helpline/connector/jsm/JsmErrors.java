package dev.helpline.connector.jsm;

import static dev.helpline.internal.http.ErrorBodies.clean;

import com.squareup.moshi.JsonReader;
import dev.helpline.DeskException;
import dev.helpline.internal.http.ErrorBodies;
import dev.helpline.internal.http.RetryAfter;
import dev.helpline.internal.json.JsonTree;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import okhttp3.Response;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Turns Atlassian's error documents into {@link DeskException}s: the service desk API's
 * {@code {"errorMessage":"…","i18nErrorMessage":{…}}} and the Jira platform's
 * {@code {"errorMessages":["…"],"errors":{"<field>":"…"}}}; anything else goes to the shared
 * {@link ErrorBodies} fallback. A 429 also says what {@code X-RateLimit-Remaining} and
 * {@code X-RateLimit-Limit} reported.
 */
final class JsmErrors {
  private JsmErrors() {}

  static DeskException toDeskException(Response response, byte[] body, Clock clock, String... secrets) {
    int status = response.code();
    String limits = "";
    if (status == 429 && response.header("X-RateLimit-Remaining") != null) {
      limits = " (rate limit: " + clean(response.header("X-RateLimit-Remaining"), 20) + " of "
          + clean(String.valueOf(response.header("X-RateLimit-Limit")), 20) + " left)";
    }
    Map<String, Object> doc = parse(body);
    StringBuilder sb = new StringBuilder();
    String field = null;
    String code = null;
    if (doc != null) {
      if (doc.get("errorMessage") instanceof String) sb.append(doc.get("errorMessage"));
      if (doc.get("i18nErrorMessage") instanceof Map && ((Map<?, ?>) doc.get("i18nErrorMessage")).get("i18nKey") instanceof String) {
        code = (String) ((Map<?, ?>) doc.get("i18nErrorMessage")).get("i18nKey");
      }
      if (doc.get("errorMessages") instanceof List) {
        for (Object m : (List<?>) doc.get("errorMessages")) if (m instanceof String) sb.append(sb.length() == 0 ? "" : "; ").append(m);
      }
      if (doc.get("errors") instanceof Map) {
        // Name every field, so a permanent failure tells the host what to fix.
        for (Map.Entry<?, ?> e : ((Map<?, ?>) doc.get("errors")).entrySet()) {
          if (field == null) field = String.valueOf(e.getKey());
          sb.append(sb.length() == 0 ? "" : "; ").append(e.getKey()).append(": ").append(e.getValue());
        }
      }
    }
    if (sb.length() == 0) {
      DeskException e = ErrorBodies.toDeskException(status, response.message(), body, response.header("Retry-After"), clock, secrets);
      return limits.isEmpty() ? e : new DeskException(status, e.errorCode(), e.deskMessage() + limits, e.field(), e.retryAfter());
    }
    String message = clean(sb + limits, ErrorBodies.MAX_MESSAGE_CHARS, secrets);
    return new DeskException(status, clean(code, 100, secrets), message == null ? "HTTP " + status : message,
        clean(field, 100, secrets), RetryAfter.parse(response.header("Retry-After"), clock));
  }

  private static @Nullable Map<String, Object> parse(byte[] body) {
    if (body.length == 0) return null;
    try (JsonReader r = JsonReader.of(new Buffer().write(body))) {
      if (r.peek() != JsonReader.Token.BEGIN_OBJECT) return null;
      return JsonTree.objectAt(JsonTree.read(r), "$");
    } catch (IOException | RuntimeException e) {
      // Not an Atlassian error document (or cut off by the error body limit): the caller falls back.
      return null;
    }
  }
}
