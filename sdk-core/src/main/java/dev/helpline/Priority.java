package dev.helpline;

/** How urgent a ticket is. Connectors map these to their desk's own scale. */
public enum Priority {
  /** The lowest urgency. */
  LOW,
  /** The usual urgency; a draft's default. */
  NORMAL,
  /** More urgent than usual. */
  HIGH,
  /** The highest urgency. */
  URGENT
}
