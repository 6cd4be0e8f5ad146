package dev.helpline.server.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A token bucket: at most {@code permits} new tickets per {@code period}, refilled evenly. Thread-safe. */
public final class RateLimiter {
  private final Clock clock;
  private final int permits;
  private final long periodNanos;
  private double available;
  private long lastRefillNanos;

  public RateLimiter(Clock clock, int permits, Duration period) {
    this.clock = clock;
    this.permits = permits;
    this.periodNanos = period.toNanos();
    this.available = permits;
    this.lastRefillNanos = nanos();
  }

  private long nanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** Takes one permit when there is one. */
  public synchronized boolean tryAcquire() {
    long now = nanos();
    long elapsed = Math.max(0, now - lastRefillNanos);
    available = Math.min(permits, available + (double) elapsed * permits / periodNanos);
    lastRefillNanos = now;
    if (available >= 1) {
      available -= 1;
      return true;
    }
    return false;
  }

  /** Gives back a permit taken for a ticket that was not queued after all. */
  public synchronized void giveBack() {
    available = Math.min(permits, available + 1);
  }
}
