package dev.helpline;

import dev.helpline.internal.delivery.DeliveryConfig;

/** Test seam: sets the package-private delivery timing of a client builder from tests in other packages. */
public final class TestClients {
  private TestClients() {}

  /** Returns {@code builder} with {@code config} as its delivery timing (backoff, tick, circuit breaker). */
  public static Helpline.Builder withDeliveryConfig(Helpline.Builder builder, DeliveryConfig config) {
    return builder.deliveryConfig(config);
  }
}
