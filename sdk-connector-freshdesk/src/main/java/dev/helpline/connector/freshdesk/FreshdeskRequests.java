package dev.helpline.connector.freshdesk;

import dev.helpline.Attachment;
import dev.helpline.DeskException;
import dev.helpline.Message.RemoteFile;
import dev.helpline.Requester;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.UserAuth;
import dev.helpline.internal.http.AttachmentBody;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import okhttp3.MultipartBody;
import okhttp3.RequestBody;

/** The create and note bodies the connector sends: fields, footer and streamed files. */
final class FreshdeskRequests {
  private FreshdeskRequests() {}

  static FreshdeskJson.Outgoing outgoing(NewTicket t, Requester requester, Map<String, String> customFields,
      Map<String, String> categoryTypes, String submissionField) {
    FreshdeskJson.Outgoing o = new FreshdeskJson.Outgoing();
    o.name = requester.name();
    o.email = Objects.requireNonNull(requester.email());
    o.subject = t.subject();
    o.priority = FreshdeskJson.priority(t.priority());
    String category = t.category();
    o.type = category == null ? null : categoryTypes.get(category);
    o.tags.addAll(t.tags());
    StringBuilder footer = new StringBuilder();
    for (Map.Entry<String, String> e : t.customFields().entrySet()) {
      String field = customFields.get(e.getKey());
      if (field != null) {
        o.customFields.put(field, e.getValue());
      } else {
        footer.append(e.getKey()).append(": ").append(e.getValue()).append('\n');
      }
    }
    o.customFields.put(submissionField, t.submissionId());
    StringBuilder text = new StringBuilder(t.description());
    String summary = t.diagnosticsSummary();
    if (summary != null && !summary.trim().isEmpty()) text.append("\n\n").append(summary.trim());
    text.append("\n\n--\n").append(footer).append("Helpline submission ").append(t.submissionId());
    o.description = FreshdeskJson.html(text.toString());
    return o;
  }

  static RequestBody multipart(FreshdeskJson.Outgoing o, List<Attachment> attachments, List<AttachmentBody> files) {
    MultipartBody.Builder mb = new MultipartBody.Builder().setType(MultipartBody.FORM);
    if (o.name != null) mb.addFormDataPart("name", o.name);
    mb.addFormDataPart("email", o.email).addFormDataPart("subject", o.subject)
        .addFormDataPart("description", o.description).addFormDataPart("status", "2")
        .addFormDataPart("priority", Integer.toString(o.priority));
    if (o.type != null) mb.addFormDataPart("type", o.type);
    for (String tag : o.tags) mb.addFormDataPart("tags[]", tag);
    for (Map.Entry<String, String> e : o.customFields.entrySet()) mb.addFormDataPart("custom_fields[" + e.getKey() + "]", e.getValue());
    addFiles(mb, attachments, files);
    return mb.build();
  }

  static RequestBody noteMultipart(String html, long userId, List<Attachment> attachments, List<AttachmentBody> files) {
    MultipartBody.Builder mb = new MultipartBody.Builder().setType(MultipartBody.FORM).addFormDataPart("body", html)
        .addFormDataPart("private", "false").addFormDataPart("incoming", "true")
        .addFormDataPart("user_id", Long.toString(userId));
    addFiles(mb, attachments, files);
    return mb.build();
  }

  private static void addFiles(MultipartBody.Builder mb, List<Attachment> attachments, List<AttachmentBody> files) {
    for (int i = 0; i < files.size(); i++) mb.addFormDataPart("attachments[]", attachments.get(i).fileName(), files.get(i));
  }

  /** The files' bodies, refused before any I/O when together they exceed Freshdesk's cap. */
  static List<AttachmentBody> bodies(List<Attachment> attachments) throws IOException {
    List<AttachmentBody> out = new ArrayList<>();
    long total = 0;
    for (Attachment a : attachments) {
      AttachmentBody b = AttachmentBody.of(a);
      total += b.contentLength();
      out.add(b);
    }
    if (total > FreshdeskConnector.MAX_ATTACHMENT_BYTES) {
      throw new DeskException(413, "AttachmentsTooLarge", "the attachments add up to " + total + " bytes; Freshdesk accepts at most "
          + FreshdeskConnector.MAX_ATTACHMENT_BYTES + " bytes (20 MB) per ticket or note", "attachments", null);
    }
    return out;
  }

  /**
   * Refuses before any I/O the files of a note that would take a ticket over Freshdesk's cap, which counts all of a
   * ticket's files: its own ({@code ticketFiles}) and those of its conversations ({@code conversationBytes}). A note
   * without files always fits.
   */
  static void fitTicket(List<AttachmentBody> files, List<RemoteFile> ticketFiles, long conversationBytes) throws IOException {
    if (files.isEmpty()) return;
    long attached = conversationBytes;
    for (RemoteFile f : ticketFiles) attached += Math.max(0, f.size());
    long total = 0;
    for (AttachmentBody b : files) total += b.contentLength();
    if (attached + total > FreshdeskConnector.MAX_ATTACHMENT_BYTES) {
      throw new DeskException(413, "AttachmentsTooLarge", "the ticket already holds " + attached + " bytes of attachments and these add "
          + total + "; Freshdesk accepts at most " + FreshdeskConnector.MAX_ATTACHMENT_BYTES + " bytes (20 MB) per ticket",
          "attachments", null);
    }
  }

  /** The requester's e-mail, by which Freshdesk finds their tickets. */
  static String email(UserAuth user) {
    Objects.requireNonNull(user, "user == null");
    String email = user.requester().email();
    if (email == null || email.indexOf('@') < 1) {
      throw new IllegalArgumentException("Freshdesk reads a requester's tickets by e-mail; UserAuth.requester().email() is missing");
    }
    return email.toLowerCase(Locale.ROOT);
  }

  /** Freshdesk ids are digits. */
  static void checkId(String ticketId) {
    Objects.requireNonNull(ticketId, "ticketId == null");
    if (!ticketId.matches("[0-9]{1,19}")) {
      throw new IllegalArgumentException("ticketId '" + ticketId + "' is not a Freshdesk id (digits only)");
    }
  }
}
