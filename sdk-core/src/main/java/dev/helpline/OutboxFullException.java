package dev.helpline;

/**
 * The outbox reached one of its bounds ({@link Limits#maxOutboxEntries()} or
 * {@link Limits#maxOutboxBytes()}) and refused a new submission. Nothing was evicted to make room:
 * earlier submissions stay queued.
 */
public final class OutboxFullException extends HelplineException {
  private final String bound;
  private final long current;
  private final long limit;

  /** {@code bound} is "entries" or "bytes"; {@code current} includes the refused submission. */
  public OutboxFullException(String bound, long current, long limit) {
    super("outbox is full: " + bound + " would be " + current + " with this submission, the limit is " + limit
        + " (maxOutbox" + (bound.equals("entries") ? "Entries" : "Bytes") + "); the submission was refused"
        + " and nothing was evicted");
    this.bound = bound;
    this.current = current;
    this.limit = limit;
  }

  /** Which bound was hit: "entries" or "bytes". */
  public String bound() {
    return bound;
  }

  /** The value the bound would have reached with the refused submission. */
  public long current() {
    return current;
  }

  /** The bound's limit, in entries or bytes as {@link #bound()} says. */
  public long limit() {
    return limit;
  }
}
