package dev.helpline.internal.http;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import dev.helpline.DeskException;
import dev.helpline.internal.json.JsonTree;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Authenticated JSON exchanges with one desk: the credentials header on every request, a 2xx body read
 * whole under a size cap, a refusal turned into a {@link DeskException} by the desk's own reader of
 * its error documents (which hides the secrets) and logged at debug level without the body; a malformed 2xx body
 * is an {@link IOException} without the request's credentials ({@link ScrubbedFailures#malformed}). Thread-safe.
 */
public final class JsonCalls {
  private static final Pattern NEXT_PAGE = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?next\"?");

  /** Reads a 2xx document, read whole (see {@link JsonTree}). */
  public interface JsonRead<T> {
    T read(@Nullable Object json);
  }

  /** Turns a refused answer, and the first {@link BodyLimits#ERROR_BODY_LIMIT} bytes of its body, into the exception. */
  public interface Refusals {
    DeskException toDeskException(Response response, byte[] bodyPrefix);
  }

  private final LazyClient client;
  private final String authorization;
  private final long maxResponseBytes;
  private final Refusals refusals;
  private final String deskName;
  private final Logger log;

  public JsonCalls(LazyClient client, String authorization, long maxResponseBytes, Refusals refusals, String deskName, Logger log) {
    this.client = client;
    this.authorization = authorization;
    this.maxResponseBytes = maxResponseBytes;
    this.refusals = refusals;
    this.deskName = deskName;
    this.log = log;
  }

  public <T> T send(Request.Builder rb, JsonRead<T> reader) throws IOException {
    return send(rb, reader, null);
  }

  /**
   * Sends the request; an empty 2xx body (204) is read as null. When {@code nextLink} is given, its
   * first element receives the URL of the {@code Link} header's {@code rel="next"}, or null.
   */
  public <T> T send(Request.Builder rb, JsonRead<T> reader, String @Nullable [] nextLink) throws IOException {
    Request request = rb.header("Authorization", authorization).build();
    try (Response response = client.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        DeskException e = refusals.toDeskException(response, BodyLimits.readPrefix(response.body(), BodyLimits.ERROR_BODY_LIMIT));
        log.debug("{} refused {} {}: HTTP {} {}: {}", deskName, request.method(), request.url().encodedPath(),
            e.httpStatus(), e.errorCode(), e.deskMessage());
        throw e;
      }
      if (nextLink != null) {
        String link = response.header("Link");
        Matcher m = link == null ? null : NEXT_PAGE.matcher(link);
        nextLink[0] = m != null && m.find() ? m.group(1) : null;
      }
      ResponseBody body = response.body();
      if (body == null) throw new IOException("malformed response from desk: HTTP " + response.code() + " without a body");
      try (ResponseBody capped = BodyLimits.capped(body, maxResponseBytes)) {
        if (capped.source().exhausted()) return reader.read(null);
        try (JsonReader r = JsonReader.of(capped.source())) {
          return reader.read(JsonTree.read(r));
        }
      } catch (JsonDataException | JsonEncodingException e) {
        throw ScrubbedFailures.malformed("malformed response from desk", e, ScrubbedFailures.secretsOf(request));
      }
    }
  }
}
