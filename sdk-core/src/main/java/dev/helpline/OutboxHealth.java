package dev.helpline;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A snapshot of the outbox's state, for a support or diagnostics screen. Immutable. */
public final class OutboxHealth {
  /** The state of the circuit breaker in front of the desk. */
  public enum CircuitState {
    /** Calls go through. */
    CLOSED,
    /** Too many recent failures: the desk is not called until the wait is over. */
    OPEN,
    /** Trying a few calls to see whether the desk is back. */
    HALF_OPEN
  }

  private final int pending;
  private final int failed;
  private final @Nullable Duration oldestPendingAge;
  private final long bytesOnDisk;
  private final @Nullable String lastError;
  private final CircuitState circuitState;
  private final int quarantined;
  private final @Nullable Duration attemptInFlightAge;

  /** Creates a snapshot with no call in flight. The client creates these; hosts need this only in tests. */
  public OutboxHealth(int pending, int failed, @Nullable Duration oldestPendingAge, long bytesOnDisk,
      @Nullable String lastError, CircuitState circuitState, int quarantined) {
    this(pending, failed, oldestPendingAge, bytesOnDisk, lastError, circuitState, quarantined, null);
  }

  /** Creates a snapshot. The client creates these; hosts need this only in tests. */
  public OutboxHealth(int pending, int failed, @Nullable Duration oldestPendingAge, long bytesOnDisk,
      @Nullable String lastError, CircuitState circuitState, int quarantined, @Nullable Duration attemptInFlightAge) {
    this.attemptInFlightAge = attemptInFlightAge;
    this.pending = pending;
    this.failed = failed;
    this.oldestPendingAge = oldestPendingAge;
    this.bytesOnDisk = bytesOnDisk;
    this.lastError = lastError;
    this.circuitState = Objects.requireNonNull(circuitState, "circuitState == null");
    this.quarantined = quarantined;
  }

  /** Submissions waiting for delivery (the queue depth). */
  public int pending() {
    return pending;
  }

  /** Submissions refused for good, kept until retried or discarded. */
  public int failed() {
    return failed;
  }

  /** How long the oldest pending submission has waited; null when nothing is pending. */
  public @Nullable Duration oldestPendingAge() {
    return oldestPendingAge;
  }

  /** Bytes used by pending and failed submissions. */
  public long bytesOnDisk() {
    return bytesOnDisk;
  }

  /** The most recent delivery error, or null. */
  public @Nullable String lastError() {
    return lastError;
  }

  /** The state of the circuit breaker in front of the desk. */
  public CircuitState circuitState() {
    return circuitState;
  }

  /**
   * How long the delivery call now in flight has been running (monotonic time); null when no call
   * is in flight. A large value means the desk is slow to answer, until the call's deadline ends it.
   */
  public @Nullable Duration attemptInFlightAge() {
    return attemptInFlightAge;
  }

  /** Entries moved aside because they could not be read. */
  public int quarantined() {
    return quarantined;
  }

  @Override
  public String toString() {
    return "OutboxHealth{pending=" + pending + ", failed=" + failed + ", oldestPendingAge=" + oldestPendingAge
        + ", bytesOnDisk=" + bytesOnDisk + ", circuit=" + circuitState + ", quarantined=" + quarantined
        + (attemptInFlightAge != null ? ", attemptInFlightAge=" + attemptInFlightAge : "")
        + (lastError != null ? ", lastError=" + lastError : "") + "}";
  }
}
