package dev.helpline.android.internal;

import android.content.Context;
import android.text.format.Formatter;
import dev.helpline.Attachment;
import dev.helpline.Preview;
import dev.helpline.Requester;
import dev.helpline.android.HelpStrings.Key;

/**
 * The form's consent block: everything a {@link Preview} will send, after redaction, under the user's
 * language's labels. The form sets no tags or custom fields and leaves the priority at normal, so those are
 * not listed. Reads no file: the size shown is the one recorded at preview.
 */
final class ConsentText {
  private ConsentText() {}

  static String of(Context c, Preview preview) {
    StringBuilder sb = new StringBuilder(Ui.s(c, Key.CONSENT_TITLE)).append('\n');
    sb.append(Ui.f(c, Key.CONSENT_SUBJECT, preview.subject())).append('\n');
    String category = preview.draft().category();
    if (category != null) sb.append(Ui.f(c, Key.CONSENT_CATEGORY, category)).append('\n');
    Requester requester = preview.requester();
    if (requester != null) sb.append(Ui.f(c, Key.CONSENT_FROM, from(requester))).append('\n');
    if (!preview.description().isEmpty()) sb.append('\n').append(preview.description()).append('\n');
    if (!preview.attachments().isEmpty()) {
      sb.append('\n').append(Ui.f(c, Key.CONSENT_ATTACHMENTS, Formatter.formatShortFileSize(c, preview.attachmentBytes())));
      for (Attachment a : preview.attachments()) sb.append("\n  ").append(a.fileName());
      sb.append('\n');
    }
    String diagnostics = preview.diagnosticsSummary();
    if (diagnostics != null) sb.append('\n').append(Ui.s(c, Key.CONSENT_DIAGNOSTICS)).append('\n').append(diagnostics);
    return sb.toString();
  }

  /** "Ada Lovelace <ada@example.com> (user-42)": the parts the desk receives. */
  private static String from(Requester r) {
    StringBuilder sb = new StringBuilder();
    if (r.name() != null) sb.append(r.name());
    if (r.email() != null) sb.append(sb.length() > 0 ? " " : "").append('<').append(r.email()).append('>');
    if (r.id() != null) sb.append(sb.length() > 0 ? " " : "").append('(').append(r.id()).append(')');
    return sb.toString();
  }
}
