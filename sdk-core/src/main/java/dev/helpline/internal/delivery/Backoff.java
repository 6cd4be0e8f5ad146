package dev.helpline.internal.delivery;

import dev.helpline.DeliveryPolicy;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The waits between attempts: exponential with full jitter over {@code [initial, min(max,
 * initial·2^(n−1))]} — the floor of one initial interval keeps a run of failures from turning into
 * a busy loop — and never shorter than the desk's Retry-After, itself capped.
 *
 * <p>Computed from the persisted attempt count rather than with Resilience4j's {@code Retry}: that
 * one counts attempts in memory and sleeps the calling thread, while here the count survives
 * restarts and the wait is a time stored on disk.
 */
final class Backoff {
  private final DeliveryPolicy config;
  private final DoubleSupplier random;

  Backoff(DeliveryPolicy config, DoubleSupplier random) {
    this.config = config;
    this.random = random;
  }

  /** The longest wait {@link #delay} ever returns. */
  Duration maxPlannedWait() {
    return config.maxPlannedWait();
  }

  /** The wait after failed attempt number {@code attempt} (1 for the first). */
  Duration delay(int attempt, @Nullable Duration retryAfter) {
    long initial = config.initialBackoff().toMillis();
    long max = config.maxBackoff().toMillis();
    long ceiling = initial;
    for (int i = 1; i < attempt && ceiling < max; i++) ceiling *= 2;
    ceiling = Math.min(ceiling, max);
    double r = Math.min(Math.max(random.getAsDouble(), 0.0), 1.0);
    Duration wait = Duration.ofMillis(initial + (long) (r * (ceiling - initial)));
    if (retryAfter != null) {
      Duration asked = retryAfter.compareTo(config.maxRetryAfter()) > 0 ? config.maxRetryAfter() : retryAfter;
      if (asked.compareTo(wait) > 0) wait = asked;
    }
    return wait;
  }
}
