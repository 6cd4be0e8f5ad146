package dev.helpline.internal.submit;

import dev.helpline.Attachment;
import dev.helpline.TicketDraft;
import dev.helpline.diagnostics.Diagnostics;
import dev.helpline.diagnostics.RecentLogs;
import dev.helpline.diagnostics.Screenshot;
import dev.helpline.internal.text.SafeCut;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects what a draft asks to have attached: a diagnostics snapshot (the host's providers run on
 * their own executor within a budget, the built-in ones on the caller's thread, see
 * {@code DiagnosticsCollector}), the recent logs and a screenshot,
 * each redacted before it becomes an attachment. The redacted logs are held to the ring's {@link
 * RecentLogs#maxBytes()} again, keeping the newest whole lines, since redaction markers can be longer than
 * what they replace; this happens here, so a preview shows the logs as they are sent. A failing screenshot
 * provider is logged and the report goes out without it.
 */
public final class DiagnosticsStep {
  public static final String DIAGNOSTICS_FILE = "diagnostics.json";
  public static final String LOGS_FILE = "logs.txt";
  private static final String TRUNCATED = "…[truncated]";
  private static final Logger log = LoggerFactory.getLogger(DiagnosticsStep.class);

  private final RedactionStep redaction;
  private final Supplier<Diagnostics> collector;
  private final @Nullable RecentLogs recentLogs;
  private final Screenshot.@Nullable Provider screenshots;
  private final int screenshotMaxDimension;

  public DiagnosticsStep(RedactionStep redaction, Supplier<Diagnostics> collector, @Nullable RecentLogs recentLogs,
      Screenshot.@Nullable Provider screenshots, int screenshotMaxDimension) {
    this.redaction = redaction;
    this.collector = collector;
    this.recentLogs = recentLogs;
    this.screenshots = screenshots;
    this.screenshotMaxDimension = screenshotMaxDimension;
  }

  /** A diagnostics snapshot taken now, redacted as it would be sent. */
  public Diagnostics snapshot() {
    return redaction.diagnostics(collector.get());
  }

  /**
   * Adds to {@code attachments} what {@code draft} asks for; returns the diagnostics snapshot when
   * one was taken, else null.
   */
  @Nullable Diagnostics attach(TicketDraft draft, List<Attachment> attachments) {
    Diagnostics snapshot = null;
    if (draft.includeDiagnostics()) {
      snapshot = snapshot();
      attachments.add(Attachment.ofBytes(DIAGNOSTICS_FILE, "application/json",
          snapshot.toJson().getBytes(StandardCharsets.UTF_8)));
    }
    if (draft.includeLogs() && recentLogs != null) {
      String logs = keepNewest(redaction.logs(recentLogs.snapshot()), recentLogs.maxBytes());
      if (!logs.isEmpty()) {
        attachments.add(Attachment.ofBytes(LOGS_FILE, "text/plain; charset=utf-8", logs.getBytes(StandardCharsets.UTF_8)));
      }
    }
    if (draft.includeScreenshot() && screenshots != null) {
      Screenshot shot = captureScreenshot(screenshots);
      if (shot != null) attachments.add(shot.toAttachment());
    }
    return snapshot;
  }

  /**
   * {@code logs} itself when it has at most {@code maxBytes} UTF-8 bytes; otherwise its newest whole lines
   * that fit, after a first line saying how many older lines were left out. Redaction markers can be longer
   * than what they replace, so redacted logs can outgrow the ring's bound; whole lines are dropped, so no
   * cut lands inside a marker or a token. A newest line that alone does not fit is cut like {@link
   * RecentLogs} cuts a line.
   */
  static String keepNewest(String logs, int maxBytes) {
    if (SafeCut.utf8Length(logs) <= maxBytes) return logs;
    String[] lines = logs.split("\n", -1);
    // Reserved for the longest the marker and its line break can be: left out can only be fewer than all.
    long budget = maxBytes - SafeCut.utf8Length(leftOut(lines.length)) - 1;
    int first = lines.length;
    long used = 0;
    while (first > 0) {
      long cost = SafeCut.utf8Length(lines[first - 1]) + (first < lines.length ? 1 : 0);
      if (used + cost > budget) break;
      used += cost;
      first--;
    }
    if (first == lines.length) {
      if (lines.length == 1) return SafeCut.cutUtf8(logs, maxBytes, TRUNCATED);
      return leftOut(lines.length - 1) + "\n" + SafeCut.cutUtf8(lines[lines.length - 1], (int) budget, TRUNCATED);
    }
    StringBuilder out = new StringBuilder(leftOut(first));
    for (int i = first; i < lines.length; i++) out.append('\n').append(lines[i]);
    return out.toString();
  }

  private static String leftOut(int lines) {
    return "[" + lines + (lines == 1 ? " older line" : " older lines") + " left out to keep the logs within their byte limit]";
  }

  private @Nullable Screenshot captureScreenshot(Screenshot.Provider provider) {
    try {
      return provider.capture(screenshotMaxDimension);
    } catch (Exception e) {
      // The caller's thread was interrupted (a host cancelling its task): it still is when this returns.
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      // A screenshot is a nice-to-have: the report still goes out without it.
      log.warn("Screenshot provider failed; sending the ticket without a screenshot: {}", e.toString());
      return null;
    }
  }
}
