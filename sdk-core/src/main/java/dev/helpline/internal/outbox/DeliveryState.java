package dev.helpline.internal.outbox;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** The delivery bookkeeping of a pending entry, persisted in its {@code state.json}. Immutable. */
public final class DeliveryState {
  public static final DeliveryState INITIAL = new DeliveryState(0, null, null);

  private final int attempts;
  private final @Nullable Instant nextAttemptAt;
  private final @Nullable String lastError;

  public DeliveryState(int attempts, @Nullable Instant nextAttemptAt, @Nullable String lastError) {
    if (attempts < 0) throw new IllegalArgumentException("attempts is " + attempts + "; it must be >= 0");
    this.attempts = attempts;
    this.nextAttemptAt = nextAttemptAt;
    this.lastError = lastError;
  }

  /** Attempts made so far. */
  public int attempts() {
    return attempts;
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
    return "DeliveryState{attempts=" + attempts + ", next=" + nextAttemptAt + ", lastError=" + lastError + "}";
  }
}
