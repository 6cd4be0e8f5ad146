package dev.helpline.outbox;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** The delivery bookkeeping of a pending entry: attempts, next attempt time, last error. Immutable. */
public final class DeliveryState {
  public static final DeliveryState INITIAL = new DeliveryState(0, null, null);

  private final int attempts;
  private final int backoffStep;
  private final @Nullable Instant nextAttemptAt;
  private final @Nullable String lastError;

  /** A state whose backoff step equals its attempt count. */
  public DeliveryState(int attempts, @Nullable Instant nextAttemptAt, @Nullable String lastError) {
    this(attempts, attempts, nextAttemptAt, lastError);
  }

  public DeliveryState(int attempts, int backoffStep, @Nullable Instant nextAttemptAt, @Nullable String lastError) {
    if (attempts < 0) throw new IllegalArgumentException("attempts is " + attempts + "; it must be >= 0");
    if (backoffStep < 0 || backoffStep > attempts) {
      throw new IllegalArgumentException("backoffStep is " + backoffStep + "; it must lie between 0 and attempts ("
          + attempts + ")");
    }
    this.attempts = attempts;
    this.backoffStep = backoffStep;
    this.nextAttemptAt = nextAttemptAt;
    this.lastError = lastError;
  }

  /** Attempts made so far. */
  public int attempts() {
    return attempts;
  }

  /**
   * Failed attempts since the backoff was last reset (by a network change): the exponent of the
   * next wait. Equal to {@link #attempts()} unless reset.
   */
  public int backoffStep() {
    return backoffStep;
  }

  /** Not before this instant, or null when due now. */
  public @Nullable Instant nextAttemptAt() {
    return nextAttemptAt;
  }

  public @Nullable String lastError() {
    return lastError;
  }

  /** True when an attempt may be made at {@code now}. */
  public boolean isDue(Instant now) {
    return nextAttemptAt == null || !nextAttemptAt.isAfter(now);
  }

  @Override
  public String toString() {
    return "DeliveryState{attempts=" + attempts + ", backoffStep=" + backoffStep + ", next=" + nextAttemptAt + ", lastError=" + lastError + "}";
  }
}
