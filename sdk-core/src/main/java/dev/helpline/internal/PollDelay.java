package dev.helpline.internal;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** When a periodic poll that was paused falls due; shared by the status monitor and the notice center. */
public final class PollDelay {
  private PollDelay() {}

  /**
   * The wait until one {@code interval} after {@code last}: zero when there was no poll yet or it is
   * overdue, and never more than one interval, so a device clock set back (now before {@code last})
   * does not postpone the poll by the size of the jump.
   */
  public static Duration untilDue(Duration interval, @Nullable Instant last, Instant now) {
    if (last == null) return Duration.ZERO;
    Duration elapsed = Duration.between(last, now);
    if (elapsed.isNegative()) return interval;
    Duration wait = interval.minus(elapsed);
    return wait.isNegative() ? Duration.ZERO : wait;
  }
}
