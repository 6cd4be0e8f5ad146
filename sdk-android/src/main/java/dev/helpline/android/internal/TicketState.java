package dev.helpline.android.internal;

import dev.helpline.Message;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.android.HelpStrings;
import java.util.List;

/** What the ticket list tells the user about a report. */
public enum TicketState {
  /** Stored on the device, not confirmed by the desk yet. */
  QUEUED(HelpStrings.Key.STATE_QUEUED),
  /** The desk refused it for good; kept on the device with the reason. */
  NOT_SENT(HelpStrings.Key.STATE_NOT_SENT),
  /** The desk has it; nobody answered yet. */
  SENT(HelpStrings.Key.STATE_SENT),
  /** The last message is from support. */
  AGENT_REPLIED(HelpStrings.Key.STATE_AGENT_REPLIED),
  /** Solved, closed or rejected by support. */
  RESOLVED(HelpStrings.Key.STATE_RESOLVED);

  public final HelpStrings.Key label;

  TicketState(HelpStrings.Key label) {
    this.label = label;
  }

  static TicketState of(Submission.State state) {
    return state == Submission.State.FAILED ? NOT_SENT : QUEUED;
  }

  /** The state of a ticket at the desk given its public conversation (oldest first). */
  static TicketState of(Ticket ticket, List<Message> messages) {
    switch (ticket.status()) {
      case SOLVED:
      case CLOSED:
      case REJECTED:
        return RESOLVED;
      default:
        break;
    }
    if (!messages.isEmpty() && messages.get(messages.size() - 1).author() == Message.Author.AGENT) return AGENT_REPLIED;
    return SENT;
  }
}
