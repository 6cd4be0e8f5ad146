package dev.helpline.connector.tck;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock that moves only when told to: give it to a connector under test to reach a
 * {@code Retry-After} date, a token's expiry or a look-up window without waiting. Safe to use from
 * any thread.
 */
public final class ManualClock extends Clock {
  private volatile Instant now;

  /** A clock that reads {@code start} until it is moved. */
  public ManualClock(Instant start) {
    now = start;
  }

  /** Moves the clock on by {@code d} (back, when negative). */
  public synchronized void advance(Duration d) {
    now = now.plus(d);
  }

  /** Sets the clock to {@code instant}. */
  public synchronized void set(Instant instant) {
    now = instant;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
