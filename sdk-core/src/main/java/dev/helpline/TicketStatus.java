package dev.helpline;

/** Where a ticket stands at the desk. Connectors map their desk's statuses onto these. */
public enum TicketStatus {
  /** Received, nobody has looked at it yet. */
  NEW,
  /** Being worked on by support. */
  OPEN,
  /** Support is waiting for the requester. */
  PENDING,
  /** Parked by support (waiting on a third party; RT's "stalled"). */
  ON_HOLD,
  /** Support considers it solved; the requester may still reply or rate it. */
  SOLVED,
  /** Closed for good. */
  CLOSED,
  /** Refused by support (RT's "rejected"). */
  REJECTED,
  /** A status this version of Helpline does not know. */
  UNKNOWN
}
