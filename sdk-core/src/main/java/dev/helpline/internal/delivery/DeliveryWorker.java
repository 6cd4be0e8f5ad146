package dev.helpline.internal.delivery;

import dev.helpline.DeliveryPolicy;
import dev.helpline.OutboxHealth;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.connector.Connector;
import dev.helpline.outbox.OutboxStore;
import dev.helpline.outbox.OutboxStore.DeliveryState;
import dev.helpline.outbox.OutboxStore.StoredEntry;
import dev.helpline.outbox.SubmissionRecord;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes submissions from an {@link OutboxStore} to the desk, planned on one daemon thread named
 * {@value #THREAD_NAME}, with up to {@link DeliveryPolicy#concurrency()} attempts in flight on
 * daemon threads named after it; the delivery side of the client, composed of a {@link Scheduler} (when
 * passes run), a {@link DeliveryPass} (claim, attempt due entries, remove delivered ones), an
 * {@link Attempt} ({@code Retry(CircuitBreaker(call))} for one entry) and {@link Reporting}
 * (futures and listener events on the host's executor, never on the delivery thread).
 *
 * <h2>Exactly once</h2>
 * An entry is removed only after {@link Connector#create} returned the desk's ticket. Every
 * attempt sends the same submission id, which the connector passes to the desk as the idempotency
 * key (or searches for). If the process dies after the desk created the ticket but before the
 * entry was removed, the next process sends it again and the desk answers with the ticket it
 * created the first time. Two deliverers never attempt the same entry at once: each pass holds a
 * {@linkplain OutboxStore#claim() claim} (for the file store, the outbox-wide delivery lock,
 * released by the OS if the holder dies). Deliveries are reported to the listeners and futures only
 * after their removal is durable.
 *
 * <h2>Example: a process that queues and delivers</h2>
 * <pre>{@code
 * OutboxStore store = new FileOutbox(dataDir, Limits.defaults(), Clock.systemUTC());
 * DeliveryWorker worker = new DeliveryWorker(store, connector, List.of(listener), hostExecutor,
 *     Clock.systemUTC(), DeliveryPolicy.defaults());
 * worker.start();                                    // delivers what earlier processes left
 * Submission s = worker.enqueue(record);             // durable when this returns
 * Ticket t = s.delivery().get(30, TimeUnit.SECONDS); // or kill -9 now: the next process delivers it
 * worker.close();
 * store.close();
 * }</pre>
 *
 * <h2>Wiring into the client</h2>
 * The constructors and {@link #start()} do no I/O on the calling thread. {@link #enqueue},
 * {@link #submissions()}, {@link #retry}, {@link #discard} and {@link #health()} do blocking I/O on
 * the calling thread ({@code enqueue} returns only once the entry is durable). Close in this
 * order: the worker, then the store, then the connector.
 */
public final class DeliveryWorker implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
  public static final String THREAD_NAME = "helpline-delivery";
  static final int PURGE_BATCH = DeliveryPass.PURGE_BATCH;

  private final OutboxStore store;
  private final Clock clock;
  private final DeskCircuit circuit;
  private final Reporting reporting;
  private final Scheduler scheduler;
  private final PendingAge ages = new PendingAge();
  private final Attempt attempt;
  private final DeliveryPass pass;
  private final Connector connector;
  private final Duration closeTimeout;
  /** While closing, how often calls are cancelled again (a connector may start its next call meanwhile). */
  private static final long CANCEL_REPEAT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /** Creates a worker; no thread runs and no I/O happens until {@link #start()}, {@link #enqueue} or {@link #flush()}. */
  public DeliveryWorker(OutboxStore store, Connector connector, List<? extends Submission.Listener> listeners,
      Executor callbackExecutor, Clock clock, DeliveryPolicy config) {
    this(store, connector, listeners, callbackExecutor, clock, config, () -> ThreadLocalRandom.current().nextDouble());
  }

  DeliveryWorker(OutboxStore store, Connector connector, List<? extends Submission.Listener> listeners,
      Executor callbackExecutor, Clock clock, DeliveryPolicy config, DoubleSupplier random) {
    this.store = Objects.requireNonNull(store, "store == null");
    Objects.requireNonNull(connector, "connector == null");
    Objects.requireNonNull(listeners, "listeners == null");
    Objects.requireNonNull(callbackExecutor, "callbackExecutor == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    Objects.requireNonNull(config, "config == null");
    this.connector = connector;
    this.closeTimeout = config.closeTimeout();
    this.circuit = new DeskCircuit(connector.name(), config, clock);
    this.reporting = new Reporting(store, listeners, callbackExecutor, clock);
    Scheduler[] self = new Scheduler[1];
    this.attempt = new Attempt(store, connector, circuit, new Backoff(config, random), reporting, clock,
        () -> self[0].isClosed());
    this.pass = new DeliveryPass(store, circuit, attempt, reporting, clock, () -> self[0].isClosed(),
        config.concurrency(), THREAD_NAME);
    this.scheduler = new Scheduler(store, pass, circuit, reporting, clock, config, THREAD_NAME);
    self[0] = scheduler;
  }

  /**
   * Starts the delivery thread: cleans up what crashed processes left, delivers the entries they
   * left pending, and from then on runs a pass every tick. Idempotent.
   */
  public void start() {
    scheduler.start();
  }

  /**
   * Stores {@code record} durably (blocking I/O on the calling thread), reports it queued and wakes
   * the delivery thread. See {@link OutboxStore#enqueue} for the errors.
   */
  public Submission enqueue(SubmissionRecord record) throws IOException {
    if (scheduler.isClosed()) {
      throw new IllegalStateException("this Helpline client is closed; submissions need an open client");
    }
    // Registered before the entry is visible, so a pass that delivers it at once completes this future.
    CompletableFuture<Ticket> future = reporting.expect(record.submissionId());
    StoredEntry entry;
    try {
      entry = store.enqueue(record);
    } catch (IOException | RuntimeException e) {
      reporting.forget(record.submissionId(), future);
      throw e;
    }
    Submission s = reporting.queued(entry, future);
    wake();
    return s;
  }

  /**
   * Attempts every pending entry now, ignoring backoff (an open circuit still postpones them).
   * Completes when that pass has finished, exceptionally when the store could not be read, and with an
   * {@link IllegalStateException} when the worker is closed before the pass is over (a pass queued behind
   * another or waiting for the claim never runs then). Waits, without blocking a thread, while another
   * deliverer holds the claim.
   */
  public CompletableFuture<Void> flush() {
    return scheduler.forcedPass(false);
  }

  /**
   * Tells the worker the network is back: an open circuit half-opens at once, and every pending
   * entry is attempted now with its backoff reset. Returns without waiting; the returned future
   * completes like {@link #flush()}'s.
   */
  public CompletableFuture<Void> networkAvailable() {
    circuit.halfOpenIfOpen();
    return scheduler.forcedPass(true);
  }

  /** Asks for a pass of due entries soon; cheap and coalesced. No-op before {@link #start()}. */
  public void wake() {
    scheduler.wake();
  }

  /** Pending submissions, oldest first, then failed ones, oldest first. Blocking I/O. */
  public List<Submission> submissions() throws IOException {
    List<Submission> out = new ArrayList<>();
    for (StoredEntry e : store.pending()) out.add(snapshot(e));
    for (StoredEntry e : store.failed()) out.add(snapshot(e));
    return out;
  }

  /** A snapshot of {@code e} with the next attempt this worker plans, which may be kept in memory only. */
  private Submission snapshot(StoredEntry e) {
    DeliveryState s = e.state();
    Instant planned = attempt.plannedNextAttempt(e.id(), s.nextAttemptAt());
    if (e.location() == Submission.State.FAILED || Objects.equals(planned, s.nextAttemptAt())) {
      return reporting.snapshot(e);
    }
    return reporting.snapshot(e.withState(new DeliveryState(s.attempts(), s.backoffStep(), planned, s.lastError(),
        s.firstAttemptAt())));
  }

  /** The pending or failed submission with this id, or null when it is delivered, discarded or unknown. */
  public @Nullable Submission submission(String id) throws IOException {
    StoredEntry e = store.find(id);
    return e == null ? null : snapshot(e);
  }

  /**
   * Puts a failed submission back in the queue with its attempts reset, and wakes the worker. The
   * returned snapshot has a new {@link Submission#delivery()} future; the old one stays failed.
   *
   * @throws IllegalStateException when it is pending already
   * @throws IllegalArgumentException when there is no failed submission with this id
   */
  public Submission retry(String id) throws IOException {
    StoredEntry e = store.retry(id);
    CompletableFuture<Ticket> fresh = reporting.renew(id);
    wake();
    return reporting.snapshot(e, fresh);
  }

  /**
   * Deletes a failed submission for good.
   *
   * @throws IllegalStateException when it is pending (only failed submissions can be discarded)
   * @throws IllegalArgumentException when there is no failed submission with this id
   */
  public void discard(String id) throws IOException {
    store.discard(id);
    reporting.discarded(id);
  }

  /**
   * The state of the queue and of the circuit. Blocking I/O. When the store cannot be read (a
   * read-only or failing disk), reports that as the last error with zero counts instead of throwing.
   */
  public OutboxHealth health() throws IOException {
    OutboxStore.Counts counts;
    try {
      counts = store.counts();
    } catch (IOException | RuntimeException e) {
      return new OutboxHealth(0, 0, null, 0, "cannot read the " + store.describe() + ": " + Attempt.describe(e),
          circuit.state(), 0);
    }
    Duration oldest = null;
    String error = reporting.lastError();
    if (counts.oldestPending() != null) {
      oldest = ages.age(counts.oldestPending(), clock.instant(), System.nanoTime());
      if (error == null) error = counts.lastError();
    }
    return new OutboxHealth(counts.pending(), counts.failed(), oldest, counts.bytes(), error, circuit.state(),
        counts.quarantined(), attempt.inFlightAge());
  }

  /** The circuit breaker around the connector, for health reporting. */
  public OutboxHealth.CircuitState circuitState() {
    return circuit.state();
  }

  /**
   * Stops the delivery threads within {@link DeliveryPolicy#closeTimeout()}: interrupts them, lets an
   * attempt in flight finish during the first three quarters of the bound, then ends its call with
   * {@link Connector#cancelCalls()} (again until the threads are gone or the bound is reached). An
   * entry whose attempt was interrupted or cancelled stays pending as it was; its outcome is unknown,
   * and the next client sends it again with the same submission id, so the desk never gets it twice.
   * Futures not yet completed stay incomplete. Does not close the connector or the store. Idempotent.
   */
  @Override
  public void close() {
    if (!scheduler.stop()) return;
    long bound = closeTimeout.toNanos();
    long deadline = System.nanoTime() + bound;
    try {
      if (awaitStopped(deadline - bound / 4)) return;
      do {
        cancelCalls();
      } while (!awaitStopped(Math.min(deadline, System.nanoTime() + CANCEL_REPEAT_NANOS)) && System.nanoTime() < deadline);
      if (!awaitStopped(deadline)) {
        pass.close();
        log.warn("the {} threads did not stop within {} ms although their calls were cancelled; the attempt in"
            + " flight stays pending", THREAD_NAME, closeTimeout.toMillis());
      }
    } catch (InterruptedException e) {
      pass.close();
      cancelCalls();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * True once the scheduler's thread and then the attempts' threads have ended, waiting until {@code
   * deadlineNanos}. The attempt pool is shut down only after the scheduler's thread, so that a pass never
   * hands an attempt to a pool that refuses it (a pass waits for its attempts before it ends).
   */
  private boolean awaitStopped(long deadlineNanos) throws InterruptedException {
    if (!scheduler.awaitStopped(deadlineNanos - System.nanoTime())) return false;
    pass.close();
    return pass.awaitClosed(deadlineNanos - System.nanoTime());
  }

  private void cancelCalls() {
    try {
      connector.cancelCalls();
    } catch (RuntimeException e) {
      log.warn("connector {} failed to cancel its calls", connector.name(), e);
    }
  }

  /**
   * Runs one pass on the calling thread: {@code force} attempts every pending entry regardless of
   * its planned time. Returns false when another deliverer holds the claim. For tests.
   */
  boolean runOnce(boolean force) throws IOException {
    return scheduler.runOnce(force);
  }

  CircuitBreaker circuitBreaker() {
    return circuit.breaker();
  }
}
