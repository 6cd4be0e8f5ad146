package dev.helpline.internal.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/**
 * ISO-8601 timestamps with an offset, as stored entries and desks' JSON carry them. The common
 * RFC 3339 shape ({@code 2026-12-04T10:15:30.123Z}, {@code …+01:00}) is read directly, several
 * times faster than through {@code DateTimeFormatter}, which was a tenth of the CPU a delivery
 * cost; every other shape goes to {@link OffsetDateTime#parse}, so the two accept the same texts.
 */
public final class Timestamps {
  private Timestamps() {}

  /**
   * The instant {@code text} names.
   *
   * @throws java.time.format.DateTimeParseException when {@code text} is not an ISO-8601 timestamp with an offset
   */
  public static Instant parse(String text) {
    Instant fast = rfc3339(text);
    return fast != null ? fast : OffsetDateTime.parse(text).toInstant();
  }

  /** {@code yyyy-MM-ddTHH:mm:ss[.f…](Z|±HH:mm)}, or null for anything else. */
  private static @Nullable Instant rfc3339(String s) {
    int n = s.length();
    if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) return null;
    int i = 19;
    int nanos = 0;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
      int length = i - start;
      if (length == 0 || length > 9) return null;
      nanos = digits(s, start, length);
      for (int k = length; k < 9; k++) nanos *= 10;
    }
    if (i >= n) return null;
    char sign = s.charAt(i);
    int offsetSeconds;
    if (sign == 'Z' && i + 1 == n) {
      offsetSeconds = 0;
    } else if ((sign == '+' || sign == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
      int hours = digits(s, i + 1, 2);
      int minutes = digits(s, i + 4, 2);
      // ZoneOffset's range is ±18:00: beyond it OffsetDateTime.parse refuses, and so must this.
      if ((hours | minutes) < 0 || minutes > 59 || hours * 60 + minutes > 18 * 60) return null;
      offsetSeconds = (hours * 3600 + minutes * 60) * (sign == '-' ? -1 : 1);
    } else {
      return null;
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return null; // February 30th and the like: OffsetDateTime.parse says what is wrong
    }
    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds, nanos);
  }

  /** The decimal number in {@code s} from {@code at}, {@code length} digits; -1 when one is not a digit. */
  private static int digits(String s, int at, int length) {
    int value = 0;
    for (int i = at; i < at + length; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return -1;
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
