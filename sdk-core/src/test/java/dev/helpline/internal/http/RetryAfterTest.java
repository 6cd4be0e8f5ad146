package dev.helpline.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RetryAfterTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void delaySeconds() {
    assertEquals(Duration.ofSeconds(120), RetryAfter.parse("120", CLOCK));
    assertEquals(Duration.ZERO, RetryAfter.parse("0", CLOCK));
    assertEquals(Duration.ofSeconds(5), RetryAfter.parse(" 5 ", CLOCK));
  }

  @Test
  void httpDateIsRelativeToTheClock() {
    assertEquals(Duration.ofSeconds(90), RetryAfter.parse("Tue, 24 Nov 2026 10:01:30 GMT", CLOCK));
  }

  @Test
  void dateInThePastMeansNow() {
    assertEquals(Duration.ZERO, RetryAfter.parse("Tue, 24 Nov 2026 09:00:00 GMT", CLOCK));
  }

  @Test
  void hugeValuesAreClamped() {
    assertEquals(RetryAfter.MAX, RetryAfter.parse("999999999", CLOCK));
    assertEquals(RetryAfter.MAX, RetryAfter.parse("99999999999999999999999", CLOCK));
    assertEquals(RetryAfter.MAX, RetryAfter.parse("Fri, 24 Nov 2028 10:00:00 GMT", CLOCK));
  }

  @Test
  void absentOrUnreadableIsNull() {
    assertNull(RetryAfter.parse(null, CLOCK));
    assertNull(RetryAfter.parse("", CLOCK));
    assertNull(RetryAfter.parse("-5", CLOCK));
    assertNull(RetryAfter.parse("1.5", CLOCK));
    assertNull(RetryAfter.parse("soon", CLOCK));
  }
}
