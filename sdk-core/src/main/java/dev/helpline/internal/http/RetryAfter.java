package dev.helpline.internal.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/** Parses {@code Retry-After} (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. */
public final class RetryAfter {
  /** Longer waits than this are clamped: a desk asking for days is not waited for literally. */
  public static final Duration MAX = Duration.ofDays(1);

  private RetryAfter() {}

  /**
   * Returns the delay the header asks for, never negative and at most {@link #MAX}; a date in the
   * past gives {@link Duration#ZERO}. Returns null when the header is absent or unreadable (it is
   * advice, so a bad value never fails a call).
   */
  public static @Nullable Duration parse(@Nullable String value, Clock clock) {
    if (value == null) return null;
    String v = value.trim();
    if (v.isEmpty()) return null;
    if (isDigits(v)) {
      // Too many digits to fit a long is still "a very long time".
      if (v.length() > 12) return MAX;
      return clamp(Duration.ofSeconds(Long.parseLong(v)));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(clock.instant(), at);
      return d.isNegative() ? Duration.ZERO : clamp(d);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Duration clamp(Duration d) {
    return d.compareTo(MAX) > 0 ? MAX : d;
  }

  private static boolean isDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return false;
    }
    return true;
  }
}
