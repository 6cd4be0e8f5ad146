package dev.helpline.connector.rt;

import static dev.helpline.connector.rt.RtMapping.content;
import static dev.helpline.connector.rt.RtMapping.isNumber;
import static dev.helpline.connector.rt.RtMapping.priorityValue;
import static dev.helpline.connector.rt.RtMapping.sqlString;

import dev.helpline.DeskException;
import dev.helpline.Priority;
import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.UploadProgress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Create-with-dedup for RT: the submission id lives in a ticket custom field, so a retried submission
 * is found instead of filed twice. Checks, per queue, that the field applies and can be set, and keeps
 * the problems found as setup warnings.
 */
final class RtSubmissions {
  private static final Logger log = LoggerFactory.getLogger(RequestTrackerConnector.class);
  /** A queue whose field check failed is checked again after this long, so that an admin's fix is seen. */
  private static final long RECHECK_NANOS = TimeUnit.MINUTES.toNanos(5);

  private final RtHttp http;
  private final String submissionField;
  private final Map<String, FieldCheck> fieldChecks = new ConcurrentHashMap<>();

  RtSubmissions(RtHttp http, String submissionField) {
    this.http = http;
    this.submissionField = submissionField;
  }

  /** Creates the ticket in {@code queue}, or returns the one an earlier attempt of the submission created. */
  Ticket create(NewTicket ticket, String queue, UploadProgress progress) throws IOException {
    boolean deduplicated = applies(queue);
    // A first attempt (the outbox never sent it before) cannot have reached RT: no search.
    if (deduplicated && !ticket.isFirstAttempt()) {
      String existing = find(ticket.submissionId());
      if (existing != null) {
        log.debug("submission {} already is RT ticket {}", ticket.submissionId(), existing);
        return http.readTicket(existing);
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
      Map<String, Object> created = RtHttp.JSON.objectOrNull(http.parse(http.read(response), "a created ticket"));
      id = created != null ? RtHttp.JSON.string(created, "id") : null;
      if (id == null) id = RtHttp.lastSegment(response);
    }
    if (id == null || !isNumber(id)) {
      throw new IOException("Request Tracker created a ticket but did not say its id");
    }
    Map<String, Object> created;
    try {
      created = RtHttp.JSON.object(http.json(http.request(http.url("ticket", id).build()).build()), "a ticket");
    } catch (IOException | DeskException e) {
      // The ticket exists: failing now would make the caller retry and, without the submission field,
      // file it twice. Answer with what we sent instead.
      log.warn("RT ticket {} was created but could not be read back: {}", id, e.toString());
      return new Ticket(id, ticket.subject(), TicketStatus.NEW, ticket.priority(), null, null, http.displayUrl(id));
    }
    if (deduplicated && !hasSubmission(created, ticket.submissionId())) {
      // RT drops a custom field value it may not set without failing the create; without the value the
      // next retry could not find this ticket.
      reportProblem(queue, "the service account cannot set custom field '" + submissionField + "' on tickets of RT queue '"
          + queue + "' (it needs SetInitialCustomField): tickets in this queue are delivered at least once;"
          + " see docs/connectors/request-tracker.md");
    }
    return http.ticket(created, id);
  }

  /** Setup problems found so far, sorted. */
  List<String> warnings() {
    List<String> out = new ArrayList<>();
    for (FieldCheck c : fieldChecks.values()) {
      if (c.problem != null) out.add(c.problem);
    }
    Collections.sort(out);
    return Collections.unmodifiableList(out);
  }

  /** Forgets what is known about {@code queue} and checks it now. */
  void recheck(String queue) throws IOException {
    fieldChecks.remove(queue);
    applies(queue);
  }

  boolean hasSubmission(Map<String, Object> ticket, String submissionId) {
    for (Object cf : RtHttp.JSON.list(ticket.get("CustomFields"))) {
      Map<String, Object> o = RtHttp.JSON.objectOrNull(cf);
      if (o != null && submissionField.equals(RtHttp.JSON.string(o, "name")) && RtHttp.JSON.list(o.get("values")).contains(submissionId)) {
        return true;
      }
    }
    return false;
  }

  void reportProblem(String queue, String problem) {
    FieldCheck previous = fieldChecks.put(queue, new FieldCheck(problem, System.nanoTime()));
    if (previous == null || !problem.equals(previous.problem)) log.warn("Request Tracker setup: {}", problem);
  }

  /** The ticket created for {@code submissionId}, or null. */
  @Nullable String find(String submissionId) throws IOException {
    Objects.requireNonNull(submissionId, "submissionId == null");
    HttpUrl url = http.url("tickets")
        .addQueryParameter("query", "'CF.{" + submissionField + "}' = '" + sqlString(submissionId) + "'")
        .addQueryParameter("orderby", "id").addQueryParameter("order", "ASC")
        .addQueryParameter("per_page", "1").build();
    Map<String, Object> page = RtHttp.JSON.object(http.json(http.request(url).build()), "a ticket search");
    for (Object item : RtHttp.JSON.list(page.get("items"))) {
      Map<String, Object> o = RtHttp.JSON.objectOrNull(item);
      if (o != null && RtHttp.JSON.string(o, "id") != null) return RtHttp.JSON.string(o, "id");
    }
    return null;
  }

  /** True when the submission field applies to {@code queue}; a problem is reported once and rechecked later. */
  boolean applies(String queue) throws IOException {
    FieldCheck known = fieldChecks.get(queue);
    if (known != null && (known.problem == null || System.nanoTime() - known.checkedAt < RECHECK_NANOS)) {
      return known.problem == null;
    }
    String problem;
    try {
      Map<String, Object> q = RtHttp.JSON.object(http.json(http.request(http.url("queue", queue).build()).build()), "a queue");
      boolean applies = false;
      for (Object cf : RtHttp.JSON.list(q.get("TicketCustomFields"))) {
        Map<String, Object> o = RtHttp.JSON.objectOrNull(cf);
        if (o != null && submissionField.equals(RtHttp.JSON.string(o, "name"))) applies = true;
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

}
