package dev.helpline.connector.supportapi;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import dev.helpline.Attachment;
import dev.helpline.DeskException;
import dev.helpline.connector.Connector.UnusableAnswerException;
import dev.helpline.Message;
import dev.helpline.Rating;
import dev.helpline.Ticket;
import dev.helpline.connector.ArticleSource;
import dev.helpline.connector.Capability;
import dev.helpline.connector.Connector.ConditionalTicket;
import dev.helpline.connector.Connector;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.supportapi.internal.SupportApiJson;
import dev.helpline.connector.Connector.TicketPage;
import dev.helpline.connector.Connector.UploadProgress;
import dev.helpline.connector.UserAuth;
import dev.helpline.internal.http.JsonGet;
import dev.helpline.internal.http.LazyClient;
import dev.helpline.internal.http.OneShotBody;
import dev.helpline.internal.http.AttachmentBody;
import dev.helpline.internal.http.BodyLimits;
import dev.helpline.internal.http.ConnectorHttp;
import dev.helpline.internal.http.ErrorBodies;
import dev.helpline.internal.http.ProgressRequestBody;
import dev.helpline.internal.http.ScrubbedFailures;
import dev.helpline.internal.http.Secrets;
import dev.helpline.internal.http.UserAgentInterceptor;
import java.io.EOFException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import retrofit2.Response;
import retrofit2.Retrofit;

/**
 * The connector for Helpline's native Support API v1.
 *
 * <pre>{@code
 * SupportApiConnector desk = SupportApiConnector.builder()
 *     .baseUrl("https://support.example.com")
 *     .appKey(appKey)
 *     .build();
 * }</pre>
 *
 * <p>Tickets are created with the app key and deduplicated by the desk through the
 * {@code Idempotency-Key} header (the submission id), so a retry after an ambiguous failure returns
 * the ticket created the first time. The desk remembers a key for {@link #IDEMPOTENCY_KEY_LIFETIME}; a
 * retry whose earlier attempt may be older asks {@code GET /v1/submissions/{id}} first and returns
 * the ticket found there instead of creating another. Reads, replies and ratings use the user token of the
 * {@link UserAuth}; a missing token fails with {@link IllegalArgumentException} before any I/O.
 *
 * <p>Threading: immutable and thread-safe; every method blocks the calling thread. Errors: an
 * {@link IOException} for transport problems, time-outs, bodies larger than
 * {@link Builder#maxResponseBytes(long)} and malformed JSON in a successful answer ("malformed
 * response from desk: …" with the JSON path); a {@link DeskException} for every other non-2xx answer,
 * carrying the desk's error code, message, field and {@code Retry-After}. The app key and user
 * tokens never appear in exception messages, logs or {@link #toString()}.
 */
public final class SupportApiConnector implements Connector {
  private static final Logger log = LoggerFactory.getLogger(SupportApiConnector.class);

  /** The default {@code User-Agent}. */
  public static final String DEFAULT_USER_AGENT = UserAgentInterceptor.DEFAULT;
  /** The default cap on a response body: 1 MiB. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

  /** How long the Support API remembers an {@code Idempotency-Key}: at least 24 hours, by its contract. */
  public static final Duration IDEMPOTENCY_KEY_LIFETIME = Duration.ofHours(24);

