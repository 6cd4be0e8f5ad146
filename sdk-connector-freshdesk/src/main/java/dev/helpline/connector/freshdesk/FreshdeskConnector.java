package dev.helpline.connector.freshdesk;

import com.squareup.moshi.JsonDataException;
import dev.helpline.Attachment;
import dev.helpline.DeskException;
import dev.helpline.Message;
import dev.helpline.Rating;
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
import dev.helpline.internal.http.ProgressRequestBody;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector for Freshdesk (API v2). A service files tickets with an agent's API key on behalf of
 * requesters named by e-mail, and reads, answers and rates them for those requesters.
 *
 * <pre>{@code
 * FreshdeskConnector desk = FreshdeskConnector.builder("acme", apiKey)   // https://acme.freshdesk.com
 *     .customFields(Map.of("app_version", "cf_app_version"))
 *     .build();
 * }</pre>
 *
 * <h2>Exactly once</h2>
 * Freshdesk has no idempotency key, so the submission id goes into a custom text field
 * ({@value #DEFAULT_SUBMISSION_FIELD} unless {@link Builder#submissionField} says otherwise) and the
 * ticket filter API ({@code GET /api/v2/search/tickets?query="cf_…:'id'"}) is asked before a create
 * that may repeat an earlier one: a submission this connector sent before without a definite answer,
 * and any submission the outbox counts an earlier attempt of ({@link NewTicket#attempt()}); for a
 * ticket that does not say, one older than {@link Builder#recentWindow} (an earlier process may have
 * sent it), and one that carries files (the likeliest to time out after Freshdesk took it). As the search shows a
 * ticket only minutes after its create, one not found while an attempt made is more recent than {@link #SEARCH_LAG}
 * is not created: {@link Connector.SearchLagException}, to try again then. Submissions this connector
 * created are remembered (the last 1,024) and answered with the stored ticket.
 * Writes are one-shot: OkHttp never re-sends a create, note or rating by itself.
 *
 * <h2>Reads</h2>
 * {@link UserAuth.Requirement#REQUESTER}: the requester's e-mail address picks their contact's tickets; a ticket whose
 * requester contact has not that address (as primary or other address), or that the agents deleted or marked as spam
 * (which Freshdesk's lists leave out), is reported as not found (HTTP 404), exactly as a missing one.
 * The conversation is the ticket's description and its public conversations; the requester's reply is
 * a public, incoming note written as the requester's contact.
 *
 * <p>Threading: thread-safe; every method blocks. Errors: {@link IOException} for transport problems and
 * malformed bodies; {@link DeskException} for refusals, naming the fields of a validation failure and
 * carrying the {@code Retry-After} of a 429. The API key never appears in messages, logs or
 * {@link #toString()}.
 */
public final class FreshdeskConnector implements Connector {
  /** The default custom field holding the submission id. */
  public static final String DEFAULT_SUBMISSION_FIELD = "cf_helpline_submission";
  /** Freshdesk's cap on the attachments of one ticket, all files together, its replies' and notes' included: 20 MB. */
  public static final long MAX_ATTACHMENT_BYTES = 20L * 1024 * 1024;
  /** How long after a create Freshdesk's search may still not show the ticket (its index lags): 5 minutes. */
  public static final Duration SEARCH_LAG = Duration.ofMinutes(5);
  /** The default {@code User-Agent}. */
  public static final String DEFAULT_USER_AGENT = "helpline-java/0.1.0";

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
  private static final Pattern FIELD = Pattern.compile("cf_[a-z0-9_]{1,60}");

  private final Logger log;
  private final HttpUrl baseUrl;
  private final String authorization;
  private final String[] secrets;
  private final String submissionField;
  private final Map<String, String> customFields;
  private final Map<String, String> categoryTypes;
  private final long maxResponseBytes;
  private final Clock clock;
  private final LazyClient client;
  private final JsonCalls http;
  private final boolean ownsClient;
  private final CreateMemory creates;

  private FreshdeskConnector(Builder b) {
    this.log = b.logger;
    this.baseUrl = b.baseUrl;
    String encoded = Base64.getEncoder().encodeToString((b.apiKey + ":X").getBytes(StandardCharsets.UTF_8));
    this.authorization = "Basic " + encoded;
    this.secrets = new String[] {b.apiKey, encoded};
    this.submissionField = b.submissionField;
    this.customFields = Collections.unmodifiableMap(new LinkedHashMap<>(b.customFields));
    this.categoryTypes = Collections.unmodifiableMap(new LinkedHashMap<>(b.categoryTypes));
    this.maxResponseBytes = b.http.maxResponseBytes();
    this.clock = b.http.clock();
    this.creates = new CreateMemory(b.recentWindow, clock);
    this.ownsClient = b.http.ownsClient();
    // A redirect would carry the API key wherever it points; Freshdesk's API does not redirect.
    this.client = b.http.lazyClient(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
        b.http.userAgentAndCap().andThen(cb -> cb.followRedirects(false).followSslRedirects(false)));
    this.http = new JsonCalls(client, authorization, maxResponseBytes,
        (response, prefix) -> FreshdeskErrors.toDeskException(response, prefix, clock, secrets), "Freshdesk", log);
  }

  /**
   * Starts a builder.
   *
   * @param domainOrUrl {@code acme} for {@code https://acme.freshdesk.com}, or the account's root URL
   * @param apiKey the API key of the agent the service files as (Profile settings, "Your API Key")
   */
  public static Builder builder(String domainOrUrl, String apiKey) {
    return new Builder(domainOrUrl, apiKey);
  }

  @Override
  public String name() {
    return "Freshdesk";
  }

  @Override
  public Set<Capability> capabilities() {
    return Collections.unmodifiableSet(EnumSet.of(Capability.CREATE, Capability.ATTACHMENTS, Capability.FIND_BY_SUBMISSION,
        Capability.GET_TICKET, Capability.LIST_TICKETS, Capability.MESSAGES, Capability.REPLY, Capability.RATE));
  }

  @Override
  public UserAuth.Requirement userAuthRequirement() {
    return UserAuth.Requirement.REQUESTER;
  }

  /**
   * {@inheritDoc}
   *
   * <p>JSON without files; multipart with {@code attachments[]} with files, streamed from the outbox.
   * {@code progress} counts the bytes of the whole multipart body. Refused before any I/O with a
   * permanent {@link DeskException}: a ticket without a requester e-mail address (HTTP 422, field
   * "email") and files over {@link #MAX_ATTACHMENT_BYTES} together (HTTP 413, field "attachments").
   */
  @Override
  public Ticket create(NewTicket t, UploadProgress progress) throws IOException {
    Objects.requireNonNull(t, "ticket == null");
    Objects.requireNonNull(progress, "progress == null");
    String id = t.submissionId();
    if (!SAFE_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("submissionId '" + id + "' has characters Freshdesk's filter query cannot carry");
    }
    Requester requester = t.requester();
    if (requester == null || requester.email() == null) {
      throw new DeskException(422, "RequesterRequired", "a Freshdesk ticket needs a requester with an e-mail address",
          "email", null);
    }
    List<AttachmentBody> files = FreshdeskRequests.bodies(t.attachments());
    String known = creates.ticketOf(id);
    if (known != null) return ticketAsService(known).ticket;
    if (creates.beginAttempt(t, !files.isEmpty())) {
      FreshdeskJson.Remote existing = find(id);
      if (existing != null) {
        log.debug("submission {} already exists as Freshdesk ticket {}", id, existing.ticket.id());
        creates.created(id, existing.ticket.id());
        return existing.ticket;
      }
      creates.notFoundBySearch(t, SEARCH_LAG, "Freshdesk");
    }
    creates.sending(id);
    FreshdeskJson.Outgoing o = FreshdeskRequests.outgoing(t, requester, customFields, categoryTypes, submissionField);
    RequestBody body = files.isEmpty() ? RequestBody.create(FreshdeskJson.ticketJson(o), JSON)
        : new ProgressRequestBody(FreshdeskRequests.multipart(o, t.attachments(), files), progress);
    try {
      FreshdeskJson.Remote r = http.send(new Request.Builder().url(url("api/v2/tickets")).post(OneShotBody.of(body)),
          json -> FreshdeskJson.ticket(json, baseUrl, submissionField, "$"));
      log.debug("created Freshdesk ticket {} for submission {}", r.ticket.id(), id);
      creates.created(id, r.ticket.id());
      return r.ticket;
    } catch (IOException | RuntimeException e) {
      creates.failed(id, e);
      throw e;
    }
  }

  private FreshdeskJson.@Nullable Remote find(String submissionId) throws IOException {
    HttpUrl u = url("api/v2/search/tickets").newBuilder()
        .addQueryParameter("query", FreshdeskJson.submissionQuery(submissionField, submissionId)).build();
    List<FreshdeskJson.Remote> hits = http.send(new Request.Builder().url(u).get(), json -> {
      List<FreshdeskJson.Remote> out = new ArrayList<>();
      List<?> results = JsonTree.list(JsonTree.objectAt(json, "$"), "results", "$");
      for (int i = 0; i < results.size(); i++) out.add(FreshdeskJson.ticket(results.get(i), baseUrl, submissionField, "$.results[" + i + "]"));
      return out;
    });
    for (FreshdeskJson.Remote r : hits) {
      if (submissionId.equals(r.submissionId)) return r;
    }
    return null;
  }

  // ---- reads and writes for a requester

  private FreshdeskJson.Remote ticketAsService(String ticketId) throws IOException {
    HttpUrl u = url("api/v2/tickets").newBuilder().addPathSegment(ticketId).addQueryParameter("include", "requester").build();
    return http.send(new Request.Builder().url(u).get(), json -> FreshdeskJson.ticket(json, baseUrl, submissionField, "$"));
  }

  /** The ticket when {@code user} is its requester and it is listed (not deleted nor spam); else the 404 of a missing one. */
  private FreshdeskJson.Remote owned(UserAuth user, String ticketId) throws IOException {
    String email = FreshdeskRequests.email(user);
    FreshdeskRequests.checkId(ticketId);
    FreshdeskJson.Remote r = ticketAsService(ticketId);
    if (r.hidden || !FreshdeskContacts.isRequester(http, url("api/v2/contacts"), r, email)) {
      throw new DeskException(404, null, "ticket " + ticketId + " was not found among this requester's tickets", null, null);
    }
    return r;
  }

  /** {@inheritDoc} Freshdesk sends no entity tags for tickets, so every read returns the ticket. */
  @Override
  public ConditionalTicket getTicket(UserAuth user, String ticketId, @Nullable String etag) throws IOException {
    return ConditionalTicket.of(owned(user, ticketId).ticket, null);
  }

  /**
   * {@inheritDoc} Freshdesk's ticket list filtered by the requester's e-mail, 30 per page; the cursor is
   * the page number of Freshdesk's {@code Link} header. {@code updated_since} lifts Freshdesk's default of the
   * last 30 days. An address Freshdesk has no contact for has no tickets.
   */
  @Override
  public TicketPage listTickets(UserAuth user, @Nullable String cursor) throws IOException {
    HttpUrl.Builder u = url("api/v2/tickets").newBuilder().addQueryParameter("email", FreshdeskRequests.email(user))
        .addQueryParameter("order_by", "created_at").addQueryParameter("order_type", "desc")
        .addQueryParameter("per_page", "30").addQueryParameter("updated_since", "1970-01-01T00:00:00Z");
    if (cursor != null) {
      if (!cursor.matches("[1-9][0-9]{0,4}")) throw new IllegalArgumentException("cursor '" + cursor + "' is not a page number");
      u.addQueryParameter("page", cursor);
    }
    String[] next = new String[1];
    List<Ticket> tickets;
    try {
      tickets = http.send(new Request.Builder().url(u.build()).get(), json -> {
        List<Ticket> out = new ArrayList<>();
        if (!(json instanceof List)) throw new JsonDataException("Expected an array at path $");
        List<?> list = (List<?>) json;
        for (int i = 0; i < list.size(); i++) out.add(FreshdeskJson.ticket(list.get(i), baseUrl, submissionField, "$[" + i + "]").ticket);
        return out;
      }, next);
    } catch (DeskException e) {
      if (e.httpStatus() == 400 && "email".equals(e.field())) return new TicketPage(Collections.emptyList(), null);
      throw e;
    }
    return new TicketPage(tickets, pageOf(next[0]));
  }

  /** A {@code Link} header's page number, never its host: the API key goes to no host an answer names. */
  private static @Nullable String pageOf(@Nullable String link) {
    HttpUrl n = link == null ? null : HttpUrl.parse(link);
    String page = n == null ? null : n.queryParameter("page");
    return page != null && page.matches("[1-9][0-9]{0,4}") ? page : null;
  }

  /**
   * {@inheritDoc} The description with the ticket's attachments, then the public conversations, 100 a page (fewer
   * when 100 would exceed {@code maxResponseBytes}), up to 5,000 with private notes, which are never shown.
   */
  @Override
  public List<Message> messages(UserAuth user, String ticketId) throws IOException {
    FreshdeskJson.Remote r = owned(user, ticketId);
    List<Message> out = new ArrayList<>();
    out.add(new Message("description-" + r.ticket.id(), Message.Author.REQUESTER, r.requesterName, r.descriptionText,
        r.createdAt, r.attachments));
    out.addAll(FreshdeskConversations.read(http, conversations(ticketId), r.requesterId, r.requesterName, log));
    return Collections.unmodifiableList(out);
  }

  /**
   * {@inheritDoc} A public, incoming note as the requester's contact ({@code POST /api/v2/tickets/{id}/notes}). Files that
   * would take all of the ticket's files (its own, its replies' and notes', read first) over {@link #MAX_ATTACHMENT_BYTES}
   * are refused before the note is sent, with a permanent {@link DeskException} (HTTP 413, field "attachments").
   */
  @Override
  public Message reply(UserAuth user, String ticketId, String body, List<Attachment> attachments) throws IOException {
    Objects.requireNonNull(body, "body == null");
    Objects.requireNonNull(attachments, "attachments == null");
    if (body.trim().isEmpty()) throw new IllegalArgumentException("reply body is blank; the desk needs some text");
    List<AttachmentBody> files = FreshdeskRequests.bodies(attachments);
    FreshdeskJson.Remote r = owned(user, ticketId);
    long attached = files.isEmpty() ? 0 : FreshdeskConversations.attachedBytes(http, conversations(ticketId));
    FreshdeskRequests.fitTicket(files, r.attachments, attached);
    String html = FreshdeskJson.html(body);
    RequestBody rb;
    if (files.isEmpty()) {
      rb = RequestBody.create(FreshdeskJson.noteJson(html, r.requesterId), JSON);
    } else {
      rb = FreshdeskRequests.noteMultipart(html, r.requesterId, attachments, files);
    }
    HttpUrl u = url("api/v2/tickets").newBuilder().addPathSegment(ticketId).addPathSegment("notes").build();
    return http.send(new Request.Builder().url(u).post(OneShotBody.of(rb)),
        json -> FreshdeskJson.conversation(json, r.requesterId, r.requesterName, "$"));
  }

  /**
   * {@inheritDoc} Freshdesk's satisfaction survey ({@code POST /api/v2/tickets/{id}/satisfaction_ratings}),
   * which the account must have switched on; the score goes to the default question (5 → 103 extremely
   * happy, 4 → 102, 3 → 100 neutral, 2 → -102, 1 → -103), moved to the nearest value the active survey accepts
   * (its {@code accepted_ratings}; on the three-point "Default Survey" 4 → 103, 2 → -103), and the comment as the feedback.
   */
  @Override
  public void rate(UserAuth user, String ticketId, Rating rating) throws IOException {
    Objects.requireNonNull(rating, "rating == null");
    owned(user, ticketId);
    int value = FreshdeskSurveys.value(rating, FreshdeskSurveys.acceptedRatings(http, url("api/v2/surveys")));
    HttpUrl u = url("api/v2/tickets").newBuilder().addPathSegment(ticketId).addPathSegment("satisfaction_ratings").build();
    RequestBody body = RequestBody.create(FreshdeskJson.ratingJson(rating, value), JSON);
    http.send(new Request.Builder().url(u).post(OneShotBody.of(body)), json -> json);
  }

  // ---- HTTP

  private HttpUrl url(String path) {
    return baseUrl.newBuilder().addPathSegments(path).build();
  }

  private HttpUrl conversations(String ticketId) {
    return url("api/v2/tickets").newBuilder().addPathSegment(ticketId).addPathSegment("conversations").build();
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
    return "FreshdeskConnector{" + baseUrl + "}";
  }

  /** Builds a {@link FreshdeskConnector}; start with {@link FreshdeskConnector#builder}. */
  public static final class Builder {
    private final HttpUrl baseUrl;
    private final String apiKey;
    private String submissionField = DEFAULT_SUBMISSION_FIELD;
    private final Map<String, String> customFields = new LinkedHashMap<>();
    private final Map<String, String> categoryTypes = new LinkedHashMap<>();
    private Duration recentWindow = Duration.ofMinutes(2);
    private final ConnectorHttp http = new ConnectorHttp(1024 * 1024);
    private Logger logger = LoggerFactory.getLogger(FreshdeskConnector.class);

    Builder(String domainOrUrl, String apiKey) {
      Objects.requireNonNull(domainOrUrl, "domainOrUrl == null");
      Objects.requireNonNull(apiKey, "apiKey == null");
      if (apiKey.trim().isEmpty()) throw new IllegalArgumentException("apiKey is blank");
      this.apiKey = UserAgentInterceptor.checkHeaderValue("apiKey", apiKey);
      this.baseUrl = ConnectorHttp.siteRoot("domainOrUrl", domainOrUrl, ".freshdesk.com",
          "a Freshdesk domain like 'acme' or an http(s) URL");
    }

    /** The custom text field (its API name, {@code cf_…}) that holds the submission id. */
    public Builder submissionField(String field) {
      Objects.requireNonNull(field, "field == null");
      if (!FIELD.matcher(field).matches()) {
        throw new IllegalArgumentException("submissionField '" + field + "' is not a Freshdesk custom field name (cf_ and lower case)");
      }
      this.submissionField = field;
      return this;
    }

    /** Maps Helpline custom field names to Freshdesk custom fields ({@code cf_…}); others go to the description footer. */
    public Builder customFields(Map<String, String> fields) {
      Objects.requireNonNull(fields, "fields == null");
      for (Map.Entry<String, String> e : fields.entrySet()) {
        if (e.getValue() == null || !FIELD.matcher(e.getValue()).matches()) {
          throw new IllegalArgumentException("customFields[" + e.getKey() + "] is '" + e.getValue() + "'; expected cf_ and lower case");
        }
      }
      customFields.clear();
      customFields.putAll(fields);
      return this;
    }

    /** Maps Helpline categories to Freshdesk ticket types as configured in the account ("Question", "Problem", …). */
    public Builder categoryTypes(Map<String, String> types) {
      Objects.requireNonNull(types, "types == null");
      categoryTypes.clear();
      categoryTypes.putAll(types);
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
    public FreshdeskConnector build() {
      return new FreshdeskConnector(this);
    }
  }
}
