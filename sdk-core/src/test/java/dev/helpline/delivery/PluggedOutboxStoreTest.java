package dev.helpline.delivery;

import static dev.helpline.delivery.DeliveryFixtures.client;
import static dev.helpline.delivery.DeliveryFixtures.connector;
import static dev.helpline.delivery.DeliveryFixtures.draft;
import static dev.helpline.delivery.DeliveryFixtures.fastConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Helpline;
import dev.helpline.Limits;
import dev.helpline.OutboxHealth;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.internal.outbox.FileOutbox;
import dev.helpline.outbox.OutboxStore.DeliveryState;
import dev.helpline.outbox.OutboxStore.FailureRecord;
import dev.helpline.outbox.OutboxStore;
import dev.helpline.outbox.OutboxStore.PendingEntry;
import dev.helpline.outbox.OutboxStore.Quarantined;
import dev.helpline.outbox.OutboxStore.StoredEntry;
import dev.helpline.outbox.SubmissionRecord;
import dev.helpline.testkit.TestDesk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A store plugged in with Builder.outboxStore(...) carries every submission; the client never touches its own files. */
@Timeout(60)
class PluggedOutboxStoreTest {
  @TempDir Path dir;

  @Test
  void pluggedStoreReceivesDeliversAndReportsSubmissionsAndIsNotClosedByTheClient() throws Exception {
    Path elsewhere = dir.resolve("store");
    Files.createDirectories(elsewhere);
    RecordingStore store = new RecordingStore(new FileOutbox(elsewhere, Limits.defaults(), Clock.systemUTC()));
    Path dataDirectory = dir.resolve("data");
    try (TestDesk desk = TestDesk.builder().start();
        SupportApiConnector connector = connector(desk.baseUrl(), desk.appKey())) {
      try (Helpline helpline = client(connector, dataDirectory, fastConfig()).outboxStore(store).build()) {
        Ticket first = helpline.submit(draft("Stored elsewhere")).delivery().get(20, TimeUnit.SECONDS);
        Ticket second = helpline.submit(draft("Also elsewhere")).delivery().get(20, TimeUnit.SECONDS);

        assertEquals("Stored elsewhere", desk.ticket(first.id()).subject());
        assertEquals("Also elsewhere", desk.ticket(second.id()).subject());
        assertEquals(2, desk.ticketCount(), "each submission reaches the desk once");
        assertEquals(2, store.calls("enqueue"));
        assertEquals(2, store.calls("markDelivered"));
        assertTrue(store.calls("claim") >= 1, "delivery claims entries from the plugged store");
        assertTrue(store.calls("purgeDelivered") >= 1, "deliveries are made durable before they are reported");
        assertEquals(List.of(), helpline.submissions());
        OutboxHealth health = helpline.health();
        assertEquals(0, health.pending());
        assertTrue(store.calls("counts") >= 1, "health is read from the plugged store");
      }
      assertFalse(Files.exists(dataDirectory.resolve("outbox")), "the default file outbox was never created");
      assertEquals(0, store.calls("close"), "the client does not close a store it did not create");
      // Still usable by its owner after the client closed.
      assertEquals(List.of(), store.pending());
      assertEquals(Submission.State.QUEUED, store.enqueue(SubmissionRecord.builder().submissionId("after-close")
          .subject("kept").createdAt(java.time.Instant.now()).build()).location());
    } finally {
      store.delegate.close();
    }
  }

  /** Counts the SPI calls it forwards to a file outbox kept in another directory. */
  private static final class RecordingStore implements OutboxStore {
    final FileOutbox delegate;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    RecordingStore(FileOutbox delegate) {
      this.delegate = delegate;
    }

    int calls(String method) {
      AtomicInteger n = calls.get(method);
      return n == null ? 0 : n.get();
    }

    private void count(String method) {
      calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    }

    @Override public StoredEntry enqueue(SubmissionRecord record) throws IOException {
      count("enqueue");
      return delegate.enqueue(record);
    }

    @Override public @Nullable Claim claim() throws IOException {
      count("claim");
      return delegate.claim();
    }

    @Override public @Nullable StoredEntry load(PendingEntry entry, Consumer<Quarantined> onQuarantined)
        throws IOException {
      count("load");
      return delegate.load(entry, onQuarantined);
    }

    @Override public StoredEntry saveState(StoredEntry entry, DeliveryState state) throws IOException {
      count("saveState");
      return delegate.saveState(entry, state);
    }

    @Override public void markDelivered(StoredEntry entry, Ticket ticket) throws IOException {
      count("markDelivered");
      delegate.markDelivered(entry, ticket);
    }

    @Override public void purgeDelivered() throws IOException {
      count("purgeDelivered");
      delegate.purgeDelivered();
    }

    @Override public StoredEntry markFailed(StoredEntry entry, FailureRecord failure) throws IOException {
      count("markFailed");
      return delegate.markFailed(entry, failure);
    }

    @Override public StoredEntry retry(String id) throws IOException {
      count("retry");
      return delegate.retry(id);
    }

    @Override public void discard(String id) throws IOException {
      count("discard");
      delegate.discard(id);
    }

    @Override public List<StoredEntry> pending() throws IOException {
      count("pending");
      return delegate.pending();
    }

    @Override public List<StoredEntry> failed() throws IOException {
      count("failed");
      return delegate.failed();
    }

    @Override public @Nullable StoredEntry find(String id) throws IOException {
      count("find");
      return delegate.find(id);
    }

    @Override public @Nullable Ticket receipt(String id) throws IOException {
      count("receipt");
      return delegate.receipt(id);
    }

    @Override public Counts counts() throws IOException {
      count("counts");
      return delegate.counts();
    }

    @Override public int cleanUp() throws IOException {
      count("cleanUp");
      return delegate.cleanUp();
    }

    @Override public String describe() {
      return "recording " + delegate.describe();
    }

    @Override public void close() {
      count("close");
    }
  }
}
