package dev.helpline;

/** How urgent a ticket is. Connectors map these to their desk's own scale. */
public enum Priority {
  LOW,
  NORMAL,
  HIGH,
  URGENT
}
