package dev.helpline.internal.outbox;

import dev.helpline.Limits;
import java.nio.file.Paths;
import java.time.Clock;

/**
 * Another process on a data directory: tries the delivery lock once and exits 0 when it got it,
 * 3 when someone else holds it. Usage: {@code LockProbe <dataDir>}.
 */
public final class LockProbe {
  private LockProbe() {}

  public static void main(String[] args) throws Exception {
    try (FileOutbox outbox = new FileOutbox(Paths.get(args[0]), Limits.defaults(), Clock.systemUTC())) {
      DeliveryLock lock = outbox.tryLockDelivery();
      if (lock == null) System.exit(3);
      lock.close();
    }
    System.exit(0);
  }
}
