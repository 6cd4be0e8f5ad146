package dev.helpline.internal.delivery;

import dev.helpline.connector.NewTicket;
import dev.helpline.outbox.SubmissionRecord;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Turns the outbox's record of a submission into what a connector sends: the one place they meet. */
public final class NewTickets {
  private NewTickets() {}

  public static NewTicket from(SubmissionRecord r) {
    return from(r, 1);
  }

  /** {@code attempt}: the attempts recorded in the store before this one, plus one; attempt times unknown. */
  public static NewTicket from(SubmissionRecord r, int attempt) {
    return from(r, attempt, null, null, null);
  }

  /**
   * {@code firstAttemptAt}: when the store recorded the submission's first attempt; {@code attemptAt}: when this
   * attempt started; {@code earlierAttemptsEndedBy}: see {@link NewTicket#earlierAttemptsEndedBy()}. All by the
   * delivery clock, each null when unknown.
   */
  public static NewTicket from(SubmissionRecord r, int attempt, @Nullable Instant firstAttemptAt,
      @Nullable Instant attemptAt, @Nullable Instant earlierAttemptsEndedBy) {
    return NewTicket.builder()
        .attempt(attempt)
        .attemptTimes(firstAttemptAt, attemptAt)
        .earlierAttemptsEndedBy(earlierAttemptsEndedBy)
        .submissionId(r.submissionId())
        .subject(r.subject())
        .description(r.description())
        .category(r.category())
        .priority(r.priority())
        .tags(r.tags())
        .customFields(r.customFields())
        .requester(r.requester())
        .attachments(r.attachments())
        .diagnosticsSummary(r.diagnosticsSummary())
        .createdAt(r.createdAt())
        .build();
  }
}
