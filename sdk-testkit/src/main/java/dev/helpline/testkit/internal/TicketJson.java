package dev.helpline.testkit.internal;

import dev.helpline.testkit.internal.Records.MessageRecord;
import dev.helpline.testkit.internal.Records.StoredFile;
import dev.helpline.testkit.internal.Records.TicketRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The wire JSON of tickets, messages and files, as the Support API and the admin API show them. */
final class TicketJson {
  private TicketJson() {}

  static Map<String, Object> ticket(TicketRecord t) {
    Map<String, Object> requester = null;
    if (t.requesterId != null || t.requesterEmail != null || t.requesterName != null) {
      requester = Json.obj("id", t.requesterId, "email", t.requesterEmail, "name", t.requesterName);
    }
    List<Object> files = new ArrayList<>();
    for (StoredFile f : t.attachments) {
      files.add(file(t, f));
    }
    return Json.obj(
        "id", t.id,
        "subject", t.subject,
        "description", t.description,
        "status", t.status,
        "priority", t.priority,
        "category", t.category,
        "tags", new ArrayList<>(t.tags),
        "customFields", new LinkedHashMap<>(t.customFields),
        "requester", requester,
        "createdAt", t.createdAt.toString(),
        "updatedAt", t.updatedAt.toString(),
        "attachments", files);
  }

  /** The agent's view: the ticket plus messages, rating, idempotency key, diagnostics summary and version. */
  static Map<String, Object> admin(TicketRecord t) {
    Map<String, Object> json = ticket(t);
    List<Object> messages = new ArrayList<>();
    for (MessageRecord m : t.messages) {
      messages.add(message(t, m));
    }
    json.put("messages", messages);
    json.put("rating", t.ratingScore == null ? null
        : Json.obj("score", t.ratingScore, "comment", t.ratingComment, "ratedAt", String.valueOf(t.ratedAt)));
    json.put("idempotencyKey", t.idempotencyKey);
    json.put("diagnosticsSummary", t.diagnosticsSummary);
    json.put("version", t.version);
    return json;
  }

  static Map<String, Object> message(TicketRecord t, MessageRecord m) {
    List<Object> files = new ArrayList<>();
    for (StoredFile f : m.attachments) {
      files.add(file(t, f));
    }
    return Json.obj("id", m.id, "author", m.author, "authorName", m.authorName, "body", m.body,
        "createdAt", m.createdAt.toString(), "attachments", files);
  }

  private static Map<String, Object> file(TicketRecord t, StoredFile f) {
    return Json.obj("id", f.id, "fileName", f.fileName, "mediaType", f.mediaType, "size", f.size,
        "url", "/v1/tickets/" + t.id + "/attachments/" + f.id);
  }

  static String encodeCursor(long before) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(("before:" + before).getBytes(StandardCharsets.US_ASCII));
  }

  /** A messages cursor names its ticket, so that a cursor of another ticket's conversation is refused. */
  static String encodeMessageCursor(String ticketId, int from) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(("from:" + ticketId + ":" + from).getBytes(StandardCharsets.US_ASCII));
  }

  /** The index of the first message a messages cursor stands for; 400 if it is not one of ours for this ticket. */
  static int decodeMessageCursor(String cursor, String ticketId, int messageCount) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
      String prefix = "from:" + ticketId + ":";
      if (text.startsWith(prefix)) {
        int v = Integer.parseInt(text.substring(prefix.length()));
        if (v > 0 && v <= messageCount) {
          return v;
        }
      }
    } catch (IllegalArgumentException e) {
      // fall through to the 400 below, which names the field
    }
    throw ApiException.invalid("cursor", "cursor is not a cursor this desk issued");
  }

  /** The exclusive upper bound a cursor stands for; 400 if it is not one of ours. */
  static long decodeCursor(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
      if (text.startsWith("before:")) {
        long v = Long.parseLong(text.substring(7));
        if (v > 0) {
          return v;
        }
      }
    } catch (IllegalArgumentException e) {
      // fall through to the 400 below, which names the field
    }
    throw ApiException.invalid("cursor", "cursor is not a cursor this desk issued");
  }
}
