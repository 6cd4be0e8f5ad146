package dev.helpline.server.internal;

import dev.helpline.Priority;
import dev.helpline.TicketDraft;
import dev.helpline.internal.text.OneLine;
import dev.helpline.internal.text.SafeCut;
import dev.helpline.internal.text.Surrogates;
import dev.helpline.server.ErrorEvent;
import dev.helpline.server.FingerprintStore.Tally;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The ticket and follow-up texts of an error report. Everything here goes through the client's
 * normal submit and reply paths, so the redactor sees subject, description and custom fields.
 *
 * <p>That redaction comes after the cuts made here (subject, logged message, context values, stack
 * trace), so every cut is a {@link SafeCut}: it never keeps part of an e-mail address, card number,
 * IBAN or key, which the redactor would no longer recognise. Each limit counts the cut's marker.
 *
 * <p>The client limits a description in UTF-8 bytes (64 KiB by default), so the description's parts
 * are cut by UTF-8 bytes, never inside a character: text in Chinese, say, takes three bytes a
 * character, and a limit in characters would make such a ticket too long to be filed. The whole
 * description stays within {@value #MAX_DESCRIPTION_BYTES} bytes, leaving room for redaction markers
 * that are longer than what they replace.
 */
public final class TicketText {
  static final int MAX_SUBJECT_CHARS = 180;
  static final int MAX_DESCRIPTION_BYTES = 60 * 1024;
  static final int MAX_TRACE_BYTES = 16 * 1024;
  static final int MAX_MESSAGE_BYTES = 8 * 1024;
  static final int MAX_CONTEXT_ENTRIES = 20;
  static final int MAX_CONTEXT_VALUE_BYTES = 1000;
  /** The source and the request id in a custom field. */
  static final int MAX_FIELD_VALUE_CHARS = 1000;
  private static final String TRUNCATED = "…[truncated]";

  private TicketText() {}

  /** The ticket for the first occurrence of an incident. */
  public static TicketDraft draft(String service, ErrorEvent event, String fingerprint, Tally tally,
      List<String> requestIdKeys, Duration followUpInterval) {
    // Half of a character (a message or value cut inside an emoji) becomes U+FFFD: a ticket refused for it would
    // lose the report.
    String message = event.message() == null ? null : Surrogates.wellFormed(event.message());
    Throwable error = event.error();
    String type = error != null ? error.getClass().getName() : "log";
    String what = error != null ? error.getClass().getSimpleName() + (error.getMessage() != null
        ? ": " + error.getMessage() : "") : String.valueOf(message);
    String subject = oneLine(Surrogates.wellFormed("[" + service + "] " + event.source() + ": " + what));
    subject = SafeCut.cut(subject, MAX_SUBJECT_CHARS, "…");

    StringBuilder d = new StringBuilder();
    d.append(event.source()).append(" of ").append(service).append(" failed.\n");
    if (error != null && message != null) {
      d.append("Logged: ").append(SafeCut.cutUtf8(message, MAX_MESSAGE_BYTES, TRUNCATED)).append('\n');
    }
    String requestId = requestId(event.context(), requestIdKeys);
    if (requestId != null) d.append("Request: ").append(requestId).append('\n');
    if (!event.context().isEmpty()) {
      d.append("\nContext:\n");
      int n = 0;
      for (Map.Entry<String, String> e : event.context().entrySet()) {
        if (n++ == MAX_CONTEXT_ENTRIES) {
          d.append("  …").append(event.context().size() - MAX_CONTEXT_ENTRIES).append(" more\n");
          break;
        }
        d.append("  ").append(e.getKey()).append(": ").append(SafeCut.cutUtf8(e.getValue(), MAX_CONTEXT_VALUE_BYTES, "…"))
            .append('\n');
      }
    }
    if (error != null) {
      StringWriter trace = new StringWriter();
      error.printStackTrace(new PrintWriter(trace));
      d.append('\n').append(SafeCut.cutUtf8(trace.toString(), MAX_TRACE_BYTES, "\n" + TRUNCATED));
    }
    String closing = "\nFurther failures with the same fingerprint are counted and added to this ticket at most"
        + " once every " + interval(followUpInterval) + "; no new ticket is opened while this one is open.";
    // Context keys, the source and the request id are not cut above: the whole stays within the limit too.
    int room = MAX_DESCRIPTION_BYTES - (int) SafeCut.utf8Length(closing);
    String description = SafeCut.cutUtf8(Surrogates.wellFormed(d.toString()), room, "\n" + TRUNCATED) + closing;

    TicketDraft.Builder b = TicketDraft.builder()
        .subject(subject)
        .description(description)
        .priority(Priority.HIGH)
        .category("error-report")
        .addTag("error-report")
        .customField("error.fingerprint", fingerprint)
        .customField("error.type", type)
        .customField("error.source", clip(event.source()))
        .customField("error.occurrences", Long.toString(tally.count()))
        .customField("error.first_seen", tally.firstSeen().toString())
        .customField("error.last_seen", tally.lastSeen().toString())
        .includeDiagnostics(true);
    if (requestId != null) b.customField("error.request_id", clip(requestId));
    return b.build();
  }

  /** The follow-up message carrying an incident's counts. */
  public static String followUp(Tally claimed) {
    long added = claimed.count() - claimed.reportedCount();
    return "Seen " + added + " more time(s) since the last update; " + claimed.count() + " occurrences in total.\n"
        + "error.occurrences: " + claimed.count() + "\nerror.first_seen: " + claimed.firstSeen()
        + "\nerror.last_seen: " + claimed.lastSeen();
  }

  /** {@code d} as a ticket states it, exactly: "15 min", "1 h", "90 s" (never rounded down to "1 min"). */
  static String interval(Duration d) {
    if (d.getNano() != 0) return d.toMillis() + " ms";
    long seconds = d.getSeconds();
    if (seconds % 3600 == 0) return seconds / 3600 + " h";
    if (seconds % 60 == 0) return seconds / 60 + " min";
    return seconds + " s";
  }

  static String requestId(Map<String, String> context, List<String> keys) {
    for (String k : keys) {
      String v = context.get(k);
      if (v != null && !v.isEmpty()) return v;
    }
    return null;
  }

  private static String clip(String s) {
    return SafeCut.cut(Surrogates.wellFormed(s), MAX_FIELD_VALUE_CHARS, "…");
  }

  /** {@code s} with every character a subject may not hold (line breaks, tabs, other controls) as a space. */
  private static String oneLine(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> out.appendCodePoint(OneLine.forbids(cp) ? ' ' : cp));
    return out.toString();
  }
}
