package dev.helpline.internal.submit;

import dev.helpline.Attachment;
import dev.helpline.TicketDraft;
import dev.helpline.diagnostics.Diagnostics;
import dev.helpline.diagnostics.RecentLogs;
import dev.helpline.diagnostics.Screenshot;
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
 * each redacted before it becomes an attachment. A failing screenshot provider is logged and the
 * report goes out without it.
 */
public final class DiagnosticsStep {
  public static final String DIAGNOSTICS_FILE = "diagnostics.json";
  public static final String LOGS_FILE = "logs.txt";
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
      String logs = redaction.logs(recentLogs.snapshot());
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

  private @Nullable Screenshot captureScreenshot(Screenshot.Provider provider) {
    try {
      return provider.capture(screenshotMaxDimension);
    } catch (Exception e) {
      // A screenshot is a nice-to-have: the report still goes out without it.
      log.warn("Screenshot provider failed; sending the ticket without a screenshot: {}", e.toString());
      return null;
    }
  }
}
