package dev.helpline.connector.freshdesk;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import dev.helpline.DeskException;
import dev.helpline.internal.http.BodyLimits;
import dev.helpline.internal.http.LazyClient;
import dev.helpline.internal.json.JsonTree;
import java.io.IOException;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/** One authenticated exchange with Freshdesk: the API key on, the answer read capped, a refusal turned into a {@link DeskException}. */
final class FreshdeskHttp {
  private static final Pattern NEXT_PAGE = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?next\"?");

  interface JsonRead<T> {
    T read(@Nullable Object json);
  }

  private final LazyClient client;
  private final String authorization;
  private final String[] secrets;
  private final long maxResponseBytes;
  private final Clock clock;
  private final Logger log;

  FreshdeskHttp(LazyClient client, String authorization, String[] secrets, long maxResponseBytes, Clock clock, Logger log) {
    this.client = client;
    this.authorization = authorization;
    this.secrets = secrets;
    this.maxResponseBytes = maxResponseBytes;
    this.clock = clock;
    this.log = log;
  }

  <T> T send(Request.Builder rb, JsonRead<T> reader) throws IOException {
    return send(rb, reader, null);
  }

  /** Sends; a 2xx body is read whole and handed to {@code reader}; {@code nextLink[0]} gets the Link header's next URL. */
  <T> T send(Request.Builder rb, JsonRead<T> reader, String @Nullable [] nextLink) throws IOException {
    Request request = rb.header("Authorization", authorization).build();
    try (Response response = client.get().newCall(request).execute()) {
      if (!response.isSuccessful()) {
        DeskException e = FreshdeskErrors.toDeskException(response,
            BodyLimits.readPrefix(response.body(), BodyLimits.ERROR_BODY_LIMIT), clock, secrets);
        log.debug("Freshdesk refused {} {}: HTTP {} {}: {} (rate limit remaining {})", request.method(),
            request.url().encodedPath(), e.httpStatus(), e.errorCode(), e.deskMessage(), response.header("X-RateLimit-Remaining"));
        throw e;
      }
      if (nextLink != null) {
        String link = response.header("Link");
        Matcher m = link == null ? null : NEXT_PAGE.matcher(link);
        nextLink[0] = m != null && m.find() ? m.group(1) : null;
      }
      ResponseBody body = response.body();
      if (body == null) throw new IOException("malformed response from desk: HTTP " + response.code() + " without a body");
      try (ResponseBody capped = BodyLimits.capped(body, maxResponseBytes); JsonReader r = JsonReader.of(capped.source())) {
        return reader.read(JsonTree.read(r));
      } catch (JsonDataException | JsonEncodingException e) {
        throw new IOException("malformed response from desk: " + e.getMessage(), e);
      }
    }
  }
}
