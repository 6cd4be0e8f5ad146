package dev.helpline.sample.cli;

/** The exit codes of {@code helpline}; scripts depend on them. */
public final class ExitCodes {
  /** Done: the ticket was delivered, the outbox is empty, the command did what it was asked. */
  public static final int OK = 0;
  /** Anything else: the desk could not be reached for a read, the data directory failed, a bug. */
  public static final int ERROR = 1;
  /**
   * Rejected: bad input (usage, missing subject, unreadable or oversized attachment, bad URL) found before
   * anything was queued, or a permanent refusal by the desk (for example a wrong token, HTTP 401).
   */
  public static final int REJECTED = 2;
  /** Queued but not yet delivered when the wait ended; the outbox keeps it and delivers it later. */
  public static final int QUEUED = 3;

  private ExitCodes() {}
}
