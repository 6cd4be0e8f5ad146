package dev.helpline.connector.zendesk;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import dev.helpline.DeskException;
import dev.helpline.internal.http.BodyLimits;
import dev.helpline.internal.http.ConnectorHttp;
import dev.helpline.internal.http.LazyClient;
import dev.helpline.internal.http.ScrubbedFailures;
import dev.helpline.internal.http.Secrets;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * One Zendesk account's HTTP: URLs under the account root, capped body reads, and refusals turned into
 * {@link DeskException}s whose text went through the shared secret scrubber with this connector's
 * credentials and the request's user token.
 */
final class ZendeskHttp {

  private final Logger log;
  private final HttpUrl baseUrl;
  private final String @Nullable [] backendSecrets;
  private final long maxResponseBytes;
  private final Clock clock;
  private final LazyClient client;

  ZendeskHttp(Logger log, HttpUrl baseUrl, String @Nullable [] backendSecrets, long maxResponseBytes, Clock clock,
      LazyClient client) {
    this.log = log;
    this.baseUrl = baseUrl;
    this.backendSecrets = backendSecrets;
    this.maxResponseBytes = maxResponseBytes;
    this.clock = clock;
    this.client = client;
  }

  /** The connector's calls, with the whole-call deadline and its upload allowance. */
  LazyClient client() {
    return client;
  }

  HttpUrl url(String path) {
    return baseUrl.newBuilder().addPathSegments(path).build();
  }

  <T> T get(HttpUrl url, @Nullable String authorization, @Nullable String secret, JsonRead<T> reader)
      throws IOException {
    Request.Builder rb = new Request.Builder().url(url).get();
    if (authorization != null) rb.header("Authorization", authorization);
    try (Response response = client.newCall(rb.build()).execute()) {
      return read(response, secret, reader);
    }
  }

  /** The body of a 2xx answer; otherwise Zendesk's refusal as a {@link DeskException}. */
  ResponseBody ok(Response response, @Nullable String secret) throws IOException {
    if (response.isSuccessful()) {
      ResponseBody body = response.body();
      if (body == null) throw new IOException("malformed response from desk: HTTP " + response.code() + " without a body");
      return body;
    }
    throw refusal(response, BodyLimits.readPrefix(response.body(), BodyLimits.ERROR_BODY_LIMIT), secret);
  }

  DeskException refusal(Response response, byte[] prefix, @Nullable String secret) {
    List<String> secrets = new ArrayList<>();
    if (secret != null) secrets.add(secret);
    if (backendSecrets != null) Collections.addAll(secrets, backendSecrets);
    DeskException e = ZendeskErrors.toDeskException(response.code(), response.message(), prefix,
        response.header("Retry-After"), clock, secrets.toArray(new String[0]));
    log.debug("Zendesk refused {} {}: HTTP {} {}: {}", response.request().method(),
        response.request().url().encodedPath(), e.httpStatus(), e.errorCode(), e.deskMessage());
    return e;
  }

  /**
   * Reads a 2xx answer with {@code reader}, or throws its refusal ({@link #ok}). A malformed answer's error names
   * no credential of this connector, the request or {@code secret}: see {@link ScrubbedFailures#malformed}.
   */
  <T> T read(Response response, @Nullable String secret, JsonRead<T> reader) throws IOException {
    try (ResponseBody capped = BodyLimits.capped(ok(response, secret), maxResponseBytes);
        JsonReader r = JsonReader.of(capped.source())) {
      return reader.read(r);
    } catch (JsonDataException | JsonEncodingException e) {
      Secrets secrets = ScrubbedFailures.secretsOf(response.request()).and(Secrets.of(secret));
      throw ScrubbedFailures.malformed("malformed response from desk", e,
          backendSecrets == null ? secrets : secrets.and(Secrets.of(backendSecrets)));
    }
  }

  interface JsonRead<T> {
    T read(JsonReader reader) throws IOException;
  }

  /** The account root from a subdomain ({@code acme}) or a URL; see {@link ConnectorHttp#siteRoot}. */
  static HttpUrl accountRoot(String subdomainOrUrl) {
    return ConnectorHttp.siteRoot("subdomainOrUrl", subdomainOrUrl, ".zendesk.com",
        "a Zendesk subdomain like 'acme' or an http(s) URL");
  }

  static void checkId(String ticketId) {
    Objects.requireNonNull(ticketId, "ticketId == null");
    if (!ticketId.matches("[0-9]{1,19}")) {
      throw new IllegalArgumentException("ticketId '" + ticketId + "' is not a Zendesk id (digits only)");
    }
  }
}
