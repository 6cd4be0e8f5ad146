package dev.helpline.connector.zendesk;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import dev.helpline.Attachment;
import dev.helpline.DeskException;
import dev.helpline.Message;
import dev.helpline.Rating;
import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.connector.ArticleSource;
import dev.helpline.connector.Capability;
import dev.helpline.connector.Connector.ConditionalTicket;
import dev.helpline.connector.Connector;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.TicketPage;
import dev.helpline.connector.Connector.UploadProgress;
import dev.helpline.connector.UserAuth;
import dev.helpline.internal.http.LazyClient;
import dev.helpline.internal.http.AttachmentBody;
import dev.helpline.internal.http.BodyLimits;
import dev.helpline.internal.http.ProgressRequestBody;
import dev.helpline.internal.http.UserAgentInterceptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
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
 * earlier process may have sent it), or one whose files this connector has not uploaded yet; never on
 * a {@linkplain NewTicket#isFirstAttempt() first attempt}, which the outbox vouches for.
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
  public static final String DEFAULT_USER_AGENT = "helpline-java/0.1.0";
  /** The default cap on a response body: 1 MiB. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
  /** How long an upload token is reused: Zendesk keeps it 60 minutes; the margin covers the create itself. */
  public static final Duration UPLOAD_TOKEN_REUSE = Duration.ofMinutes(55);
  /** The footer line that carries the submission id in end-user mode. */
  public static final String SUBMISSION_MARKER = "Helpline submission ";

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final Set<String> ZENDESK_TYPES = Collections.unmodifiableSet(
      new java.util.HashSet<>(java.util.Arrays.asList("problem", "incident", "question", "task")));
  private static final Pattern SUBDOMAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,62}");
  /** How many of the user's newest requests are searched for a submission's footer. */
  private static final int LOOKUP_PAGE = 50;

  enum Mode { END_USER, ANONYMOUS, BACKEND }

  private final Logger log;
  private final Mode mode;
  private final HttpUrl baseUrl;
  private final @Nullable String basicAuth;
  private final String @Nullable [] backendSecrets;
  private final @Nullable Supplier<@Nullable String> requesterToken;
  private final Map<String, Long> customFieldIds;
  private final Map<String, String> categoryTypes;
  private final Duration recentWindow;
  private final long maxResponseBytes;
  private final Clock clock;
  private final LazyClient client;
  private final boolean ownsClient;
  private final Set<Capability> capabilities;
  private final ZendeskJson.TicketUrls urls;
  /** Submissions this connector sent at least once without a definite answer. */
  private final Set<String> attempted = ConcurrentHashMap.newKeySet();
  /** Upload tokens of submissions whose files are uploaded but whose ticket is not created yet. */
  private final Map<String, UploadSession> uploads = new ConcurrentHashMap<>();

  private ZendeskConnector(Builder b) {
    this.log = b.logger;
    this.mode = b.mode;
    this.baseUrl = b.baseUrl;
    if (b.agentEmail != null && b.apiToken != null) {
      String credentials = b.agentEmail + "/token:" + b.apiToken;
      String encoded = Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
      this.basicAuth = "Basic " + encoded;
      this.backendSecrets = new String[] {b.apiToken, credentials, encoded};
    } else {
      this.basicAuth = null;
      this.backendSecrets = null;
    }
    this.requesterToken = b.requesterToken;
    this.customFieldIds = Collections.unmodifiableMap(new LinkedHashMap<>(b.customFieldIds));
    this.categoryTypes = Collections.unmodifiableMap(new LinkedHashMap<>(b.categoryTypes));
    this.recentWindow = b.recentWindow;
    this.maxResponseBytes = b.maxResponseBytes;
    this.clock = b.clock;
    this.ownsClient = b.okHttpClient == null;
    OkHttpClient.Builder cb = b.okHttpClient != null ? b.okHttpClient.newBuilder() : new OkHttpClient.Builder()
        .connectTimeout(10, TimeUnit.SECONDS)
        .readTimeout(30, TimeUnit.SECONDS)
        .writeTimeout(60, TimeUnit.SECONDS);
    if (b.callTimeout != null) cb.callTimeout(b.callTimeout.toMillis(), TimeUnit.MILLISECONDS);
    cb.addInterceptor(new UserAgentInterceptor(b.userAgent));
    cb.addInterceptor(BodyLimits.interceptor(maxResponseBytes));
    // A redirect would resend the Authorization header to wherever Zendesk points; none of the
    // endpoints used redirects, so a 3xx is reported instead of followed.
    cb.followRedirects(false).followSslRedirects(false);
    // Built on the first request (a background thread): building loads the TLS trust store from disk.
    this.client = new LazyClient(cb);
    EnumSet<Capability> caps = EnumSet.of(Capability.CREATE, Capability.ATTACHMENTS);
    switch (mode) {
      case BACKEND:
        caps.add(Capability.IDEMPOTENT_CREATE);
        caps.add(Capability.FIND_BY_SUBMISSION);
        this.urls = ZendeskJson.TicketUrls.under(baseUrl, "agent/tickets");
        break;
      case END_USER:
        if (requesterToken != null) caps.add(Capability.FIND_BY_SUBMISSION);
        caps.addAll(EnumSet.of(Capability.GET_TICKET, Capability.LIST_TICKETS, Capability.MESSAGES,
            Capability.REPLY, Capability.RATE));
        this.urls = ZendeskJson.TicketUrls.under(baseUrl, "hc/requests");
        break;
      default:
        this.urls = ZendeskJson.TicketUrls.under(baseUrl, "hc/requests");
    }
    this.capabilities = Collections.unmodifiableSet(caps);
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

  @Override
  public UserAuth.Requirement userAuthRequirement() {
    return UserAuth.Requirement.NOTHING;
  }

  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  /**
   * A source for {@link dev.helpline.articles.ArticleSearch} reading this account's Help Center
   * anonymously, sharing this connector's HTTP client.
   */
  @Override
  public ArticleSource articleSource() {
    return (query, locale, limit) ->
        HelpCenterSource.of(baseUrl.toString(), client.get()).search(query, locale, limit);
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
    Objects.requireNonNull(ticket, "ticket == null");
    Objects.requireNonNull(progress, "progress == null");
    String id = ticket.submissionId();
    UserAgentInterceptor.checkHeaderValue("submissionId", id);
    Requester requester = ticket.requester();
    @Nullable String userToken = creationToken();
    if (mode != Mode.BACKEND && userToken == null && (requester == null || requester.email() == null)) {
      throw new DeskException(422, "RequesterRequired",
          "an anonymous Zendesk request needs a requester with an e-mail address", "requester", null);
    }
    boolean canFind = mode == Mode.BACKEND || userToken != null;
    if (canFind && shouldLookUp(ticket)) {
      Ticket existing = find(id, userToken);
      if (existing != null) {
        log.debug("submission {} already exists as Zendesk ticket {}", id, existing.id());
        forget(id);
        return existing;
      }
    }
    attempted.add(id);
    try {
      String uploadToken = uploadTokenFor(ticket, userToken, progress);
      try {
        return send(ticket, uploadToken, userToken);
      } catch (UploadTokenRejected e) {
        log.debug("Zendesk refused the upload token of submission {}; uploading its files again", id);
        uploads.remove(id);
        return send(ticket, uploadTokenFor(ticket, userToken, progress), userToken);
      }
    } catch (DeskException e) {
      if (!e.isRetryable()) forget(id);
      throw e;
    } catch (UploadTokenRejected e) {
      forget(id);
      throw e.exception;
    }
  }

  private Ticket send(NewTicket t, @Nullable String uploadToken, @Nullable String userToken) throws IOException {
    boolean tickets = mode == Mode.BACKEND;
    ZendeskJson.Outgoing o = outgoing(t, uploadToken);
    // A signed-in user is the requester; Zendesk reads the requester object of anonymous requests only.
    if (userToken != null) o.requester = null;
    ByteString body = ZendeskJson.create(tickets ? "ticket" : "request", o, tickets);
    Request.Builder rb = new Request.Builder()
        .url(url(tickets ? "api/v2/tickets" : "api/v2/requests"))
        .post(oneShot(RequestBody.create(body, JSON)));
    String secret = null;
    if (tickets) {
      rb.header("Authorization", basicAuth).header("Idempotency-Key", idempotencyKey(t.submissionId(), uploadToken));
    } else if (userToken != null) {
      rb.header("Authorization", "Bearer " + userToken);
      secret = userToken;
    }
    try (Response response = client.get().newCall(rb.build()).execute()) {
      if (!response.isSuccessful() && uploadToken != null) {
        byte[] prefix = BodyLimits.readPrefix(response.body(), BodyLimits.ERROR_BODY_LIMIT);
        if (ZendeskErrors.isUploadTokenProblem(response.code(), prefix)) {
          throw new UploadTokenRejected(refusal(response, prefix, secret));
        }
        throw refusal(response, prefix, secret);
      }
      Ticket created = read(ok(response, secret), r -> ZendeskJson.single(r, tickets ? "ticket" : "request", urls)).ticket;
      log.debug("created Zendesk {} {} for submission {}: HTTP {}{}", tickets ? "ticket" : "request", created.id(),
          t.submissionId(), response.code(), "hit".equals(response.header("x-idempotency-lookup")) ? " (replayed)" : "");
      forget(t.submissionId());
      return created;
    }
  }

  private ZendeskJson.Outgoing outgoing(NewTicket t, @Nullable String uploadToken) {
    ZendeskJson.Outgoing o = new ZendeskJson.Outgoing();
    o.subject = t.subject();
    o.requester = t.requester();
    o.priority = ZendeskJson.priority(t.priority());
    String category = t.category();
    o.type = category == null ? null : categoryTypes.get(category);
    o.tags = t.tags();
    if (uploadToken != null) o.uploads = Collections.singletonList(uploadToken);
    StringBuilder footer = new StringBuilder();
    for (Map.Entry<String, String> e : t.customFields().entrySet()) {
      Long fieldId = customFieldIds.get(e.getKey());
      if (fieldId != null) {
        o.customFields.put(fieldId, e.getValue());
      } else {
        footer.append(e.getKey()).append(": ").append(e.getValue()).append('\n');
      }
    }
    if (mode == Mode.BACKEND) o.externalId = t.submissionId();
    StringBuilder body = new StringBuilder(t.description());
    String summary = t.diagnosticsSummary();
    if (summary != null && !summary.trim().isEmpty()) body.append("\n\n").append(summary.trim());
    body.append("\n\n--\n").append(footer).append(SUBMISSION_MARKER).append(t.submissionId());
    o.body = body.toString();
    return o;
  }

  /** The token creations run under in end-user mode, or null for an anonymous creation. */
  private @Nullable String creationToken() {
    if (mode != Mode.END_USER || requesterToken == null) return null;
    String token = requesterToken.get();
    if (token == null || token.trim().isEmpty()) return null;
    return UserAgentInterceptor.checkHeaderValue("requester token", token);
  }

  /**
   * Whether to look for the ticket before creating it. End-user mode has no idempotency key, so it
   * always looks. In backend mode the key protects a retry only while Zendesk remembers it (hours)
   * and the payload is the same, so the connector looks when this instance tried before (the upload
   * token may have changed since), when the submission is older than the recent window (an earlier
   * process may have sent it, possibly beyond the key's lifetime), and when it has attachments that
   * this instance has not uploaded yet (an earlier process sent other upload tokens, hence another key).
   * It never looks on a {@linkplain NewTicket#isFirstAttempt() first attempt} this instance did not
   * try before: no request can have reached Zendesk yet.
   */
  private boolean shouldLookUp(NewTicket t) {
    if (mode != Mode.BACKEND) return true;
    String id = t.submissionId();
    if (attempted.contains(id)) return true;
    // Never attempted by anyone: Zendesk cannot have it, and this create carries the key.
    if (t.isFirstAttempt()) return false;
    if (!t.attachments().isEmpty() && !uploads.containsKey(id)) return true;
    return Duration.between(t.createdAt(), clock.instant()).compareTo(recentWindow) > 0;
  }

  /**
   * The submission id, qualified by the upload token when there is one: Zendesk refuses a key sent
   * again with a different payload, and new uploads make a new payload.
   */
  static String idempotencyKey(String submissionId, @Nullable String uploadToken) {
    if (uploadToken == null) return submissionId;
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(uploadToken.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder(submissionId).append('.');
      for (int i = 0; i < 6; i++) hex.append(String.format(Locale.ROOT, "%02x", digest[i]));
      return hex.toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  private @Nullable Ticket find(String submissionId, @Nullable String userToken) throws IOException {
    if (mode == Mode.BACKEND) {
      HttpUrl u = url("api/v2/tickets").newBuilder().addQueryParameter("external_id", submissionId).build();
      ZendeskJson.Page page = get(u, basicAuth, null, r -> ZendeskJson.list(r, "tickets", urls));
      for (ZendeskJson.Remote remote : page.items) {
        if (submissionId.equals(remote.externalId)) return remote.ticket;
      }
      return null;
    }
    HttpUrl u = url("api/v2/requests").newBuilder()
        .addQueryParameter("sort_by", "created_at").addQueryParameter("sort_order", "desc")
        .addQueryParameter("per_page", Integer.toString(LOOKUP_PAGE)).build();
    ZendeskJson.Page page = get(u, "Bearer " + userToken, userToken, r -> ZendeskJson.list(r, "requests", urls));
    String marker = SUBMISSION_MARKER + submissionId;
    for (ZendeskJson.Remote remote : page.items) {
      String d = remote.description;
      if (d != null && d.contains(marker)) return remote.ticket;
    }
    return null;
  }

  private void forget(String submissionId) {
    attempted.remove(submissionId);
    uploads.remove(submissionId);
  }

  // ---- uploads

  private static final class UploadSession {
    final String token;
    final Instant obtainedAt;

    UploadSession(String token, Instant obtainedAt) {
      this.token = token;
      this.obtainedAt = obtainedAt;
    }
  }

  /** The upload token carrying all of the ticket's files: reused while fresh, else uploaded anew. */
  private @Nullable String uploadTokenFor(NewTicket t, @Nullable String userToken, UploadProgress progress)
      throws IOException {
    if (t.attachments().isEmpty()) return null;
    UploadSession session = uploads.get(t.submissionId());
    Instant now = clock.instant();
    if (session != null && Duration.between(session.obtainedAt, now).compareTo(UPLOAD_TOKEN_REUSE) < 0) {
      return session.token;
    }
    // The clock is read before the first upload: the token's 60 minutes start when Zendesk issues it.
    String token = uploadAll(t.attachments(), authorizationForUploads(userToken), userToken, progress);
    uploads.put(t.submissionId(), new UploadSession(token, now));
    return token;
  }

  private @Nullable String authorizationForUploads(@Nullable String userToken) {
    if (mode == Mode.BACKEND) return basicAuth;
    return userToken == null ? null : "Bearer " + userToken;
  }

  private String uploadAll(List<Attachment> files, @Nullable String authorization, @Nullable String secret,
      UploadProgress progress) throws IOException {
    long total = 0;
    List<AttachmentBody> bodies = new ArrayList<>();
    for (Attachment a : files) {
      AttachmentBody body = AttachmentBody.of(a);
      bodies.add(body);
      total += body.contentLength();
    }
    String token = null;
    long done = 0;
    for (int i = 0; i < files.size(); i++) {
      AttachmentBody body = bodies.get(i);
      final long offset = done;
      final long all = total;
      RequestBody counted = oneShot(new ProgressRequestBody(body, (sent, ignored) -> progress.onProgress(offset + sent, all)));
      HttpUrl.Builder u = url("api/v2/uploads").newBuilder().addQueryParameter("filename", files.get(i).fileName());
      if (token != null) u.addQueryParameter("token", token);
      Request.Builder rb = new Request.Builder().url(u.build()).post(counted);
      if (authorization != null) rb.header("Authorization", authorization);
      try (Response response = client.get().newCall(rb.build()).execute()) {
        String got = read(ok(response, secret), ZendeskJson::uploadToken);
        if (token == null) token = UserAgentInterceptor.checkHeaderValue("upload token", got);
      }
      done += body.contentLength();
    }
    return token;
  }

  // ---- end-user reads and writes

  /** {@inheritDoc} Zendesk sends no entity tags for requests, so every read returns the ticket. */
  @Override
  public ConditionalTicket getTicket(UserAuth user, String ticketId, @Nullable String etag) throws IOException {
    String token = userToken(user, Capability.GET_TICKET);
    checkId(ticketId);
    HttpUrl u = url("api/v2/requests").newBuilder().addPathSegment(ticketId).build();
    return ConditionalTicket.of(get(u, "Bearer " + token, token, r -> ZendeskJson.single(r, "request", urls)).ticket, null);
  }

  /**
   * {@inheritDoc} The cursor is the page number Zendesk's {@code next_page} link names; pages hold
   * 25 requests, newest first.
   */
  @Override
  public TicketPage listTickets(UserAuth user, @Nullable String cursor) throws IOException {
    String token = userToken(user, Capability.LIST_TICKETS);
    HttpUrl.Builder u = url("api/v2/requests").newBuilder()
        .addQueryParameter("sort_by", "created_at").addQueryParameter("sort_order", "desc")
        .addQueryParameter("per_page", "25");
    if (cursor != null) {
      if (!cursor.matches("[1-9][0-9]{0,8}")) throw new IllegalArgumentException("cursor '" + cursor + "' is not a page number");
      u.addQueryParameter("page", cursor);
    }
    ZendeskJson.Page page = get(u.build(), "Bearer " + token, token, r -> ZendeskJson.list(r, "requests", urls));
    List<Ticket> tickets = new ArrayList<>();
    for (ZendeskJson.Remote r : page.items) tickets.add(r.ticket);
    String next = null;
    if (page.nextPage != null) {
      HttpUrl n = HttpUrl.parse(page.nextPage);
      next = n == null ? null : n.queryParameter("page");
    }
    return new TicketPage(tickets, next);
  }

  @Override
  public List<Message> messages(UserAuth user, String ticketId) throws IOException {
    String token = userToken(user, Capability.MESSAGES);
    checkId(ticketId);
    HttpUrl u = url("api/v2/requests").newBuilder().addPathSegment(ticketId).addPathSegment("comments").build();
    return Collections.unmodifiableList(get(u, "Bearer " + token, token, ZendeskJson::comments));
  }

  /**
   * {@inheritDoc} Uploads the files, adds the comment with {@code PUT /api/v2/requests/{id}}, then
   * reads the conversation to return the comment as stored (Zendesk answers the update with the
   * request, not the comment).
   */
  @Override
  public Message reply(UserAuth user, String ticketId, String body, List<Attachment> attachments) throws IOException {
    String token = userToken(user, Capability.REPLY);
    checkId(ticketId);
    Objects.requireNonNull(body, "body == null");
    Objects.requireNonNull(attachments, "attachments == null");
    if (body.trim().isEmpty()) throw new IllegalArgumentException("reply body is blank; the desk needs some text");
    List<String> tokens = attachments.isEmpty() ? Collections.emptyList()
        : Collections.singletonList(uploadAll(attachments, "Bearer " + token, token, UploadProgress.NONE));
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
    checkId(ticketId);
    return update(token, ticketId, ZendeskJson.requestUpdate(null, Collections.emptyList(), true));
  }

  /** {@inheritDoc} Scores 4 and 5 are sent as "good", 1 to 3 as "bad"; the comment goes along when not empty. */
  @Override
  public void rate(UserAuth user, String ticketId, Rating rating) throws IOException {
    String token = userToken(user, Capability.RATE);
    checkId(ticketId);
    Objects.requireNonNull(rating, "rating == null");
    HttpUrl u = url("api/v2/tickets").newBuilder().addPathSegment(ticketId).addPathSegment("satisfaction_rating").build();
    Request request = new Request.Builder().url(u).header("Authorization", "Bearer " + token)
        .post(oneShot(RequestBody.create(ZendeskJson.rating(rating), JSON))).build();
    try (Response response = client.get().newCall(request).execute()) {
      ok(response, token).close();
    }
  }

  private Ticket update(String token, String ticketId, ByteString body) throws IOException {
    HttpUrl u = url("api/v2/requests").newBuilder().addPathSegment(ticketId).build();
    Request request = new Request.Builder().url(u).header("Authorization", "Bearer " + token)
        .put(oneShot(RequestBody.create(body, JSON))).build();
    try (Response response = client.get().newCall(request).execute()) {
      return read(ok(response, token), r -> ZendeskJson.single(r, "request", urls)).ticket;
    }
  }

  private String userToken(UserAuth user, Capability capability) {
    Objects.requireNonNull(user, "user == null");
    if (!capabilities.contains(capability)) {
      throw new dev.helpline.connector.CapabilityUnsupportedException(name() + " (" + mode.name().toLowerCase(Locale.ROOT)
          .replace('_', '-') + " mode)", capability);
    }
    String token = user.token();
    if (token == null) throw new IllegalArgumentException("user token required for " + capability.description());
    return UserAgentInterceptor.checkHeaderValue("user token", token);
  }

  private static void checkId(String ticketId) {
    Objects.requireNonNull(ticketId, "ticketId == null");
    if (!ticketId.matches("[0-9]{1,19}")) {
      throw new IllegalArgumentException("ticketId '" + ticketId + "' is not a Zendesk id (digits only)");
    }
  }

  // ---- HTTP

  /**
   * Marks a write as one-shot. OkHttp otherwise sends a request again by itself when a pooled
   * connection fails after the body went out, and Zendesk would create a second request, attach a
   * file twice or add a comment twice. A failed write surfaces as an {@link IOException} instead,
   * and the caller's retry goes through the lookup and upload-token logic.
   */
  private static RequestBody oneShot(RequestBody body) {
    return new RequestBody() {
      @Override
      public @Nullable MediaType contentType() {
        return body.contentType();
      }

      @Override
      public long contentLength() throws IOException {
        return body.contentLength();
      }

      @Override
      public boolean isOneShot() {
        return true;
      }

      @Override
      public void writeTo(okio.BufferedSink sink) throws IOException {
        body.writeTo(sink);
      }
    };
  }

  private HttpUrl url(String path) {
    return baseUrl.newBuilder().addPathSegments(path).build();
  }

  private <T> T get(HttpUrl url, @Nullable String authorization, @Nullable String secret, JsonRead<T> reader)
      throws IOException {
    Request.Builder rb = new Request.Builder().url(url).get();
    if (authorization != null) rb.header("Authorization", authorization);
    try (Response response = client.get().newCall(rb.build()).execute()) {
      return read(ok(response, secret), reader);
    }
  }

  /** The body of a 2xx answer; otherwise Zendesk's refusal as a {@link DeskException}. */
  private ResponseBody ok(Response response, @Nullable String secret) throws IOException {
    if (response.isSuccessful()) {
      ResponseBody body = response.body();
      if (body == null) throw new IOException("malformed response from desk: HTTP " + response.code() + " without a body");
      return body;
    }
    throw refusal(response, BodyLimits.readPrefix(response.body(), BodyLimits.ERROR_BODY_LIMIT), secret);
  }

  private DeskException refusal(Response response, byte[] prefix, @Nullable String secret) {
    List<String> secrets = new ArrayList<>();
    if (secret != null) secrets.add(secret);
    if (backendSecrets != null) Collections.addAll(secrets, backendSecrets);
    DeskException e = ZendeskErrors.toDeskException(response.code(), response.message(), prefix,
        response.header("Retry-After"), clock, secrets.toArray(new String[0]));
    log.debug("Zendesk refused {} {}: HTTP {} {}: {}", response.request().method(),
        response.request().url().encodedPath(), e.httpStatus(), e.errorCode(), e.deskMessage());
    return e;
  }

  private <T> T read(ResponseBody body, JsonRead<T> reader) throws IOException {
    try (ResponseBody capped = BodyLimits.capped(body, maxResponseBytes); JsonReader r = JsonReader.of(capped.source())) {
      return reader.read(r);
    } catch (JsonDataException | JsonEncodingException e) {
      throw new IOException("malformed response from desk: " + e.getMessage(), e);
    }
  }

  private interface JsonRead<T> {
    T read(JsonReader reader) throws IOException;
  }

  /** Zendesk named the upload token as the reason for refusing a create. */
  private static final class UploadTokenRejected extends IOException {
    final DeskException exception;

    UploadTokenRejected(DeskException exception) {
      super(exception.getMessage());
      this.exception = exception;
    }
  }

  /**
   * Releases the connection pool and dispatcher threads when this connector created its own client;
   * a client passed to {@link Builder#okHttpClient} belongs to the caller.
   */
  @Override
  public void close() {
    if (!ownsClient) return;
    client.ifBuilt(c -> {
      c.dispatcher().executorService().shutdown();
      c.connectionPool().evictAll();
    });
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
    private final Map<String, Long> customFieldIds = new LinkedHashMap<>();
    private final Map<String, String> categoryTypes = new LinkedHashMap<>();
    private Duration recentWindow = Duration.ofMinutes(2);
    private @Nullable OkHttpClient okHttpClient;
    private @Nullable Duration callTimeout;
    private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
    private String userAgent = DEFAULT_USER_AGENT;
    private Clock clock = Clock.systemUTC();
    private Logger logger = LoggerFactory.getLogger(ZendeskConnector.class);

    Builder(Mode mode, String subdomainOrUrl, @Nullable String agentEmail, @Nullable String apiToken) {
      this.mode = mode;
      this.baseUrl = baseUrl(subdomainOrUrl);
      this.agentEmail = agentEmail;
      this.apiToken = apiToken;
    }

    private static HttpUrl baseUrl(String subdomainOrUrl) {
      Objects.requireNonNull(subdomainOrUrl, "subdomainOrUrl == null");
      String s = subdomainOrUrl.trim();
      HttpUrl url;
      if (SUBDOMAIN.matcher(s).matches()) {
        url = HttpUrl.parse("https://" + s.toLowerCase(Locale.ROOT) + ".zendesk.com/");
      } else {
        url = HttpUrl.parse(s.contains("://") ? s : "https://" + s);
      }
      if (url == null) {
        throw new IllegalArgumentException("subdomainOrUrl '" + subdomainOrUrl
            + "' is neither a Zendesk subdomain like 'acme' nor an http(s) URL");
      }
      if (url.query() != null || url.fragment() != null) {
        throw new IllegalArgumentException("subdomainOrUrl has a query or fragment; give the account root only");
      }
      List<String> segments = url.pathSegments();
      return segments.get(segments.size() - 1).isEmpty() ? url : url.newBuilder().addPathSegment("").build();
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

    /**
     * Maps Helpline custom field names to Zendesk ticket field ids. Fields without an id are listed in
     * the comment footer as "name: value" lines, so nothing the user sent is lost.
     */
    public Builder customFieldIds(Map<String, Long> ids) {
      Objects.requireNonNull(ids, "ids == null");
      for (Map.Entry<String, Long> e : ids.entrySet()) {
        Long v = Objects.requireNonNull(e.getValue(), "customFieldIds[" + e.getKey() + "] == null");
        if (v <= 0) throw new IllegalArgumentException("customFieldIds[" + e.getKey() + "] is " + v + "; Zendesk ids are positive");
      }
      customFieldIds.clear();
      customFieldIds.putAll(ids);
      return this;
    }

    /** Maps Helpline categories to Zendesk ticket types: problem, incident, question or task. */
    public Builder categoryTypes(Map<String, String> types) {
      Objects.requireNonNull(types, "types == null");
      for (Map.Entry<String, String> e : types.entrySet()) {
        if (!ZENDESK_TYPES.contains(e.getValue())) {
          throw new IllegalArgumentException("categoryTypes[" + e.getKey() + "] is '" + e.getValue()
              + "'; Zendesk types are " + ZENDESK_TYPES);
        }
      }
      categoryTypes.clear();
      categoryTypes.putAll(types);
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
      this.okHttpClient = Objects.requireNonNull(okHttpClient, "okHttpClient == null");
      return this;
    }

    /** A limit on a whole call, from connecting to the end of the body. Default: none. */
    public Builder callTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout == null");
      if (timeout.isNegative()) throw new IllegalArgumentException("callTimeout is " + timeout + "; it must not be negative");
      this.callTimeout = timeout;
      return this;
    }

    /** The largest response body read; larger ones fail with an {@link IOException}. Default: 1 MiB. */
    public Builder maxResponseBytes(long maxResponseBytes) {
      if (maxResponseBytes <= 0) {
        throw new IllegalArgumentException("maxResponseBytes is " + maxResponseBytes + "; it must be positive");
      }
      this.maxResponseBytes = maxResponseBytes;
      return this;
    }

    /** Default: {@value #DEFAULT_USER_AGENT}. */
    public Builder userAgent(String userAgent) {
      Objects.requireNonNull(userAgent, "userAgent == null");
      this.userAgent = UserAgentInterceptor.checkHeaderValue("userAgent", userAgent);
      return this;
    }

    /** The clock for upload-token ages, {@code Retry-After} dates and the recent window. Default: system UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
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