  private static final MediaType JSON = MediaType.get("application/json");
  private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(
      Capability.CREATE, Capability.ATTACHMENTS, Capability.IDEMPOTENT_CREATE, Capability.FIND_BY_SUBMISSION,
      Capability.GET_TICKET, Capability.CONDITIONAL_GET, Capability.LIST_TICKETS, Capability.MESSAGES, Capability.REPLY, Capability.RATE));

  private final HttpUrl baseUrl;
  private final String appKey;
  private final long maxResponseBytes;
  private final Clock clock;
  private final LazyClient client;
  private final boolean ownsClient;
  private final SupportApiService service;
  private final SupportApiJson json;
  private final SupportApiArticles articles;
  private SupportApiConnector(Builder b, HttpUrl baseUrl, String appKey) {
    this.baseUrl = baseUrl;
    this.appKey = appKey;
    this.maxResponseBytes = b.http.maxResponseBytes();
    this.clock = b.http.clock();
    this.ownsClient = b.http.ownsClient();
    this.client = b.http.lazyClient(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
        b.http.userAgentAndCap(), appKey);
    this.service = new Retrofit.Builder().baseUrl(baseUrl).callFactory(client)
        .build().create(SupportApiService.class);
    this.json = new SupportApiJson(baseUrl);
    this.articles = new SupportApiArticles(baseUrl, JsonGet.wrap(client::get));
  }

  /**
   * The native Support API's article search ({@code GET /v1/articles/search}), which needs no key, for hosts that
   * search without a connector. Building it does no I/O.
   *
   * @throws IllegalArgumentException when {@code baseUrl} is not an http(s) URL
   */
  public static ArticleSource articles(String baseUrl) {
    return new SupportApiArticles(JsonGet.root(baseUrl), JsonGet.wrap(JsonGet::defaultClient));
  }

  /** As {@link #articles(String)}, sharing {@code client}'s connection pool and time-outs. */
  public static ArticleSource articles(String baseUrl, OkHttpClient client) {
    Objects.requireNonNull(client, "client == null");
    return new SupportApiArticles(JsonGet.root(baseUrl), JsonGet.wrap(() -> client));
  }

  /** A builder; {@code baseUrl} and {@code appKey} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The desk's article search ({@code GET /v1/articles/search}), sharing this connector's HTTP client. */
  @Override
  public dev.helpline.connector.ArticleSource articleSource() {
    return articles;
  }

  @Override
  public String name() {
    return "Helpline Support API";
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  /** 24 hours: {@link #IDEMPOTENCY_KEY_LIFETIME}. */
  @Override
  public Duration idempotencyKeyLifetime() {
    return IDEMPOTENCY_KEY_LIFETIME;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Sends one multipart request: the {@code ticket} JSON part and one {@code attachment} part per
   * attachment, each streamed from its source. {@code progress} hears about the whole request body,
   * at most every 64 KiB and once at the end. When an earlier attempt may be older than the desk's
   * key lifetime, the ticket is first looked up by submission id: found, it is returned and nothing
   * is sent; 404, it is created.
   */
  @Override
  public Ticket create(NewTicket ticket, UploadProgress progress) throws IOException {
    Objects.requireNonNull(ticket, "ticket == null");
    Objects.requireNonNull(progress, "progress == null");
    UserAgentInterceptor.checkHeaderValue("submissionId", ticket.submissionId());
    if (ticket.earlierAttemptMayBeOlderThan(IDEMPOTENCY_KEY_LIFETIME)) {
      Ticket earlier = findBySubmission(ticket.submissionId());
      if (earlier != null) return earlier;
    }
    MultipartBody.Builder multipart = new MultipartBody.Builder().setType(MultipartBody.FORM)
        .addFormDataPart("ticket", null, RequestBody.create(SupportApiJson.ticketPart(ticket), JSON));
    addAttachments(multipart, ticket.attachments());
    // One-shot: OkHttp never re-sends a create on its own (after a 408 or a dropped connection); the delivery
    // worker decides, with the attempt persisted.
    RequestBody body = OneShotBody.of(new ProgressRequestBody(multipart.build(), progress));
    retrofit2.Call<ResponseBody> call = service.createTicket(bearer(appKey), ticket.submissionId(), body);
    Response<ResponseBody> response = call.execute();
    ResponseBody ok = successBody(response, appKey);
    if (log.isDebugEnabled()) {
      log.debug("created ticket for submission {}: HTTP {}{}", ticket.submissionId(), response.code(),
          "true".equals(response.headers().get("Idempotent-Replayed")) ? " (replayed)" : "");
    }
    // The desk echoes the Idempotency-Key: an answer for another submission is not this delivery.
    String echoed = response.headers().get("Idempotency-Key");
    if (echoed != null && !echoed.equals(ticket.submissionId())) {
      closeQuietly(ok);
      // The echo is the desk's text: it may carry the app key it was sent, and it is not bounded.
      String shown = ErrorBodies.clean(echoed, 300, appKey);
      throw new UnusableAnswerException(response.code(), "desk answered " + response.code()
          + " for submission " + (shown == null ? "(empty)" : shown) + ", not for " + ticket.submissionId());
    }
    long declared = ok.contentLength();
    try {
      return read(ok, json::ticket, appKey);
    } catch (IOException e) {
      boolean unusable = e.getMessage() != null && (e.getMessage().startsWith("malformed response")
          || e.getMessage().startsWith("response body exceeds"));
      // A body of declared length that ends inside the JSON (or is empty) was read whole: it is the answer.
      if (e instanceof EOFException && declared >= 0) unusable = true;
      if (!unusable) throw e; // the connection broke while reading: a transport error
      UnusableAnswerException u = new UnusableAnswerException(response.code(), "desk answered " + response.code()
          + " without a usable ticket: " + e.getMessage());
      u.initCause(e);
      throw u;
    }
  }

  /** The ticket the desk created for {@code submissionId} with this app key, or null when it has none (404). */
  private @Nullable Ticket findBySubmission(String submissionId) throws IOException {
    Response<ResponseBody> response = service.submission(bearer(appKey), submissionId).execute();
    if (response.code() == 404) {
      closeQuietly(response.errorBody());
      return null;
    }
    Ticket found = read(successBody(response, appKey), json::ticket, appKey);
    log.debug("found ticket {} of submission {} before creating it again", found.id(), submissionId);
    return found;
  }

  @Override
  public ConditionalTicket getTicket(UserAuth user, String ticketId, @Nullable String etag) throws IOException {
    String token = token(user, "getTicket");
    checkId(ticketId);
    if (etag != null) UserAgentInterceptor.checkHeaderValue("etag", etag);
    Response<ResponseBody> response = service.getTicket(bearer(token), ticketId, etag).execute();
    if (response.code() == 304) {
      closeQuietly(response.errorBody());
      String current = response.headers().get("ETag");
      return ConditionalTicket.notModified(current != null ? current : etag);
    }
    ResponseBody ok = successBody(response, token);
    return ConditionalTicket.of(read(ok, json::ticket, token), response.headers().get("ETag"));
  }

  @Override
  public TicketPage listTickets(UserAuth user, @Nullable String cursor) throws IOException {
    String token = token(user, "listTickets");
    return SupportApiPages.fitting(null, limit ->
        read(successBody(service.listTickets(bearer(token), cursor, limit).execute(), token), json::page, token));
  }

  @Override
  public List<Message> messages(UserAuth user, String ticketId) throws IOException {
    String token = token(user, "messages");
    checkId(ticketId);
    // The desk keeps the original report on the ticket and lists only later messages; the
    // conversation starts with that report, as it does on every other desk.
    Response<ResponseBody> ticket = service.getTicket(bearer(token), ticketId, null).execute();
    Message opening = read(successBody(ticket, token), json::openingMessage, token);
    return SupportApiPages.conversation(opening, maxResponseBytes,
        (from, limit) -> successBody(service.messages(bearer(token), ticketId, from, limit).execute(), token),
        body -> read(body, json::messagePage, token));
  }

  @Override
  public Message reply(UserAuth user, String ticketId, String body, List<Attachment> attachments) throws IOException {
    String token = token(user, "reply");
    checkId(ticketId);
    Objects.requireNonNull(body, "body == null");
    Objects.requireNonNull(attachments, "attachments == null");
    if (body.trim().isEmpty()) throw new IllegalArgumentException("reply body is blank; the desk needs some text");
    MultipartBody.Builder multipart = new MultipartBody.Builder().setType(MultipartBody.FORM)
        .addFormDataPart("message", null, RequestBody.create(SupportApiJson.messagePart(body), JSON));
    addAttachments(multipart, attachments);
    // Not idempotent: a silent re-send after a dropped connection would post the reply twice.
    RequestBody request = OneShotBody.of(multipart.build());
    Response<ResponseBody> response = service.reply(bearer(token), ticketId, request).execute();
    return read(successBody(response, token), json::message, token);
  }

  @Override
  public void rate(UserAuth user, String ticketId, Rating rating) throws IOException {
    String token = token(user, "rate");
    checkId(ticketId);
    Objects.requireNonNull(rating, "rating == null");
    RequestBody body = RequestBody.create(SupportApiJson.rating(rating), JSON);
    Response<ResponseBody> response = service.rate(bearer(token), ticketId, body).execute();
    // The desk echoes the rating; nothing in it is news to the caller.
    closeQuietly(successBody(response, token));
  }

  /** Ends this connector's calls in flight; calls of a shared {@link Builder#okHttpClient} by others go on. */
  @Override
  public void cancelCalls() {
    client.cancelCalls();
  }

  /**
   * Releases the connection pool and dispatcher threads when this connector created its own
   * client; a client passed to {@link Builder#okHttpClient} belongs to the caller and is left alone.
   */
  @Override
  public void close() {
    if (ownsClient) client.shutDown();
  }

  @Override
  public String toString() {
    return "SupportApiConnector{" + baseUrl + "}";
  }

  private static void addAttachments(MultipartBody.Builder multipart, List<Attachment> attachments) throws IOException {
    for (Attachment a : attachments) {
      multipart.addFormDataPart("attachment", a.fileName(), AttachmentBody.of(a));
    }
  }

  private static String bearer(String secret) {
    return "Bearer " + secret;
  }

  private static String token(UserAuth user, String operation) {
    Objects.requireNonNull(user, "user == null");
    String token = user.token();
    if (token == null) throw new IllegalArgumentException("user token required for " + operation);
    return UserAgentInterceptor.checkHeaderValue("user token", token);
  }

  private static void checkId(String ticketId) {
    Objects.requireNonNull(ticketId, "ticketId == null");
    if (ticketId.trim().isEmpty()) throw new IllegalArgumentException("ticketId is blank");
  }

  /** The body of a 2xx answer; otherwise the desk's refusal as a {@link DeskException}. */
  private ResponseBody successBody(Response<ResponseBody> response, String secret) throws IOException {
    if (response.isSuccessful()) {
      ResponseBody body = response.body();
      if (body == null) {
        throw new IOException("malformed response from desk: HTTP " + response.code() + " without a body");
      }
      return body;
    }
    byte[] prefix = BodyLimits.readPrefix(response.errorBody(), BodyLimits.ERROR_BODY_LIMIT);
    DeskException e = ErrorBodies.toDeskException(response.code(), response.message(), prefix,
        response.headers().get("Retry-After"), clock, secret, appKey);
    log.debug("desk refused {} {}: HTTP {} {}", response.raw().request().method(),
        response.raw().request().url().encodedPath(), e.httpStatus(), e.errorCode());
    throw e;
  }

  /**
   * Reads a 2xx body with {@code reader}. A desk may echo {@code secret} (the request's credential) or the app key
   * as a member name, which Moshi puts in the JSON path of its message: see {@link ScrubbedFailures#malformed}.
   */
  private <T> T read(ResponseBody body, JsonRead<T> reader, String secret) throws IOException {
    try (ResponseBody capped = BodyLimits.capped(body, maxResponseBytes);
        JsonReader r = JsonReader.of(capped.source())) {
      return reader.read(r);
    } catch (JsonDataException | JsonEncodingException e) {
      throw ScrubbedFailures.malformed("malformed response from desk", e, Secrets.of(secret, appKey));
    }
  }

  private static void closeQuietly(@Nullable ResponseBody body) {
    if (body != null) body.close();
  }

  private interface JsonRead<T> {
    T read(JsonReader reader) throws IOException;
  }

  /**
   * Builds a {@link SupportApiConnector}. {@link #baseUrl} and {@link #appKey} are required. Setters throw
   * {@link NullPointerException} for null and {@link IllegalArgumentException} naming the setting for a bad value
   * (never repeating a secret); time-outs must not be negative, and zero means none. Not thread-safe.
   */
  public static final class Builder {
    private @Nullable HttpUrl baseUrl;
    private @Nullable String appKey;
    private final ConnectorHttp http = new ConnectorHttp(DEFAULT_MAX_RESPONSE_BYTES);

    Builder() {}

    /** The desk root, for example {@code https://support.example.com}: an http(s) URL without query or fragment. */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = ConnectorHttp.baseUrl("baseUrl", baseUrl);
      return this;
    }

    /** The desk root, for example {@code https://support.example.com}. */
    public Builder baseUrl(HttpUrl baseUrl) {
      // Retrofit resolves relative paths, so the root must end with '/' or its last segment is dropped.
      this.baseUrl = ConnectorHttp.baseUrl("baseUrl", baseUrl);
      return this;
    }

    /** The app key that lets this app create tickets: non-blank printable ASCII. Never logged. */
    public Builder appKey(String appKey) {
      Objects.requireNonNull(appKey, "appKey == null");
      this.appKey = UserAgentInterceptor.checkHeaderValue("appKey", appKey);
      return this;
    }

    /**
     * A client to share connection pool and dispatcher with. The connector derives its own client
     * with {@link OkHttpClient#newBuilder()}, adding its interceptors; the client's time-outs are kept
     * unless set here.
     */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      http.okHttpClient(okHttpClient);
      return this;
    }

    /**
     * As {@link #okHttpClient(OkHttpClient)}, got from {@code client} on the connector's first request, on the
     * thread that makes it (never the one that builds the connector): building an {@code OkHttpClient} loads the
     * TLS trust store from disk, which an app should not do on its main thread at start-up. A supplier that
     * throws or returns null fails that request (a delivery is retried later); the next request asks again.
     */
    public Builder okHttpClient(Supplier<? extends OkHttpClient> client) {
      http.okHttpClient(client);
      return this;
    }

    /**
     * A limit on a whole call, from connecting to the end of the response body, so that a desk that
     * trickles its answer cannot hold a call (and the delivery thread) indefinitely. A call that
     * uploads gets this plus an allowance for its body (its size at 16 KiB/s, at most 6 h more).
     * Default: 60 s, or the call timeout of the {@link #okHttpClient} given, when it has one; zero
     * means no limit.
     */
    public Builder callTimeout(Duration timeout) {
      http.callTimeout(timeout);
      return this;
    }

    /** The longest wait for a connection. Default: 10 s. */
    public Builder connectTimeout(Duration timeout) {
      http.connectTimeout(timeout);
      return this;
    }

    /** The longest silence while reading an answer. Default: 30 s. */
    public Builder readTimeout(Duration timeout) {
      http.readTimeout(timeout);
      return this;
    }

    /** The longest stall while sending a request (uploads). Default: 60 s. */
    public Builder writeTimeout(Duration timeout) {
      http.writeTimeout(timeout);
      return this;
    }

    /**
     * The largest response body read, positive, so a broken or hostile desk cannot make the app read without bound;
     * a larger one fails with an {@link IOException}. Default: 1 MiB, room for one ticket or message at the SDK's
     * default {@link dev.helpline.Limits} even if JSON escaping made every byte six. Lists adapt to it: a page over
     * the cap is asked for again with half the {@code limit}, down to one; a conversation is read page by page, at
     * most 32 caps in all. Only a single ticket or message over the cap fails.
     */
    public Builder maxResponseBytes(long maxResponseBytes) {
      http.maxResponseBytes(maxResponseBytes);
      return this;
    }

    /** The {@code User-Agent} header: non-blank printable ASCII. Default: {@value #DEFAULT_USER_AGENT}. */
    public Builder userAgent(String userAgent) {
      http.userAgent(userAgent);
      return this;
    }

    /** The clock {@code Retry-After} dates are measured against. Default: the system clock. */
    public Builder clock(Clock clock) {
      http.clock(clock);
      return this;
    }

    /**
     * Returns the connector. Does no I/O.
     *
     * @throws IllegalStateException when the base URL or the app key is missing
     */
    public SupportApiConnector build() {
      HttpUrl url = baseUrl;
      String key = appKey;
      if (url == null && key == null) throw new IllegalStateException("baseUrl and appKey are required");
      if (url == null) throw new IllegalStateException("baseUrl is required");
      if (key == null) throw new IllegalStateException("appKey is required");
      return new SupportApiConnector(this, url, key);
    }
  }
}
