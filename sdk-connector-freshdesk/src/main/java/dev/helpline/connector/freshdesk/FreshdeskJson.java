package dev.helpline.connector.freshdesk;

import static dev.helpline.internal.json.JsonTree.bool;
import static dev.helpline.internal.json.JsonTree.list;
import static dev.helpline.internal.json.JsonTree.longValue;
import static dev.helpline.internal.json.JsonTree.objectAt;
import static dev.helpline.internal.json.JsonTree.optLong;
import static dev.helpline.internal.json.JsonTree.optObject;
import static dev.helpline.internal.json.JsonTree.optString;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonWriter;
import dev.helpline.Message;
import dev.helpline.Priority;
import dev.helpline.Rating;
import dev.helpline.Message.RemoteFile;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.HttpUrl;
import okio.Buffer;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/** Freshdesk's JSON shapes: tickets, conversations, and the bodies the connector sends. */
final class FreshdeskJson {
  private FreshdeskJson() {}

  /** A ticket as read, with what the connector needs beyond {@link Ticket}. */
  static final class Remote {
    Ticket ticket;
    long requesterId;
    @Nullable String requesterEmail;
    @Nullable String requesterName;
    String descriptionText = "";
    List<RemoteFile> attachments = new ArrayList<>();
    @Nullable Instant createdAt;
    @Nullable String submissionId;
    /** Deleted (in the trash) or marked as spam: left out of Freshdesk's lists, though a view still shows it. */
    boolean hidden;
  }

  /** Freshdesk's numeric priorities: 1 Low, 2 Medium, 3 High, 4 Urgent. */
  static int priority(Priority p) {
    switch (p) {
      case LOW:
        return 1;
      case HIGH:
        return 3;
      case URGENT:
        return 4;
      default:
        return 2;
    }
  }

  static @Nullable Priority priority(@Nullable Long value) {
    if (value == null) return null;
    switch (value.intValue()) {
      case 1:
        return Priority.LOW;
      case 2:
        return Priority.NORMAL;
      case 3:
        return Priority.HIGH;
      case 4:
        return Priority.URGENT;
      default:
        return null;
    }
  }

  /** Freshdesk's statuses: 2 Open, 3 Pending, 4 Resolved, 5 Closed; custom statuses (6 and up) are UNKNOWN. */
  static TicketStatus status(long value) {
    switch ((int) value) {
      case 2:
        return TicketStatus.OPEN;
      case 3:
        return TicketStatus.PENDING;
      case 4:
        return TicketStatus.SOLVED;
      case 5:
        return TicketStatus.CLOSED;
      default:
        return TicketStatus.UNKNOWN;
    }
  }

  /** Helpline's 1 to 5 on Freshdesk's survey scale (-103 extremely unhappy … 103 extremely happy). */
  static int surveyValue(Rating rating) {
    switch (rating.score()) {
      case 1:
        return -103;
      case 2:
        return -102;
      case 3:
        return 100;
      case 4:
        return 102;
      default:
        return 103;
    }
  }

  static Remote ticket(Object json, HttpUrl base, String submissionField, String path) {
    Map<String, Object> t = objectAt(json, path);
    Remote r = new Remote();
    long id = longValue(t, "id", path);
    String subject = optString(t, "subject", path);
    r.createdAt = time(optString(t, "created_at", path), path + ".created_at");
    Instant updated = time(optString(t, "updated_at", path), path + ".updated_at");
    String url = base.newBuilder().addPathSegments("support/tickets").addPathSegment(Long.toString(id)).build().toString();
    r.ticket = new Ticket(Long.toString(id), subject == null ? "" : subject, status(longValue(t, "status", path)),
        priority(optLong(t, "priority", path)), r.createdAt, updated, url);
    Long requester = optLong(t, "requester_id", path);
    r.requesterId = requester == null ? -1 : requester;
    Map<String, Object> req = optObject(t, "requester", path);
    if (req != null) {
      r.requesterEmail = optString(req, "email", path + ".requester");
      r.requesterName = optString(req, "name", path + ".requester");
    }
    String text = optString(t, "description_text", path);
    r.descriptionText = text == null ? "" : text;
    r.attachments = attachments(list(t, "attachments", path), path + ".attachments");
    Map<String, Object> custom = optObject(t, "custom_fields", path);
    if (custom != null && custom.get(submissionField) instanceof String) r.submissionId = (String) custom.get(submissionField);
    r.hidden = bool(t, "deleted", false, path) || bool(t, "spam", false, path);
    return r;
  }

