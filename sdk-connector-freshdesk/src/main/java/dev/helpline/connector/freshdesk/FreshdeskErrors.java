package dev.helpline.connector.freshdesk;

import static dev.helpline.internal.http.ErrorBodies.clean;

import com.squareup.moshi.JsonReader;
import dev.helpline.DeskException;
import dev.helpline.internal.http.ErrorBodies;
import dev.helpline.internal.http.RetryAfter;
import dev.helpline.internal.json.JsonTree;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.Response;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Turns Freshdesk's error documents into {@link DeskException}s. Freshdesk answers validation failures
 * with {@code {"description":"Validation failed","errors":[{"field","message","code"}]}} and other
 * refusals with {@code {"code":"…","message":"…"}}; anything else goes to the shared {@link ErrorBodies}
 * fallback. A 429 also says what {@code X-RateLimit-Total} and {@code X-RateLimit-Remaining} reported.
 */
final class FreshdeskErrors {
  private FreshdeskErrors() {}

  static DeskException toDeskException(Response response, byte[] body, Clock clock, String... secrets) {
    int status = response.code();
    String retryAfter = response.header("Retry-After");
    String limits = "";
    if (status == 429 && response.header("X-RateLimit-Remaining") != null) {
      limits = " (rate limit: " + clean(response.header("X-RateLimit-Remaining"), 20) + " of "
          + clean(String.valueOf(response.header("X-RateLimit-Total")), 20) + " calls left this minute)";
    }
    Map<String, Object> doc = parse(body);
    if (doc == null || (doc.get("errors") == null && doc.get("message") == null && doc.get("description") == null)) {
      DeskException e = ErrorBodies.toDeskException(status, response.message(), body, retryAfter, clock, secrets);
      return limits.isEmpty() ? e : new DeskException(status, e.errorCode(), e.deskMessage() + limits, e.field(), e.retryAfter());
    }
    Duration delay = RetryAfter.parse(retryAfter, clock);
    String code = doc.get("code") instanceof String ? (String) doc.get("code") : null;
    String field = null;
    StringBuilder sb = new StringBuilder();
    if (doc.get("errors") instanceof List) {
      // Name every field, so a permanent failure tells the host what to fix.
      for (Object o : (List<?>) doc.get("errors")) {
        if (!(o instanceof Map)) continue;
        Map<?, ?> err = (Map<?, ?>) o;
        String f = err.get("field") instanceof String ? (String) err.get("field") : null;
        if (field == null) field = f;
        if (code == null && err.get("code") instanceof String) code = (String) err.get("code");
        sb.append(sb.length() == 0 ? "" : "; ").append(f == null ? "request" : f).append(": ")
            .append(err.get("message") instanceof String ? err.get("message") : "invalid");
      }
      String description = doc.get("description") instanceof String ? (String) doc.get("description") : null;
      if (description != null) sb.insert(0, description + ": ");
    } else {
      Object m = doc.get("message") != null ? doc.get("message") : doc.get("description");
      sb.append(m instanceof String ? m : "HTTP " + status);
    }
    String message = clean(sb + limits, ErrorBodies.MAX_MESSAGE_CHARS, secrets);
    return new DeskException(status, clean(code, 100, secrets), message == null ? "HTTP " + status : message,
        clean(field, 100, secrets), delay);
  }

  private static @Nullable Map<String, Object> parse(byte[] body) {
    if (body.length == 0) return null;
    try (JsonReader r = JsonReader.of(new Buffer().write(body))) {
      if (r.peek() != JsonReader.Token.BEGIN_OBJECT) return null;
      return JsonTree.objectAt(JsonTree.read(r), "$");
    } catch (IOException | RuntimeException e) {
      // Not Freshdesk's error document (or cut off by the error body limit): the caller falls back.
      return null;
    }
  }
}
