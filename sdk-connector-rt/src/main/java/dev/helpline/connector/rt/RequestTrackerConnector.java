package dev.helpline.connector.rt;

import dev.helpline.Attachment;
import dev.helpline.connector.CapabilityUnsupportedException;
import dev.helpline.DeskException;
import dev.helpline.Message;
import dev.helpline.Priority;
import dev.helpline.Rating;
import dev.helpline.Message.RemoteFile;
import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import dev.helpline.connector.Capability;
import dev.helpline.connector.Connector.ConditionalTicket;
import dev.helpline.connector.Connector;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.TicketPage;
import dev.helpline.connector.Connector.UploadProgress;
import dev.helpline.connector.UserAuth;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import dev.helpline.internal.http.LazyClient;
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
  /** A queue whose field check failed is checked again after this long, so that an admin's fix is seen. */
  private static final long RECHECK_NANOS = TimeUnit.MINUTES.toNanos(5);
  private static final int TRANSACTION_PAGE = 100;

  private final RtHttp http;
  private final LazyClient client;
  private final boolean ownsClient;
  private final String authKind;
  private final String defaultQueue;
  private final Map<String, String> queueByCategory;
  private final String submissionField;
  private final int pageSize;
  private final Set<String> serviceAccounts = ConcurrentHashMap.newKeySet();
  private final Map<String, FieldCheck> fieldChecks = new ConcurrentHashMap<>();

  private RequestTrackerConnector(Builder b, HttpUrl root, HttpUrl rest, LazyClient client, boolean ownsClient) {
    this.client = client;
    this.ownsClient = ownsClient;
    String authorization = b.token != null ? "token " + b.token : Credentials.basic(b.user, b.password, StandardCharsets.UTF_8);
    this.authKind = b.token != null ? "token" : "basic";
    this.http = new RtHttp(rest, root, client, authorization, b.userAgent);
    this.defaultQueue = b.defaultQueue;
    this.queueByCategory = Collections.unmodifiableMap(new LinkedHashMap<>(b.queueByCategory));
    this.submissionField = b.submissionField;
    this.pageSize = b.pageSize;
    if (b.user != null) serviceAccounts.add(b.user.toLowerCase(Locale.ROOT));
    if (b.serviceAccount != null) serviceAccounts.add(b.serviceAccount.toLowerCase(Locale.ROOT));
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
    List<String> out = new ArrayList<>();
    for (FieldCheck c : fieldChecks.values()) {
      if (c.problem != null) out.add(c.problem);
    }
    Collections.sort(out);
    return Collections.unmodifiableList(out);
  }

  /**
   * Checks now, with RT, every configured queue (the default and the mapped ones): that it exists, that
   * the service account sees it, and that the submission field applies to it. Returns {@link #warnings()}.
   * Optional: the same checks run lazily on first use of each queue.
   */
  public List<String> checkSetup() throws IOException {
    Set<String> queues = new java.util.LinkedHashSet<>();
    queues.add(defaultQueue);
    queues.addAll(queueByCategory.values());
    for (String queue : queues) {
      fieldChecks.remove(queue);
      submissionFieldApplies(queue);
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
    String queue = queueFor(ticket.category());
    boolean deduplicated = submissionFieldApplies(queue);
    // A first attempt (the outbox never sent it before) cannot have reached RT: no search.
    if (deduplicated && !ticket.isFirstAttempt()) {
      String existing = findBySubmission(ticket.submissionId());
      if (existing != null) {
        log.debug("submission {} already is RT ticket {}", ticket.submissionId(), existing);
        return readTicket(existing);
      }
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("Queue", queue);
    fields.put("Subject", ticket.subject());
    fields.put("Content", content(ticket));
    fields.put("ContentType", "text/plain");
    Requester requester = ticket.requester();
    if (requester != null && requester.email() != null) fields.put("Requestor", requester.email());
    fields.put("Priority", priorityValue(ticket.priority()));
    Map<String, String> customFields = new LinkedHashMap<>(ticket.customFields());
    // Sent only where the field applies: RT logs an error for every unknown field it is given.
    if (deduplicated) customFields.put(submissionField, ticket.submissionId());
    if (!customFields.isEmpty()) fields.put("CustomFields", customFields);

    Request request = http.request(http.url("ticket").build())
        .post(new StreamingJsonBody(fields, ticket.attachments(), progress)).build();
    String id;
    try (Response response = http.execute(request)) {
      Map<String, Object> created = Json.objectOrNull(Json.parse(RtHttp.read(response, RtHttp.DEFAULT_CAP), "a created ticket"));
      id = created != null ? Json.string(created, "id") : null;
      if (id == null) id = RtHttp.lastSegment(response);
    }
    if (id == null || !isNumber(id)) {
      throw new IOException("Request Tracker created a ticket but did not say its id");
    }
    Map<String, Object> created;
    try {
      created = Json.object(http.json(http.request(http.url("ticket", id).build()).build()), "a ticket");
    } catch (IOException | DeskException e) {
      // The ticket exists: failing now would make the caller retry and, without the submission field,
      // file it twice. Answer with what we sent instead.
      log.warn("RT ticket {} was created but could not be read back: {}", id, e.toString());
      return new Ticket(id, ticket.subject(), TicketStatus.NEW, ticket.priority(), null, null, displayUrl(id));
    }
    if (deduplicated && !hasSubmission(created, ticket.submissionId())) {
      // RT drops a custom field value it may not set without failing the create; without the value the
      // next retry could not find this ticket.
      reportProblem(queue, "the service account cannot set custom field '" + submissionField + "' on tickets of RT queue '"
          + queue + "' (it needs SetInitialCustomField): tickets in this queue are delivered at least once;"
          + " see docs/connectors/request-tracker.md");
    }
    return ticket(created, id);
  }

  private boolean hasSubmission(Map<String, Object> ticket, String submissionId) {
    for (Object cf : Json.list(ticket.get("CustomFields"))) {
      Map<String, Object> o = Json.objectOrNull(cf);
      if (o != null && submissionField.equals(Json.string(o, "name")) && Json.list(o.get("values")).contains(submissionId)) {
        return true;
      }
    }
    return false;
  }

  private void reportProblem(String queue, String problem) {
    FieldCheck previous = fieldChecks.put(queue, new FieldCheck(problem, System.nanoTime()));
    if (previous == null || !problem.equals(previous.problem)) log.warn("Request Tracker setup: {}", problem);
  }

  private static String content(NewTicket ticket) {
    String summary = ticket.diagnosticsSummary();
    if (summary == null || summary.trim().isEmpty()) return ticket.description();
    return ticket.description() + "\n\n-- \nDiagnostics\n" + summary;
  }

  /** The ticket created for {@code submissionId}, or null; needs the submission field (see the class doc). */
  public @Nullable String findBySubmission(String submissionId) throws IOException {
    Objects.requireNonNull(submissionId, "submissionId == null");
    HttpUrl url = http.url("tickets")
        .addQueryParameter("query", "'CF.{" + submissionField + "}' = '" + sqlString(submissionId) + "'")
        .addQueryParameter("orderby", "id").addQueryParameter("order", "ASC")
        .addQueryParameter("per_page", "1").build();
    Map<String, Object> page = Json.object(http.json(http.request(url).build()), "a ticket search");
    for (Object item : Json.list(page.get("items"))) {
      Map<String, Object> o = Json.objectOrNull(item);
      if (o != null && Json.string(o, "id") != null) return Json.string(o, "id");
    }
    return null;
  }

  private boolean submissionFieldApplies(String queue) throws IOException {
    FieldCheck known = fieldChecks.get(queue);
    if (known != null && (known.problem == null || System.nanoTime() - known.checkedAt < RECHECK_NANOS)) {
      return known.problem == null;
    }
    String problem;
    try {
      Map<String, Object> q = Json.object(http.json(http.request(http.url("queue", queue).build()).build()), "a queue");
      boolean applies = false;
      for (Object cf : Json.list(q.get("TicketCustomFields"))) {
        Map<String, Object> o = Json.objectOrNull(cf);
        if (o != null && submissionField.equals(Json.string(o, "name"))) applies = true;
      }
      problem = applies ? null
          : "custom field '" + submissionField + "' does not apply to RT queue '" + queue
              + "' (or the service account lacks SeeCustomField): tickets in this queue are delivered at least once,"
              + " and a retry after a lost answer may create a duplicate; see docs/connectors/request-tracker.md";
    } catch (DeskException e) {
      if (e.isRetryable() || e.httpStatus() == 401) throw e;
      problem = "RT queue '" + queue + "' cannot be read (HTTP " + e.httpStatus() + ": " + e.deskMessage()
          + "); it must exist and the service account needs SeeQueue on it";
    }
    if (problem != null) {
      reportProblem(queue, problem);
    } else {
      fieldChecks.put(queue, new FieldCheck(null, System.nanoTime()));
    }
    return problem == null;
  }

  private static final class FieldCheck {
    final @Nullable String problem;
    final long checkedAt;

    FieldCheck(@Nullable String problem, long checkedAt) {
      this.problem = problem;
      this.checkedAt = checkedAt;
    }
  }

  // ------------------------------------------------------------------------------------------------ read

  @Override
  public ConditionalTicket getTicket(UserAuth user, String ticketId, @Nullable String etag) throws IOException {
    String email = email(user);
    String id = ticketNumber(ticketId);
    Request.Builder request = http.request(http.url("ticket", id).build());
    if (etag != null) request.header("If-None-Match", etag);
    try (Response response = http.execute(request.build())) {
      String newEtag = response.header("ETag");
      if (response.code() == 304) {
        authorize(id, email);
        return ConditionalTicket.notModified(newEtag != null ? newEtag : etag);
      }
      Map<String, Object> o = Json.object(Json.parse(RtHttp.read(response, RtHttp.DEFAULT_CAP), "a ticket"), "a ticket");
      if (!requestorsInclude(o, email)) authorize(id, email);
      return ConditionalTicket.of(ticket(o, id), newEtag);
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
    Map<String, Object> result = Json.object(http.json(http.request(url).build()), "a ticket search");
    List<Ticket> tickets = new ArrayList<>();
    for (Object item : Json.list(result.get("items"))) {
      Map<String, Object> o = Json.objectOrNull(item);
      String id = o == null ? null : Json.string(o, "id");
      if (id != null) tickets.add(ticket(o, id));
    }
    long pages = Json.number(result, "pages", -1);
    boolean more = result.get("next_page") != null || (pages > page) || (pages < 0 && tickets.size() == pageSize);
    return new TicketPage(tickets, more && !tickets.isEmpty() ? Integer.toString(page + 1) : null);
  }

  @Override
  public List<Message> messages(UserAuth user, String ticketId) throws IOException {
    String email = email(user);
    String id = ticketNumber(ticketId);
    Map<String, Object> ticket = Json.object(http.json(http.request(http.url("ticket", id).build()).build()), "a ticket");
    if (!requestorsInclude(ticket, email)) authorize(id, email);
    Set<String> requesterSide = requesterSide(ticket, email);

    List<Message> messages = new ArrayList<>();
    for (int page = 1; ; page++) {
      HttpUrl url = http.url("transactions")
          .addQueryParameter("query", "ObjectType = 'RT::Ticket' AND ObjectId = " + id
              + " AND (Type = 'Create' OR Type = 'Correspond')")
          .addQueryParameter("orderby", "id").addQueryParameter("order", "ASC")
          .addQueryParameter("page", Integer.toString(page))
          .addQueryParameter("per_page", Integer.toString(TRANSACTION_PAGE))
          .addQueryParameter("fields", "Type,Creator,Created").build();
      Map<String, Object> result = Json.object(http.json(http.request(url).build()), "a transaction search");
      List<Object> items = Json.list(result.get("items"));
      for (Object item : items) {
        Map<String, Object> txn = Json.objectOrNull(item);
        String txnId = txn == null ? null : Json.string(txn, "id");
        if (txnId != null) messages.add(message(txnId, txn, requesterSide, null));
      }
      if (items.size() < TRANSACTION_PAGE) break;
    }
    return Collections.unmodifiableList(messages);
  }

  @Override
  public Message reply(UserAuth user, String ticketId, String body, List<Attachment> attachments) throws IOException {
    String email = email(user);
    String id = ticketNumber(ticketId);
    Objects.requireNonNull(body, "body == null");
    Objects.requireNonNull(attachments, "attachments == null");
    if (body.trim().isEmpty() && attachments.isEmpty()) {
      throw new IllegalArgumentException("reply body is empty and there are no attachments");
    }
    authorize(id, email);
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
        String messages = String.join("; ", RtHttp.strings(Json.parse(RtHttp.read(response, RtHttp.DEFAULT_CAP), "a reply")));
        throw new DeskException(422, null, messages.isEmpty() ? "Request Tracker did not add the reply" : messages, null, null);
      }
    }
    Map<String, Object> txn = Json.object(http.json(http.request(http.url("transaction", txnId).build()).build()), "a transaction");
    return message(txnId, txn, Collections.<String>emptySet(), Message.Author.REQUESTER);
  }

  /**
   * Streams the content of a file of a ticket's conversation ({@link RemoteFile#id()} from
   * {@link #messages}) to {@code out} and returns its size. Filtered by requester like the other reads:
   * a file of another requester's ticket is a {@link DeskException} 404. Files up to about 6 MiB can be
   * read (RT sends them base64-encoded in JSON, read with an 8 MiB cap).
   */
  public long download(UserAuth user, String ticketId, String fileId, OutputStream out) throws IOException {
    String email = email(user);
    String id = ticketNumber(ticketId);
    if (!isNumber(fileId)) throw new IllegalArgumentException("fileId '" + fileId + "' is not an RT attachment id");
    Objects.requireNonNull(out, "out == null");
    authorize(id, email);
    Map<String, Object> attachment;
    try (Response response = http.execute(http.request(http.url("attachment", fileId).build()).build())) {
      attachment = Json.object(Json.parse(RtHttp.read(response, RtHttp.ATTACHMENT_CAP), "an attachment"), "an attachment");
    }
    String txnId = Json.refId(attachment, "TransactionId");
    Map<String, Object> txn = txnId == null ? null
        : Json.object(http.json(http.request(http.url("transaction", txnId).build()).build()), "a transaction");
    Map<String, Object> object = txn == null ? null : Json.objectOrNull(txn.get("Object"));
    if (object == null || !"ticket".equals(Json.string(object, "type")) || !id.equals(Json.string(object, "id"))) {
      throw new DeskException(404, "Not Found");
    }
    String content = Json.string(attachment, "Content");
    byte[] bytes = content == null ? new byte[0] : Base64.getMimeDecoder().decode(content);
    out.write(bytes);
    return bytes.length;
  }

  /** Request Tracker has no satisfaction ratings. */
  @Override
  public void rate(UserAuth user, String ticketId, Rating rating) {
    throw new CapabilityUnsupportedException(name(), Capability.RATE);
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.ifBuilt(c -> {
        c.dispatcher().executorService().shutdown();
        c.connectionPool().evictAll();
      });
    }
  }

  @Override
  public String toString() {
    return "RequestTrackerConnector{" + http.restBase + ", auth=" + authKind + "}";
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private Ticket readTicket(String id) throws IOException {
    Map<String, Object> o = Json.object(http.json(http.request(http.url("ticket", id).build()).build()), "a ticket");
    return ticket(o, id);
  }

  private Ticket ticket(Map<String, Object> o, String id) {
    String subject = Json.string(o, "Subject");
    return new Ticket(id, subject == null ? "" : subject, status(Json.string(o, "Status")),
        priority(Json.number(o, "Priority", 0)), Json.instant(o, "Created"), Json.instant(o, "LastUpdated"),
        displayUrl(id));
  }

  /** RT's page for people, built from our base: RT's own links use its configured WebBaseURL. */
  private String displayUrl(String id) {
    return http.root.newBuilder().addPathSegment("Ticket").addPathSegment("Display.html")
        .addQueryParameter("id", id).build().toString();
  }

  /** 404 unless ticket {@code id} has a requestor with {@code email}: the same answer as for a missing ticket. */
  private void authorize(String id, String email) throws IOException {
    HttpUrl url = http.url("tickets")
        .addQueryParameter("query", "id = " + id + " AND Requestor.EmailAddress = '" + sqlString(email) + "'")
        .addQueryParameter("per_page", "1").build();
    Map<String, Object> result = Json.object(http.json(http.request(url).build()), "a ticket search");
    for (Object item : Json.list(result.get("items"))) {
      Map<String, Object> o = Json.objectOrNull(item);
      if (o != null && id.equals(Json.string(o, "id"))) return;
    }
    throw new DeskException(404, "Not Found");
  }

  /** RT names auto-created requesters by their e-mail; other names fall back to a TicketSQL check. */
  private static boolean requestorsInclude(Map<String, Object> ticket, String email) {
    for (Object r : Json.list(ticket.get("Requestor"))) {
      Map<String, Object> o = Json.objectOrNull(r);
      String name = o == null ? null : Json.string(o, "id");
      if (name != null && name.equalsIgnoreCase(email)) return true;
    }
    return false;
  }

  /**
   * The RT user names whose transactions speak for the requester: the requestors themselves and the
   * service account that files and answers on their behalf. A ticket carrying a submission id was filed
   * through Helpline, so its creator is the service account.
   */
  private Set<String> requesterSide(Map<String, Object> ticket, String email) {
    Set<String> side = new HashSet<>(serviceAccounts);
    side.add(email.toLowerCase(Locale.ROOT));
    for (Object r : Json.list(ticket.get("Requestor"))) {
      Map<String, Object> o = Json.objectOrNull(r);
      String name = o == null ? null : Json.string(o, "id");
      if (name != null) side.add(name.toLowerCase(Locale.ROOT));
    }
    boolean filedByHelpline = false;
    for (Object cf : Json.list(ticket.get("CustomFields"))) {
      Map<String, Object> o = Json.objectOrNull(cf);
      if (o != null && submissionField.equals(Json.string(o, "name")) && !Json.list(o.get("values")).isEmpty()) {
        filedByHelpline = true;
      }
    }
    String creator = Json.refId(ticket, "Creator");
    if (filedByHelpline && creator != null) {
      String c = creator.toLowerCase(Locale.ROOT);
      side.add(c);
      serviceAccounts.add(c);
    }
    return side;
  }

  private Message message(String txnId, Map<String, Object> txn, Set<String> requesterSide,
      Message.@Nullable Author forced) throws IOException {
    String creator = Json.refId(txn, "Creator");
    Message.Author author;
    if (forced != null) {
      author = forced;
    } else if (creator != null && requesterSide.contains(creator.toLowerCase(Locale.ROOT))) {
      author = Message.Author.REQUESTER;
    } else if ("RT_System".equals(creator)) {
      author = Message.Author.SYSTEM;
    } else {
      author = Message.Author.AGENT;
    }
    String bodyId = null;
    List<RemoteFile> files = new ArrayList<>();
    for (int page = 1; ; page++) {
      HttpUrl url = http.url("transaction", txnId, "attachments")
          .addQueryParameter("fields", "ContentType,Filename,ContentLength")
          .addQueryParameter("page", Integer.toString(page))
          .addQueryParameter("per_page", Integer.toString(TRANSACTION_PAGE)).build();
      Map<String, Object> result = Json.object(http.json(http.request(url).build()), "a transaction's attachments");
      List<Object> items = Json.list(result.get("items"));
      for (Object item : items) {
        Map<String, Object> a = Json.objectOrNull(item);
        String id = a == null ? null : Json.string(a, "id");
        if (id == null) continue;
        String fileName = Json.string(a, "Filename");
        String type = Json.string(a, "ContentType");
        if (fileName != null && !fileName.isEmpty()) {
          files.add(new RemoteFile(id, fileName, type == null || type.isEmpty() ? "application/octet-stream" : type,
              Json.number(a, "ContentLength", -1), http.url("attachment", id).build().toString()));
        } else if (bodyId == null && "text/plain".equalsIgnoreCase(type)) {
          bodyId = id;
        }
      }
      if (items.size() < TRANSACTION_PAGE) break;
    }
    String body = "";
    if (bodyId != null) {
      Map<String, Object> part;
      try (Response response = http.execute(http.request(http.url("attachment", bodyId).build()).build())) {
        part = Json.object(Json.parse(RtHttp.read(response, RtHttp.ATTACHMENT_CAP), "a message body"), "a message body");
      }
      String content = Json.string(part, "Content");
      if (content != null) body = new String(Base64.getMimeDecoder().decode(content), StandardCharsets.UTF_8);
    }
    return new Message(txnId, author, creator, body, Json.instant(txn, "Created"), files);
  }

  private static String email(UserAuth user) {
    Objects.requireNonNull(user, "user == null");
    String email = user.requester().email();
    if (email == null) {
      throw new IllegalArgumentException("user.requester().email is null; Request Tracker identifies requesters by e-mail");
    }
    return email;
  }

  private static String ticketNumber(String ticketId) {
    Objects.requireNonNull(ticketId, "ticketId == null");
    if (!isNumber(ticketId)) {
      throw new IllegalArgumentException("ticketId '" + ticketId + "' is not a Request Tracker ticket number");
    }
    return ticketId;
  }

  private static boolean isNumber(String s) {
    if (s.isEmpty() || s.length() > 18) return false;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
    }
    return true;
  }

  /** Escapes a value for a single-quoted TicketSQL string. */
  static String sqlString(String s) {
    return s.replace("\\", "\\\\").replace("'", "\\'");
  }

  static TicketStatus status(@Nullable String rt) {
    if (rt == null) return TicketStatus.UNKNOWN;
    switch (rt.toLowerCase(Locale.ROOT)) {
      case "new": return TicketStatus.NEW;
      case "open": return TicketStatus.OPEN;
      case "stalled": return TicketStatus.ON_HOLD;
      case "resolved": return TicketStatus.SOLVED;
      case "rejected": return TicketStatus.REJECTED;
      case "deleted": return TicketStatus.CLOSED;
      default: return TicketStatus.UNKNOWN;
    }
  }

  static int priorityValue(Priority p) {
    switch (p) {
      case LOW: return 10;
      case HIGH: return 75;
      case URGENT: return 100;
      default: return 50;
    }
  }

  /** The nearest of 10/50/75/100; 0 and below is RT's "no priority set". */
  static @Nullable Priority priority(long rt) {
    if (rt <= 0) return null;
    if (rt >= 88) return Priority.URGENT;
    if (rt >= 63) return Priority.HIGH;
    if (rt >= 30) return Priority.NORMAL;
    return Priority.LOW;
  }

  /** Builds a {@link RequestTrackerConnector}. Setters validate; {@link #build()} does no I/O. */
  public static final class Builder {
    private @Nullable String baseUrl;
    private @Nullable String token;
    private @Nullable String user;
    private @Nullable String password;
    private @Nullable String serviceAccount;
    private String defaultQueue = "General";
    private final Map<String, String> queueByCategory = new LinkedHashMap<>();
    private String submissionField = DEFAULT_SUBMISSION_FIELD;
    private @Nullable OkHttpClient client;
    private @Nullable Duration connectTimeout;
    private @Nullable Duration readTimeout;
    private @Nullable Duration writeTimeout;
    private String userAgent = "Helpline-SDK (Request Tracker connector)";
    private int pageSize = 20;

    Builder() {}

    /** RT's root ({@code https://rt.example.com/}) or its REST2 base ({@code https://rt.example.com/REST/2.0}). */
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
      this.client = Objects.requireNonNull(client, "client == null");
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive("readTimeout", timeout);
      return this;
    }

    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = positive("writeTimeout", timeout);
      return this;
    }

    /** The User-Agent; RT sends browsers to its login page, so a browser-like value is refused. */
    public Builder userAgent(String userAgent) {
      nonEmpty("userAgent", userAgent);
      if (userAgent.contains("Mozilla")) {
        throw new IllegalArgumentException("userAgent '" + userAgent + "' looks like a browser; RT would redirect it to its login page");
      }
      checkSecret("userAgent", userAgent);
      this.userAgent = userAgent;
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
      boolean owns = client == null;
      OkHttpClient.Builder b = owns
          ? new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(60))
              .writeTimeout(Duration.ofSeconds(60))
          : client.newBuilder();
      b.followRedirects(false).followSslRedirects(false);
      if (connectTimeout != null) b.connectTimeout(connectTimeout);
      if (readTimeout != null) b.readTimeout(readTimeout);
      if (writeTimeout != null) b.writeTimeout(writeTimeout);
      // The client is built on the first request: building loads the TLS trust store from disk.
      return new RequestTrackerConnector(this, bases[0], bases[1], new LazyClient(b), owns);
    }

    private static String nonEmpty(String field, String value) {
      Objects.requireNonNull(value, field + " == null");
      if (value.trim().isEmpty()) throw new IllegalArgumentException(field + " is empty");
      return value;
    }

    private static Duration positive(String field, Duration d) {
      Objects.requireNonNull(d, field + " == null");
      if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(field + " " + d + " is not positive");
      return d;
    }

    /** Header values: no line breaks. Never echoes the value, which may be a secret. */
    private static void checkSecret(String field, String value) {
      if (value.isEmpty()) throw new IllegalArgumentException(field + " is empty");
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c < 0x20 || c == 0x7f) throw new IllegalArgumentException(field + " contains a control character");
      }
    }
  }
}
