package dev.helpline;

import dev.helpline.outbox.SubmissionRecord;
import dev.helpline.diagnostics.Diagnostics;
import dev.helpline.diagnostics.RecentLogs;
import dev.helpline.diagnostics.RedactionField;
import dev.helpline.diagnostics.Redactor;
import dev.helpline.diagnostics.Screenshot;
import dev.helpline.diagnostics.ScreenshotProvider;
import dev.helpline.internal.DraftValidator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a draft into what is stored and sent: validate, redact, let the host's hook edit or veto,
 * validate again, then attach redacted diagnostics, logs and a screenshot as the draft asks.
 * Runs on the caller's thread; diagnostics providers run on their own executor within a budget.
 */
final class TicketPipeline {
  static final String DIAGNOSTICS_FILE = "diagnostics.json";
  static final String LOGS_FILE = "logs.txt";

  private static final Logger log = LoggerFactory.getLogger(TicketPipeline.class);

  private final DraftValidator validator;
  private final Redactor redactor;
  private final @Nullable BeforeSubmit beforeSubmit;
  private final @Nullable Requester defaultRequester;
  private final Supplier<Diagnostics> diagnostics;
  private final @Nullable RecentLogs recentLogs;
  private final @Nullable ScreenshotProvider screenshots;
  private final int screenshotMaxDimension;

  TicketPipeline(Limits limits, Redactor redactor, @Nullable BeforeSubmit beforeSubmit,
      @Nullable Requester defaultRequester, Supplier<Diagnostics> diagnostics, @Nullable RecentLogs recentLogs,
      @Nullable ScreenshotProvider screenshots, int screenshotMaxDimension) {
    this.validator = new DraftValidator(limits);
    this.redactor = redactor;
    this.beforeSubmit = beforeSubmit;
    this.defaultRequester = defaultRequester;
    this.diagnostics = diagnostics;
    this.recentLogs = recentLogs;
    this.screenshots = screenshots;
    this.screenshotMaxDimension = screenshotMaxDimension;
  }

  Preview prepare(TicketDraft draft) {
    validator.validate(draft);
    TicketDraft redacted = redact(draft);
    if (beforeSubmit != null) {
      TicketDraft edited = beforeSubmit.apply(redacted);
      if (edited == null) throw new SubmissionVetoedException(redacted.subject());
      validator.validate(edited);
      redacted = edited;
    }
    Requester requester = redacted.requester() != null ? redacted.requester() : defaultRequester;

    List<Attachment> attachments = new ArrayList<>(redacted.attachments());
    Diagnostics snapshot = null;
    if (redacted.includeDiagnostics()) {
      snapshot = diagnostics();
      attachments.add(Attachment.ofBytes(DIAGNOSTICS_FILE, "application/json",
          snapshot.toJson().getBytes(StandardCharsets.UTF_8)));
    }
    if (redacted.includeLogs() && recentLogs != null) {
      String logs = redactor.redact(RedactionField.LOGS, recentLogs.snapshot());
      if (!logs.isEmpty()) {
        attachments.add(Attachment.ofBytes(LOGS_FILE, "text/plain; charset=utf-8", logs.getBytes(StandardCharsets.UTF_8)));
      }
    }
    if (redacted.includeScreenshot() && screenshots != null) {
      Screenshot shot = captureScreenshot();
      if (shot != null) attachments.add(shot.toAttachment());
    }
    return new Preview(redacted, requester, snapshot, attachments);
  }

  /** A diagnostics snapshot taken now, redacted as it would be sent. */
  Diagnostics diagnostics() {
    return diagnostics.get().mapStrings(s -> redactor.redact(RedactionField.DIAGNOSTICS, s));
  }

  /** Validates a reply like a draft's description and attachments, and returns the redacted body. */
  String prepareReply(String body, List<Attachment> attachments) {
    if (body.trim().isEmpty()) throw new IllegalArgumentException("reply body is blank");
    validator.validate(TicketDraft.builder().subject("reply").description(body).attachments(attachments).build());
    return redactor.redact(RedactionField.DESCRIPTION, body);
  }

  static SubmissionRecord toRecord(Preview preview, String submissionId, Instant createdAt) {
    TicketDraft d = preview.draft();
    return SubmissionRecord.builder()
        .submissionId(submissionId)
        .subject(d.subject())
        .description(d.description())
        .category(d.category())
        .priority(d.priority())
        .tags(d.tags())
        .customFields(d.customFields())
        .requester(preview.requester())
        .attachments(preview.attachments())
        .diagnosticsSummary(preview.diagnosticsSummary())
        .createdAt(createdAt)
        .build();
  }

  private TicketDraft redact(TicketDraft draft) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : draft.customFields().entrySet()) {
      fields.put(e.getKey(), redactor.redact(RedactionField.CUSTOM_FIELDS, e.getValue()));
    }
    return draft.toBuilder()
        .subject(redactor.redact(RedactionField.SUBJECT, draft.subject()))
        .description(redactor.redact(RedactionField.DESCRIPTION, draft.description()))
        .customFields(fields)
        .build();
  }

  private @Nullable Screenshot captureScreenshot() {
    try {
      return screenshots.capture(screenshotMaxDimension);
    } catch (Exception e) {
      // A screenshot is a nice-to-have: the report still goes out without it.
      log.warn("Screenshot provider failed; sending the ticket without a screenshot: {}", e.toString());
      return null;
    }
  }
}
