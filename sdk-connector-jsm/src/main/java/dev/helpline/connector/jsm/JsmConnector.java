package dev.helpline.connector.jsm;

import static dev.helpline.internal.json.JsonTree.list;
import static dev.helpline.internal.json.JsonTree.objectAt;

import dev.helpline.Attachment;
import dev.helpline.connector.CapabilityUnsupportedException;
import dev.helpline.DeskException;
import dev.helpline.Message;
import dev.helpline.Rating;
import dev.helpline.Message.RemoteFile;
import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.connector.Capability;
import dev.helpline.connector.Connector.ConditionalTicket;
import dev.helpline.connector.Connector;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.TicketPage;
import dev.helpline.connector.Connector.UploadProgress;
import dev.helpline.connector.UserAuth;
import dev.helpline.internal.connector.CreateMemory;
import dev.helpline.internal.http.AttachmentBody;
import dev.helpline.internal.http.ConnectorHttp;
import dev.helpline.internal.http.JsonCalls;
import dev.helpline.internal.http.LazyClient;
import dev.helpline.internal.http.OneShotBody;
import dev.helpline.internal.http.UserAgentInterceptor;
import dev.helpline.internal.json.JsonTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector for Jira Service Management Cloud. A service account (an agent of the service desk)
 * raises customer requests on behalf of customers named by e-mail, and reads, answers and rates them
 * for those customers.
 *
 * <pre>{@code
 * JsmConnector desk = JsmConnector.basic("https://acme.atlassian.net", "bot@acme.com", apiToken)
 *     .serviceDesk("1", "10")                      // service desk id, request type id
 *     .submissionField("customfield_10050")        // a text field on the request type
 *     .build();
 * }</pre>
 *
 * <h2>Exactly once</h2>
 * The submission id goes into a custom text field; before a create that may repeat an earlier one (sent here before
 * without a definite answer, or attempted before as the outbox counts in {@link NewTicket#attempt()}; for a ticket
 * that does not say, older than {@link Builder#recentWindow} or carrying files) the connector searches
 * {@code GET /rest/api/3/search/jql} for {@code cf[N] ~ "\"id\""} in the desk's project and returns the request it
 * finds. That search shows a request only after a while: one not found while an attempt made is more recent than
 * {@link #SEARCH_LAG} is not created ({@link Connector.SearchLagException}, to try again then). Files are attached
 * after the create (temporary files, then {@code POST /request/{key}/attachment}); a retry attaches the files the
 * request still lacks, by name.
 *
 * <h2>Reads</h2>
 * {@link UserAuth.Requirement#REQUESTER}: the customer's e-mail address is resolved to an Atlassian
 * account id, and a request whose reporter is another account is reported as not found (HTTP 404).
 * The conversation is the description and the public comments. The service account writes the
 * customer's replies; they end with {@link JsmJson#REPLY_FOOTER} so that they read back as the
 * customer's. Ratings need {@link Builder#feedback(boolean)}: Atlassian takes feedback only from the
 * reporter or an Atlassian Connect app.
 *
 * <p>Threading: thread-safe; every method blocks. Errors: {@link IOException} for transport problems and
 * malformed bodies; {@link DeskException} for refusals, naming the fields of a 400 and carrying the
 * {@code Retry-After} of a 429. The API token never appears in messages, logs or {@link #toString()}.
 */
public final class JsmConnector implements Connector {
  /** The default {@code User-Agent}. */
  public static final String DEFAULT_USER_AGENT = "helpline-java/0.1.0";
  /** How long after a create Jira's JQL search may still not show the request (it is eventually consistent): 2 minutes. */
  public static final Duration SEARCH_LAG = Duration.ofMinutes(2);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
  private static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9_]{0,30}-[1-9][0-9]{0,9}|[0-9]{1,19}");
  static final Pattern FIELD = Pattern.compile("customfield_([0-9]{1,12})");

  private final Logger log;
  private final HttpUrl site;
  private final String serviceDeskId;
  private final String requestTypeId;
  private final String submissionField;
  private final Map<String, String> customFields;
  private final boolean feedback;
  private final Clock clock;
  private final LazyClient client;
  private final boolean ownsClient;
  private final JsonCalls http;
  private final CreateMemory creates;
  private final JsmDirectory directory;
  private final JsmSearch search;
  private final JsmAttachments uploads;

  private JsmConnector(Builder b) {
    this.log = b.logger;
    this.site = b.site;
    this.serviceDeskId = Objects.requireNonNull(b.serviceDeskId);
    this.requestTypeId = Objects.requireNonNull(b.requestTypeId);
    this.submissionField = Objects.requireNonNull(b.submissionField);
    this.customFields = b.customFields;
    this.feedback = b.feedback;
    this.clock = b.http.clock();
    this.creates = new CreateMemory(b.recentWindow, clock);
    this.ownsClient = b.http.ownsClient();
    // A redirect would carry the credentials wherever it points; the REST API does not redirect.
    this.client = b.http.lazyClient(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
        b.http.userAgentAndCap().andThen(cb -> cb.followRedirects(false).followSslRedirects(false)));
    String[] secrets = b.secrets.clone();
    this.http = new JsonCalls(client, b.authorization, b.http.maxResponseBytes(),
        (response, prefix) -> JsmErrors.toDeskException(response, prefix, clock, secrets), "Jira Service Management", log);
    this.directory = new JsmDirectory(http, site, serviceDeskId);
    this.uploads = new JsmAttachments(http, site, serviceDeskId);
    this.search = new JsmSearch(http, site, submissionField, directory);
  }

  /** Basic auth with an Atlassian account's e-mail and API token (id.atlassian.com → Security → API tokens). */
  public static Builder basic(String siteUrl, String email, String apiToken) {
    Objects.requireNonNull(email, "email == null");
    Objects.requireNonNull(apiToken, "apiToken == null");
    if (email.indexOf('@') < 1) throw new IllegalArgumentException("email '" + email + "' is not an e-mail address");
    if (apiToken.trim().isEmpty()) throw new IllegalArgumentException("apiToken is blank");
    String credentials = email + ":" + UserAgentInterceptor.checkHeaderValue("apiToken", apiToken);
    String encoded = Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    return new Builder(siteUrl, "Basic " + encoded, new String[] {apiToken, credentials, encoded});
  }

  /** A bearer token (OAuth 2.0) of the account the service files as. */
  public static Builder bearer(String siteUrl, String token) {
    Objects.requireNonNull(token, "token == null");
    if (token.trim().isEmpty()) throw new IllegalArgumentException("token is blank");
    return new Builder(siteUrl, "Bearer " + UserAgentInterceptor.checkHeaderValue("token", token), new String[] {token});
  }

  @Override
  public String name() {
    return "Jira Service Management";
  }

  @Override
  public Set<Capability> capabilities() {
    EnumSet<Capability> caps = EnumSet.of(Capability.CREATE, Capability.ATTACHMENTS, Capability.FIND_BY_SUBMISSION,
        Capability.GET_TICKET, Capability.LIST_TICKETS, Capability.MESSAGES, Capability.REPLY);
    if (feedback) caps.add(Capability.RATE);
    return Collections.unmodifiableSet(caps);
  }

  @Override
  public UserAuth.Requirement userAuthRequirement() {
    return UserAuth.Requirement.REQUESTER;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Finds or makes the customer ({@code raiseOnBehalfOf} takes an account id), creates the request,
   * then uploads the files as temporary attachments, streamed, and attaches them publicly; {@code progress}
   * counts the upload body. A ticket without a requester e-mail address is refused before any I/O with a
   * permanent {@link DeskException} (HTTP 422, field "raiseOnBehalfOf").
   */
  @Override
  public Ticket create(NewTicket t, UploadProgress progress) throws IOException {
    Objects.requireNonNull(t, "ticket == null");
    Objects.requireNonNull(progress, "progress == null");
    String id = t.submissionId();
    if (!SAFE_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("submissionId '" + id + "' has characters a JQL phrase cannot carry");
    }
    Requester requester = t.requester();
    String email = requester == null ? null : requester.email();
    if (requester == null || email == null) {
      throw new DeskException(422, "RequesterRequired", "a customer request needs a requester with an e-mail address",
          "raiseOnBehalfOf", null);
    }
    List<AttachmentBody> files = new ArrayList<>();
    for (Attachment a : t.attachments()) files.add(AttachmentBody.of(a));
    String known = creates.ticketOf(id);
    JsmJson.Remote existing = known != null ? request(known) : null;
    if (existing == null && creates.beginAttempt(t, !files.isEmpty())) {
      existing = search.find(id);
      if (existing == null) creates.notFoundBySearch(t, SEARCH_LAG, "Jira");
    }
    if (existing != null) {
      log.debug("submission {} already exists as request {}", id, existing.ticket.id());
      creates.created(id, existing.ticket.id());
      uploads.attachMissing(existing.ticket.id(), t.attachments(), files, progress);
      return existing.ticket;
    }
    String accountId = directory.customer(email.toLowerCase(Locale.ROOT), requester.name(), true);
    creates.sending(id);
    JsmJson.Remote r;
    try {
      r = http.send(new Request.Builder().url(url("rest/servicedeskapi/request"))
          .post(OneShotBody.of(RequestBody.create(JsmJson.createRequest(serviceDeskId, requestTypeId, JsmJson.requestFields(t, customFields, submissionField), accountId), JSON))),
          json -> JsmJson.request(json, submissionField, "$"));
    } catch (IOException | RuntimeException e) {
      creates.failed(id, e);
      throw e;
    }
    log.debug("created request {} for submission {}", r.ticket.id(), id);
    creates.created(id, r.ticket.id());
    if (!files.isEmpty()) uploads.attach(r.ticket.id(), t.attachments(), files, progress, null);
    return r.ticket;
  }

  // ---- reads and writes for a customer

  private JsmJson.Remote request(String key) throws IOException {
    HttpUrl u = url("rest/servicedeskapi/request").newBuilder().addPathSegment(key).build();
    return http.send(new Request.Builder().url(u).get(), json -> JsmJson.request(json, submissionField, "$"));
  }

  private JsmJson.Remote owned(UserAuth user, String key) throws IOException {
    String email = email(user);
    Objects.requireNonNull(key, "ticketId == null");
    if (!KEY.matcher(key).matches()) throw new IllegalArgumentException("ticketId '" + key + "' is not a Jira issue key or id");
    String accountId = directory.customer(email, null, false);
    JsmJson.Remote r = request(key);
    if (accountId == null || !accountId.equals(r.reporterAccountId)) {
      throw new DeskException(404, null, "request " + key + " was not found among this customer's requests", null, null);
    }
    return r;
  }

  /** {@inheritDoc} The service desk API sends no entity tags, so every read returns the request. */
  @Override
  public ConditionalTicket getTicket(UserAuth user, String ticketId, @Nullable String etag) throws IOException {
    return ConditionalTicket.of(owned(user, ticketId).ticket, null);
  }

  /** {@inheritDoc} JQL on the desk's project and the customer as reporter, 25 a page; the cursor is Jira's {@code nextPageToken}. */
  @Override
  public TicketPage listTickets(UserAuth user, @Nullable String cursor) throws IOException {
    String accountId = directory.customer(email(user), null, false);
    if (accountId == null) return new TicketPage(Collections.emptyList(), null);
    if (cursor != null) UserAgentInterceptor.checkHeaderValue("cursor", cursor);
    String jql = "project = " + directory.projectId() + " AND reporter = \"" + accountId.replace("\"", "") + "\" ORDER BY created DESC, key DESC";
    JsmSearch.Found f = search.search(jql, cursor, 25);
    List<Ticket> tickets = new ArrayList<>();
    for (JsmJson.Remote r : f.items) tickets.add(r.ticket);
    return new TicketPage(tickets, f.next);
  }

  /**
   * {@inheritDoc} The description with the request's own attachments, then the public comments with theirs.
   * The service account is an agent, so Jira lists internal comments and their files to it: the comments
   * are read with {@code internal=true} only to leave their files out of the description, and never shown.
   * Comments are read 100 a page (fewer when 100 would exceed {@code maxResponseBytes}), up to 5,000 with the
   * internal ones; later ones are left out with a warning.
   */
  @Override
  public List<Message> messages(UserAuth user, String ticketId) throws IOException {
    JsmJson.Remote r = owned(user, ticketId);
    Set<String> inComments = new HashSet<>();
    HttpUrl base = url("rest/servicedeskapi/request").newBuilder().addPathSegment(ticketId).addPathSegment("comment")
        .addQueryParameter("public", "true").addQueryParameter("internal", "true").addQueryParameter("expand", "attachment")
        .build();
    List<Message> comments = JsmComments.read(http, base, r, inComments, log);
    List<RemoteFile> own = new ArrayList<>();
    for (RemoteFile f : uploads.requestAttachments(ticketId)) if (!inComments.contains(f.id())) own.add(f);
    List<Message> all = new ArrayList<>();
    all.add(new Message(ticketId + "-description", Message.Author.REQUESTER, r.reporterName, r.description, r.createdAt, own));
    all.addAll(comments);
    return Collections.unmodifiableList(all);
  }

  /** {@inheritDoc} A public comment by the service account, ending with {@link JsmJson#REPLY_FOOTER}; files go with it. */
  @Override
  public Message reply(UserAuth user, String ticketId, String body, List<Attachment> attachments) throws IOException {
    Objects.requireNonNull(body, "body == null");
    Objects.requireNonNull(attachments, "attachments == null");
    if (body.trim().isEmpty()) throw new IllegalArgumentException("reply body is blank; the desk needs some text");
    List<AttachmentBody> files = new ArrayList<>();
    for (Attachment a : attachments) files.add(AttachmentBody.of(a));
    JsmJson.Remote r = owned(user, ticketId);
    String text = body + JsmJson.REPLY_FOOTER;
    if (files.isEmpty()) {
      HttpUrl u = url("rest/servicedeskapi/request").newBuilder().addPathSegment(ticketId).addPathSegment("comment").build();
      return http.send(new Request.Builder().url(u).post(OneShotBody.of(RequestBody.create(JsmJson.comment(text), JSON))),
          json -> JsmJson.comment(json, r.reporterAccountId, r.reporterName, "$"));
    }
    Map<String, Object> answer = uploads.attach(ticketId, attachments, files, UploadProgress.NONE, text);
    Message m = JsmJson.comment(answer.get("comment"), r.reporterAccountId, r.reporterName, "$.comment");
    Map<String, Object> added = JsonTree.optObject(answer, "attachments", "$");
    List<RemoteFile> stored = added == null ? m.attachments() : JsmJson.attachments(list(added, "values", "$.attachments"), "$.attachments.values");
    return new Message(m.id(), m.author(), m.authorName(), m.body(), m.createdAt(), stored);
  }

  /** {@inheritDoc} {@code POST /request/{key}/feedback} with the score 1 to 5 and the comment; only with {@link Builder#feedback(boolean)}. */
  @Override
  public void rate(UserAuth user, String ticketId, Rating rating) throws IOException {
    Objects.requireNonNull(rating, "rating == null");
    if (!feedback) throw new CapabilityUnsupportedException(name() + " (without feedback rights)", Capability.RATE);
    owned(user, ticketId);
    HttpUrl u = url("rest/servicedeskapi/request").newBuilder().addPathSegment(ticketId).addPathSegment("feedback").build();
    http.send(new Request.Builder().url(u).post(OneShotBody.of(RequestBody.create(JsmJson.feedback(rating), JSON))), json -> json);
  }

  private static String email(UserAuth user) {
    Objects.requireNonNull(user, "user == null");
    String email = user.requester().email();
    if (email == null || email.indexOf('@') < 1) {
      throw new IllegalArgumentException("Jira Service Management finds a customer by e-mail; UserAuth.requester().email() is missing");
    }
    return email.toLowerCase(Locale.ROOT);
  }

  private HttpUrl url(String path) {
    return site.newBuilder().addPathSegments(path).build();
  }

  /** Releases the connection pool and dispatcher threads when this connector created its own client. */
  @Override
  public void close() {
    if (ownsClient) client.shutDown();
  }

  /** Ends this connector's calls in flight; other calls on a shared {@link Builder#okHttpClient} go on. */
  @Override
  public void cancelCalls() {
    client.cancelCalls();
  }

  @Override
  public String toString() {
    return "JsmConnector{" + site + ", service desk " + serviceDeskId + "}";
  }

  /** Builds a {@link JsmConnector}; start with {@link JsmConnector#basic} or {@link JsmConnector#bearer}. */
  public static final class Builder {
    private final HttpUrl site;
    private final String authorization;
    private final String[] secrets;
    private @Nullable String serviceDeskId;
    private @Nullable String requestTypeId;
    private @Nullable String submissionField;
    private Map<String, String> customFields = Collections.emptyMap();
    private boolean feedback;
    private Duration recentWindow = Duration.ofMinutes(2);
    private final ConnectorHttp http = new ConnectorHttp(1024 * 1024);
    private Logger logger = LoggerFactory.getLogger(JsmConnector.class);

    Builder(String siteUrl, String authorization, String[] secrets) {
      this.site = ConnectorHttp.siteRoot("siteUrl", siteUrl, null, "an http(s) URL like https://acme.atlassian.net");
      this.authorization = authorization;
      this.secrets = secrets;
    }

    /** The service desk (its id, not the project key) and the request type that requests are raised with. Required. */
    public Builder serviceDesk(String serviceDeskId, String requestTypeId) {
      Objects.requireNonNull(serviceDeskId, "serviceDeskId == null");
      Objects.requireNonNull(requestTypeId, "requestTypeId == null");
      if (!serviceDeskId.matches("[0-9]{1,19}")) throw new IllegalArgumentException("serviceDeskId '" + serviceDeskId + "' is not a number");
      if (!requestTypeId.matches("[0-9]{1,19}")) throw new IllegalArgumentException("requestTypeId '" + requestTypeId + "' is not a number");
      this.serviceDeskId = serviceDeskId;
      this.requestTypeId = requestTypeId;
      return this;
    }

    /** The custom text field ({@code customfield_10050}) on the request type that holds the submission id. Required. */
    public Builder submissionField(String field) {
      Objects.requireNonNull(field, "field == null");
      if (!FIELD.matcher(field).matches()) throw new IllegalArgumentException("submissionField '" + field + "' is not customfield_<number>");
      this.submissionField = field;
      return this;
    }

    /** Maps Helpline custom field names to request type fields ({@code customfield_…}); others go to the description footer. */
    public Builder customFields(Map<String, String> fields) {
      customFields = JsmJson.checkedCustomFields(fields);
      return this;
    }

    /**
     * Declares {@link Capability#RATE}: set it only when the credentials may post feedback for the customer
     * (an Atlassian Connect app's); Atlassian refuses feedback from anyone but the reporter or such an app.
     */
    public Builder feedback(boolean allowed) {
      this.feedback = allowed;
      return this;
    }

    /** Submissions older than this are looked up before being created. Default: 2 minutes. */
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

    /**
     * A limit on a whole call, from connecting to the end of the body, so that a desk that trickles its
     * answer cannot hold a call forever; an upload gets its body's time at 16 KiB/s more. Default: 60 s,
     * or the shared client's call time-out; zero: none.
     */
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

    /** The largest response body read, positive; a larger one fails with an {@link IOException}. Default: 1 MiB. */
    public Builder maxResponseBytes(long max) {
      http.maxResponseBytes(max);
      return this;
    }

    /** Default: {@value #DEFAULT_USER_AGENT}. */
    public Builder userAgent(String userAgent) {
      http.userAgent(userAgent);
      return this;
    }

    /** The clock for {@code Retry-After} dates and the recent window. Default: system UTC. */
    public Builder clock(Clock clock) {
      http.clock(clock);
      return this;
    }

    Builder logger(Logger logger) {
      this.logger = Objects.requireNonNull(logger, "logger == null");
      return this;
    }

    /** Returns the connector. Does no I/O. */
    public JsmConnector build() {
      if (serviceDeskId == null || requestTypeId == null) {
        throw new IllegalStateException("serviceDesk(serviceDeskId, requestTypeId) is required: requests are raised in one service desk");
      }
      if (submissionField == null) {
        throw new IllegalStateException("submissionField(\"customfield_…\") is required: it makes a retried create find its request");
      }
      return new JsmConnector(this);
    }
  }
}
