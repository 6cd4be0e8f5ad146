package dev.helpline;

import dev.helpline.TicketDraft.BeforeSubmit;

/** The host's {@link BeforeSubmit} hook vetoed the draft: nothing was stored or sent. */
public final class SubmissionVetoedException extends HelplineException {
  /** An exception whose message names the vetoed draft's {@code subject}. */
  public SubmissionVetoedException(String subject) {
    super("the beforeSubmit hook vetoed the ticket '" + subject + "'; nothing was stored or sent");
  }
}
