package dev.helpline.connector.zendesk;

import dev.helpline.Attachment;
import dev.helpline.DeskException;
import dev.helpline.Message;
import dev.helpline.Rating;
import dev.helpline.Ticket;
import dev.helpline.connector.ArticleSource;
import dev.helpline.connector.Capability;
import dev.helpline.connector.Connector.ConditionalTicket;
import dev.helpline.connector.Connector;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.TicketPage;
import dev.helpline.connector.Connector.UploadProgress;
import dev.helpline.connector.UserAuth;
import dev.helpline.internal.http.ConnectorHttp;
import dev.helpline.internal.http.LazyClient;
import dev.helpline.internal.http.OneShotBody;
import dev.helpline.internal.http.UserAgentInterceptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.ByteString;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector for Zendesk Support, in one of three modes chosen by the factory method.
 *
 * <pre>{@code
 * // An app whose users sign in: requests are created and followed as the user (Requests API).
 * ZendeskConnector desk = ZendeskConnector.endUser("acme")          // https://acme.zendesk.com
 *     .requesterToken(() -> session.zendeskToken())               // optional: create as the user
 *     .customFieldIds(Map.of("app_version", 360001234567L))
 *     .build();
 *
 * // An app without sign-in: create only, no reads ("Anyone can submit tickets" must be on).
 * ZendeskConnector desk = ZendeskConnector.anonymous("acme").build();
 *
 * // A service filing on behalf of users (Tickets API, API token of an agent).
 * ZendeskConnector desk = ZendeskConnector.backend("acme", "bot@acme.com", apiToken).build();
 * }</pre>
 *
 * <h2>Exactly once</h2>
 * Backend mode sends the submission id as {@code Idempotency-Key} (qualified by the upload token,
 * since new uploads make a new payload) and as the ticket's {@code external_id}, and looks the ticket
 * up with {@code GET /api/v2/tickets?external_id=} whenever the key cannot protect the retry: a
 * submission this connector tried before, one older than {@link Builder#recentWindow(Duration)} (an
 * earlier process may have sent it), one first attempted 2 hours ago (Zendesk's key lifetime), or one
 * whose files it has not uploaded yet; never on a {@linkplain NewTicket#isFirstAttempt() first attempt}.
 * End-user mode has neither key nor external id, so the submission id goes into a footer line of the
 * first comment ({@value #SUBMISSION_MARKER} + id) and the user's newest requests are searched for it
 * before every create. Anonymous mode cannot read, so a create that failed ambiguously may be
 * duplicated on retry; {@link #capabilities()} says so by leaving out {@link Capability#FIND_BY_SUBMISSION}.
 * Writes are one-shot: OkHttp never sends a create, upload or comment again by itself.
 *
 * <h2>Attachments</h2>
 * Every file goes to {@code POST /api/v2/uploads} as raw bytes with its own Content-Type, streamed
 * from the outbox; the first answer's token is passed to the later uploads so that one token carries
 * all files of the ticket. Zendesk keeps a token for 60 minutes: it is reused across retries while
 * younger than {@link #UPLOAD_TOKEN_REUSE} (measured with the injected clock), and the files are
 * uploaded again when it is older or when the create names the token as invalid.
 *
 * <h2>Mapping</h2>
 * Priority as low/normal/high/urgent. Category to Zendesk's {@code type} through
 * {@link Builder#categoryTypes(Map)} (unmapped categories set no type). Tags in backend mode only (end
 * users cannot set tags). Custom fields by id through {@link Builder#customFieldIds(Map)}; fields with no
 * id are not dropped and do not fail the ticket: they are listed as "name: value" lines in the comment
 * footer. Statuses new/open/pending/hold/solved/closed become NEW/OPEN/PENDING/ON_HOLD/SOLVED/CLOSED,
 * anything else UNKNOWN. Helpline's rating 4 or 5 is Zendesk's "good", 1 to 3 "bad".
 *
 * <p>Threading: thread-safe; every method blocks. Errors: {@link IOException} for transport problems,
 * over-long and malformed bodies; {@link DeskException} for refusals, with Zendesk's error code, the
 * fields of a 422 {@code RecordInvalid} and the {@code Retry-After} of a 429. The API token and user
 * tokens never appear in exception messages, logs or {@link #toString()}.
 */
public final class ZendeskConnector implements Connector {

  /** The default {@code User-Agent}. */
  public static final String DEFAULT_USER_AGENT = UserAgentInterceptor.DEFAULT;
  /** The default cap on a response body: 1 MiB. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
  /** How long an upload token is reused: Zendesk keeps it 60 minutes; the margin covers the create itself. */
  public static final Duration UPLOAD_TOKEN_REUSE = Duration.ofMinutes(55);
  /** The footer line that carries the submission id in end-user mode. */
  public static final String SUBMISSION_MARKER = "Helpline submission ";

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  enum Mode { END_USER, ANONYMOUS, BACKEND }

  private final Logger log;
  private final Mode mode;
  private final HttpUrl baseUrl;
  private final LazyClient client;
  private final boolean ownsClient;
  private final Set<Capability> capabilities;
  private final ZendeskJson.TicketUrls urls;
  private final ZendeskHttp http;
  private final ZendeskCreate creator;
  private final ArticleSource articles;
  private final @Nullable String ownToken; // the user's, when ZendeskConnectorFactory built this for one user

  private ZendeskConnector(Builder b) {
    this.log = b.logger;
    this.mode = b.mode;
    this.baseUrl = b.baseUrl;
    this.ownToken = b.ownToken;
    @Nullable String basicAuth = null;
    String @Nullable [] backendSecrets = null;
    if (b.agentEmail != null && b.apiToken != null) {
      String credentials = b.agentEmail + "/token:" + b.apiToken;
      String encoded = Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
      basicAuth = "Basic " + encoded;
      backendSecrets = new String[] {b.apiToken, credentials, encoded};
    }
    this.ownsClient = b.http.ownsClient();
    // A redirect would resend the Authorization header to wherever Zendesk points; none of the
    // endpoints used redirects, so a 3xx is reported instead of followed.
    this.client = b.http.lazyClient(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
        b.http.userAgentAndCap().andThen(cb -> cb.followRedirects(false).followSslRedirects(false)));
    EnumSet<Capability> caps = EnumSet.of(Capability.CREATE, Capability.ATTACHMENTS);
    switch (mode) {
      case BACKEND:
        caps.add(Capability.IDEMPOTENT_CREATE);
        caps.add(Capability.FIND_BY_SUBMISSION);
        this.urls = ZendeskJson.TicketUrls.under(baseUrl, "agent/tickets");
        break;
      case END_USER:
        if (b.requesterToken != null) caps.add(Capability.FIND_BY_SUBMISSION);
        caps.addAll(EnumSet.of(Capability.GET_TICKET, Capability.LIST_TICKETS, Capability.MESSAGES,
            Capability.REPLY, Capability.RATE));
        this.urls = ZendeskJson.TicketUrls.under(baseUrl, "hc/requests");
        break;
      default:
        this.urls = ZendeskJson.TicketUrls.under(baseUrl, "hc/requests");
    }
    this.capabilities = Collections.unmodifiableSet(caps);
    this.http = new ZendeskHttp(log, baseUrl, backendSecrets, b.http.maxResponseBytes(), b.http.clock(), client);
    this.articles = HelpCenterSource.of(baseUrl, client::get);
    this.creator = new ZendeskCreate(log, mode, basicAuth, b.requesterToken,
        b.customFieldIds, b.categoryTypes, b.recentWindow, b.http.clock(), urls, http);
  }

  /**
   * End-user mode: the Requests API. Reads, replies and ratings use the user's Zendesk token (issued
   * by the host's backend through Zendesk OAuth or JWT single sign-on) from {@link UserAuth#token()}
   * as {@code Authorization: Bearer}. Creation uses {@link Builder#requesterToken} when set,
   * otherwise it is anonymous.
   *
   * @param subdomainOrUrl {@code acme} for {@code https://acme.zendesk.com}, or the account's root URL
   */
  public static Builder endUser(String subdomainOrUrl) {
    return new Builder(Mode.END_USER, subdomainOrUrl, null, null);
  }

  /** Anonymous mode: requests are created without authentication, with a requester; nothing can be read. */
  public static Builder anonymous(String subdomainOrUrl) {
    return new Builder(Mode.ANONYMOUS, subdomainOrUrl, null, null);
  }

  /**
   * Backend mode: the Tickets API with an agent's API token ({@code {email}/token:{api_token}}), for a
   * service that files tickets on behalf of its users. Create only: reading tickets through an agent
   * account could show one user another's tickets, so reads belong to end-user mode.
   */
  public static Builder backend(String subdomainOrUrl, String agentEmail, String apiToken) {
    Objects.requireNonNull(agentEmail, "agentEmail == null");
    Objects.requireNonNull(apiToken, "apiToken == null");
    if (agentEmail.trim().isEmpty() || agentEmail.indexOf('@') < 1) {
      throw new IllegalArgumentException("agentEmail '" + agentEmail + "' is not an e-mail address");
    }
    UserAgentInterceptor.checkHeaderValue("apiToken", apiToken);
    return new Builder(Mode.BACKEND, subdomainOrUrl, agentEmail.trim(), apiToken);
  }

  @Override
  public String name() {
    return "Zendesk";
  }

  /** USER_TOKEN in end-user mode, whose reads take {@link UserAuth#token()}; NOTHING in the modes that cannot read
   * and for a connector {@link ZendeskConnectorFactory} built for one user, which reads with that user's token. */
  @Override
  public UserAuth.Requirement userAuthRequirement() {
    return mode == Mode.END_USER && ownToken == null ? UserAuth.Requirement.USER_TOKEN : UserAuth.Requirement.NOTHING;
  }

  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  /** 2 hours in backend mode, as Zendesk documents its keys; the other modes send no key. */
  @Override
  public Duration idempotencyKeyLifetime() {
    return mode == Mode.BACKEND ? ZendeskCreate.KEY_LIFETIME : Duration.ZERO;
  }

  /**
   * A source for {@link dev.helpline.articles.ArticleSearch} reading this account's Help Center
   * anonymously, sharing this connector's HTTP client.
   */
  @Override
  public ArticleSource articleSource() {
    return articles;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Uploads the attachments first (see the class documentation), then creates the ticket
   * (backend) or request (end-user, anonymous). {@code progress} hears about the uploaded file
   * bytes, all files together. In anonymous mode a ticket without a requester e-mail address is
   * refused before any I/O with a permanent {@link DeskException} (HTTP 422, field "requester"):
   * support could not answer it.
   */
  @Override
  public Ticket create(NewTicket ticket, UploadProgress progress) throws IOException {
    return creator.create(ticket, progress);
  }

  /** {@inheritDoc} Zendesk sends no entity tags for requests, so every read returns the ticket. */
  @Override
  public ConditionalTicket getTicket(UserAuth user, String ticketId, @Nullable String etag) throws IOException {
    String token = userToken(user, Capability.GET_TICKET);
    ZendeskHttp.checkId(ticketId);
    HttpUrl u = http.url("api/v2/requests").newBuilder().addPathSegment(ticketId).build();
    return ConditionalTicket.of(http.get(u, "Bearer " + token, token, r -> ZendeskJson.single(r, "request", urls)).ticket, null);
  }

  /**
   * {@inheritDoc} Pages hold 25 requests, newest first, fewer when 25 would exceed {@code maxResponseBytes}; the
   * cursor is the next page's number, or {@code o} and the offset of the next request after a smaller page.
   */
  @Override
  public TicketPage listTickets(UserAuth user, @Nullable String cursor) throws IOException {
    String token = userToken(user, Capability.LIST_TICKETS);
    ZendeskPages.Requests page = ZendeskPages.requests(http, token, urls, ZendeskPages.offsetOf(cursor),
        ZendeskPages.TICKET_PAGE);
    List<Ticket> tickets = new ArrayList<>();
    for (ZendeskJson.Remote r : page.items) tickets.add(r.ticket);
    return new TicketPage(tickets, page.nextCursor());
  }

  /**
   * {@inheritDoc} Every page of Zendesk's comments, 100 a page (fewer when 100 would exceed {@code
   * maxResponseBytes}), up to 5,000 comments; later ones are left out with a warning. Pages are asked for on this
   * account's URL.
   */
  @Override
  public List<Message> messages(UserAuth user, String ticketId) throws IOException {
    String token = userToken(user, Capability.MESSAGES);
    ZendeskHttp.checkId(ticketId);
    HttpUrl u = http.url("api/v2/requests").newBuilder().addPathSegment(ticketId).addPathSegment("comments").build();
    return Collections.unmodifiableList(ZendeskPages.comments(http, u, token, log));
  }

  /**
   * {@inheritDoc} Uploads the files, adds the comment with {@code PUT /api/v2/requests/{id}}, then
   * reads the conversation to return the comment as stored (Zendesk answers the update with the
   * request, not the comment).
   */
  @Override
  public Message reply(UserAuth user, String ticketId, String body, List<Attachment> attachments) throws IOException {
    String token = userToken(user, Capability.REPLY);
    ZendeskHttp.checkId(ticketId);
    Objects.requireNonNull(body, "body == null");
    Objects.requireNonNull(attachments, "attachments == null");
    if (body.trim().isEmpty()) throw new IllegalArgumentException("reply body is blank; the desk needs some text");
    List<String> tokens = attachments.isEmpty() ? Collections.emptyList()
        : Collections.singletonList(creator.uploadAll(attachments, "Bearer " + token, token, UploadProgress.NONE));
    update(token, ticketId, ZendeskJson.requestUpdate(body, tokens, false));
    List<Message> all = messages(user, ticketId);
    for (int i = all.size() - 1; i >= 0; i--) {
      Message m = all.get(i);
      if (m.author() == Message.Author.REQUESTER) return m;
    }
    throw new IOException("malformed response from desk: the added comment is missing from request " + ticketId);
  }

  /**
   * Marks the user's request solved ({@code "solved": true}), which Zendesk allows when the request's
   * {@code can_be_solved_by_me} is true; otherwise it refuses with a {@link DeskException}.
   *
   * @return the request as Zendesk stored it
   */
  public Ticket markSolved(UserAuth user, String ticketId) throws IOException {
    String token = userToken(user, Capability.REPLY);
    ZendeskHttp.checkId(ticketId);
    return update(token, ticketId, ZendeskJson.requestUpdate(null, Collections.emptyList(), true));
  }

  /** {@inheritDoc} Scores 4 and 5 are sent as "good", 1 to 3 as "bad"; the comment goes along when not empty. */
  @Override
  public void rate(UserAuth user, String ticketId, Rating rating) throws IOException {
    String token = userToken(user, Capability.RATE);
    ZendeskHttp.checkId(ticketId);
    Objects.requireNonNull(rating, "rating == null");
    HttpUrl u = http.url("api/v2/tickets").newBuilder().addPathSegment(ticketId).addPathSegment("satisfaction_rating").build();
    Request request = new Request.Builder().url(u).header("Authorization", "Bearer " + token)
        .post(OneShotBody.of(RequestBody.create(ZendeskJson.rating(rating), JSON))).build();
    try (Response response = http.client().newCall(request).execute()) {
      http.ok(response, token).close();
    }
  }

  private Ticket update(String token, String ticketId, ByteString body) throws IOException {
    HttpUrl u = http.url("api/v2/requests").newBuilder().addPathSegment(ticketId).build();
    Request request = new Request.Builder().url(u).header("Authorization", "Bearer " + token)
        .put(OneShotBody.of(RequestBody.create(body, JSON))).build();
    try (Response response = http.client().newCall(request).execute()) {
      return http.read(response, token, r -> ZendeskJson.single(r, "request", urls)).ticket;
    }
  }

  private String userToken(UserAuth user, Capability capability) {
    Objects.requireNonNull(user, "user == null");
    if (!capabilities.contains(capability)) {
      throw new dev.helpline.connector.CapabilityUnsupportedException(name() + " (" + mode.name().toLowerCase(Locale.ROOT)
          .replace('_', '-') + " mode)", capability);
    }
    String token = user.token() != null ? user.token() : ownToken;
    if (token == null) throw new IllegalArgumentException("user token required for " + capability.description());
    return UserAgentInterceptor.checkHeaderValue("user token", token);
  }

  /** Ends this connector's calls in flight; other calls on a shared {@link Builder#okHttpClient} go on. */
  @Override
  public void cancelCalls() {
    client.cancelCalls();
  }

  /** Releases the pool and dispatcher threads of a client this connector created (not a shared one). */
  @Override
  public void close() {
    if (ownsClient) client.shutDown();
  }

  @Override
  public String toString() {
    return "ZendeskConnector{" + mode.name().toLowerCase(Locale.ROOT) + ", " + baseUrl + "}";
  }

  /** Builds a {@link ZendeskConnector}; start with {@link #endUser}, {@link #anonymous} or {@link #backend}. */
  public static final class Builder {
    private final Mode mode;
    private final HttpUrl baseUrl;
    private final @Nullable String agentEmail;
    private final @Nullable String apiToken;
    private @Nullable Supplier<@Nullable String> requesterToken;
    private @Nullable String ownToken;
    private Map<String, Long> customFieldIds = Collections.emptyMap();
    private Map<String, String> categoryTypes = Collections.emptyMap();
    private Duration recentWindow = Duration.ofMinutes(2);
    private final ConnectorHttp http = new ConnectorHttp(DEFAULT_MAX_RESPONSE_BYTES);
    private Logger logger = LoggerFactory.getLogger(ZendeskConnector.class);

    Builder(Mode mode, String subdomainOrUrl, @Nullable String agentEmail, @Nullable String apiToken) {
      this.mode = mode;
      this.baseUrl = ZendeskHttp.accountRoot(subdomainOrUrl);
      this.agentEmail = agentEmail;
      this.apiToken = apiToken;
    }

    /**
     * End-user mode: the signed-in user's Zendesk token to create requests as that user, asked at
     * each delivery (tokens expire; the outbox may deliver hours later). A null or blank answer
     * creates the request anonymously. With it, a retried submission is looked up among the user's
     * requests before it is created again.
     */
    public Builder requesterToken(Supplier<@Nullable String> requesterToken) {
      Objects.requireNonNull(requesterToken, "requesterToken == null");
      if (mode != Mode.END_USER) throw new IllegalStateException("requesterToken applies to end-user mode only");
      this.requesterToken = requesterToken;
      return this;
    }

    /** End-user mode for the one user whose token this is: creates with it, and reads when a UserAuth has none. */
    Builder ownToken(String token) {
      this.ownToken = Objects.requireNonNull(token, "token == null");
      return requesterToken(() -> token);
    }

    /**
     * Maps Helpline custom field names to Zendesk ticket field ids. Fields without an id are listed in
     * the comment footer as "name: value" lines, so nothing the user sent is lost.
     */
    public Builder customFieldIds(Map<String, Long> ids) {
      customFieldIds = ZendeskCreate.checkedFieldIds(ids);
      return this;
    }

    /** Maps Helpline categories to Zendesk ticket types: problem, incident, question or task. */
    public Builder categoryTypes(Map<String, String> types) {
      categoryTypes = ZendeskCreate.checkedCategoryTypes(types);
      return this;
    }

    /**
     * Submissions older than this when first sent here may have been sent by an earlier process and
     * are looked up before being created. Default: 2 minutes.
     */
    public Builder recentWindow(Duration window) {
      Objects.requireNonNull(window, "window == null");
      if (window.isNegative()) throw new IllegalArgumentException("recentWindow is " + window + "; it must not be negative");
      this.recentWindow = window;
      return this;
    }

    /** A client to share connection pool and dispatcher with; its time-outs are kept. */
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

    /** The limit on a whole call (default 60 s, or the shared client's; zero: none); an upload gets its time at 16 KiB/s more. */
    public Builder callTimeout(Duration timeout) {
      http.callTimeout(timeout);
      return this;
    }

    /** The longest wait for a connection; zero: none. Default: the shared client's, else 10 s. */
    public Builder connectTimeout(Duration timeout) {
      http.connectTimeout(timeout);
      return this;
    }

    /** The longest silence while reading an answer; zero: none. Default: the shared client's, else 30 s. */
    public Builder readTimeout(Duration timeout) {
      http.readTimeout(timeout);
      return this;
    }

    /** The longest stall while sending a request (uploads); zero: none. Default: the shared client's, else 60 s. */
    public Builder writeTimeout(Duration timeout) {
      http.writeTimeout(timeout);
      return this;
    }

    /** The largest response body read; larger ones fail with an {@link IOException}. Default: 1 MiB. */
    public Builder maxResponseBytes(long maxResponseBytes) {
      http.maxResponseBytes(maxResponseBytes);
      return this;
    }

    /** Default: {@value #DEFAULT_USER_AGENT}. */
    public Builder userAgent(String userAgent) {
      http.userAgent(userAgent);
      return this;
    }

    /** The clock for upload-token ages, {@code Retry-After} dates and the recent window. Default: system UTC. */
    public Builder clock(Clock clock) {
      http.clock(clock);
      return this;
    }

    /** Where the connector logs; tests pass a recording logger to check that no secret is logged. */
    Builder logger(Logger logger) {
      this.logger = Objects.requireNonNull(logger, "logger == null");
      return this;
    }

    /** Returns the connector. Does no I/O. */
    public ZendeskConnector build() {
      return new ZendeskConnector(this);
    }
  }
}
