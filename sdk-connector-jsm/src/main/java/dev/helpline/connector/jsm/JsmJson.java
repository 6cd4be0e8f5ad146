package dev.helpline.connector.jsm;

import static dev.helpline.internal.json.JsonTree.list;
import static dev.helpline.internal.json.JsonTree.objectAt;
import static dev.helpline.internal.json.JsonTree.optLong;
import static dev.helpline.internal.json.JsonTree.optObject;
import static dev.helpline.internal.json.JsonTree.optString;
import static dev.helpline.internal.json.JsonTree.string;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonWriter;
import dev.helpline.Message;
import dev.helpline.Rating;
import dev.helpline.Message.RemoteFile;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import dev.helpline.connector.NewTicket;
import dev.helpline.internal.json.JsonTree;
import dev.helpline.internal.text.HtmlText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import okio.Buffer;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/** Jira Service Management's JSON: customer requests, issues from JQL search, comments, attachments, and the bodies sent. */
final class JsmJson {
  /** The last lines of a comment the connector wrote for the customer; agents' comments never end with them. */
  static final String REPLY_FOOTER = "\n\n--\nWritten by the customer in the app";
  /** The longest summary Jira takes, in UTF-16 units. */
  static final int MAX_SUMMARY_CHARS = 255;
  /** The longest text Jira takes in a text field (the description, a comment), in UTF-16 units. */
  static final int MAX_TEXT_CHARS = 32_767;
  private static final String SHORTENED = "\n[shortened to fit Jira's limit of 32,767 characters]";
  private static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT);

  private JsmJson() {}

  /** A request as read, with what the connector needs beyond {@link Ticket}. */
  static final class Remote {
    Ticket ticket;
    @Nullable String reporterAccountId;
    @Nullable String reporterName;
    String description = "";
    @Nullable String submissionId;
    @Nullable Instant createdAt;
  }

  /** {@code currentStatus.statusCategory} (NEW, INDETERMINATE, DONE) or JQL's {@code statusCategory.key} (new, indeterminate, done). */
  static TicketStatus status(@Nullable String category) {
    switch (category == null ? "" : category.toUpperCase(Locale.ROOT)) {
      case "NEW":
        return TicketStatus.NEW;
      case "INDETERMINATE":
        return TicketStatus.OPEN;
      case "DONE":
        return TicketStatus.SOLVED;
      default:
        return TicketStatus.UNKNOWN;
    }
  }

  /** A customer request ({@code /rest/servicedeskapi/request}). */
  static Remote request(Object json, String submissionField, String path) {
    Map<String, Object> r = objectAt(json, path);
    Remote out = new Remote();
    String key = string(r, "issueKey", path);
    String summary = "";
    List<?> values = list(r, "requestFieldValues", path);
    for (int i = 0; i < values.size(); i++) {
      Map<String, Object> v = objectAt(values.get(i), path + ".requestFieldValues[" + i + "]");
      String id = optString(v, "fieldId", path);
      Object value = v.get("value");
      if ("summary".equals(id) && value instanceof String) summary = (String) value;
      if ("description".equals(id) && value instanceof String) out.description = (String) value;
      if (submissionField.equals(id) && value instanceof String) out.submissionId = (String) value;
    }
    Map<String, Object> status = optObject(r, "currentStatus", path);
    String category = status == null ? null : optString(status, "statusCategory", path + ".currentStatus");
    out.createdAt = date(optObject(r, "createdDate", path), path + ".createdDate");
    Instant changed = status == null ? null : date(optObject(status, "statusDate", path + ".currentStatus"), path + ".currentStatus.statusDate");
    Map<String, Object> reporter = optObject(r, "reporter", path);
    if (reporter != null) {
      out.reporterAccountId = optString(reporter, "accountId", path + ".reporter");
      out.reporterName = optString(reporter, "displayName", path + ".reporter");
    }
    Map<String, Object> links = optObject(r, "_links", path);
    String web = links == null ? null : optString(links, "web", path + "._links");
    out.ticket = new Ticket(key, summary, status(category), null, out.createdAt, changed, web);
    return out;
  }

  /** An issue from {@code /rest/api/3/search/jql} with the fields the connector asks for. */
  static Remote issue(Object json, String submissionField, String siteUrl, String path) {
    Map<String, Object> i = objectAt(json, path);
    String key = string(i, "key", path);
    Map<String, Object> f = optObject(i, "fields", path);
    Remote out = new Remote();
    String summary = "";
    String category = null;
    Instant updated = null;
    if (f != null) {
      String fp = path + ".fields";
      summary = optString(f, "summary", fp) == null ? "" : optString(f, "summary", fp);
      Map<String, Object> status = optObject(f, "status", fp);
      Map<String, Object> cat = status == null ? null : optObject(status, "statusCategory", fp + ".status");
      category = cat == null ? null : optString(cat, "key", fp + ".status.statusCategory");
      out.createdAt = jiraTime(optString(f, "created", fp), fp + ".created");
      updated = jiraTime(optString(f, "updated", fp), fp + ".updated");
      Map<String, Object> reporter = optObject(f, "reporter", fp);
      if (reporter != null) out.reporterAccountId = optString(reporter, "accountId", fp + ".reporter");
      if (f.get(submissionField) instanceof String) out.submissionId = (String) f.get(submissionField);
    }
    out.ticket = new Ticket(key, summary, status(category), null, out.createdAt, updated, siteUrl + "browse/" + key);
    return out;
  }

  /** A public comment; the customer's when its author is the reporter or it ends with {@link #REPLY_FOOTER}. */
  static Message comment(Object json, @Nullable String reporterAccountId, @Nullable String reporterName, String path) {
    Map<String, Object> c = objectAt(json, path);
    String body = optString(c, "body", path);
    if (body == null) body = "";
    Map<String, Object> author = optObject(c, "author", path);
    String authorId = author == null ? null : optString(author, "accountId", path + ".author");
    String authorName = author == null ? null : optString(author, "displayName", path + ".author");
    boolean viaApp = body.endsWith(REPLY_FOOTER);
    boolean byCustomer = viaApp || (authorId != null && authorId.equals(reporterAccountId));
    if (viaApp) body = body.substring(0, body.length() - REPLY_FOOTER.length());
    Map<String, Object> files = optObject(c, "attachments", path);
    List<RemoteFile> attachments = files == null ? new ArrayList<>() : attachments(list(files, "values", path + ".attachments"), path + ".attachments.values");
    return new Message(string(c, "id", path), byCustomer ? Message.Author.REQUESTER : Message.Author.AGENT,
        byCustomer ? (viaApp ? reporterName : authorName) : authorName, body, date(optObject(c, "created", path), path + ".created"),
        attachments);
  }

  /**
   * The public comments of a page of {@code GET /request/{key}/comment}, oldest first; the ids of every
   * comment's files, internal ones too, go to {@code filesOfComments}; {@code page[0]} becomes 1 on the last page
   * ({@code isLastPage}), {@code page[1]} the number of comments the page held.
   * A comment without the {@code public} flag counts as internal: better a missing reply than a leaked note.
   */
  static List<Message> publicComments(Object json, @Nullable String reporterAccountId, @Nullable String reporterName,
      Set<String> filesOfComments, int[] page) {
    Map<String, Object> o = objectAt(json, "$");
    page[0] = JsonTree.bool(o, "isLastPage", true, "$") ? 1 : 0;
    List<Message> out = new ArrayList<>();
    List<?> values = list(o, "values", "$");
    page[1] = values.size();
    for (int i = 0; i < values.size(); i++) {
      String path = "$.values[" + i + "]";
      Message m = comment(values.get(i), reporterAccountId, reporterName, path);
      for (RemoteFile f : m.attachments()) filesOfComments.add(f.id());
      if (JsonTree.bool(objectAt(values.get(i), path), "public", false, path)) out.add(m);
    }
    return out;
  }

  static List<RemoteFile> attachments(List<?> values, String path) {
    List<RemoteFile> out = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      String p = path + "[" + i + "]";
      Map<String, Object> a = objectAt(values.get(i), p);
      Map<String, Object> links = optObject(a, "_links", p);
      String content = links == null ? null : optString(links, "content", p + "._links");
      Long size = optLong(a, "size", p);
      String type = optString(a, "mimeType", p);
      String name = optString(a, "filename", p);
      String id = content == null ? "attachment-" + i : content.substring(content.lastIndexOf('/') + 1);
      out.add(new RemoteFile(id, name == null ? "attachment" : name, type == null ? "application/octet-stream" : type,
          size == null ? -1 : size, content));
    }
    return out;
  }

  /** Atlassian's date object {@code {"iso8601","jira","friendly","epochMillis"}}; the epoch is exact. */
  static @Nullable Instant date(@Nullable Map<String, Object> d, String path) {
    if (d == null) return null;
    Long millis = optLong(d, "epochMillis", path);
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }

  /** Jira's {@code 2026-11-24T10:00:00.000+0000}, or ISO-8601 with a colon in the offset. */
  static @Nullable Instant jiraTime(@Nullable String s, String path) {
    if (s == null) return null;
    try {
      return OffsetDateTime.parse(s, JIRA_TIME).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e2) {
        throw new JsonDataException("Expected a Jira timestamp at path " + path);
      }
    }
  }

  /**
   * An unmodifiable copy of the builder's custom field mapping, each target checked.
   *
   * @throws IllegalArgumentException naming the field whose target is not {@code customfield_<number>}
   */
  static Map<String, String> checkedCustomFields(Map<String, String> fields) {
    Objects.requireNonNull(fields, "fields == null");
    for (Map.Entry<String, String> e : fields.entrySet()) {
      if (e.getValue() == null || !JsmConnector.FIELD.matcher(e.getValue()).matches()) {
        throw new IllegalArgumentException("customFields[" + e.getKey() + "] is '" + e.getValue() + "'; expected customfield_<number>");
      }
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /**
   * The request's fields: summary, description with a footer for what has no field, mapped custom fields, the
   * submission id. Jira refuses a summary over {@value #MAX_SUMMARY_CHARS} and a description over
   * {@value #MAX_TEXT_CHARS} characters (UTF-16 units), which Helpline's own limits allow, so both are shortened to
   * fit: the description keeps its footer's last line, the submission id.
   */
  static Map<String, String> requestFields(NewTicket t, Map<String, String> customFields, String submissionField) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("summary", HtmlText.shorten(t.subject(), MAX_SUMMARY_CHARS));
    StringBuilder footer = new StringBuilder("Priority: ").append(t.priority().name().toLowerCase(Locale.ROOT)).append('\n');
    if (t.category() != null) footer.append("Category: ").append(t.category()).append('\n');
    if (!t.tags().isEmpty()) footer.append("Tags: ").append(String.join(", ", t.tags())).append('\n');
    for (Map.Entry<String, String> e : t.customFields().entrySet()) {
      String field = customFields.get(e.getKey());
      if (field != null) {
        fields.put(field, e.getValue());
      } else {
        footer.append(e.getKey()).append(": ").append(e.getValue()).append('\n');
      }
    }
    fields.put(submissionField, t.submissionId());
    StringBuilder text = new StringBuilder(t.description());
    String summary = t.diagnosticsSummary();
    if (summary != null && !summary.trim().isEmpty()) text.append("\n\n").append(summary.trim());
    fields.put("description", fitDescription(text.toString(), footer.toString(), "Helpline submission " + t.submissionId()));
    return fields;
  }

  /**
   * {@code text}, a {@code --} line, {@code footer} and {@code last} in at most {@value #MAX_TEXT_CHARS} characters:
   * {@code last} whole, the footer shortened to what the text leaves of the room but never below half of it, the
   * text to the rest.
   */
  static String fitDescription(String text, String footer, String last) {
    String rule = "\n\n--\n";
    int room = MAX_TEXT_CHARS - rule.length() - last.length();
    if (text.length() + footer.length() <= room) return text + rule + footer + last;
    int footerRoom = Math.max(room / 2, room - text.length());
    String f = footer.length() <= footerRoom ? footer
        : HtmlText.shorten(footer, footerRoom - SHORTENED.length() - 1) + SHORTENED + "\n";
    String x = text.length() + f.length() <= room ? text : HtmlText.shorten(text, room - f.length() - SHORTENED.length()) + SHORTENED;
    return x + rule + f + last;
  }


  // ---- bodies sent

  static ByteString createRequest(String serviceDeskId, String requestTypeId, Map<String, String> fields, String onBehalfOf) {
    return write(w -> {
      w.beginObject().name("serviceDeskId").value(serviceDeskId).name("requestTypeId").value(requestTypeId);
      w.name("requestFieldValues").beginObject();
      for (Map.Entry<String, String> e : fields.entrySet()) w.name(e.getKey()).value(e.getValue());
      w.endObject().name("raiseOnBehalfOf").value(onBehalfOf).endObject();
    });
  }

  static ByteString comment(String body) {
    return write(w -> w.beginObject().name("body").value(body).name("public").value(true).endObject());
  }

  static ByteString attach(List<String> temporaryIds, @Nullable String comment) {
    return write(w -> {
      w.beginObject().name("temporaryAttachmentIds").beginArray();
      for (String id : temporaryIds) w.value(id);
      w.endArray().name("public").value(true);
      if (comment != null) w.name("additionalComment").beginObject().name("body").value(comment).endObject();
      w.endObject();
    });
  }

  static ByteString feedback(Rating rating) {
    return write(w -> {
      w.beginObject().name("type").value("csat").name("rating").value(rating.score());
      if (!rating.comment().isEmpty()) w.name("comment").beginObject().name("body").value(rating.comment()).endObject();
      w.endObject();
    });
  }

  static ByteString customer(String email, String displayName) {
    return write(w -> w.beginObject().name("email").value(email).name("displayName").value(displayName).endObject());
  }

  static ByteString accountIds(String accountId) {
    return write(w -> w.beginObject().name("accountIds").beginArray().value(accountId).endArray().endObject());
  }

  private interface Writing {
    void write(JsonWriter w) throws IOException;
  }

  private static ByteString write(Writing writing) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      writing.write(w);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readByteString();
  }
}
