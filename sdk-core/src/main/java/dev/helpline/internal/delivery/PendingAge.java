package dev.helpline.internal.delivery;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The age of the oldest pending entry as health reports it: its creation time against the wall
 * clock; when that is less than the age last reported for the same entry (the clock went back),
 * the last report plus the monotonic time since. A wall clock that jumps back therefore never makes a stalled queue look fresh.
 */
final class PendingAge {
  private @Nullable Instant oldest;
  private Duration reported = Duration.ZERO;
  private long reportedAtNanos;

  synchronized Duration age(Instant oldestCreatedAt, Instant now, long nowNanos) {
    Duration wall = Duration.between(oldestCreatedAt, now);
    if (wall.isNegative()) wall = Duration.ZERO;
    Duration age = wall;
    if (oldestCreatedAt.equals(oldest) && wall.compareTo(reported) < 0) {
      // The wall clock went back since the last report: count on from that report in monotonic time.
      age = reported.plusNanos(Math.max(0, nowNanos - reportedAtNanos));
    }
    oldest = oldestCreatedAt;
    reported = age;
    reportedAtNanos = nowNanos;
    return age;
  }
}
