package dev.helpline.internal.delivery;

import dev.helpline.DeliveryPolicy;
import static dev.helpline.internal.delivery.Tickets.ticket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.DeskException;
import dev.helpline.Limits;
import dev.helpline.OutboxHealth;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.connector.Connector;
import dev.helpline.outbox.OutboxStore;
import dev.helpline.outbox.OutboxStore.StoredEntry;
import dev.helpline.outbox.SubmissionRecord;
import dev.helpline.internal.outbox.FileOutbox;
import dev.helpline.status.TestClock;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class DeliveryWorkerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final String CALLBACK_THREAD = "host-callbacks";

  @TempDir Path dir;
  private final TestClock clock = new TestClock(T0);
  private final FakeConnector desk = new FakeConnector();
  private final RecordingListener listener = new RecordingListener();
  private ExecutorService callbacks;
  private final List<DeliveryWorker> workers = new ArrayList<>();
  private final List<FileOutbox> outboxes = new ArrayList<>();

  @BeforeEach
  void setUp() {
    callbacks = Executors.newSingleThreadExecutor(r -> new Thread(r, CALLBACK_THREAD));
  }

  @AfterEach
  void tearDown() throws IOException {
    for (DeliveryWorker w : workers) w.close();
    for (FileOutbox o : outboxes) o.close();
    callbacks.shutdownNow();
  }

  private DeliveryWorker worker(DeliveryPolicy config) {
    FileOutbox outbox = new FileOutbox(dir, Limits.defaults(), clock);
    outboxes.add(outbox);
    // random 0.5: the first wait is exactly initialBackoff, the second 1.5 of it.
    DeliveryWorker w = new DeliveryWorker(outbox, desk, List.of(listener), callbacks, clock, config, () -> 0.5);
    workers.add(w);
    return w;
  }

  /** {@link #worker(DeliveryPolicy)} whose store counts the claims taken in {@code claims}. */
  private DeliveryWorker workerCountingClaims(DeliveryPolicy config, AtomicInteger claims) {
    FileOutbox outbox = new FileOutbox(dir, Limits.defaults(), clock);
    outboxes.add(outbox);
    OutboxStore counting = new ForwardingStore(outbox) {
      @Override public @Nullable Claim claim() throws IOException {
        claims.incrementAndGet();
        return super.claim();
      }
    };
    DeliveryWorker w = new DeliveryWorker(counting, desk, List.of(listener), callbacks, clock, config, () -> 0.5);
    workers.add(w);
    return w;
  }

  /** One attempt at a time: these tests script the desk's answers in call order. */
  private DeliveryWorker worker() {
    return worker(DeliveryPolicy.builder().concurrency(1).build());
  }

  /** Waits until every event emitted so far has reached the listener. */
  private void drainCallbacks() throws Exception {
    callbacks.submit(() -> {}).get(10, TimeUnit.SECONDS);
  }

  private Path pendingDir() {
    return dir.resolve("outbox/pending");
  }

  private int pendingEntryCount() throws IOException {
    try (var s = Files.list(pendingDir())) {
      return (int) s.filter(p -> p.toString().endsWith(".entry")).count();
    }
  }

  private int pendingCount() throws IOException {
    try (var s = Files.list(pendingDir())) {
      return (int) s.count();
    }
  }

  @Test
  void successDeletesTheEntryCompletesTheFutureAndReportsOnTheHostExecutor() throws Exception {
    DeliveryWorker w = worker();
    SubmissionRecord t = ticket("printer on fire", T0);

    Submission s = w.enqueue(t);
    assertEquals(Submission.State.QUEUED, s.state());
    assertEquals(1, pendingCount());
    w.runOnce(false);

    Ticket delivered = s.delivery().get(10, TimeUnit.SECONDS);
    assertEquals("T-" + t.submissionId(), delivered.id());
    assertEquals(0, pendingCount());
    assertEquals(1, desk.callsFor(t.submissionId()));
    assertEquals("log of printer on fire", new String(desk.uploaded.get(t.submissionId()).get(0), "UTF-8"));
    drainCallbacks();
    assertEquals(List.of("queued:" + t.submissionId(), "delivered:" + t.submissionId() + ":T-" + t.submissionId()),
        listener.events);
    assertEquals(List.of(CALLBACK_THREAD, CALLBACK_THREAD), listener.threads);

    w.runOnce(true);
    drainCallbacks();
    assertEquals(1, desk.calls.get(), "a delivered submission is never sent again");
    assertEquals(2, listener.events.size(), "each event is reported exactly once");
  }

  @Test
  void serviceUnavailableIsRetriedWithBackoffPersistedAcrossRestarts() throws Exception {
    desk.then(FakeConnector.fail(new DeskException(503, "maintenance")));
    DeliveryWorker first = worker();
    SubmissionRecord t = ticket("slow desk", T0);
    Submission s = first.enqueue(t);

    first.runOnce(false);

    assertEquals(1, desk.calls.get());
    Submission after = first.submissions().get(0);
    assertEquals(1, after.attempts());
    assertEquals(T0.plusSeconds(1), after.nextAttemptAt());
    assertTrue(after.lastError().contains("503"), after.lastError());
    assertFalse(s.delivery().isDone());
    assertEquals("retrying:" + t.submissionId() + ":" + T0.plusSeconds(1), listener.await("retrying:"));
    first.runOnce(false);
    assertEquals(1, desk.calls.get(), "not due yet: the desk is not called");

    // A new process on the same directory sees the same bookkeeping.
    first.close();
    DeliveryWorker second = worker();
    Submission reread = second.submissions().get(0);
    assertEquals(t.submissionId(), reread.id());
    assertEquals(1, reread.attempts());
    assertEquals(T0.plusSeconds(1), reread.nextAttemptAt());
    second.runOnce(false);
    assertEquals(1, desk.calls.get());

    clock.advance(Duration.ofSeconds(1));
    second.runOnce(false);

    assertEquals("T-" + t.submissionId(), reread.delivery().get(10, TimeUnit.SECONDS).id());
    assertEquals(2, desk.callsFor(t.submissionId()));
    assertEquals(0, pendingCount());
  }

  @Test
  void ambiguousFailureIsResentWithTheSameIdAndCreatedOnceAtTheDesk() throws Exception {
    // The desk creates the ticket, then the connection drops before the answer arrives.
    desk.then(ticket -> {
      desk.created.put(ticket.submissionId(), new Ticket("T-" + ticket.submissionId(), ticket.subject(),
          dev.helpline.TicketStatus.NEW, null, null, null, null));
      throw new IOException("connection reset after the request was sent");
    });
    DeliveryWorker w = worker();
    SubmissionRecord t = ticket("ambiguous", T0);
    Submission s = w.enqueue(t);

    w.runOnce(false);
    clock.advance(Duration.ofSeconds(1));
    w.runOnce(false);

    assertEquals("T-" + t.submissionId(), s.delivery().get(10, TimeUnit.SECONDS).id());
    assertEquals(2, desk.callsFor(t.submissionId()), "re-sent under the same submission id");
    assertEquals(1, desk.created.size(), "the desk deduplicated it");
    drainCallbacks();
    assertEquals(1, listener.eventsStartingWith("delivered:").size());
  }

  @Test
  void backoffGrowsWithEachFailure() throws Exception {
    desk.then(FakeConnector.fail(new IOException("connection reset")))
        .then(FakeConnector.fail(new IOException("connection reset")))
        .then(FakeConnector.fail(new IOException("connection reset")));
    DeliveryWorker w = worker();
    w.enqueue(ticket("flaky", T0));

    w.runOnce(false);
    assertEquals(T0.plusMillis(1000), w.submissions().get(0).nextAttemptAt());
    clock.advance(Duration.ofSeconds(1));
    w.runOnce(false);
    assertEquals(clock.instant().plusMillis(1500), w.submissions().get(0).nextAttemptAt());
    clock.advance(Duration.ofMillis(1500));
    w.runOnce(false);
    assertEquals(clock.instant().plusMillis(2500), w.submissions().get(0).nextAttemptAt());
    assertEquals(3, w.submissions().get(0).attempts());
    assertTrue(w.submissions().get(0).lastError().contains("connection reset"));
  }

  @Test
  void tooManyRequestsHonoursRetryAfter() throws Exception {
    desk.then(FakeConnector.fail(new DeskException(429, "rate_limited", "slow down", null, Duration.ofSeconds(120))));
    DeliveryWorker w = worker();
    SubmissionRecord t = ticket("impatient", T0);
    Submission s = w.enqueue(t);

    w.runOnce(false);

    Instant next = w.submissions().get(0).nextAttemptAt();
    assertNotNull(next);
    assertFalse(next.isBefore(T0.plusSeconds(120)), "next attempt " + next + " is before the desk's Retry-After");
    clock.advance(Duration.ofSeconds(119));
    w.runOnce(false);
    assertEquals(1, desk.calls.get());
    clock.advance(Duration.ofSeconds(1));
    w.runOnce(false);
    assertEquals(2, desk.calls.get());
    assertNotNull(s.delivery().get(10, TimeUnit.SECONDS));
  }

  @Test
  void aLaggingSearchHoldsBackItsSubmissionOnlyAndIsNoFailureOfTheDesk() throws Exception {
    // More lags than the circuit's minimum number of calls: were they failures, it would open.
    int lagging = DeliveryPolicy.defaults().circuitMinimumCalls() + 1;
    for (int i = 0; i < lagging; i++) {
      desk.then(FakeConnector.fail(new Connector.SearchLagException("the desk's search may lag", Duration.ofMinutes(5))));
    }
    DeliveryWorker w = worker();
    List<Submission> waiting = new ArrayList<>();
    for (int i = 0; i < lagging; i++) waiting.add(w.enqueue(ticket("lost answer " + i, T0)));
    Submission other = w.enqueue(ticket("unrelated", T0.plusSeconds(1)));

    w.runOnce(false);

    assertNotNull(other.delivery().get(10, TimeUnit.SECONDS), "the desk was neither paused nor counted as failing");
    clock.advance(Duration.ofMinutes(5).minusSeconds(1));
    w.runOnce(false);
    assertEquals(lagging + 1, desk.calls.get(), "no sooner than the search asked");
    clock.advance(Duration.ofSeconds(1));
    w.runOnce(false);
    for (Submission s : waiting) assertNotNull(s.delivery().get(10, TimeUnit.SECONDS));
    assertEquals(2 * lagging + 1, desk.calls.get());
  }

  /** The time the outbox planned an attempt for bounds when the earlier ones ended; a search lag's wait sent nothing. */
  @Test
  void aSearchLagsWaitLeavesTheBoundOnEarlierAttemptsAsItWas() throws Exception {
    List<Instant> bounds = new ArrayList<>();
    desk.then(FakeConnector.fail(new IOException("connection reset")))
        .then(t -> {
          bounds.add(t.earlierAttemptsEndedBy());
          throw new Connector.SearchLagException("the desk's search may lag", Duration.ofMinutes(5));
        })
        .then(t -> bounds.add(t.earlierAttemptsEndedBy()));
    DeliveryWorker w = worker();
    Submission s = w.enqueue(ticket("answer lost", T0));
    w.runOnce(false);
    Instant planned = w.submissions().get(0).nextAttemptAt();
    assertNotNull(planned);

    clock.set(planned);
    w.runOnce(false);
    clock.advance(Duration.ofMinutes(5));
    w.runOnce(false);

    assertNotNull(s.delivery().get(10, TimeUnit.SECONDS));
    assertEquals(List.of(planned, planned), bounds);
  }

  @Test
  void anAttemptMadeBeforeItsPlannedTimeBoundsTheEarlierOnesByItsOwnStart() throws Exception {
    List<Instant> bounds = new ArrayList<>();
    desk.then(FakeConnector.fail(new IOException("network is unreachable")))
        .then(t -> bounds.add(t.earlierAttemptsEndedBy()));
    DeliveryWorker w = worker();
    Submission s = w.enqueue(ticket("offline", T0));
    w.runOnce(false);
    assertTrue(w.submissions().get(0).nextAttemptAt().isAfter(T0));

    w.runOnce(true); // every entry now, as when the network comes back

    assertNotNull(s.delivery().get(10, TimeUnit.SECONDS));
    assertEquals(List.of(T0), bounds);
  }

  @Test
  void badRequestIsKeptAsFailedUntilRetriedOrDiscarded() throws Exception {
    desk.then(FakeConnector.fail(new DeskException(400, "invalid", "subject is too vague", "subject", null)))
        .then(FakeConnector.fail(new DeskException(422, "no good")));
    DeliveryWorker w = worker();
    SubmissionRecord t = ticket("help", T0);
    SubmissionRecord other = ticket("other", T0.plusSeconds(1));
    Submission s = w.enqueue(t);
    Submission o = w.enqueue(other);

    w.runOnce(false);

    ExecutionException e = assertThrows(ExecutionException.class, () -> s.delivery().get(10, TimeUnit.SECONDS));
    DeskException refusal = (DeskException) e.getCause();
    assertEquals(400, refusal.httpStatus());
    assertEquals("subject is too vague", refusal.deskMessage());
    Path failure = dir.resolve("outbox/failed/" + t.submissionId() + ".failure");
    assertTrue(Files.readString(failure).contains("subject is too vague"));
    assertThrows(ExecutionException.class, () -> o.delivery().get(10, TimeUnit.SECONDS));
    List<Submission> listed = w.submissions();
    assertEquals(2, listed.size());
    Submission failed = listed.get(0);
    assertEquals(Submission.State.FAILED, failed.state());
    assertTrue(failed.lastError().contains("subject is too vague"), failed.lastError());
    assertNull(failed.nextAttemptAt());
    drainCallbacks();
    assertEquals(List.of("failed:" + t.submissionId() + ":400", "failed:" + other.submissionId() + ":422"),
        listener.eventsStartingWith("failed:"));

    clock.advance(Duration.ofDays(1));
    w.runOnce(true);
    assertEquals(2, desk.calls.get(), "permanent failures are never retried automatically");
    assertEquals(OutboxHealth.CircuitState.CLOSED, w.circuitState(), "a refusal says nothing about the desk's health");

    assertEquals(Submission.State.FAILED, w.submission(t.submissionId()).state());
    assertTrue(w.submission(t.submissionId()).delivery().isCompletedExceptionally());
    Submission retried = w.retry(t.submissionId());
    assertEquals(Submission.State.QUEUED, retried.state());
    assertEquals(1, retried.attempts(), "the attempt made stays known; backoff starts afresh");
    assertFalse(retried.delivery() == s.delivery(), "retry gives a new future");
    w.runOnce(false);
    assertEquals("T-" + t.submissionId(), retried.delivery().get(10, TimeUnit.SECONDS).id());

    w.discard(other.submissionId());
    assertEquals(List.of(), w.submissions());
    assertNull(w.submission(other.submissionId()));
    assertThrows(IllegalArgumentException.class, () -> w.discard(other.submissionId()));
    SubmissionRecord still = ticket("still pending", T0);
    w.enqueue(still);
    assertThrows(IllegalStateException.class, () -> w.discard(still.submissionId()));
  }

  @Test
  void circuitOpensStopsCallingTheDeskThenHalfOpensAndCloses() throws Exception {
    DeliveryPolicy config = DeliveryPolicy.builder().circuitWindow(4, 4).circuitFailureRatePercent(50)
        .circuitOpenWait(Duration.ofSeconds(60)).circuitHalfOpenCalls(1).concurrency(1).build();
    for (int i = 0; i < 4; i++) desk.then(FakeConnector.fail(new IOException("unreachable")));
    DeliveryWorker w = worker(config);
    List<Submission> subs = new ArrayList<>();
    for (int i = 0; i < 6; i++) subs.add(w.enqueue(ticket("t" + i, T0.plusSeconds(i))));

    w.runOnce(true);

    assertEquals(4, desk.calls.get(), "the circuit opened after the 4th failure");
    assertEquals(OutboxHealth.CircuitState.OPEN, w.health().circuitState());
    w.runOnce(true);
    clock.advance(Duration.ofSeconds(59));
    w.runOnce(true);
    assertEquals(4, desk.calls.get(), "the desk is not called while the circuit is open");
    assertEquals(6, w.submissions().size());
    assertEquals(1, w.submissions().get(0).attempts(), "postponed entries do not count attempts");
    assertEquals(0, w.submissions().get(5).attempts());

    clock.advance(Duration.ofSeconds(2));
    w.runOnce(true);

    assertEquals(OutboxHealth.CircuitState.CLOSED, w.health().circuitState());
    assertEquals(10, desk.calls.get());
    for (Submission s : subs) assertNotNull(s.delivery().get(10, TimeUnit.SECONDS));
    assertEquals(0, pendingCount());
  }

  @Test
  void aPassKeepsDeliveringWhatIsSubmittedWhileItRunsUnderOneClaim() throws Exception {
    AtomicInteger claims = new AtomicInteger();
    DeliveryWorker w = workerCountingClaims(DeliveryPolicy.builder().concurrency(1).build(), claims);
    List<Submission> subs = new java.util.concurrent.CopyOnWriteArrayList<>();
    // Each of the first five calls brings a new submission while the pass runs, as a burst would.
    for (int i = 1; i <= 5; i++) {
      int n = i;
      desk.then(t -> {
        try {
          subs.add(w.enqueue(ticket("t" + n, T0.plusSeconds(n))));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }
    subs.add(w.enqueue(ticket("t0", T0)));

    w.runOnce(false);

    assertEquals(6, subs.size());
    for (Submission s : subs) assertNotNull(s.delivery().get(10, TimeUnit.SECONDS));
    assertEquals(6, desk.calls.get(), "each delivered once");
    assertEquals(1, claims.get(), "one claim for the whole burst");
    assertEquals(0, pendingCount());
  }

  @Test
  void aPassThatFindsTheDeskHeldStopsReadingTheQueueThoughSubmissionsKeepComing() throws Exception {
    FileOutbox outbox = new FileOutbox(dir, Limits.defaults(), clock);
    outboxes.add(outbox);
    DeliveryWorker[] worker = new DeliveryWorker[1];
    AtomicInteger rounds = new AtomicInteger();
    // Every time the pass asks for the entries submitted meanwhile, one more has come, as under steady load.
    OutboxStore busy = new ForwardingStore(outbox) {
      @Override public @Nullable Claim claim() throws IOException {
        Claim claim = super.claim();
        if (claim == null) return null;
        return new ForwardingClaim(claim) {
          @Override public List<PendingEntry> more(Consumer<Quarantined> onQuarantined)
              throws IOException {
            int n = rounds.incrementAndGet();
            if (n <= 20) worker[0].enqueue(ticket("more" + n, T0.plusSeconds(10 + n)));
            return super.more(onQuarantined);
          }
        };
      }
    };
    worker[0] = new DeliveryWorker(busy, desk, List.of(listener), callbacks, clock,
        DeliveryPolicy.builder().concurrency(1).build(), () -> 0.5);
    workers.add(worker[0]);
    // The first call brings a submission and an answer that holds the desk for two minutes.
    desk.then(t -> {
      worker[0].enqueue(ticket("during the call", T0.plusSeconds(1)));
      throw new DeskException(429, "rate_limited", "slow down", null, Duration.ofSeconds(120));
    });
    worker[0].enqueue(ticket("first", T0));

    worker[0].runOnce(false);

    assertEquals(1, desk.calls.get());
    assertEquals(0, rounds.get(), "the pass read the queue again although nothing in it could be sent");
    assertEquals(2, worker[0].submissions().size());
  }

  @Test
  void submissionsWhileTheCircuitIsOpenWaitForItWithoutReadingTheQueue() throws Exception {
    DeliveryPolicy config = DeliveryPolicy.builder().circuitWindow(2, 2).circuitFailureRatePercent(50)
        .circuitOpenWait(Duration.ofSeconds(60)).concurrency(1).build();
    desk.then(FakeConnector.fail(new IOException("unreachable"))).then(FakeConnector.fail(new IOException("unreachable")));
    AtomicInteger claims = new AtomicInteger();
    DeliveryWorker w = workerCountingClaims(config, claims);
    List<Submission> subs = new ArrayList<>();
    for (int i = 0; i < 2; i++) subs.add(w.enqueue(ticket("t" + i, T0.plusSeconds(i))));
    w.runOnce(true);
    assertEquals(OutboxHealth.CircuitState.OPEN, w.health().circuitState());
    w.start();

    for (int i = 2; i < 12; i++) subs.add(w.enqueue(ticket("t" + i, T0.plusSeconds(i))));
    // A forced pass runs on the delivery thread after every pass those submissions woke: once it ended,
    // they have all run. It claims once itself (a forced pass reads the queue even while the desk is held).
    w.flush().get(10, TimeUnit.SECONDS);

    assertEquals(2, claims.get(), "no pass but the forced one read the queue while the desk could not be called");
    assertEquals(2, desk.calls.get());
    clock.advance(Duration.ofSeconds(61));
    w.wake();
    for (Submission s : subs) assertNotNull(s.delivery().get(10, TimeUnit.SECONDS));
    assertEquals(3, claims.get());
  }

  @Test
  void flushDeliversEverythingPendingRegardlessOfBackoff() throws Exception {
    desk.then(FakeConnector.fail(new DeskException(503, "busy")))
        .then(FakeConnector.fail(new DeskException(503, "busy")));
    DeliveryWorker w = worker();
    w.start();
    Submission a = w.enqueue(ticket("a", T0));
    Submission b = w.enqueue(ticket("b", T0));
    listener.await("retrying:");
    listener.await("retrying:");
    assertTrue(w.submissions().stream().allMatch(s -> s.nextAttemptAt() != null && s.nextAttemptAt().isAfter(T0)));

    w.flush().get(10, TimeUnit.SECONDS);

    assertEquals(0, pendingCount());
    assertNotNull(a.delivery().get(10, TimeUnit.SECONDS));
    assertNotNull(b.delivery().get(10, TimeUnit.SECONDS));
    assertEquals(4, desk.calls.get());
  }

  @Test
  void networkAvailableHalfOpensTheCircuitAndAttemptsNow() throws Exception {
    DeliveryPolicy config = DeliveryPolicy.builder().circuitWindow(2, 2).circuitOpenWait(Duration.ofMinutes(10))
        .concurrency(1).build();
    desk.then(FakeConnector.fail(new IOException("offline"))).then(FakeConnector.fail(new IOException("offline")));
    DeliveryWorker w = worker(config);
    Submission a = w.enqueue(ticket("a", T0));
    Submission b = w.enqueue(ticket("b", T0.plusSeconds(1)));
    Submission c = w.enqueue(ticket("c", T0.plusSeconds(2)));
    w.runOnce(true);
    assertEquals(OutboxHealth.CircuitState.OPEN, w.circuitState());
    assertEquals(2, desk.calls.get());

    w.networkAvailable().get(10, TimeUnit.SECONDS);

    assertEquals(5, desk.calls.get());
    for (Submission s : List.of(a, b, c)) assertNotNull(s.delivery().get(10, TimeUnit.SECONDS));
    assertEquals(OutboxHealth.CircuitState.CLOSED, w.circuitState());
  }

  @Test
  void networkAvailableResetsTheBackoffButKeepsTheAttemptCount() throws Exception {
    for (int i = 0; i < 4; i++) desk.then(FakeConnector.fail(new IOException("no route to host")));
    DeliveryWorker w = worker();
    w.enqueue(ticket("offline", T0));
    for (int i = 0; i < 3; i++) w.runOnce(true);
    assertEquals(clock.instant().plusMillis(2500), w.submissions().get(0).nextAttemptAt());

    w.networkAvailable().get(10, TimeUnit.SECONDS);

    Submission s = w.submissions().get(0);
    assertEquals(4, s.attempts());
    assertEquals(clock.instant().plusMillis(1000), s.nextAttemptAt(), "the backoff starts over after a network change");
    w.close();
    DeliveryWorker restarted = worker();
    restarted.runOnce(true);
    assertEquals(0, pendingCount());
    assertEquals(5, desk.calls.get());
  }

  @Test
  void startDeliversWhatAnEarlierProcessLeftAndTheTickRetriesDueEntries() throws Exception {
    FileOutbox earlier = new FileOutbox(dir, Limits.defaults(), clock);
    SubmissionRecord left = ticket("left behind", T0);
    earlier.enqueue(left);
    earlier.close();
    desk.then(FakeConnector.fail(new IOException("down")));
    DeliveryWorker w = worker(DeliveryPolicy.builder().tickInterval(Duration.ofMillis(50)).build());

    w.start();
    listener.await("retrying:" + left.submissionId());
    clock.advance(Duration.ofSeconds(5));
    // No wake, flush or restart: only the periodic tick can deliver it now.
    String delivered = listener.await("delivered:" + left.submissionId());

    assertEquals("delivered:" + left.submissionId() + ":T-" + left.submissionId(), delivered);
    assertEquals(2, desk.callsFor(left.submissionId()));
    assertEquals(0, pendingCount());
  }

  @Test
  void corruptEntriesAreQuarantinedAndReportedWhileOthersAreDelivered() throws Exception {
    DeliveryWorker w = worker();
    SubmissionRecord good = ticket("good", T0);
    SubmissionRecord torn = ticket("torn", T0);
    Submission s = w.enqueue(good);
    w.enqueue(torn);
    Path tornFile = pendingDir().resolve(torn.submissionId() + ".entry");
    byte[] bytes = Files.readAllBytes(tornFile);
    Files.write(tornFile, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Path garbage = pendingDir().resolve(UUID.randomUUID() + ".entry");
    Files.write(garbage, "not an entry at all".getBytes("UTF-8"));

    w.runOnce(false);

    assertNotNull(s.delivery().get(10, TimeUnit.SECONDS));
    drainCallbacks();
    assertEquals(2, listener.eventsStartingWith("quarantined:").size());
    assertEquals(1, desk.calls.get());
    assertEquals(2, w.health().quarantined());
    assertEquals(0, w.health().pending());
  }

  @Test
  void unexpectedConnectorExceptionsAreRetriedAndNeverStopTheWorker() throws Exception {
    desk.then(FakeConnector.fail(new NullPointerException("bug in connector")));
    DeliveryWorker w = worker(DeliveryPolicy.builder().tickInterval(Duration.ofMillis(50)).build());
    w.start();
    SubmissionRecord t = ticket("x", T0);
    Submission s = w.enqueue(t);
    listener.await("retrying:" + t.submissionId());
    assertTrue(w.health().lastError().contains("bug in connector"), w.health().lastError());

    clock.advance(Duration.ofSeconds(5));

    assertNotNull(s.delivery().get(10, TimeUnit.SECONDS));
    assertEquals(2, desk.callsFor(t.submissionId()));
  }

  @Test
  void anErrorThrownDuringAPassIsLoggedRecordedAndLaterPassesStillDeliver() throws Exception {
    // Thrown on purpose: the two passes that meet them end abruptly, as a real OutOfMemoryError would.
    desk.then(ticket -> {
      throw new OutOfMemoryError("simulated: Java heap space");
    }).then(ticket -> {
      throw new StackOverflowError("simulated");
    });
    DeliveryWorker w = worker(DeliveryPolicy.builder().tickInterval(Duration.ofMillis(50)).build());
    w.start();
    SubmissionRecord t = ticket("x", T0);

    Submission s = w.enqueue(t);

    // No flush, no wake, no clock change: the passes after the errors come from the worker's own schedule.
    assertNotNull(s.delivery().get(10, TimeUnit.SECONDS));
    assertEquals(3, desk.callsFor(t.submissionId()));
    assertNull(w.health().lastError(), "recorded while failing, cleared once the delivery succeeded");
    assertEquals(0, pendingCount());
    assertEquals(OutboxHealth.CircuitState.CLOSED, w.health().circuitState());
    SubmissionRecord later = ticket("after the errors", T0);
    Submission s2 = w.enqueue(later);
    assertNotNull(s2.delivery().get(10, TimeUnit.SECONDS), "the worker still delivers new submissions");
  }

  @Test
  void flushFailsWithTheErrorOfItsPassAndTheNextFlushDelivers() throws Exception {
    desk.then(ticket -> {
      throw new StackOverflowError("simulated");
    });
    DeliveryWorker w = worker();
    w.enqueue(ticket("x", T0));

    ExecutionException failed = assertThrows(ExecutionException.class, () -> w.flush().get(10, TimeUnit.SECONDS));
    assertTrue(failed.getCause() instanceof StackOverflowError, failed.getCause().toString());
    assertEquals(1, pendingEntryCount(), "the entry stays pending");

    w.flush().get(10, TimeUnit.SECONDS);
    assertEquals(0, pendingCount());
    assertEquals(2, desk.calls.get());
  }

  @Test
  void aDeliveryIsReportedOnlyOnceItsEntryIsDeletedFromDisk() throws Exception {
    DeliveryWorker w = worker();
    List<Submission> submitted = new ArrayList<>();
    for (int i = 0; i < DeliveryWorker.PURGE_BATCH + 5; i++) submitted.add(w.enqueue(ticket("t" + i, T0)));
    List<String> leftOnDiskWhenReported = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (Submission s : submitted) {
      s.delivery().thenRun(() -> {
        try (java.util.stream.Stream<Path> trash = Files.list(dir.resolve("outbox/trash"))) {
          trash.filter(p -> p.getFileName().toString().startsWith(s.id())).forEach(p -> leftOnDiskWhenReported.add(s.id()));
        } catch (IOException e) {
          leftOnDiskWhenReported.add(s.id() + ": " + e);
        }
        if (Files.exists(pendingDir().resolve(s.id()))) leftOnDiskWhenReported.add(s.id() + " still pending");
      });
    }

    w.runOnce(false);

    for (Submission s : submitted) assertNotNull(s.delivery().get(10, TimeUnit.SECONDS));
    drainCallbacks();
    assertEquals(List.of(), leftOnDiskWhenReported);
    assertEquals(0, pendingCount());
  }

  @Test
  void healthReportsQueueDepthAgeBytesAndErrors() throws Exception {
    desk.then(FakeConnector.fail(new IOException("timeout")));
    DeliveryWorker w = worker();
    OutboxHealth empty = w.health();
    assertEquals(0, empty.pending());
    assertNull(empty.oldestPendingAge());
    assertEquals(OutboxHealth.CircuitState.CLOSED, empty.circuitState());

    w.enqueue(ticket("a", T0));
    w.enqueue(ticket("b", T0.plusSeconds(30)));
    w.runOnce(false);
    clock.advance(Duration.ofMinutes(2));
    OutboxHealth h = w.health();

    assertEquals(1, h.pending());
    assertEquals(0, h.failed());
    assertEquals(Duration.ofMinutes(2), h.oldestPendingAge(), "a (created at T0) failed, b was delivered");
    assertTrue(h.bytesOnDisk() > 0);
    assertTrue(h.lastError().contains("timeout"), h.lastError());
  }

  @Test
  void closeStopsPromptlyAndAnInterruptedAttemptStaysPending() throws Exception {
    CountDownLatch inFlight = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    desk.then(ticket -> {
      inFlight.countDown();
      try {
        never.await();
      } catch (InterruptedException e) {
        throw new InterruptedIOException("interrupted");
      }
    });
    DeliveryWorker w = worker();
    w.start();
    SubmissionRecord t = ticket("in flight", T0);
    Submission s = w.enqueue(t);
    assertTrue(inFlight.await(10, TimeUnit.SECONDS));

    w.close();

    assertFalse(s.delivery().isDone());
    FileOutbox next = new FileOutbox(dir, Limits.defaults(), clock);
    outboxes.add(next);
    assertEquals(1, next.pending().size());
    assertEquals(1, next.pending().get(0).state().attempts(),
        "an interrupted attempt is recorded: the desk may have the ticket, the next attempt is not a first one");
    CompletableFuture<Void> afterClose = w.flush();
    assertThrows(ExecutionException.class, () -> afterClose.get(10, TimeUnit.SECONDS));
  }

  @Test
  void aFlushStillWaitingWhenTheWorkerClosesFailsAsClosed() throws Exception {
    CountDownLatch inFlight = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    desk.then(ticket -> {
      inFlight.countDown();
      try {
        never.await();
      } catch (InterruptedException e) {
        throw new InterruptedIOException("interrupted");
      }
    });
    DeliveryWorker holder = worker();
    DeliveryWorker other = worker();
    holder.start();
    holder.enqueue(ticket("in flight", T0));
    assertTrue(inFlight.await(10, TimeUnit.SECONDS));
    // Queued behind the pass in flight, and waiting out the claim another worker holds: neither has run when they close.
    CompletableFuture<Void> behindThePass = holder.flush();
    CompletableFuture<Void> waitingForTheClaim = other.flush();

    other.close();
    holder.close();

    for (CompletableFuture<Void> flush : List.of(behindThePass, waitingForTheClaim)) {
      ExecutionException e = assertThrows(ExecutionException.class, () -> flush.get(10, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof IllegalStateException, e.getCause().toString());
      assertTrue(e.getCause().getMessage().contains("closed"), e.getCause().getMessage());
    }
  }

  @Test
  void aPassThatCloseInterruptsWhileTheClaimEndsIsNoError() throws Exception {
    FileOutbox outbox = new FileOutbox(dir, Limits.defaults(), clock);
    outboxes.add(outbox);
    CountDownLatch releasing = new CountDownLatch(1);
    OutboxStore slowRelease = new ForwardingStore(outbox) {
      @Override public @Nullable Claim claim() throws IOException {
        Claim claim = super.claim();
        if (claim == null) return null;
        return new ForwardingClaim(claim) {
          @Override public void close() throws IOException {
            if (desk.calls.get() == 0) {
              super.close();
              return;
            }
            // Stands for the claim's end settling the journal when close() interrupts the thread.
            releasing.countDown();
            try {
              new CountDownLatch(1).await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt(); // as an interrupted FileChannel leaves it
              throw new java.nio.channels.ClosedByInterruptException();
            } finally {
              super.close();
            }
          }
        };
      }
    };
    DeliveryWorker w = new DeliveryWorker(slowRelease, desk, List.of(listener), callbacks, clock,
        DeliveryPolicy.builder().concurrency(1).build(), () -> 0.5);
    workers.add(w);
    w.start();
    Submission s = w.enqueue(ticket("delivered, then the client closes", T0));
    assertNotNull(s.delivery().get(10, TimeUnit.SECONDS));
    assertTrue(releasing.await(10, TimeUnit.SECONDS));

    w.close();

    assertNull(w.health().lastError(), "an interruption by close() is no delivery error");
  }

  @Test
  void aPassLooksUpNoOutcomeForASubmissionWhoseStoreCallHasNotReturned() throws Exception {
    FileOutbox outbox = new FileOutbox(dir, Limits.defaults(), clock);
    outboxes.add(outbox);
    CountDownLatch storing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger lookups = new AtomicInteger();
    OutboxStore slowDisk = new ForwardingStore(outbox) {
      @Override public StoredEntry enqueue(SubmissionRecord record) throws IOException {
        storing.countDown();
        try {
          if (!release.await(10, TimeUnit.SECONDS)) throw new IOException("test did not release the write");
        } catch (InterruptedException e) {
          throw new InterruptedIOException();
        }
        return super.enqueue(record);
      }

      @Override public @Nullable Ticket receipt(String id) throws IOException {
        lookups.incrementAndGet();
        return super.receipt(id);
      }
    };
    DeliveryWorker w = new DeliveryWorker(slowDisk, desk, List.of(listener), callbacks, clock,
        DeliveryPolicy.builder().concurrency(1).build(), () -> 0.5);
    workers.add(w);
    SubmissionRecord t = ticket("written while a pass runs", T0);
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      java.util.concurrent.Future<Submission> submitting = caller.submit(() -> w.enqueue(t));
      assertTrue(storing.await(10, TimeUnit.SECONDS));

      assertTrue(w.runOnce(false));
      assertEquals(0, lookups.get(), "a submission still being stored cannot have been delivered elsewhere");

      release.countDown();
      Submission s = submitting.get(10, TimeUnit.SECONDS);
      w.runOnce(false);
      assertEquals("T-" + t.submissionId(), s.delivery().get(10, TimeUnit.SECONDS).id());
    } finally {
      release.countDown();
      caller.shutdownNow();
    }
  }

  @Test
  void onQueuedComesFirstWhenAPassDeliversTheEntryBeforeItsStoreCallReturns() throws Exception {
    DeliveryWorker w = workerRunningAPassInsideEachStoreCall();
    SubmissionRecord t = ticket("delivered at once", T0);

    Submission s = w.enqueue(t);

    assertEquals("T-" + t.submissionId(), s.delivery().get(10, TimeUnit.SECONDS).id());
    drainCallbacks();
    assertEquals(List.of("queued:" + t.submissionId(), "delivered:" + t.submissionId() + ":T-" + t.submissionId()),
        listener.events, "onQueued first, each event once");
  }

  @Test
  void onQueuedComesFirstWhenAPassRefusesTheEntryBeforeItsStoreCallReturns() throws Exception {
    desk.then(FakeConnector.fail(new DeskException(400, "invalid", "subject is too vague", "subject", null)));
    DeliveryWorker w = workerRunningAPassInsideEachStoreCall();
    SubmissionRecord t = ticket("refused at once", T0);

    Submission s = w.enqueue(t);

    assertThrows(ExecutionException.class, () -> s.delivery().get(10, TimeUnit.SECONDS));
    drainCallbacks();
    assertEquals(List.of("queued:" + t.submissionId(), "failed:" + t.submissionId() + ":400"), listener.events,
        "onQueued first, each event once");
  }

  /**
   * A worker whose store runs a pass after storing each entry and before returning: the race of a pass that
   * takes an entry as soon as it is visible, while its caller has not been told it is stored, made certain.
   */
  private DeliveryWorker workerRunningAPassInsideEachStoreCall() {
    FileOutbox outbox = new FileOutbox(dir, Limits.defaults(), clock);
    outboxes.add(outbox);
    DeliveryWorker[] worker = new DeliveryWorker[1];
    OutboxStore slowToReturn = new ForwardingStore(outbox) {
      @Override public StoredEntry enqueue(SubmissionRecord record) throws IOException {
        StoredEntry stored = super.enqueue(record);
        assertTrue(worker[0].runOnce(false), "the pass took the claim");
        return stored;
      }
    };
    worker[0] = new DeliveryWorker(slowToReturn, desk, List.of(listener), callbacks, clock,
        DeliveryPolicy.builder().concurrency(1).build(), () -> 0.5);
    workers.add(worker[0]);
    return worker[0];
  }
}