  /** Attachment objects; Freshdesk documents the size as {@code size} in some answers and {@code file_size} in others. */
  static List<RemoteFile> attachments(List<?> list, String path) {
    List<RemoteFile> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String p = path + "[" + i + "]";
      Map<String, Object> a = objectAt(list.get(i), p);
      Long size = optLong(a, "size", p);
      if (size == null) size = optLong(a, "file_size", p);
      String type = optString(a, "content_type", p);
      String name = optString(a, "name", p);
      out.add(new RemoteFile(Long.toString(longValue(a, "id", p)), name == null ? "attachment" : name,
          type == null ? "application/octet-stream" : type, size == null ? -1 : size, optString(a, "attachment_url", p)));
    }
    return out;
  }

  /**
   * A conversation entry; author by who wrote it: the ticket's requester, or anyone writing from outside the desk
   * ({@code incoming}, such as a colleague on CC answering the mail), is the requester's side; anyone else is an agent.
   * Only the requester's own entries carry the requester's name.
   */
  static Message conversation(Object json, long requesterId, @Nullable String requesterName, String path) {
    Map<String, Object> c = objectAt(json, path);
    Long user = optLong(c, "user_id", path);
    boolean byRequester = user != null && user == requesterId;
    boolean fromOutside = byRequester || bool(c, "incoming", false, path);
    String text = optString(c, "body_text", path);
    if (text == null) text = optString(c, "body", path);
    return new Message(Long.toString(longValue(c, "id", path)), fromOutside ? Message.Author.REQUESTER : Message.Author.AGENT,
        byRequester ? requesterName : null, text == null ? "" : text, time(optString(c, "created_at", path), path + ".created_at"),
        attachments(list(c, "attachments", path), path + ".attachments"));
  }

  static boolean isPrivate(Object json, String path) {
    return bool(objectAt(json, path), "private", false, path);
  }

  static @Nullable Instant time(@Nullable String s, String path) {
    if (s == null) return null;
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw new JsonDataException("Expected an ISO-8601 timestamp at path " + path);
    }
  }

  /** Plain text as the HTML Freshdesk stores: entities escaped, line breaks as {@code <br>}. */
  static String html(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&':
          sb.append("&amp;");
          break;
        case '<':
          sb.append("&lt;");
          break;
        case '>':
          sb.append("&gt;");
          break;
        case '"':
          sb.append("&quot;");
          break;
        case '\n':
          sb.append("<br>");
          break;
        case '\r':
          break;
        default:
          sb.append(c);
      }
    }
    return sb.toString();
  }

  /** The fields of a new ticket, written as JSON or as multipart form fields. */
  static final class Outgoing {
    @Nullable String name;
    String email = "";
    String subject = "";
    String description = "";
    int priority = 2;
    @Nullable String type;
    List<String> tags = new ArrayList<>();
    Map<String, String> customFields = new LinkedHashMap<>();
  }

  static ByteString ticketJson(Outgoing o) {
    return write(w -> {
      w.beginObject();
      if (o.name != null) w.name("name").value(o.name);
      w.name("email").value(o.email);
      w.name("subject").value(o.subject);
      w.name("description").value(o.description);
      w.name("status").value(2);
      w.name("priority").value(o.priority);
      if (o.type != null) w.name("type").value(o.type);
      if (!o.tags.isEmpty()) {
        w.name("tags").beginArray();
        for (String t : o.tags) w.value(t);
        w.endArray();
      }
      w.name("custom_fields").beginObject();
      for (Map.Entry<String, String> e : o.customFields.entrySet()) w.name(e.getKey()).value(e.getValue());
      w.endObject();
      w.endObject();
    });
  }

  static ByteString noteJson(String html, long userId) {
    return write(w -> w.beginObject().name("body").value(html).name("private").value(false)
        .name("incoming").value(true).name("user_id").value(userId).endObject());
  }

  static ByteString ratingJson(Rating rating, int value) {
    return write(w -> {
      w.beginObject().name("ratings").beginObject().name("default_question").value(value).endObject();
      if (!rating.comment().isEmpty()) w.name("feedback").value(rating.comment());
      w.endObject();
    });
  }

  /** The ticket filter query for a submission id; the id is restricted to characters that need no quoting. */
  static String submissionQuery(String field, String submissionId) {
    return "\"" + field + ":'" + submissionId + "'\"";
  }

  static String lower(@Nullable String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
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
