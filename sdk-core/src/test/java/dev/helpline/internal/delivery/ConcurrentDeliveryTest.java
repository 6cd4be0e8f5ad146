package dev.helpline.internal.delivery;

import static dev.helpline.internal.delivery.Tickets.ticket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.DeliveryPolicy;
import dev.helpline.DeskException;
import dev.helpline.Limits;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import dev.helpline.connector.NewTicket;
import dev.helpline.internal.outbox.FileOutbox;
import dev.helpline.outbox.OutboxStore;
import dev.helpline.status.TestClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ConcurrentDeliveryTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @TempDir Path dir;
  private final TestClock clock = new TestClock(T0);
  private final ExecutorService callbacks = Executors.newSingleThreadExecutor();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final RecordingListener listener = new RecordingListener();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) toClose.get(i).close();
    callbacks.shutdownNow();
  }

  /** A desk that records how many calls are in flight, and each call's submission and attempt. */
  private static class CountingDesk extends FakeConnectorBase {
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final Set<String> inFlightIds = ConcurrentHashMap.newKeySet();
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final List<Integer> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
    final AtomicInteger total = new AtomicInteger();
    volatile boolean overlapSeen;

    @Override
    public Ticket create(NewTicket ticket, UploadProgress progress) throws IOException {
      String id = ticket.submissionId();
      if (!inFlightIds.add(id)) overlapSeen = true;
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      calls.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      attempts.add(ticket.attempt());
      try {
        return answer(ticket, total.incrementAndGet());
      } finally {
        inFlight.decrementAndGet();
        inFlightIds.remove(id);
      }
    }

    Ticket answer(NewTicket ticket, int callNo) throws IOException {
      return new Ticket("T-" + ticket.submissionId(), ticket.subject(), TicketStatus.NEW, ticket.priority(), null,
          null, null);
    }
  }

  private DeliveryWorker worker(FakeConnectorBase desk, DeliveryPolicy config) {
    return worker(desk, config, outbox -> outbox);
  }

  /** A worker whose store is {@code watch} applied to the outbox (a {@link ForwardingStore} that observes calls). */
  private DeliveryWorker worker(FakeConnectorBase desk, DeliveryPolicy config,
      java.util.function.UnaryOperator<OutboxStore> watch) {
    FileOutbox outbox = new FileOutbox(dir, Limits.defaults(), clock);
    toClose.add(outbox);
    DeliveryWorker w = new DeliveryWorker(watch.apply(outbox), desk, List.of(listener), callbacks, clock, config,
        () -> 0.5);
    toClose.add(w::close);
    return w;
  }

  @Test
  void fourCallsAreInFlightByDefaultAndEachEntryIsSentOnceAndRemovedOnce() throws Exception {
    CountDownLatch fourAtOnce = new CountDownLatch(4);
    CountingDesk desk = new CountingDesk() {
      @Override Ticket answer(NewTicket ticket, int callNo) throws IOException {
        fourAtOnce.countDown();
        try {
          // The first four calls meet: only possible when four are in flight together.
          if (callNo <= 4 && !fourAtOnce.await(10, TimeUnit.SECONDS)) throw new AssertionError("never 4 in flight");
        } catch (InterruptedException e) {
          throw new java.io.InterruptedIOException();
        }
        return super.answer(ticket, callNo);
      }
    };
    DeliveryWorker w = worker(desk, DeliveryPolicy.defaults());
    List<Submission> submitted = new ArrayList<>();
    for (int i = 0; i < 40; i++) submitted.add(w.enqueue(ticket("t" + i, T0.plusSeconds(i))));

    w.runOnce(false);

    for (Submission s : submitted) assertNotNull(s.delivery().get(10, TimeUnit.SECONDS));
    assertEquals(4, desk.maxInFlight.get(), "never more than the default concurrency in flight");
    assertFalse(desk.overlapSeen, "an entry was attempted twice at once");
    assertEquals(40, desk.calls.size());
    assertTrue(desk.calls.values().stream().allMatch(c -> c.get() == 1), "each entry sent once: " + desk.calls);
    assertTrue(desk.attempts.stream().allMatch(a -> a == 1), "every call was a first attempt");
    assertEquals(0, w.submissions().size(), "every delivered entry removed");
    w.runOnce(true);
    assertEquals(40, desk.total.get(), "nothing is sent again");
  }

  @Test
  void concurrencyOneSendsOneAtATime() throws Exception {
    CountingDesk desk = new CountingDesk();
    DeliveryWorker w = worker(desk, DeliveryPolicy.builder().concurrency(1).build());
    for (int i = 0; i < 10; i++) w.enqueue(ticket("t" + i, T0));

    w.runOnce(false);

    assertEquals(1, desk.maxInFlight.get());
    assertEquals(10, desk.total.get());
  }

  @Test
  void concurrencyOutsideOneToSixteenIsRefusedNamingTheSetting() {
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> DeliveryPolicy.builder().concurrency(0));
    assertTrue(zero.getMessage().contains("concurrency is 0"), zero.getMessage());
    IllegalArgumentException seventeen = assertThrows(IllegalArgumentException.class,
        () -> DeliveryPolicy.builder().concurrency(17));
    assertTrue(seventeen.getMessage().contains("between 1 and 16"), seventeen.getMessage());
    assertEquals(16, DeliveryPolicy.builder().concurrency(16).build().concurrency());
  }

  @Test
  void retryAfterPausesTheWholeDeskNotOneEntry() throws Exception {
    CountDownLatch secondCall = new CountDownLatch(1);
    CountDownLatch firstAnswered = new CountDownLatch(1);
    CountingDesk desk = new CountingDesk() {
      @Override Ticket answer(NewTicket ticket, int callNo) throws IOException {
        if (callNo == 1) {
          try {
            // Both slots busy before the desk says "slow down".
            if (!secondCall.await(10, TimeUnit.SECONDS)) throw new AssertionError("no second call");
          } catch (InterruptedException e) {
            throw new java.io.InterruptedIOException();
          }
          firstAnswered.countDown();
          throw new DeskException(429, "rate_limited", "slow down", null, Duration.ofSeconds(60));
        }
        if (callNo == 2) {
          secondCall.countDown();
          try {
            if (!firstAnswered.await(10, TimeUnit.SECONDS)) throw new AssertionError("no first answer");
            // Answer once the worker has reported the 429's retry (the desk's pause is set before that):
            // otherwise this freed slot could start another call before the pause exists.
            listener.await("retrying:");
          } catch (InterruptedException e) {
            throw new java.io.InterruptedIOException();
          }
        }
        return super.answer(ticket, callNo);
      }
    };
    DeliveryWorker w = worker(desk, DeliveryPolicy.builder().concurrency(2).build());
    List<Submission> submitted = new ArrayList<>();
    for (int i = 0; i < 6; i++) submitted.add(w.enqueue(ticket("t" + i, T0.plusSeconds(i))));

    w.runOnce(false);

    // The two calls in flight when the desk asked for a pause; nobody else knocked.
    assertEquals(2, desk.total.get());
    w.runOnce(false);
    clock.advance(Duration.ofSeconds(59));
    w.runOnce(false);
    assertEquals(2, desk.total.get(), "the pause holds for every entry until Retry-After has passed");
    assertEquals(5, w.submissions().size());

    clock.advance(Duration.ofSeconds(31)); // past the refused entry's own backoff too
    w.runOnce(false);

    for (Submission s : submitted) assertNotNull(s.delivery().get(10, TimeUnit.SECONDS));
    assertEquals(7, desk.total.get(), "the refused entry once more, the four others once");
    List<Integer> retried = new ArrayList<>();
    for (Map.Entry<String, AtomicInteger> e : desk.calls.entrySet()) if (e.getValue().get() == 2) retried.add(2);
    assertEquals(1, retried.size());
    assertTrue(desk.attempts.contains(2), "the retry is seen by the connector as attempt 2: " + desk.attempts);
  }

  @Test
  void healthShowsACallInFlightWhileAnotherAttemptHasEnded() throws Exception {
    CountDownLatch bothInFlight = new CountDownLatch(2);
    CountDownLatch releaseSlow = new CountDownLatch(1);
    CountingDesk desk = new CountingDesk() {
      @Override Ticket answer(NewTicket ticket, int callNo) throws IOException {
        bothInFlight.countDown();
        try {
          if (!bothInFlight.await(10, TimeUnit.SECONDS)) throw new AssertionError("never 2 in flight");
          if (ticket.subject().equals("slow") && !releaseSlow.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("never released");
          }
        } catch (InterruptedException e) {
          throw new java.io.InterruptedIOException();
        }
        return super.answer(ticket, callNo);
      }
    };
    // The fast attempt has ended once the pass marks its entry delivered (its future completes with the pass).
    CountDownLatch fastEnded = new CountDownLatch(1);
    DeliveryWorker w = worker(desk, DeliveryPolicy.builder().concurrency(2).build(), outbox -> new ForwardingStore(outbox) {
      @Override public void markDelivered(StoredEntry entry, Ticket ticket) throws IOException {
        super.markDelivered(entry, ticket);
        if (entry.record().subject().equals("fast")) fastEnded.countDown();
      }
    });
    w.enqueue(ticket("fast", T0));
    Submission slow = w.enqueue(ticket("slow", T0.plusSeconds(1)));
    w.start();
    assertTrue(fastEnded.await(10, TimeUnit.SECONDS), "the fast ticket was never delivered");

    assertNotNull(w.health().attemptInFlightAge(), "the slow call is still in flight");

    releaseSlow.countDown();
    slow.delivery().get(10, TimeUnit.SECONDS);
    assertEquals(null, w.health().attemptInFlightAge());
  }

  @Test
  void closeInterruptsEveryAttemptInFlight() throws Exception {
    CountDownLatch threeInFlight = new CountDownLatch(3);
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger interrupted = new AtomicInteger();
    CountingDesk desk = new CountingDesk() {
      @Override Ticket answer(NewTicket ticket, int callNo) throws IOException {
        threeInFlight.countDown();
        try {
          never.await();
        } catch (InterruptedException e) {
          interrupted.incrementAndGet();
          throw new java.io.InterruptedIOException("interrupted");
        }
        throw new AssertionError("released");
      }
    };
    DeliveryWorker w = worker(desk, DeliveryPolicy.builder().concurrency(3).build());
    List<Submission> submitted = new ArrayList<>();
    for (int i = 0; i < 3; i++) submitted.add(w.enqueue(ticket("t" + i, T0)));
    w.start();
    assertTrue(threeInFlight.await(10, TimeUnit.SECONDS));

    w.close();

    assertEquals(3, interrupted.get());
    for (Submission s : submitted) assertFalse(s.delivery().isDone());
    CompletableFuture<Void> afterClose = w.flush();
    assertThrows(java.util.concurrent.ExecutionException.class, () -> afterClose.get(10, TimeUnit.SECONDS));
  }
}
