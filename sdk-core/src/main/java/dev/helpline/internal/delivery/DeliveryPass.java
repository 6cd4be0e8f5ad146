package dev.helpline.internal.delivery;

import dev.helpline.Ticket;
import dev.helpline.outbox.OutboxStore;
import dev.helpline.outbox.OutboxStore.PendingEntry;
import dev.helpline.outbox.OutboxStore.Quarantined;
import dev.helpline.outbox.OutboxStore.StoredEntry;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
  private final Set<String> deliveredNotDeleted = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Reports of deliveries whose removal is not yet durable; touched only under passLock. */
  private final List<Runnable> unreported = new ArrayList<>();
  private int sincePurge;

  DeliveryPass(OutboxStore store, DeskCircuit circuit, Attempt attempt, Reporting reporting, Clock clock,
      BooleanSupplier closed) {
    this.store = store;
    this.circuit = circuit;
    this.attempt = attempt;
    this.reporting = reporting;
    this.clock = clock;
    this.closed = closed;
  }

  /** Runs a pass on the calling thread; {@code force} attempts every entry regardless of its planned time. */
  Result run(boolean force, boolean resetBackoff) throws IOException {
    passLock.lock();
    try {
      OutboxStore.Claim claim = store.claim();
      if (claim == null) return Result.LOCKED;
      Instant earliest = null;
      try {
        for (Quarantined q : claim.quarantined()) reporting.quarantined(q);
        Set<String> seen = new HashSet<>();
        for (PendingEntry ref : claim.entries()) {
          if (closed.getAsBoolean() || Thread.currentThread().isInterrupted()) break;
          seen.add(ref.id());
          reporting.futureFor(ref.id());
          Instant unsaved = attempt.unsavedNextAttempt(ref.id());
          Instant planned = attempt.clamp(ref.id(), unsaved != null ? unsaved : ref.state().nextAttemptAt());
          if (!force && planned != null && planned.isAfter(clock.instant())) {
            earliest = min(earliest, planned);
            continue;
          }
          if (!circuit.tryAcquire()) {
            // Open: the desk is not called; the entry is postponed until the circuit may half-open.
            earliest = min(earliest, circuit.retryAt());
            continue;
          }
          StoredEntry entry = store.load(ref, reporting::quarantined);
          if (entry == null) {
            circuit.release();
            continue;
          }
          Attempt.Outcome outcome = attempt.run(entry, resetBackoff);
          if (outcome.delivered != null) delivered(entry, outcome.delivered);
          earliest = min(earliest, outcome.next);
        }
        reporting.reconcile(seen);
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
