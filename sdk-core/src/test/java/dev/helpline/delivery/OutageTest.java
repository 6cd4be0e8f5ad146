package dev.helpline.delivery;

import static dev.helpline.delivery.DeliveryFixtures.await;
import static dev.helpline.delivery.DeliveryFixtures.client;
import static dev.helpline.delivery.DeliveryFixtures.closedPort;
import static dev.helpline.delivery.DeliveryFixtures.connector;
import static dev.helpline.delivery.DeliveryFixtures.draft;
import static dev.helpline.delivery.DeliveryFixtures.fastConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Attachment;
import dev.helpline.DeskException;
import dev.helpline.Helpline;
import dev.helpline.OutboxHealth;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.TicketDraft;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.DeliveryPolicy;
import dev.helpline.testkit.DeskTicket;
import dev.helpline.testkit.TestDesk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The desk is unreachable or unwell for a while; nothing is lost, nothing is sent twice, the circuit recovers. */
@Timeout(60)
class OutageTest {
  private static final String APP_KEY = "app_outage_test_key";

  @TempDir Path dir;

  @Test
  void ticketsStayQueuedWhileTheDeskIsDownAndAreDeliveredOnceWhenItComesBack() throws Exception {
    int port = closedPort();
    Events events = new Events();
    try (SupportApiConnector connector = connector("http://127.0.0.1:" + port, APP_KEY);
        Helpline helpline = client(connector, dir, fastConfig()).addDeliveryListener(events).build()) {
      List<Submission> submitted = new ArrayList<>();
      for (int i = 0; i < 5; i++) submitted.add(helpline.submit(draft("outage-" + i)));

      // Four failed calls of four open the circuit; from then on the desk is not called.
      events.awaitRetrying(4);
      await("the circuit is open", Duration.ofSeconds(10),
          () -> helpline.health().circuitState() == OutboxHealth.CircuitState.OPEN);
      OutboxHealth health = helpline.health();
      assertEquals(5, health.pending(), health::toString);
      assertEquals(0, health.failed());
      assertNotNull(health.lastError(), "health names the last error");
      assertTrue(health.lastError().contains("127.0.0.1"), health.lastError());
      assertNotNull(health.oldestPendingAge());
      for (Submission s : helpline.submissions()) assertEquals(Submission.State.QUEUED, s.state(), s::toString);
      for (Submission s : submitted) assertFalse(s.delivery().isDone(), s + " must not be complete yet");
      for (Events.Retrying r : events.retrying) {
        assertInstanceOf(IOException.class, r.cause);
        assertFalse(r.cause instanceof DeskException, "a refused connection is not a desk answer");
        assertTrue(r.nextAttemptAt.isAfter(r.submission.createdAt()), "next attempt is planned in the future");
      }
      int retriesWhileOpen = events.retrying.size();

      try (TestDesk desk = TestDesk.builder().port(port).appKey(APP_KEY).start()) {
        helpline.networkAvailable();
        Set<String> ids = new HashSet<>();
        for (Submission s : submitted) {
          Ticket t = s.delivery().get(20, TimeUnit.SECONDS);
          assertEquals(s.subject(), t.subject());
          ids.add(s.id());
        }
        Set<String> keys = new HashSet<>();
        for (DeskTicket t : desk.tickets()) keys.add(t.idempotencyKey());
        assertEquals(ids, keys, "each submission id created once at the desk");
        assertEquals(5, desk.ticketCount());
        assertEquals(5, desk.createRequestCount(), "the desk heard each submission exactly once");
        assertEquals(OutboxHealth.CircuitState.CLOSED, helpline.health().circuitState());
        assertEquals(0, helpline.health().pending());
        assertEquals(List.of(), helpline.submissions());
        events.awaitDelivered(5);
        assertTrue(events.retrying.size() >= retriesWhileOpen);
      }
    }
  }

