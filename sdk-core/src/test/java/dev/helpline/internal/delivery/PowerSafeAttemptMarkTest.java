package dev.helpline.internal.delivery;

import static dev.helpline.internal.delivery.Tickets.ticket;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.helpline.DeliveryPolicy;
import dev.helpline.Limits;
import dev.helpline.internal.outbox.FileOutbox;
import dev.helpline.outbox.OutboxStore;
import dev.helpline.status.TestClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first attempt's record is what makes a connector without idempotency keys search for an earlier ticket
 * before creating again; it is asked to survive a power loss for such a connector only.
 */
@Timeout(60)
class PowerSafeAttemptMarkTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @TempDir Path dir;
  private final TestClock clock = new TestClock(T0);
  private ExecutorService callbacks;

  @BeforeEach
  void setUp() {
    callbacks = Executors.newSingleThreadExecutor(r -> new Thread(r, "host-callbacks"));
  }

  @AfterEach
  void tearDown() {
    callbacks.shutdownNow();
  }

  /** Delivers one ticket, failing its first attempt once, and returns what each attempt record asked for. */
  private List<Boolean> marksOfOneDelivery(FakeConnector desk) throws IOException {
    List<Boolean> marks = new CopyOnWriteArrayList<>();
    try (FileOutbox outbox = new FileOutbox(dir, Limits.defaults(), clock)) {
      OutboxStore store = new ForwardingStore(outbox) {
        @Override public void markAttempting(StoredEntry entry, Instant at, boolean powerSafe) throws IOException {
          marks.add(powerSafe);
          super.markAttempting(entry, at, powerSafe);
        }
      };
      desk.then(FakeConnector.fail(new IOException("connection reset")));
      try (DeliveryWorker worker = new DeliveryWorker(store, desk, List.of(), callbacks, clock,
          DeliveryPolicy.builder().concurrency(1).build(), () -> 0.5)) {
        worker.enqueue(ticket("Export hangs at 99%", T0));
        worker.runOnce(false);
        clock.advance(Duration.ofHours(1));
        worker.runOnce(false);
      }
    }
    assertEquals(2, desk.calls.get(), "a failed attempt and a delivered one");
    return marks;
  }

  @Test
  void aDeskWithoutIdempotencyKeysHasTheFirstAttemptRecordedPowerSafe() throws IOException {
    assertEquals(List.of(true), marksOfOneDelivery(new FakeConnector()), "one record, before the first call only");
  }

  @Test
  void aDeskWithIdempotencyKeysHasItRecordedWithoutAForce() throws IOException {
    assertEquals(List.of(false), marksOfOneDelivery(new FakeConnector().keyLifetime(Duration.ofHours(24))));
  }
}
