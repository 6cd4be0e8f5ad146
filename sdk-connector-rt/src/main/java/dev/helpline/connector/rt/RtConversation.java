package dev.helpline.connector.rt;

import static dev.helpline.connector.rt.RtMapping.sqlString;

import dev.helpline.DeskException;
import dev.helpline.Message;
import dev.helpline.Message.RemoteFile;
import dev.helpline.internal.text.HtmlText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Who may see a ticket and who said what in it: the requester check RT's own rights cannot make for a
 * service account, and the mapping of RT transactions to {@link Message}s with their attachments.
 */
final class RtConversation {
  /** Transactions and attachments are read in pages of this size. */
  static final int TRANSACTION_PAGE = 100;

  private final RtHttp http;
  private final String submissionField;
  /** RT user names that act for requesters; learned from tickets filed through Helpline. */
  private final Set<String> serviceAccounts;

  RtConversation(RtHttp http, String submissionField, Set<String> serviceAccounts) {
    this.http = http;
    this.submissionField = submissionField;
    this.serviceAccounts = serviceAccounts;
  }

  /** 404 unless ticket {@code id} has a requestor with {@code email}: the same answer as for a missing ticket. */
  void authorize(String id, String email) throws IOException {
    HttpUrl url = http.url("tickets")
        .addQueryParameter("query", "id = " + id + " AND Requestor.EmailAddress = '" + sqlString(email) + "'")
        .addQueryParameter("per_page", "1").build();
    Map<String, Object> result = RtHttp.JSON.object(http.json(http.request(url).build()), "a ticket search");
    for (Object item : RtHttp.JSON.list(result.get("items"))) {
      Map<String, Object> o = RtHttp.JSON.objectOrNull(item);
      if (o != null && id.equals(RtHttp.JSON.string(o, "id"))) return;
    }
    throw new DeskException(404, "Not Found");
  }

  /**
   * Executes a read of ticket {@code id}. RT answers 403 for a ticket the service account may not see (a queue
   * without its ShowTicket) and 404 for a missing one; the 403 becomes {@link #authorize}'s 404 unless {@code email}
   * is a requestor, so that another queue's ticket reads as a missing one.
   */
  Response readTicket(Request request, String id, String email) throws IOException {
    try {
      return http.execute(request);
    } catch (DeskException e) {
      if (e.httpStatus() == 403) authorize(id, email);
      throw e;
    }
  }

  /** Ticket {@code id} as RT sends it, read as {@link #readTicket} does. */
  Map<String, Object> ticket(String id, String email) throws IOException {
    try (Response response = readTicket(http.request(http.url("ticket", id).build()).build(), id, email)) {
      return RtHttp.JSON.object(http.parse(http.read(response), "a ticket"), "a ticket");
    }
  }

  /** RT names auto-created requesters by their e-mail; other names fall back to a TicketSQL check. */
  static boolean requestorsInclude(Map<String, Object> ticket, String email) {
    for (Object r : RtHttp.JSON.list(ticket.get("Requestor"))) {
      Map<String, Object> o = RtHttp.JSON.objectOrNull(r);
      String name = o == null ? null : RtHttp.JSON.string(o, "id");
      if (name != null && name.equalsIgnoreCase(email)) return true;
    }
    return false;
  }

  /**
   * The RT user names whose transactions speak for the requester: the requestors themselves and the
   * service account that files and answers on their behalf. A ticket carrying a submission id was filed
   * through Helpline, so its creator is the service account.
   */
  Set<String> requesterSide(Map<String, Object> ticket, String email) {
    Set<String> side = new HashSet<>(serviceAccounts);
    side.add(email.toLowerCase(Locale.ROOT));
    for (Object r : RtHttp.JSON.list(ticket.get("Requestor"))) {
      Map<String, Object> o = RtHttp.JSON.objectOrNull(r);
      String name = o == null ? null : RtHttp.JSON.string(o, "id");
      if (name != null) side.add(name.toLowerCase(Locale.ROOT));
    }
    boolean filedByHelpline = false;
    for (Object cf : RtHttp.JSON.list(ticket.get("CustomFields"))) {
      Map<String, Object> o = RtHttp.JSON.objectOrNull(cf);
      if (o != null && submissionField.equals(RtHttp.JSON.string(o, "name")) && !RtHttp.JSON.list(o.get("values")).isEmpty()) {
        filedByHelpline = true;
      }
    }
    String creator = RtHttp.JSON.refId(ticket, "Creator");
    if (filedByHelpline && creator != null) {
      String c = creator.toLowerCase(Locale.ROOT);
      side.add(c);
      serviceAccounts.add(c);
    }
    return side;
  }

