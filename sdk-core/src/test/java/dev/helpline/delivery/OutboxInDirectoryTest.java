package dev.helpline.delivery;

import static dev.helpline.delivery.DeliveryFixtures.await;
import static dev.helpline.delivery.DeliveryFixtures.client;
import static dev.helpline.delivery.DeliveryFixtures.connector;
import static dev.helpline.delivery.DeliveryFixtures.draft;
import static dev.helpline.delivery.DeliveryFixtures.fastConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Helpline;
import dev.helpline.Submission;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.outbox.OutboxStore;
import dev.helpline.outbox.OutboxStore.StoredEntry;
import dev.helpline.testkit.TestDesk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** OutboxStore.inDirectory opens a client's outbox for tools: it lists, retries and discards, and never delivers. */
@Timeout(60)
class OutboxInDirectoryTest {
  @TempDir Path dir;

  @Test
  void listsWhatAClientLeftQueuedWithoutAttemptingOrChangingIt() throws Exception {
    Path data = dir.resolve("data");
    try (TestDesk desk = TestDesk.builder().start();
        SupportApiConnector connector = connector(desk.baseUrl(), desk.appKey())) {
      desk.faults().forPath("POST", "/v1/tickets").failNext(1000, 503);
      String id;
      try (Helpline helpline = client(connector, data, fastConfig()).build()) {
        id = helpline.submit(draft("Left queued")).id();
        Path stateFile = data.resolve("outbox/pending/" + id + ".state");
        await("the first attempt's failure is recorded", Duration.ofSeconds(20),
            () -> helpline.submissions().get(0).attempts() >= 1 && Files.exists(stateFile));
      }
      int requests = desk.createRequestCount();
      byte[] state = Files.readAllBytes(data.resolve("outbox/pending/" + id + ".state"));
      Path lock = data.resolve("outbox/delivery.lock");
      Files.delete(lock); // the client is closed; a delivery pass would take this lock again

      try (OutboxStore store = OutboxStore.inDirectory(data)) {
        List<StoredEntry> pending = store.pending();
        assertEquals(1, pending.size());
        assertEquals("Left queued", pending.get(0).record().subject());
        assertTrue(pending.get(0).state().attempts() >= 1, pending.get(0).toString());
        assertEquals(List.of(), store.failed());
        assertEquals(1, store.counts().pending());
        assertFalse(Files.exists(lock), "no delivery pass ran: the outbox's delivery lock was never taken");
      }

      assertEquals(requests, desk.createRequestCount(), "nothing was sent to the desk");
      assertTrue(java.util.Arrays.equals(state, Files.readAllBytes(data.resolve("outbox/pending/" + id + ".state"))),
          "the entry's delivery state is untouched");
    }
  }

  @Test
  void retriesAndDiscardsFailedSubmissionsWithoutDeliveringThem() throws Exception {
    Path data = dir.resolve("data");
    try (TestDesk desk = TestDesk.builder().start();
        SupportApiConnector wrongKey = connector(desk.baseUrl(), "app_wrong_key")) {
      String kept;
      String dropped;
      try (Helpline helpline = client(wrongKey, data, fastConfig()).build()) {
        kept = helpline.submit(draft("Retry me")).id();
        dropped = helpline.submit(draft("Drop me")).id();
        await("both are refused", Duration.ofSeconds(20), () -> helpline.submissions().stream()
            .filter(s -> s.state() == Submission.State.FAILED).count() == 2);
      }
      int requests = desk.createRequestCount();
      Path lock = data.resolve("outbox/delivery.lock");
      Files.delete(lock);

      try (OutboxStore store = OutboxStore.inDirectory(data)) {
        assertEquals(Submission.State.QUEUED, store.retry(kept).location());
        store.discard(dropped);

        assertEquals(kept, store.pending().get(0).id());
        OutboxStore.DeliveryState retried = store.pending().get(0).state();
        assertEquals(1, retried.attempts(), "the attempt made stays known: the desk may hold the ticket");
        assertNull(retried.nextAttemptAt(), "a retried submission is due at once");
        assertNull(retried.lastError());
        assertNull(store.find(dropped));
        assertThrows(IllegalArgumentException.class, () -> store.discard("no-such-submission"));
        assertFalse(Files.exists(lock), "no delivery pass ran");
      }
      assertEquals(requests, desk.createRequestCount(), "a retry only queues; delivery waits for a client");
    }
  }

  @Test
  void aDataDirectoryThatIsAFileIsAnIoExceptionNamingIt() throws IOException {
    Path file = Files.write(dir.resolve("not-a-directory"), new byte[] {1});
    try (OutboxStore store = OutboxStore.inDirectory(file)) {
      IOException e = assertThrows(IOException.class, store::pending);
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
  }
}
