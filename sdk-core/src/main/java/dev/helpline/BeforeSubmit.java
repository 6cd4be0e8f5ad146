package dev.helpline;

import org.jspecify.annotations.Nullable;

/**
 * The host's last word on a report, called by {@link Helpline#preview} and {@link Helpline#submit}
 * on the caller's thread after redaction and before diagnostics are attached. It may return the
 * draft unchanged, an edited copy (built with {@link TicketDraft#toBuilder()}; it is validated
 * again), or null to veto, which makes the call throw {@link SubmissionVetoedException}.
 */
@FunctionalInterface
public interface BeforeSubmit {
  @Nullable TicketDraft apply(TicketDraft redactedDraft);
}
