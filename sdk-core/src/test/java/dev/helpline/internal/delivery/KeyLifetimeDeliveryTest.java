package dev.helpline.internal.delivery;

import static dev.helpline.internal.delivery.Tickets.ticket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.helpline.DeliveryPolicy;
import dev.helpline.Limits;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.internal.outbox.FileOutbox;
import dev.helpline.outbox.OutboxStore.StoredEntry;
import dev.helpline.outbox.SubmissionRecord;
import dev.helpline.status.TestClock;
import dev.helpline.testkit.TestDesk;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The desk created the ticket but its answer was lost; the retry comes after the desk forgot the Idempotency-Key
 * (24 hours on the test desk, by a clock the test moves). Delivery still ends with exactly one ticket.
 */
@Timeout(60)
class KeyLifetimeDeliveryTest {
  private static final Instant T0 = Instant.parse("2026-02-01T09:00:00Z");

  @TempDir Path dir;
  private final TestClock clock = new TestClock(T0);
  private final RecordingListener listener = new RecordingListener();
  private ExecutorService callbacks;
  private TestDesk desk;
  private SupportApiConnector connector;
  private FileOutbox outbox;
  private DeliveryWorker worker;

  @BeforeEach
  void setUp() throws IOException {
    callbacks = Executors.newSingleThreadExecutor(r -> new Thread(r, "host-callbacks"));
    desk = TestDesk.builder().clock(clock).idempotencyTtl(Duration.ofHours(24)).start();
    connector = SupportApiConnector.builder().baseUrl(desk.baseUrl()).appKey(desk.appKey())
        .readTimeout(Duration.ofSeconds(5)).build();
    outbox = new FileOutbox(dir, Limits.defaults(), clock);
    worker = new DeliveryWorker(outbox, connector, List.of(listener), callbacks, clock,
        DeliveryPolicy.builder().concurrency(1).build(), () -> 0.5);
  }

  @AfterEach
  void tearDown() throws IOException {
    worker.close();
    outbox.close();
    connector.close();
    desk.close();
    callbacks.shutdownNow();
  }

  /** Submits a ticket whose first create reaches the desk and whose answer is then lost. */
  private SubmissionRecord createdButAnswerLost(Submission[] submitted) throws Exception {
    desk.faults().forPath("POST", "/v1/tickets").failAfterProcessingNext(1);
    SubmissionRecord record = ticket("Export hangs at 99%", T0);
    submitted[0] = worker.enqueue(record);
    worker.runOnce(false);
    assertEquals(1, desk.ticketCount(), "the desk created the ticket");
    StoredEntry pending = outbox.find(record.submissionId());
    assertNotNull(pending, "the client never heard of it: still pending");
    assertEquals(1, pending.state().attempts());
    assertEquals(T0, pending.state().firstAttemptAt(), "the first attempt's time is kept with the entry");
    return record;
  }

  private Ticket delivered(Submission s) throws Exception {
    return s.delivery().get(10, TimeUnit.SECONDS);
  }

  @Test
  void retryAfterTheDeskForgotTheKeyFindsTheTicketAndLeavesExactlyOne() throws Exception {
    Submission[] submitted = new Submission[1];
    SubmissionRecord record = createdButAnswerLost(submitted);

    clock.advance(Duration.ofHours(25)); // past the desk's key lifetime: a create would make a second ticket
    worker.runOnce(false);

    Ticket ticket = delivered(submitted[0]);
    assertEquals(1, desk.ticketCount(), "exactly one ticket");
    assertEquals(desk.tickets().get(0).id(), ticket.id());
    assertEquals(1, desk.createRequestCount(), "the retry found the ticket and created nothing");
    assertEquals(ticket.id(), outbox.receipt(record.submissionId()).id());
    assertEquals(0, worker.health().pending());
  }

  @Test
  void retryWithinTheKeyLifetimeIsAnsweredByTheKeyAndLeavesExactlyOne() throws Exception {
    Submission[] submitted = new Submission[1];
    createdButAnswerLost(submitted);

    clock.advance(Duration.ofHours(1));
    worker.runOnce(false);

    Ticket ticket = delivered(submitted[0]);
    assertEquals(1, desk.ticketCount());
    assertEquals(desk.tickets().get(0).id(), ticket.id());
    assertEquals(2, desk.createRequestCount(), "the create was sent again and replayed by its key");
  }

  @Test
  void restartedClientStillKnowsWhenTheFirstAttemptWasMade() throws Exception {
    Submission[] submitted = new Submission[1];
    SubmissionRecord record = createdButAnswerLost(submitted);
    worker.close();
    outbox.close();

    clock.advance(Duration.ofDays(3));
    outbox = new FileOutbox(dir, Limits.defaults(), clock);
    worker = new DeliveryWorker(outbox, connector, List.of(listener), callbacks, clock,
        DeliveryPolicy.builder().concurrency(1).build(), () -> 0.5);
    assertEquals(T0, outbox.find(record.submissionId()).state().firstAttemptAt());
    worker.runOnce(false);

    assertEquals(1, desk.ticketCount(), "exactly one ticket after a restart three days later");
    assertEquals(1, desk.createRequestCount());
    assertEquals(desk.tickets().get(0).id(), outbox.receipt(record.submissionId()).id());
  }
}