  Message message(String txnId, Map<String, Object> txn, Set<String> requesterSide,
      Message.@Nullable Author forced) throws IOException {
    String creator = RtHttp.JSON.refId(txn, "Creator");
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
    // RT's web UI stores an agent's reply as text/html alone (its rich-text editor is on by default).
    String htmlId = null;
    List<RemoteFile> files = new ArrayList<>();
    for (int page = 1; ; page++) {
      HttpUrl url = http.url("transaction", txnId, "attachments")
          .addQueryParameter("fields", "ContentType,Filename,ContentLength")
          .addQueryParameter("page", Integer.toString(page))
          .addQueryParameter("per_page", Integer.toString(TRANSACTION_PAGE)).build();
      Map<String, Object> result = RtHttp.JSON.object(http.json(http.request(url).build()), "a transaction's attachments");
      List<Object> items = RtHttp.JSON.list(result.get("items"));
      for (Object item : items) {
        Map<String, Object> a = RtHttp.JSON.objectOrNull(item);
        String id = a == null ? null : RtHttp.JSON.string(a, "id");
        if (id == null) continue;
        String fileName = RtHttp.JSON.string(a, "Filename");
        String type = RtHttp.JSON.string(a, "ContentType");
        if (fileName != null && !fileName.isEmpty()) {
          files.add(new RemoteFile(id, fileName, type == null || type.isEmpty() ? "application/octet-stream" : type,
              RtHttp.JSON.number(a, "ContentLength", -1), http.url("attachment", id).build().toString()));
        } else if (bodyId == null && "text/plain".equalsIgnoreCase(type)) {
          bodyId = id;
        } else if (htmlId == null && "text/html".equalsIgnoreCase(type)) {
          htmlId = id;
        }
      }
      if (items.size() < TRANSACTION_PAGE) break;
    }
    String body = "";
    if (bodyId != null) {
      body = text(bodyId);
    } else if (htmlId != null) {
      body = HtmlText.toPlainText(text(htmlId));
    }
    return new Message(txnId, author, creator, body, RtHttp.JSON.instant(txn, "Created"), files);
  }


  /** The content of text part {@code attachmentId}; RT stores text as UTF-8 and sends it base64-encoded. */
  private String text(String attachmentId) throws IOException {
    Map<String, Object> part;
    try (Response response = http.execute(http.request(http.url("attachment", attachmentId).build()).build())) {
      part = RtHttp.JSON.object(http.parse(RtHttp.read(response, RtHttp.ATTACHMENT_CAP), "a message body"), "a message body");
    }
    String content = RtHttp.JSON.string(part, "Content");
    return content == null ? "" : new String(Base64.getMimeDecoder().decode(content), StandardCharsets.UTF_8);
  }

  /** The transaction types of the public conversation; a {@code Comment} is internal to the desk's staff. */
  static boolean isPublic(@Nullable String transactionType) {
    return "Create".equals(transactionType) || "Correspond".equals(transactionType);
  }

  /**
   * The content of attachment {@code fileId}, which must belong to a public transaction ({@code Create} or
   * {@code Correspond}) of ticket {@code id}, else a {@link DeskException} 404, as for a missing file: RT serves the
   * files of internal comments to a service account with {@code ShowTicketComments}. RT sends the content
   * base64-encoded in JSON, read with an 8 MiB cap.
   */
  byte[] file(String id, String fileId) throws IOException {
    Map<String, Object> attachment;
    try (Response response = http.execute(http.request(http.url("attachment", fileId).build()).build())) {
      attachment = RtHttp.JSON.object(http.parse(RtHttp.read(response, RtHttp.ATTACHMENT_CAP), "an attachment"), "an attachment");
    }
    String txnId = RtHttp.JSON.refId(attachment, "TransactionId");
    Map<String, Object> txn = txnId == null ? null
        : RtHttp.JSON.object(http.json(http.request(http.url("transaction", txnId).build()).build()), "a transaction");
    Map<String, Object> object = txn == null ? null : RtHttp.JSON.objectOrNull(txn.get("Object"));
    if (object == null || !"ticket".equals(RtHttp.JSON.string(object, "type")) || !id.equals(RtHttp.JSON.string(object, "id"))
        || !isPublic(RtHttp.JSON.string(txn, "Type"))) {
      throw new DeskException(404, "Not Found");
    }
    String content = RtHttp.JSON.string(attachment, "Content");
    return content == null ? new byte[0] : Base64.getMimeDecoder().decode(content);
  }
}