  @Test
  void firstSuccessAfterAnOutageDoesNotOpenTheCircuitOnTheRestOfTheQueue() throws Exception {
    int port = closedPort();
    // Three failures of a window of four: one short of opening. No automatic retries interfere.
    DeliveryPolicy config = DeliveryPolicy.builder()
        .initialBackoff(Duration.ofMinutes(10))
        .maxBackoff(Duration.ofMinutes(10))
        .circuitWindow(4, 4)
        .circuitFailureRatePercent(50)
        .circuitOpenWait(Duration.ofMinutes(5))
        .build();
    Events events = new Events();
    try (SupportApiConnector connector = connector("http://127.0.0.1:" + port, APP_KEY);
        Helpline helpline = client(connector, dir, config).addDeliveryListener(events).build()) {
      List<Submission> submitted = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        submitted.add(helpline.submit(draft("after-outage-" + i)));
        events.awaitRetrying(1);
      }
      assertEquals(OutboxHealth.CircuitState.CLOSED, helpline.health().circuitState());

      try (TestDesk desk = TestDesk.builder().port(port).appKey(APP_KEY).start()) {
        helpline.networkAvailable();
        // The desk answering is no reason to stop calling it: all three go now, not after the open wait.
        for (Submission s : submitted) s.delivery().get(20, TimeUnit.SECONDS);
        assertEquals(3, desk.ticketCount());
        assertEquals(3, desk.createRequestCount());
        assertEquals(OutboxHealth.CircuitState.CLOSED, helpline.health().circuitState());
      }
    }
  }

  @Test
  void networkAvailableDuringAFailingCallStillAttemptsTheQueueNow() throws Exception {
    DeliveryPolicy config = DeliveryPolicy.builder()
        .initialBackoff(Duration.ofMinutes(10))
        .maxBackoff(Duration.ofMinutes(10))
        .circuitWindow(4, 4)
        .circuitFailureRatePercent(50)
        .circuitOpenWait(Duration.ofMinutes(5))
        .build();
    Events events = new Events();
    CountDownLatch fourthCallStarted = new CountDownLatch(1);
    CountDownLatch releaseFourthCall = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    try (TestDesk desk = TestDesk.builder().start();
        SupportApiConnector real = connector(desk.baseUrl(), desk.appKey());
        Helpline helpline = client(new GatedConnector(real, () -> {
          if (calls.incrementAndGet() == 4) {
            fourthCallStarted.countDown();
            if (!releaseFourthCall.await(20, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
          }
        }), dir, config).addDeliveryListener(events).build()) {
      desk.faults().forPath("POST", "/v1/tickets").failNext(4, 503);
      List<Submission> submitted = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        submitted.add(helpline.submit(draft("flapping-" + i)));
        events.awaitRetrying(1);
      }
      submitted.add(helpline.submit(draft("flapping-3")));
      assertTrue(fourthCallStarted.await(20, TimeUnit.SECONDS));

      // The connectivity callback arrives while the call that will open the circuit is in flight.
      assertEquals(OutboxHealth.CircuitState.CLOSED, helpline.health().circuitState());
      helpline.networkAvailable();
      releaseFourthCall.countDown();

      for (Submission s : submitted) s.delivery().get(20, TimeUnit.SECONDS);
      assertEquals(4, desk.ticketCount());
      assertEquals(8, desk.createRequestCount(), "four refusals, then each ticket once");
      assertEquals(OutboxHealth.CircuitState.CLOSED, helpline.health().circuitState());
    }
  }

  @Test
  void serviceUnavailableIsRetriedUntilTheDeskAccepts() throws Exception {
    Events events = new Events();
    try (TestDesk desk = TestDesk.builder().start();
        SupportApiConnector connector = connector(desk.baseUrl(), desk.appKey());
        Helpline helpline = client(connector, dir, fastConfig()).addDeliveryListener(events).build()) {
      desk.faults().forPath("POST", "/v1/tickets").failNext(2, 503);

      Submission s = helpline.submit(draft("unavailable"));
      Ticket t = s.delivery().get(20, TimeUnit.SECONDS);

      assertEquals(2, events.retrying.size());
      for (Events.Retrying r : events.retrying) {
        DeskException e = assertInstanceOf(DeskException.class, r.cause);
        assertEquals(503, e.httpStatus());
        assertTrue(e.isRetryable());
      }
      assertEquals(3, desk.createRequestCount());
      assertEquals(1, desk.ticketCount());
      assertEquals(s.id(), desk.ticket(t.id()).idempotencyKey());
      assertEquals(OutboxHealth.CircuitState.CLOSED, helpline.health().circuitState());
      assertEquals(0, helpline.health().pending());
    }
  }

  @Test
  void rateLimitIsHonouredUntilRetryAfterHasPassed() throws Exception {
    Events events = new Events();
    try (TestDesk desk = TestDesk.builder().start();
        SupportApiConnector connector = connector(desk.baseUrl(), desk.appKey());
        Helpline helpline = client(connector, dir, fastConfig()).addDeliveryListener(events).build()) {
      desk.faults().forPath("POST", "/v1/tickets").rateLimitNext(1, Duration.ofSeconds(2));

      Instant before = Instant.now();
      Submission s = helpline.submit(draft("rate limited"));
      Ticket t = s.delivery().get(20, TimeUnit.SECONDS);
      events.awaitDelivered(1);

      assertEquals(1, events.retrying.size());
      Events.Retrying r = events.retrying.get(0);
      DeskException e = assertInstanceOf(DeskException.class, r.cause);
      assertEquals(429, e.httpStatus());
      assertEquals(Duration.ofSeconds(2), e.retryAfter());
      // Backoff alone would be 100 ms; the desk asked for 2 s.
      assertFalse(r.nextAttemptAt.isBefore(before.plusSeconds(2)),
          "next attempt " + r.nextAttemptAt + " is earlier than Retry-After allows (asked at " + before + ")");
      assertFalse(events.deliveredAt.get(0).isBefore(r.nextAttemptAt),
          "delivered at " + events.deliveredAt.get(0) + ", before the planned " + r.nextAttemptAt);
      assertEquals(2, desk.createRequestCount());
      assertEquals(s.id(), desk.ticket(t.id()).idempotencyKey());
    }
  }

  @Test
  void whileTheCircuitHoldsTheDeskTheJournalIsStillSettled() throws Exception {
    int port = closedPort();
    try (SupportApiConnector connector = connector("http://127.0.0.1:" + port, APP_KEY);
        Helpline helpline = client(connector, dir, fastConfig()).build()) {
      for (int i = 0; i < 4; i++) helpline.submit(draft("outage-" + i));
      await("the circuit is open", Duration.ofSeconds(10),
          () -> helpline.health().circuitState() == OutboxHealth.CircuitState.OPEN);

      // 3 MiB of journaled entries (each under 64 KiB, none of their bytes zero) while no claim comes to settle them.
      int n = 96;
      byte[] part = new byte[32 * 1024];
      java.util.Arrays.fill(part, (byte) 'x');
      for (int i = 0; i < n; i++) {
        helpline.submit(TicketDraft.builder().subject("held-" + i).includeDiagnostics(false)
            .addAttachment(Attachment.ofBytes("part.bin", "application/octet-stream", part)).build());
      }

      // The outbox keeps a copy of at most about 1 MiB of the queue in its journal (an emptied journal file
      // is kept for reuse, zeroed).
      await("the journal is settled", Duration.ofSeconds(10), () -> journalCopyBytes() <= 1 << 20);
      OutboxHealth health = helpline.health();
      assertEquals(OutboxHealth.CircuitState.OPEN, health.circuitState(), "no claim settled it");
      assertEquals(4 + n, health.pending());
    }
  }

  /** The bytes of the journal files that are not zero: what they hold of the queue. */
  private long journalCopyBytes() throws IOException {
    long total = 0;
    try (Stream<Path> files = Files.walk(dir.resolve("outbox/tmp"))) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (!p.getFileName().toString().startsWith("journal-")) continue;
        for (byte b : Files.readAllBytes(p)) if (b != 0) total++;
      }
    }
    return total;
  }
}
