package dev.helpline.connector.rt;

import static dev.helpline.connector.rt.RtMapping.checkSecret;
import static dev.helpline.connector.rt.RtMapping.email;
import static dev.helpline.connector.rt.RtMapping.isNumber;
import static dev.helpline.connector.rt.RtMapping.nonEmpty;
import static dev.helpline.connector.rt.RtMapping.sqlString;
import static dev.helpline.connector.rt.RtMapping.status;
import static dev.helpline.connector.rt.RtMapping.ticketNumber;

import dev.helpline.Attachment;
import dev.helpline.connector.CapabilityUnsupportedException;
import dev.helpline.DeskException;
import dev.helpline.Message;
import dev.helpline.Priority;
import dev.helpline.Rating;
import dev.helpline.Message.RemoteFile;
import dev.helpline.Ticket;
import dev.helpline.connector.Capability;
import dev.helpline.connector.Connector.ConditionalTicket;
import dev.helpline.connector.Connector;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.TicketPage;
import dev.helpline.connector.Connector.UploadProgress;
import dev.helpline.connector.UserAuth;
import dev.helpline.internal.http.ConnectorHttp;
import dev.helpline.internal.http.LazyClient;
import dev.helpline.internal.http.Secrets;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Connector} for Request Tracker 5 through its REST2 API, authenticated as a service account
 * (an RT auth token or basic auth).
 *
 * <pre>{@code
 * Connector rt = RequestTrackerConnector.builder()
 *     .baseUrl("https://rt.example.com/")          // or https://rt.example.com/REST/2.0
 *     .token(System.getenv("RT_TOKEN"))
 *     .queueForCategory("billing", "Billing")      // other categories go to "General"
 *     .build();
 * }</pre>
 *
 * <p><b>Exactly once.</b> RT has no idempotency key, so the submission id is stored in a ticket custom
 * field ({@value #DEFAULT_SUBMISSION_FIELD} unless configured) and every create that is not a
 * {@linkplain NewTicket#isFirstAttempt() first attempt} first searches for it and returns the ticket found. The field must exist and apply to the target queue (see
 * {@code docs/connectors/request-tracker.md}); when it does not, the connector logs a warning, reports
 * it through {@link #warnings()}, and still delivers, at least once.
 *
 * <p><b>Who reads what.</b> RT identifies requesters by e-mail. Reads on a user's behalf
 * ({@link #getTicket}, {@link #listTickets}, {@link #messages}, {@link #reply}) are filtered strictly by
 * {@code user.requester().email()}: a ticket whose requestors do not include that address is reported as
 * a {@link DeskException} with status 404, exactly as a ticket that does not exist. The filter is applied
 * by this connector on the e-mail the host passes ({@link UserAuth#token()} is not used), so the service
 * account's credentials belong on trusted hosts, never inside an app installed by the public.
 *
 * <p><b>Mapping.</b> Priorities: LOW 10, NORMAL 50, HIGH 75, URGENT 100 (read back by nearest value; 0,
 * RT's "unset", reads as null). Statuses: new, open, stalled (ON_HOLD), resolved (SOLVED), rejected,
 * deleted (CLOSED); others UNKNOWN. The description is sent with the diagnostics summary appended;
 * tags have no RT equivalent and are not sent. Ratings are not supported.
 *
 * <p>Thread-safe; {@link Builder#build()} does no I/O. Errors: {@link IOException} for transport
 * failures (and answers too large to read: 2 MiB, 8 MiB for files), {@link DeskException} for RT's
 * refusals with RT's message (401 for bad credentials). Credentials never appear in messages or logs.
 */
public final class RequestTrackerConnector implements Connector {
  /** The default name of the custom field holding the submission id. */
  public static final String DEFAULT_SUBMISSION_FIELD = "Helpline-Submission";

  private static final Logger log = LoggerFactory.getLogger(RequestTrackerConnector.class);
  private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(
      Capability.CREATE, Capability.ATTACHMENTS, Capability.FIND_BY_SUBMISSION, Capability.GET_TICKET,
      Capability.CONDITIONAL_GET, Capability.LIST_TICKETS, Capability.MESSAGES, Capability.REPLY));

  private final RtHttp http;
  private final LazyClient client;
  private final boolean ownsClient;
  private final String authKind;
  private final String defaultQueue;
  private final Map<String, String> queueByCategory;
  private final String submissionField;
  private final int pageSize;
  private final RtSubmissions submissions;
  private final RtConversation conversation;

  private RequestTrackerConnector(Builder b, HttpUrl root, HttpUrl rest) {
    this.client = b.http.lazyClient(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(60),
        cb -> cb.followRedirects(false).followSslRedirects(false));
    this.ownsClient = b.http.ownsClient();
    String authorization = b.token != null ? "token " + b.token : Credentials.basic(b.user, b.password, StandardCharsets.UTF_8);
    this.authKind = b.token != null ? "token" : "basic";
    Secrets secrets = Secrets.of(b.token, b.password, authorization, authorization.substring(authorization.indexOf(' ') + 1));
    this.http = new RtHttp(rest, root, client, authorization, b.http.userAgent(), secrets, b.http.clock(),
        b.http.maxResponseBytes());
    this.defaultQueue = b.defaultQueue;
    this.queueByCategory = Collections.unmodifiableMap(new LinkedHashMap<>(b.queueByCategory));
    this.submissionField = b.submissionField;
    this.pageSize = b.pageSize;
    Set<String> serviceAccounts = ConcurrentHashMap.newKeySet();
    if (b.user != null) serviceAccounts.add(b.user.toLowerCase(Locale.ROOT));
    if (b.serviceAccount != null) serviceAccounts.add(b.serviceAccount.toLowerCase(Locale.ROOT));
    this.submissions = new RtSubmissions(http, submissionField);
    this.conversation = new RtConversation(http, submissionField, serviceAccounts);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "Request Tracker";
  }

  @Override
  public UserAuth.Requirement userAuthRequirement() {
    return UserAuth.Requirement.REQUESTER;
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  /**
   * Setup problems found so far, in words an admin can act on (for example "custom field
   * Helpline-Submission does not apply to queue 'Triage' …"); empty when none. Filled lazily as queues
   * are first used; a health view can show it.
   */
  public List<String> warnings() {
    return submissions.warnings();
  }

  /**
   * Checks now, with RT, every configured queue (the default and the mapped ones): that it exists, that
   * the service account sees it, and that the submission field applies to it. Returns {@link #warnings()}.
   * Optional: the same checks run lazily on first use of each queue.
   */
  public List<String> checkSetup() throws IOException {
    Set<String> queues = new LinkedHashSet<>();
    queues.add(defaultQueue);
    queues.addAll(queueByCategory.values());
    for (String queue : queues) {
      submissions.recheck(queue);
    }
    return warnings();
  }

  /** The RT queue a draft of {@code category} goes to. */
  String queueFor(@Nullable String category) {
    if (category == null) return defaultQueue;
    String q = queueByCategory.get(category);
    return q != null ? q : defaultQueue;
  }

  // ---------------------------------------------------------------------------------------------- create

  @Override
  public Ticket create(NewTicket ticket, UploadProgress progress) throws IOException {
    Objects.requireNonNull(ticket, "ticket == null");
    Objects.requireNonNull(progress, "progress == null");
    return submissions.create(ticket, queueFor(ticket.category()), progress);
  }

  /** The ticket created for {@code submissionId}, or null; needs the submission field (see the class doc). */
  public @Nullable String findBySubmission(String submissionId) throws IOException {
    return submissions.find(submissionId);
  }

  // ------------------------------------------------------------------------------------------------ read

  @Override
  public ConditionalTicket getTicket(UserAuth user, String ticketId, @Nullable String etag) throws IOException {
    String email = email(user);
    String id = ticketNumber(ticketId);
    Request.Builder request = http.request(http.url("ticket", id).build());
    if (etag != null) request.header("If-None-Match", etag);
    try (Response response = conversation.readTicket(request.build(), id, email)) {
      String newEtag = response.header("ETag");
      if (response.code() == 304) {
        conversation.authorize(id, email);
        return ConditionalTicket.notModified(newEtag != null ? newEtag : etag);
      }
      Map<String, Object> o = RtHttp.JSON.object(http.parse(http.read(response), "a ticket"), "a ticket");
      if (!RtConversation.requestorsInclude(o, email)) conversation.authorize(id, email);
      return ConditionalTicket.of(http.ticket(o, id), newEtag);
    }
  }

  @Override
  public TicketPage listTickets(UserAuth user, @Nullable String cursor) throws IOException {
    String email = email(user);
    int page = 1;
    if (cursor != null) {
      try {
        page = Integer.parseInt(cursor);
      } catch (NumberFormatException e) {
        page = 0;
      }
      if (page < 1) throw new IllegalArgumentException("cursor '" + cursor + "' is not a page cursor of Request Tracker");
    }
    HttpUrl url = http.url("tickets")
        .addQueryParameter("query", "Requestor.EmailAddress = '" + sqlString(email) + "'")
        .addQueryParameter("orderby", "id").addQueryParameter("order", "DESC")
        .addQueryParameter("page", Integer.toString(page))
        .addQueryParameter("per_page", Integer.toString(pageSize))
        .addQueryParameter("fields", "Subject,Status,Priority,Created,LastUpdated").build();
    Map<String, Object> result = RtHttp.JSON.object(http.json(http.request(url).build()), "a ticket search");
    List<Ticket> tickets = new ArrayList<>();
    for (Object item : RtHttp.JSON.list(result.get("items"))) {
      Map<String, Object> o = RtHttp.JSON.objectOrNull(item);
      String id = o == null ? null : RtHttp.JSON.string(o, "id");
      if (id != null) tickets.add(http.ticket(o, id));
    }
    long pages = RtHttp.JSON.number(result, "pages", -1);
    boolean more = result.get("next_page") != null || (pages > page) || (pages < 0 && tickets.size() == pageSize);
    return new TicketPage(tickets, more && !tickets.isEmpty() ? Integer.toString(page + 1) : null);
  }

  @Override
  public List<Message> messages(UserAuth user, String ticketId) throws IOException {
    String email = email(user);
    String id = ticketNumber(ticketId);
    Map<String, Object> ticket = conversation.ticket(id, email);
    if (!RtConversation.requestorsInclude(ticket, email)) conversation.authorize(id, email);
    Set<String> requesterSide = conversation.requesterSide(ticket, email);

    List<Message> messages = new ArrayList<>();
    for (int page = 1; ; page++) {
      HttpUrl url = http.url("transactions")
          .addQueryParameter("query", "ObjectType = 'RT::Ticket' AND ObjectId = " + id
              + " AND (Type = 'Create' OR Type = 'Correspond')")
          .addQueryParameter("orderby", "id").addQueryParameter("order", "ASC")
          .addQueryParameter("page", Integer.toString(page))
          .addQueryParameter("per_page", Integer.toString(RtConversation.TRANSACTION_PAGE))
          .addQueryParameter("fields", "Type,Creator,Created").build();
      Map<String, Object> result = RtHttp.JSON.object(http.json(http.request(url).build()), "a transaction search");
      List<Object> items = RtHttp.JSON.list(result.get("items"));
      for (Object item : items) {
        Map<String, Object> txn = RtHttp.JSON.objectOrNull(item);
        String txnId = txn == null ? null : RtHttp.JSON.string(txn, "id");
        if (txnId != null) messages.add(conversation.message(txnId, txn, requesterSide, null));
      }
      if (items.size() < RtConversation.TRANSACTION_PAGE) break;
    }
    return Collections.unmodifiableList(messages);
  }

  @Override
  public Message reply(UserAuth user, String ticketId, String body, List<Attachment> attachments) throws IOException {
    String email = email(user);
    String id = ticketNumber(ticketId);
    Objects.requireNonNull(body, "body == null");
    Objects.requireNonNull(attachments, "attachments == null");
    if (body.trim().isEmpty() && !StreamingJsonBody.anyContent(attachments)) {
      throw new IllegalArgumentException("reply body is empty and there are no attachments with content");
    }
    conversation.authorize(id, email);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("Content", body);
    fields.put("ContentType", "text/plain");
    Request request = http.request(http.url("ticket", id, "correspond").build())
        .post(new StreamingJsonBody(fields, attachments, UploadProgress.NONE)).build();
    String txnId;
    try (Response response = http.execute(request)) {
      txnId = RtHttp.lastSegment(response);
      if (response.code() != 201 || txnId == null || !isNumber(txnId)) {
        // RT answers 200 with a list of messages when it refused part of the request.
        String messages = String.join("; ", RtHttp.strings(http.parse(http.read(response), "a reply")));
        throw new DeskException(422, null, messages.isEmpty() ? "Request Tracker did not add the reply" : messages, null, null);
      }
    }
    Map<String, Object> txn = RtHttp.JSON.object(http.json(http.request(http.url("transaction", txnId).build()).build()), "a transaction");
    return conversation.message(txnId, txn, Collections.<String>emptySet(), Message.Author.REQUESTER);
  }

  /**
   * Streams the content of a file of a ticket's conversation ({@link RemoteFile#id()} from
   * {@link #messages}) to {@code out} and returns its size. Filtered by requester like the other reads:
   * a file of another requester's ticket, or of an internal comment, is a {@link DeskException} 404. Files
   * up to about 6 MiB can be read (RT sends them base64-encoded in JSON, read with an 8 MiB cap).
   */
  public long download(UserAuth user, String ticketId, String fileId, OutputStream out) throws IOException {
    String email = email(user);
    String id = ticketNumber(ticketId);
    if (!isNumber(fileId)) throw new IllegalArgumentException("fileId '" + fileId + "' is not an RT attachment id");
    Objects.requireNonNull(out, "out == null");
    conversation.authorize(id, email);
    byte[] bytes = conversation.file(id, fileId);
    out.write(bytes);
    return bytes.length;
  }

  /** Request Tracker has no satisfaction ratings. */
  @Override
  public void rate(UserAuth user, String ticketId, Rating rating) {
    throw new CapabilityUnsupportedException(name(), Capability.RATE);
  }

  /** Ends this connector's calls in flight; other calls on a shared {@link Builder#okHttpClient} go on. */
  @Override
  public void cancelCalls() {
    client.cancelCalls();
  }

  @Override
  public void close() {
    if (ownsClient) client.shutDown();
  }

  @Override
  public String toString() {
    return "RequestTrackerConnector{" + http.restBase + ", auth=" + authKind + "}";
  }

  /**
   * Builds a {@link RequestTrackerConnector}; {@link #build()} does no I/O. Setters throw {@link IllegalArgumentException}
   * naming the setting.
   */
  public static final class Builder {
    private @Nullable String baseUrl;
    private @Nullable String token;
    private @Nullable String user;
    private @Nullable String password;
    private @Nullable String serviceAccount;
    private String defaultQueue = "General";
    private final Map<String, String> queueByCategory = new LinkedHashMap<>();
    private String submissionField = DEFAULT_SUBMISSION_FIELD;
    private final ConnectorHttp http = new ConnectorHttp(RtHttp.DEFAULT_CAP);
    private int pageSize = 20;

    Builder() {}

    /** RT's root ({@code https://rt.example.com/}) or REST2 base ({@code …/REST/2.0}); no user info, query or fragment. */
    public Builder baseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl == null");
      RtHttp.bases(baseUrl);
      this.baseUrl = baseUrl;
      return this;
    }

    /** An RT auth token ({@code 1-14-…}) of the service account; replaces basic auth. */
    public Builder token(String token) {
      Objects.requireNonNull(token, "token == null");
      checkSecret("token", token);
      this.token = token;
      this.user = null;
      this.password = null;
      return this;
    }

    /** Basic auth as the service account; replaces a token. */
    public Builder basicAuth(String user, String password) {
      Objects.requireNonNull(user, "user == null");
      Objects.requireNonNull(password, "password == null");
      checkSecret("user", user);
      checkSecret("password", password);
      this.user = user;
      this.password = password;
      this.token = null;
      return this;
    }

    /**
     * The RT user name of the service account, so that its replies are attributed to the requester.
     * Optional: with basic auth the user is known, and it is learned from tickets filed through Helpline.
     */
    public Builder serviceAccount(String name) {
      this.serviceAccount = nonEmpty("serviceAccount", name);
      return this;
    }

    /** The queue for drafts whose category has no mapping; default "General". */
    public Builder defaultQueue(String queue) {
      this.defaultQueue = nonEmpty("defaultQueue", queue);
      return this;
    }

    /** Sends drafts of {@code category} to {@code queue}. */
    public Builder queueForCategory(String category, String queue) {
      queueByCategory.put(nonEmpty("category", category), nonEmpty("queue", queue));
      return this;
    }

    /** The ticket custom field holding the submission id; default {@value RequestTrackerConnector#DEFAULT_SUBMISSION_FIELD}. */
    public Builder submissionField(String name) {
      nonEmpty("submissionField", name);
      for (char c : new char[] {'\'', '{', '}', '\\', '"'}) {
        if (name.indexOf(c) >= 0) {
          throw new IllegalArgumentException("submissionField '" + name + "' must not contain " + c);
        }
      }
      this.submissionField = name;
      return this;
    }

    /** The client to share connection pools with; redirects are turned off for this connector's calls. */
    public Builder okHttpClient(OkHttpClient client) {
      http.okHttpClient(Objects.requireNonNull(client, "client == null"));
      return this;
    }

    /** As {@link #okHttpClient(OkHttpClient)}, got from {@code client} on the first request (a background thread). */
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

    /** The longest silence while reading an answer; zero: none. Default: the shared client's, else 60 s. */
    public Builder readTimeout(Duration timeout) {
      http.readTimeout(timeout);
      return this;
    }

    /** The longest stall while sending a request (uploads); zero: none. Default: the shared client's, else 60 s. */
    public Builder writeTimeout(Duration timeout) {
      http.writeTimeout(timeout);
      return this;
    }

    /**
     * The largest answer read, positive; a larger one fails with an {@link IOException}. Default: 2 MiB. An
     * attachment's content, read by {@link RequestTrackerConnector#messages}, may have up to 8 MiB.
     */
    public Builder maxResponseBytes(long maxResponseBytes) {
      http.maxResponseBytes(maxResponseBytes);
      return this;
    }

    /** The User-Agent; RT sends browsers to its login page, so a browser-like value is refused. */
    public Builder userAgent(String userAgent) {
      nonEmpty("userAgent", userAgent);
      if (userAgent.contains("Mozilla")) {
        throw new IllegalArgumentException("userAgent '" + userAgent + "' looks like a browser; RT would redirect it to its login page");
      }
      http.userAgent(userAgent);
      return this;
    }

    /** The clock {@code Retry-After} dates are measured against. Default: the system clock. */
    public Builder clock(Clock clock) {
      http.clock(clock);
      return this;
    }

    /** Tickets per page of {@link RequestTrackerConnector#listTickets}, 1 to 100; default 20. */
    public Builder pageSize(int pageSize) {
      if (pageSize < 1 || pageSize > 100) {
        throw new IllegalArgumentException("pageSize " + pageSize + " is outside 1..100 (RT's per_page limit)");
      }
      this.pageSize = pageSize;
      return this;
    }

    public RequestTrackerConnector build() {
      if (baseUrl == null) throw new IllegalStateException("baseUrl is required: RT's root URL or its /REST/2.0 base");
      if (token == null && user == null) {
        throw new IllegalStateException("credentials are required: token(...) or basicAuth(...) of a service account");
      }
      HttpUrl[] bases = RtHttp.bases(baseUrl);
      return new RequestTrackerConnector(this, bases[0], bases[1]);
    }
  }
}
