package dev.helpline.internal.delivery;

import dev.helpline.Ticket;
import dev.helpline.outbox.OutboxStore;
import dev.helpline.outbox.OutboxStore.PendingEntry;
import dev.helpline.outbox.OutboxStore.Quarantined;
import dev.helpline.outbox.OutboxStore.StoredEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery pass over the store: claim the pending entries, attempt the due ones (each read
 * whole only for its attempt, so a pass holds one submission in memory, not the queue), remove the
 * delivered ones and report them once their removal is durable, and complete the futures of
 * entries other processes delivered. One pass at a time in this process.
 *
 * <p>Up to {@link dev.helpline.DeliveryPolicy#concurrency()} attempts run at once, on a small pool
 * of daemon threads; the pass dispatches each claimed entry at most once and waits for every attempt
 * it started before it ends, so an entry is never attempted twice at once. A desk's Retry-After
 * and an open circuit pause the whole desk ({@link DeskCircuit}): no new attempt starts until then,
 * and the entries not yet attempted are postponed together.
 *
 * <p>Exactly once: an entry is removed only after the desk returned its ticket, and every attempt
 * sends the same submission id as the idempotency key. Removals are made durable once per
 * {@value #PURGE_BATCH} deliveries and at the end of the pass ({@link OutboxStore#purgeDelivered});
 * a crash before that only causes deduplicated re-sends, and deliveries are reported only after it.
 */
final class DeliveryPass {
  private static final Logger log = LoggerFactory.getLogger(DeliveryPass.class);
  /** Deliveries whose removal is made durable together. */
  static final int PURGE_BATCH = 32;

  /** What a pass came to: LOCKED when another deliverer held the claim; else the earliest planned attempt. */
  static final class Result {
    static final Result LOCKED = new Result(true, null);
    final boolean locked;
    final @Nullable Instant earliest;

    Result(boolean locked, @Nullable Instant earliest) {
      this.locked = locked;
      this.earliest = earliest;
    }
  }

  private final OutboxStore store;
  private final DeskCircuit circuit;
  private final Attempt attempt;
  private final Reporting reporting;
  private final Clock clock;
  private final BooleanSupplier closed;
  private final ReentrantLock passLock = new ReentrantLock();
  /** Delivered, but the entry could not be removed: it will be re-sent, and must not be reported twice. */
  private final Set<String> deliveredNotDeleted = ConcurrentHashMap.newKeySet();
  /** Reports of deliveries whose removal is not yet durable; touched only under passLock. */
  private final List<Runnable> unreported = new ArrayList<>();
  private int sincePurge;
  private final int concurrency;
  /** Runs attempts when concurrency > 1; null otherwise (attempts run on the pass's thread). */
  private final @Nullable ThreadPoolExecutor attempts;
  private final Semaphore slots;
  /** Guards what attempts on several threads report back: earliest, sincePurge, unreported. */
  private final Object results = new Object();
  /** Wakes counted by {@link #woken()}. */
  private final AtomicLong wakes = new AtomicLong();

  DeliveryPass(OutboxStore store, DeskCircuit circuit, Attempt attempt, Reporting reporting, Clock clock,
      BooleanSupplier closed) {
    this(store, circuit, attempt, reporting, clock, closed, 1, "helpline-delivery");
  }

  DeliveryPass(OutboxStore store, DeskCircuit circuit, Attempt attempt, Reporting reporting, Clock clock,
      BooleanSupplier closed, int concurrency, String threadName) {
    this.concurrency = concurrency;
    this.slots = new Semaphore(concurrency);
    if (concurrency > 1) {
      AtomicInteger n = new AtomicInteger();
      ThreadPoolExecutor pool = new ThreadPoolExecutor(concurrency, concurrency, 30, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, threadName + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
      pool.allowCoreThreadTimeOut(true);
      this.attempts = pool;
    } else {
      this.attempts = null;
    }
    this.store = store;
    this.circuit = circuit;
    this.attempt = attempt;
    this.reporting = reporting;
    this.clock = clock;
    this.closed = closed;
  }

  /** Counts a wake (after each submission): a pass under way looks for new entries before it ends (see {@link #run}). */
  void woken() {
    wakes.incrementAndGet();
  }

  /**
   * Runs a pass on the calling thread; {@code force} attempts every entry regardless of its planned time.
   * While wakes (submissions) keep arriving during the pass, it asks its claim for the new entries
   * ({@link OutboxStore.Claim#more}) before it ends, so that a burst is delivered under one claim and
   * one batched removal, instead of one pass per submission.
   *
   * <p>While the desk is held ({@link DeskCircuit#isHolding()}: an open circuit, a Retry-After), a pass
   * that is not forced ends at once, planning the next for when the desk may be called again: it could
   * only read the whole queue to postpone every entry, after every submission and at every tick. The store
   * {@linkplain OutboxStore#settle settles} meanwhile what a claim would have. For the same reason a pass
   * that finds the desk held after an attempt ends then, though submissions keep arriving.
   */
  Result run(boolean force, boolean resetBackoff) throws IOException {
    passLock.lock();
    try {
      if (!force && circuit.isHolding()) {
        store.settle();
        return new Result(false, circuit.retryAt());
      }
      long wakesBefore = wakes.get();
      OutboxStore.Claim claim = store.claim();
      if (claim == null) return Result.LOCKED;
      // Taken once the claim is held, so that a submission stored before it is among them.
      Set<String> unsettledAtClaim = reporting.unsettled();
      Instant earliest = null;
      try {
        for (Quarantined q : claim.quarantined()) reporting.quarantined(q);
        Set<String> seen = new HashSet<>();
        List<Dispatched> running = new ArrayList<>();
        Instant[] earliestBox = {null};
        try {
          List<PendingEntry> round = claim.entries();
          while (dispatch(round, seen, running, force, resetBackoff, earliestBox)) {
            // Looks again only once an attempt could start: not while every slot is busy.
            if (!acquireSlot()) break;
            slots.release();
            long wakesNow = wakes.get();
            if (wakesNow == wakesBefore || circuit.isHolding()) break;
            wakesBefore = wakesNow;
            round = claim.more(reporting::quarantined);
          }
        } finally {
          awaitAll(running);
        }
        earliest = earliestBox[0];
        reporting.reconcile(seen, unsettledAtClaim);
      } finally {
        try {
          purgeDelivered();
        } finally {
          claim.close();
        }
      }
      return new Result(false, earliest);
    } finally {
      passLock.unlock();
    }
  }

  /**
   * Attempts the due entries of {@code round} not seen before in this pass. False when the pass must
   * end (closed, interrupted); true when the round was gone through.
   */
  private boolean dispatch(List<PendingEntry> round, Set<String> seen, List<Dispatched> running, boolean force,
      boolean resetBackoff, Instant[] earliestBox) throws IOException {
    for (PendingEntry ref : round) {
      if (closed.getAsBoolean() || Thread.currentThread().isInterrupted()) return false;
      if (!seen.add(ref.id())) continue;
      reporting.futureFor(ref.id());
      Instant planned = attempt.clamp(ref.id(), attempt.plannedNextAttempt(ref.id(), ref.state().nextAttemptAt()));
      if (!force && planned != null && planned.isAfter(clock.instant())) {
        note(earliestBox, planned);
        continue;
      }
      if (!acquireSlot()) return false;
      boolean permitted = circuit.tryAcquire();
      if (!permitted && !running.isEmpty()) {
        // Half-open (or opened by a call in flight): let the calls in flight decide, then ask again.
        awaitAll(running);
        running.clear();
        permitted = circuit.tryAcquire();
      }
      if (!permitted) {
        // Open: the desk is not called; the entry is postponed until the circuit may half-open.
        slots.release();
        note(earliestBox, circuit.retryAt());
        continue;
      }
      if (attempts == null) {
        try {
          attemptOne(ref, resetBackoff, earliestBox);
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
      } else {
        Dispatched d = new Dispatched();
        d.future = attempts.submit(() -> {
          if (d.started.compareAndSet(false, true)) attemptOne(ref, resetBackoff, earliestBox);
        });
        running.add(d);
      }
    }
    return true;
  }

  /** Loads and attempts one entry that holds a slot and the circuit's permission; gives both back. */
  private void attemptOne(PendingEntry ref, boolean resetBackoff, Instant[] earliestBox) {
    try {
      StoredEntry entry = store.load(ref, reporting::quarantined);
      if (entry == null) {
        circuit.release();
        return;
      }
      Attempt.Outcome outcome = attempt.run(entry, resetBackoff);
      synchronized (results) {
        if (outcome.delivered != null) delivered(entry, outcome.delivered);
        note(earliestBox, outcome.next);
      }
    } catch (IOException e) {
      circuit.release();
      throw new UncheckedIOException(e);
    } finally {
      slots.release();
    }
  }

  private void note(Instant[] earliestBox, @Nullable Instant at) {
    synchronized (results) {
      earliestBox[0] = min(earliestBox[0], at);
    }
  }

  private boolean acquireSlot() {
    try {
      slots.acquire();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** An attempt handed to the pool: its future, and whether it started (else its slot and permission are unused). */
  private static final class Dispatched {
    final AtomicBoolean started = new AtomicBoolean();
    Future<?> future;
  }

  /**
   * Waits for the attempts this pass started; the claim is released only after them. Interrupted
   * (the worker is closing), it interrupts them too and still waits for them to end. Rethrows what
   * an attempt threw.
   */
  private void awaitAll(List<Dispatched> running) throws IOException {
    Throwable failure = null;
    boolean interrupted = false;
    for (Dispatched d : running) {
      if (interrupted) break;
      try {
        d.future.get();
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException e) {
        if (failure == null) failure = e.getCause();
      }
    }
    if (interrupted) {
      for (Dispatched d : running) {
        if (d.started.compareAndSet(false, true)) {
          // Never ran: give back what the pass took for it.
          circuit.release();
          slots.release();
        } else {
          d.future.cancel(true);
        }
      }
      // The attempts still running end with their interrupt: wait until every slot is back.
      slots.acquireUninterruptibly(concurrency);
      slots.release(concurrency);
      Thread.currentThread().interrupt();
    }
    if (failure instanceof UncheckedIOException) throw ((UncheckedIOException) failure).getCause();
    if (failure instanceof RuntimeException) throw (RuntimeException) failure;
    if (failure instanceof Error) throw (Error) failure;
  }

  /** Stops the attempt threads, interrupting attempts in flight; returns at once. */
  void close() {
    if (attempts != null) attempts.shutdownNow();
  }

  /** Waits up to {@code nanos} for the attempt threads to end after {@link #close()}; true when they have. */
  boolean awaitClosed(long nanos) throws InterruptedException {
    return attempts == null || attempts.awaitTermination(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  private void delivered(StoredEntry entry, Ticket ticket) {
    int attempts = entry.state().attempts() + 1;
    boolean firstReport;
    boolean removed;
    try {
      store.markDelivered(entry, ticket);
      sincePurge++;
      firstReport = !deliveredNotDeleted.remove(entry.id());
      removed = true;
    } catch (IOException | RuntimeException e) {
      // The desk has the ticket; the entry will be sent again and deduplicated by its id.
      log.error("submission {} was delivered as ticket {} but its outbox entry could not be removed; it will be"
          + " sent again and deduplicated by the desk", entry.id(), ticket.id(), e);
      firstReport = deliveredNotDeleted.add(entry.id());
      removed = false;
    }
    if (firstReport) {
      // Only the ticket's subject and age are kept for the report, not the entry.
      String subject = entry.record().subject();
      Instant createdAt = entry.record().createdAt();
      String id = entry.id();
      if (removed) {
        unreported.add(() -> reporting.delivered(id, subject, createdAt, attempts, ticket));
      } else {
        reporting.delivered(id, subject, createdAt, attempts, ticket);
      }
    }
    if (sincePurge >= PURGE_BATCH) purgeDelivered();
  }

  /**
   * Makes the removal of the entries delivered since the last purge durable (once for all of
   * them) and only then reports them delivered, so that a reported delivery is never undone by a
   * crash.
   */
  private void purgeDelivered() {
    synchronized (results) {
      purgeDeliveredLocked();
    }
  }

  private void purgeDeliveredLocked() {
    sincePurge = 0;
    try {
      store.purgeDelivered();
    } catch (IOException | RuntimeException e) {
      // The removals happened; a crash before they are durable sends those entries again,
      // deduplicated by the desk.
      log.warn("could not finish deleting delivered entries in {}: {}", store.describe(), e.toString());
    }
    if (unreported.isEmpty()) return;
    List<Runnable> reports = new ArrayList<>(unreported);
    unreported.clear();
    for (Runnable r : reports) r.run();
  }

  private static @Nullable Instant min(@Nullable Instant a, @Nullable Instant b) {
    if (a == null) return b;
    if (b == null) return a;
    return a.isBefore(b) ? a : b;
  }
}
