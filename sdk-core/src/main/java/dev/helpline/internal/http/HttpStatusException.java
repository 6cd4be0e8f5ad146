package dev.helpline.internal.http;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * An answer other than 2xx or 304 to an {@link HttpGet}, keeping the server's {@code Retry-After} so that a
 * poller can wait as long as the server asked (a 429 or 503 under load).
 */
public final class HttpStatusException extends IOException {
  private final @Nullable String retryAfter;

  HttpStatusException(String message, @Nullable String retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  /**
   * The longest wait that {@code failure} or the failures suppressed in it asked for, read against {@code clock}
   * and clamped as {@link RetryAfter#parse} does; null when none asked for one.
   */
  public static @Nullable Duration askedWait(Throwable failure, Clock clock) {
    Duration longest = null;
    if (failure instanceof HttpStatusException) {
      longest = RetryAfter.parse(((HttpStatusException) failure).retryAfter, clock);
    }
    for (Throwable other : failure.getSuppressed()) {
      Duration asked = askedWait(other, clock);
      if (asked != null && (longest == null || asked.compareTo(longest) > 0)) longest = asked;
    }
    return longest;
  }
}
