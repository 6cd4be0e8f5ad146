package dev.helpline.internal.delivery;

import dev.helpline.DeliveryPolicy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class BackoffTest {
  private final DeliveryPolicy config = DeliveryPolicy.defaults();

  @Test
  void fullJitterLiesBetweenInitialAndTheDoubledCeiling() {
    assertEquals(Duration.ofSeconds(1), new Backoff(config, () -> 0.0).delay(1, null));
    assertEquals(Duration.ofSeconds(1), new Backoff(config, () -> 1.0).delay(1, null));
    assertEquals(Duration.ofSeconds(1), new Backoff(config, () -> 0.0).delay(4, null));
    assertEquals(Duration.ofSeconds(8), new Backoff(config, () -> 1.0).delay(4, null));
  }

  @Test
  void growthIsCappedAtMaxBackoff() {
    assertEquals(Duration.ofMinutes(5), new Backoff(config, () -> 1.0).delay(50, null));
    assertEquals(Duration.ofMinutes(5), new Backoff(config, () -> 1.0).delay(Integer.MAX_VALUE, null));
  }

  @Test
  void retryAfterWinsWhenLongerAndIsCapped() {
    Backoff b = new Backoff(config, () -> 0.0);
    assertEquals(Duration.ofSeconds(120), b.delay(1, Duration.ofSeconds(120)));
    assertEquals(Duration.ofHours(1), b.delay(1, Duration.ofHours(5)));
    assertEquals(Duration.ofMinutes(5), new Backoff(config, () -> 1.0).delay(30, Duration.ofSeconds(10)),
        "a short Retry-After never shortens the backoff");
  }
}
