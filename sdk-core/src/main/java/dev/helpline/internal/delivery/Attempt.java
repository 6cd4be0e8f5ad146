package dev.helpline.internal.delivery;

import dev.helpline.DeskException;
import dev.helpline.Ticket;
import dev.helpline.connector.Connector;
import dev.helpline.connector.Connector.UploadProgress;
import dev.helpline.connector.Connector.SearchLagException;
import dev.helpline.connector.Connector.UnusableAnswerException;
import dev.helpline.connector.NewTicket;
import dev.helpline.outbox.OutboxStore.DeliveryState;
import dev.helpline.outbox.OutboxStore.FailureRecord;
import dev.helpline.outbox.OutboxStore;
import dev.helpline.outbox.OutboxStore.StoredEntry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery attempt of one entry, in {@code Retry(CircuitBreaker(call))} order. The inner layer
 * is the {@link DeskCircuit} around {@code connector.create}; the outer layer is the retry, which
 * is persisted, not in memory: a failed attempt does not sleep the thread; the next attempt time
 * (exponential backoff with jitter, at least the desk's Retry-After) is saved in the store with the
 * entry's attempts and the pass moves on. A permanent refusal moves the entry to the failed ones
 * with the desk's message. Success is returned to the pass, which removes the entry. A connector whose
 * desk's search lags ({@link SearchLagException}) has the entry tried again no sooner than it asks,
 * without counting against the circuit or pausing the desk. The caller
 * has acquired the circuit's permission; every path reports exactly one outcome to it.
 *
 * <p>Holds no per-pass state: attempts of different entries may run on different threads.
 */
final class Attempt {
  private static final Logger log = LoggerFactory.getLogger(Attempt.class);

  /** What an attempt came to: the desk's ticket, or (when it is to be retried) the next attempt time. */
  static final class Outcome {
    final @Nullable Ticket delivered;
    final @Nullable Instant next;

    private Outcome(@Nullable Ticket delivered, @Nullable Instant next) {
      this.delivered = delivered;
      this.next = next;
    }
  }

  private static final Outcome DONE = new Outcome(null, null);

  private final OutboxStore store;
  private final Connector connector;
  /**
   * Whether a first attempt's record must survive a power loss: a connector without idempotency keys skips its
   * search for an earlier ticket on a first attempt, so a record lost after the desk filed one would duplicate it.
   */
  private final boolean powerSafeMarks;
  private final DeskCircuit circuit;
  private final ErrorLog saveErrors = new ErrorLog(log);
  /** Attempts answered 2xx without a usable ticket before the entry is kept as failed. */
  static final int MAX_UNUSABLE_ANSWERS = 5;
  /** System.nanoTime() when each call in flight started, by submission id (attempts run concurrently). */
  private final Map<String, Long> inFlightSince = new ConcurrentHashMap<>();
  private final Backoff backoff;
  private final Reporting reporting;
  private final Clock clock;
  private final BooleanSupplier closed;
  /**
   * Planned attempts kept in memory only: those that could not be saved (disk full), so the desk is not hammered,
   * and a search lag's wait, which must not move the saved time ({@link #waitForSearch}).
   */
  private final Map<String, Instant> unsavedNextAttempt = new ConcurrentHashMap<>();

  Attempt(OutboxStore store, Connector connector, DeskCircuit circuit, Backoff backoff, Reporting reporting,
      Clock clock, BooleanSupplier closed) {
    this.store = store;
    this.connector = connector;
    this.powerSafeMarks = connector.idempotencyKeyLifetime().isZero();
    this.circuit = circuit;
    this.backoff = backoff;
    this.reporting = reporting;
    this.clock = clock;
    this.closed = closed;
  }

  /** How long the oldest connector call in flight has run, by the monotonic clock; null when none is. */
  @Nullable Duration inFlightAge() {
    long now = System.nanoTime();
    long oldest = -1;
    for (long since : inFlightSince.values()) oldest = Math.max(oldest, now - since);
    return oldest < 0 ? null : Duration.ofNanos(oldest);
  }

  /**
   * When the next attempt of {@code id} is planned: the time kept in memory only (not saved, a search lag's wait, or
   * clamped) when there is one, else {@code saved}, the store's.
   */
  @Nullable Instant plannedNextAttempt(String id, @Nullable Instant saved) {
    Instant unsaved = unsavedNextAttempt.get(id);
    return unsaved != null ? unsaved : saved;
  }

  /**
   * A saved next-attempt time, clamped to now plus the longest wait the worker plans: a time
   * further ahead was saved before the clock jumped back and would stall delivery for the jump.
   * The clamped time is kept in memory (as an unsaved next attempt) so that it does not move on
   * with the clock; the next failed attempt saves a fresh one.
   */
  @Nullable Instant clamp(String id, @Nullable Instant planned) {
    if (planned == null) return null;
    Instant latest = clock.instant().plus(backoff.maxPlannedWait());
    if (!planned.isAfter(latest)) return planned;
    unsavedNextAttempt.put(id, latest);
    return latest;
  }

  /** Attempts {@code entry}; {@code resetBackoff} starts its backoff over (the network came back). */
  Outcome run(StoredEntry entry, boolean resetBackoff) {
    int attemptNo = entry.state().attempts() + 1;
    int step = (resetBackoff ? 0 : entry.state().backoffStep()) + 1;
    long start = System.nanoTime();
    Ticket ticket;
    UploadProgress progress = reporting.uploadProgress(entry);
    Instant attemptAt = clock.instant();
    if (entry.state().attempts() == 0) {
      try {
        // Before the call: should this process die mid-call, the next one knows the desk may have it, and since when.
        store.markAttempting(entry, attemptAt, powerSafeMarks);
      } catch (IOException e) {
        circuit.release();
        // close() interrupts the thread, which ends the write: nothing went wrong, nothing to say.
        if (!closed.getAsBoolean()) {
          log.warn("could not record the attempt of submission {}; it is not sent now", entry.id(), e);
        }
        return retryLater(entry, entry.state().attempts(), step, e, null);
      }
      entry = entry.withState(entry.state().attempting(attemptAt));
    }
    inFlightSince.put(entry.id(), start);
    try {
      // The saved next attempt time was planned after the previous attempt ended (a search lag's wait is not saved);
      // an attempt made sooner (the network came back) bounds it by its own start.
      Instant planned = entry.state().nextAttemptAt();
      Instant earlierEnded = planned != null && planned.isAfter(attemptAt) ? attemptAt : planned;
      ticket = connector.create(NewTickets.from(entry.record(), attemptNo, entry.state().firstAttemptAt(), attemptAt,
          earlierEnded), progress);
      if (ticket == null) throw new IllegalStateException("connector " + connector.name() + " returned no ticket");
    } catch (DeskException e) {
      circuit.failed(start, e);
      if (e.isRetryable()) return retryLater(entry, attemptNo, step, e, e.retryAfter());
      failPermanently(entry, attemptNo, e);
      return DONE;
    } catch (SearchLagException e) {
      // The desk answered; only this submission waits, for its search to show an earlier attempt's ticket.
      circuit.succeeded(start);
      return waitForSearch(entry, e);
    } catch (UnusableAnswerException e) {
      // A 2xx without a usable ticket (or naming another submission's): maybe a glitch of the desk
      // or a proxy. Retried with backoff a few times, then kept as failed with that reason.
      circuit.failed(start, e);
      if (attemptNo < MAX_UNUSABLE_ANSWERS) return retryLater(entry, attemptNo, step, e, null);
      failPermanently(entry, attemptNo, new DeskException(e.httpStatus(), "unusable_answer", e.getMessage()
          + " (" + attemptNo + " attempts)", null, null));
      return DONE;
    } catch (IOException e) {
      circuit.failed(start, e);
      return retryLater(entry, attemptNo, step, e, null);
    } catch (RuntimeException | LinkageError | AssertionError e) {
      circuit.failed(start, e);
      log.warn("connector {} threw unexpectedly for submission {}; it will be retried", connector.name(),
          entry.id(), e);
      return retryLater(entry, attemptNo, step, e, null);
    } catch (Error e) {
      // OutOfMemoryError, StackOverflowError…: says nothing about the desk. Give the permission back
      // (a half-open circuit would otherwise wait for a call that never reports) and end the pass;
      // the entry stays pending with its state unchanged and the scheduler plans the next pass.
      circuit.release();
      throw e;
    } finally {
      inFlightSince.remove(entry.id());
    }
    circuit.succeeded(start);
    unsavedNextAttempt.remove(entry.id());
    reporting.recovered();
    return new Outcome(ticket, null);
  }

  /**
   * Plans the next attempt after {@code lag}'s wait, in memory only: the attempt sent no create, so the saved state,
   * whose next attempt time bounds when the earlier attempts ended ({@link NewTicket#earlierAttemptsEndedBy()}), stays
   * as it was. Should the process restart meanwhile, the next attempt finds the same bound and waits again.
   */
  private Outcome waitForSearch(StoredEntry entry, SearchLagException lag) {
    if (closed.getAsBoolean()) return DONE;
    Instant next = clock.instant().plus(lag.retryAfter());
    unsavedNextAttempt.put(entry.id(), next);
    reporting.lastError(describe(lag));
    reporting.retrying(entry, next, lag);
    return new Outcome(null, next);
  }

  private Outcome retryLater(StoredEntry entry, int attemptNo, int step, Throwable cause,
      @Nullable Duration retryAfter) {
    if (closed.getAsBoolean()) return DONE; // interrupted by close(): the entry stays as it was
    Instant next = clock.instant().plus(backoff.delay(step, retryAfter));
    // The desk's Retry-After holds for all its entries, before anyone hears of this one's outcome.
    if (retryAfter != null) {
      Instant asked = clock.instant().plus(retryAfter);
      circuit.pause(asked.isBefore(next) ? asked : next); // capped like the entry's own wait
    }
    String error = describe(cause);
    reporting.lastError(error);
    StoredEntry updated;
    try {
      updated = store.saveState(entry, new DeliveryState(attemptNo, step, next, error, entry.state().firstAttemptAt()));
      unsavedNextAttempt.remove(entry.id());
    } catch (IOException e) {
      saveErrors.error("could not save the delivery state of submission {}; the next attempt is planned in memory"
          + " only", e, entry.id());
      unsavedNextAttempt.put(entry.id(), next);
      updated = entry;
    }
    reporting.retrying(updated, next, cause);
    return new Outcome(null, next);
  }

  private void failPermanently(StoredEntry entry, int attemptNo, DeskException e) {
    if (closed.getAsBoolean()) return;
    reporting.lastError(describe(e));
    StoredEntry failed;
    try {
      StoredEntry counted = store.saveState(entry,
          new DeliveryState(attemptNo, Math.min(entry.state().backoffStep() + 1, attemptNo), null, e.getMessage(),
              entry.state().firstAttemptAt()));
      failed = store.markFailed(counted, FailureRecord.of(e, clock.instant()));
    } catch (IOException io) {
      log.error("could not move refused submission {} to the failed ones; it stays pending", entry.id(), io);
      return;
    }
    log.info("desk refused submission {} for good: {}", entry.id(), e.getMessage());
    reporting.failed(failed, e);
  }

  static String describe(Throwable t) {
    if (t instanceof DeskException) return t.getMessage();
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m != null ? ": " + m : "");
  }
}
