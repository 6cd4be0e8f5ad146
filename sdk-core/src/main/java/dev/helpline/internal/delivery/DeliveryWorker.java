package dev.helpline.internal.delivery;

import dev.helpline.DeliveryPolicy;
import dev.helpline.DeliveryListener;
import dev.helpline.DeskException;
import dev.helpline.OutboxHealth;
import dev.helpline.Submission;
import dev.helpline.SubmissionState;
import dev.helpline.Ticket;
import dev.helpline.connector.Connector;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.UploadProgress;
import dev.helpline.internal.outbox.DeliveryLock;
import dev.helpline.internal.outbox.DeliveryState;
import dev.helpline.internal.outbox.FailureRecord;
import dev.helpline.internal.outbox.Outbox;
import dev.helpline.internal.outbox.OutboxEntry;
import dev.helpline.internal.outbox.PendingEntry;
import dev.helpline.internal.outbox.Quarantined;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes submissions from the {@link Outbox} to the desk, on one daemon thread named
 * {@value #THREAD_NAME}. Listener callbacks and the completion of {@link Submission#delivery()}
 * futures run on the host's executor, never on the delivery thread.
 *
 * <h2>Exactly once</h2>
 * An entry is deleted only after {@link Connector#create} returned the desk's ticket. Every
 * attempt sends the same submission id, which the connector passes to the desk as the idempotency
 * key (or searches for). If the process dies after the desk created the ticket but before the
 * entry was deleted, the next process sends it again and the desk answers with the ticket it
 * created the first time. Two processes sharing the directory never deliver at the same time:
 * each pass holds the outbox-wide {@linkplain Outbox#tryLockDelivery() delivery lock}, released by
 * the OS if the holder dies. Hence the desk sees each submission created once, whatever happens to
 * the process, the network or the desk. The removal of delivered entries is forced to disk once
 * per {@value #PURGE_BATCH} deliveries and at the end of each pass, not once per entry (a crash
 * before that only causes deduplicated re-sends, see {@link Outbox#markDelivered}); deliveries
 * are reported to the listener and futures only after their removal was forced.
 *
 * <p>A pass never ends the worker: whatever it throws, {@link Error}s included, is logged,
 * reported by {@link #health()} as the last error, and the next pass is planned.
 *
 * <h2>Each attempt: Retry(CircuitBreaker(call))</h2>
 * The inner layer is a Resilience4j {@link CircuitBreaker} around {@code connector.create}: it
 * records transport failures, 408/429/5xx and unexpected runtime exceptions; a permanent refusal
 * (other 4xx) says nothing about the desk's health and is ignored. While it is open the connector
 * is not called and due entries are postponed until it may half-open. The outer layer is the
 * retry: a failed attempt does not sleep the thread; the next attempt time (exponential backoff
 * with jitter, at least the desk's Retry-After) is written to the entry's {@code <id>.state} file and
 * the pass moves on. Success deletes the entry; a permanent refusal moves it to {@code failed/}
 * with the desk's message, never retried automatically and never deleted without
 * {@link #discard(String)}.
 *
 * <h2>When passes run</h2>
 * At {@link #start()} (entries left by earlier processes), after {@link #enqueue}, at
 * {@link #flush()} and {@link #networkAvailable()} (every pending entry, ignoring its backoff),
 * when the earliest planned attempt comes due, and every {@link DeliveryPolicy#tickInterval()}.
 *
 * <h2>Example: a process that queues and delivers</h2>
 * <pre>{@code
 * Outbox outbox = new Outbox(dataDir, Limits.defaults(), Clock.systemUTC());
 * DeliveryWorker worker = new DeliveryWorker(outbox, connector, listener, hostExecutor,
 *     Clock.systemUTC(), DeliveryPolicy.defaults());
 * worker.start();                                    // delivers what earlier processes left
 * Submission s = worker.enqueue(newTicket);          // durable when this returns
 * Ticket t = s.delivery().get(30, TimeUnit.SECONDS); // or kill -9 now: the next process delivers it
 * worker.close();
 * outbox.close();
 * }</pre>
 *
 * <h2>Wiring into the client</h2>
 * The constructors and {@link #start()} do no I/O on the calling thread, so the client's
 * {@code build()} may create both and start the worker. {@link #enqueue}, {@link #submissions()},
 * {@link #retry}, {@link #discard} and {@link #health()} do blocking file I/O on the calling thread
 * ({@code enqueue} returns only once the entry is forced to disk). Close in this order: the worker,
 * then the outbox, then the connector. The outbox's {@code Limits} are the client's.
 */
public final class DeliveryWorker implements Closeable {
  public static final String THREAD_NAME = "helpline-delivery";
  private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
  /** Deliveries whose removal is forced to disk together (one fsync for all of them). */
  static final int PURGE_BATCH = 32;

  private final Outbox outbox;
  private final Connector connector;
  private final DeliveryListener listener;
  private final Executor callbackExecutor;
  private final Clock clock;
  private final DeliveryPolicy config;
  private final Backoff backoff;
  private final CircuitBreaker circuitBreaker;
  private final ScheduledThreadPoolExecutor executor;
  private final ReentrantLock passLock = new ReentrantLock();
  private final Map<String, CompletableFuture<Ticket>> futures = new ConcurrentHashMap<>();
  /** Delivered, but the entry could not be deleted: it will be re-sent, and must not be reported twice. */
  private final Set<String> deliveredNotDeleted = ConcurrentHashMap.newKeySet();
  /** Planned attempts that could not be written to disk (disk full): kept here so the desk is not hammered. */
  private final Map<String, Instant> unsavedNextAttempt = new ConcurrentHashMap<>();
  /** Reports of deliveries whose entries are not yet purged; touched only by the pass holding passLock. */
  private final List<Runnable> unreported = new ArrayList<>();
  /** Entries removed by markDelivered since the last purge; touched only by the pass holding passLock. */
  private int sincePurge;
  private final Object wakeLock = new Object();
  private volatile boolean started;
  private volatile boolean closed;
  private volatile @Nullable String lastError;
  private volatile @Nullable Instant circuitOpenedAt;
  private @Nullable ScheduledFuture<?> nextWake;
  private long nextWakeAtNanos;
  private boolean wakeQueued;

  /**
   * Creates a worker; no thread runs and no I/O happens until {@link #start()}, {@link #enqueue}
   * or {@link #flush()}.
   */
  public DeliveryWorker(Outbox outbox, Connector connector, DeliveryListener listener, Executor callbackExecutor,
      Clock clock, DeliveryPolicy config) {
    this(outbox, connector, listener, callbackExecutor, clock, config, () -> ThreadLocalRandom.current().nextDouble());
  }

  DeliveryWorker(Outbox outbox, Connector connector, DeliveryListener listener, Executor callbackExecutor,
      Clock clock, DeliveryPolicy config, DoubleSupplier random) {
    this.outbox = Objects.requireNonNull(outbox, "outbox == null");
    this.connector = Objects.requireNonNull(connector, "connector == null");
    this.listener = Objects.requireNonNull(listener, "listener == null");
    this.callbackExecutor = Objects.requireNonNull(callbackExecutor, "callbackExecutor == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.config = Objects.requireNonNull(config, "config == null");
    this.backoff = new Backoff(config, random);
    CircuitBreakerConfig cbConfig = CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(config.circuitWindowSize())
        .minimumNumberOfCalls(config.circuitMinimumCalls())
        .failureRateThreshold(config.circuitFailureRatePercent())
        .waitDurationInOpenState(config.circuitOpenWait())
        .permittedNumberOfCallsInHalfOpenState(config.circuitHalfOpenCalls())
        .recordException(DeliveryWorker::isTransient)
        .clock(clock)
        .build();
    this.circuitBreaker = CircuitBreaker.of("helpline-" + connector.name(), cbConfig);
    circuitBreaker.getEventPublisher().onStateTransition(e -> {
      if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) circuitOpenedAt = clock.instant();
    });
    this.executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, THREAD_NAME);
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /**
   * Starts the delivery thread: removes what crashed processes left half-written, delivers the
   * entries they left pending, and from then on runs a pass every tick. Idempotent.
   */
  public void start() {
    synchronized (wakeLock) {
      if (closed) throw new IllegalStateException("delivery worker is closed");
      if (started) return;
      started = true;
    }
    executor.execute(() -> {
      try {
        outbox.cleanUp();
      } catch (IOException | RuntimeException e) {
        log.warn("could not clean up the outbox in {}: {}", outbox.root(), e.toString());
      } catch (Throwable t) {
        // The executor would keep it in a future nobody reads: make it visible.
        lastError = "outbox clean-up failed: " + t;
        log.error("cleaning up the outbox in {} failed", outbox.root(), t);
      }
    });
    wake();
    long tick = config.tickInterval().toMillis();
    executor.scheduleWithFixedDelay(() -> runPass(false), tick, tick, TimeUnit.MILLISECONDS);
  }

  /**
   * Stores {@code ticket} durably (blocking file I/O on the calling thread), reports it queued and
   * wakes the delivery thread. See {@link Outbox#enqueue} for the errors.
   */
  public Submission enqueue(NewTicket ticket) throws IOException {
    CompletableFuture<Ticket> future = new CompletableFuture<>();
    // Registered before the entry is visible, so a pass that delivers it at once completes this future.
    if (futures.putIfAbsent(ticket.submissionId(), future) != null) {
      throw new IllegalArgumentException("submissionId '" + ticket.submissionId() + "' is already in the outbox");
    }
    OutboxEntry entry;
    try {
      entry = outbox.enqueue(ticket);
    } catch (IOException | RuntimeException e) {
      futures.remove(ticket.submissionId(), future);
      throw e;
    }
    Submission s = snapshot(entry, future);
    emit(() -> listener.onQueued(s));
    wake();
    return s;
  }

  /**
   * Attempts every pending entry now, ignoring backoff (an open circuit still postpones them).
   * Completes when that pass has finished, exceptionally when the outbox could not be read or the
   * worker was closed first. Waits, without blocking a thread, while another process holds the
   * delivery lock.
   */
  public CompletableFuture<Void> flush() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(new IllegalStateException("delivery worker is closed"));
      return done;
    }
    submitForcedPass(done, false);
    return done;
  }

  /**
   * Tells the worker the network is back: an open circuit half-opens at once, and every pending
   * entry is attempted now with its backoff reset (should it fail again, the next wait starts
   * from {@link DeliveryPolicy#initialBackoff()}). Returns without waiting; the returned future
   * completes like {@link #flush()}'s.
   */
  public CompletableFuture<Void> networkAvailable() {
    halfOpenIfOpen();
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(new IllegalStateException("delivery worker is closed"));
      return done;
    }
    submitForcedPass(done, true);
    return done;
  }

  /** Asks for a pass of due entries soon; cheap and coalesced. No-op before {@link #start()}. */
  public void wake() {
    synchronized (wakeLock) {
      if (!started || closed || wakeQueued) return;
      wakeQueued = true;
    }
    try {
      executor.execute(() -> {
        synchronized (wakeLock) {
          wakeQueued = false;
        }
        runPass(false);
      });
    } catch (RejectedExecutionException e) {
      // closed meanwhile
    }
  }

  /** Pending submissions, oldest first, then failed ones, oldest first. Blocking file I/O. */
  public List<Submission> submissions() throws IOException {
    List<Submission> out = new ArrayList<>();
    for (OutboxEntry e : outbox.pending()) out.add(snapshot(e, futureFor(e)));
    for (OutboxEntry e : outbox.failed()) out.add(snapshot(e, futureFor(e)));
    return out;
  }

  /** The pending or failed submission with this id, or null when it is delivered, discarded or unknown. */
  public @Nullable Submission submission(String id) throws IOException {
    OutboxEntry e = outbox.find(id);
    return e == null ? null : snapshot(e, futureFor(e));
  }

  /**
   * Puts a failed submission back in the queue with its attempts reset, and wakes the worker. The
   * returned snapshot has a new {@link Submission#delivery()} future; the old one stays failed.
   *
   * @throws IllegalStateException when it is pending already
   * @throws IllegalArgumentException when there is no failed submission with this id
   */
  public Submission retry(String id) throws IOException {
    OutboxEntry e = outbox.retry(id);
    CompletableFuture<Ticket> fresh = new CompletableFuture<>();
    futures.put(id, fresh);
    wake();
    return snapshot(e, fresh);
  }

  /**
   * Deletes a failed submission for good.
   *
   * @throws IllegalStateException when it is pending (only failed submissions can be discarded)
   * @throws IllegalArgumentException when there is no failed submission with this id
   */
  public void discard(String id) throws IOException {
    outbox.discard(id);
    futures.remove(id);
  }

  /** The state of the queue and of the circuit. Blocking file I/O. */
  public OutboxHealth health() throws IOException {
    Outbox.Stats stats = outbox.stats();
    List<PendingEntry> pending = outbox.pendingSummaries();
    Duration oldest = null;
    String error = lastError;
    if (!pending.isEmpty()) {
      oldest = Duration.between(pending.get(0).createdAt(), clock.instant());
      if (oldest.isNegative()) oldest = Duration.ZERO;
      if (error == null) {
        for (PendingEntry e : pending) if (e.state().lastError() != null) error = e.state().lastError();
      }
    }
    return new OutboxHealth(stats.pending(), stats.failed(), oldest, stats.bytes(), error, circuitState(),
        stats.quarantined());
  }

  /** The circuit breaker around the connector, for health reporting. */
  public OutboxHealth.CircuitState circuitState() {
    switch (circuitBreaker.getState()) {
      case OPEN:
      case FORCED_OPEN:
        return OutboxHealth.CircuitState.OPEN;
      case HALF_OPEN:
        return OutboxHealth.CircuitState.HALF_OPEN;
      default:
        return OutboxHealth.CircuitState.CLOSED;
    }
  }

  /**
   * Stops the delivery thread promptly, interrupting an attempt in flight: that entry stays
   * pending and the next process sends it again (the idempotency key makes that safe). Futures
   * not yet completed stay incomplete. Does not close the connector or the outbox.
   */
  @Override
  public void close() {
    synchronized (wakeLock) {
      if (closed) return;
      closed = true;
    }
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("the {} thread did not stop within 5 s", THREAD_NAME);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs one pass on the calling thread: {@code force} attempts every pending entry regardless of
   * its planned time. Returns false when another process or instance holds the delivery lock.
   * For tests; production passes run on the delivery thread.
   */
  boolean runOnce(boolean force) throws IOException {
    return pass(force, false) != PassResult.LOCKED;
  }

  CircuitBreaker circuitBreaker() {
    return circuitBreaker;
  }

  private enum PassResult { DONE, LOCKED }

  private void submitForcedPass(CompletableFuture<Void> done, boolean resetBackoff) {
    try {
      executor.execute(() -> {
        try {
          // Again on the delivery thread: a call that was in flight when the network came back may
          // have opened the circuit since networkAvailable() looked at it.
          if (resetBackoff) halfOpenIfOpen();
          if (pass(true, resetBackoff) == PassResult.LOCKED && !closed) {
            executor.schedule(() -> submitForcedPass(done, resetBackoff), config.lockBusyRetry().toMillis(),
                TimeUnit.MILLISECONDS);
          } else {
            done.complete(null);
          }
        } catch (IOException | RuntimeException e) {
          done.completeExceptionally(e);
        } catch (Throwable t) {
          passFailed(t);
          done.completeExceptionally(t);
        }
      });
    } catch (RejectedExecutionException e) {
      done.completeExceptionally(new IllegalStateException("delivery worker is closed"));
    }
  }

  private void halfOpenIfOpen() {
    if (circuitBreaker.getState() == CircuitBreaker.State.OPEN) {
      try {
        circuitBreaker.transitionToHalfOpenState();
      } catch (IllegalStateException raced) {
        // already moved on
      }
    }
  }

  /**
   * A pass on the delivery thread: logs what goes wrong and never lets it end the thread or the
   * tick. Everything is caught, {@link Error}s included: a task that throws out of a
   * {@link ScheduledThreadPoolExecutor} has its throwable stored in a future nobody reads and, for
   * the periodic tick, is never run again, so one {@link OutOfMemoryError} or
   * {@link StackOverflowError} would silently stop delivery for the life of the process. The
   * entries of a failed pass stay pending; another pass is planned after one tick.
   */
  private void runPass(boolean force) {
    try {
      if (pass(force, false) == PassResult.LOCKED && started && !closed) {
        scheduleWake(config.lockBusyRetry());
      }
    } catch (Throwable t) {
      passFailed(t);
      if (started && !closed) scheduleWake(config.tickInterval());
    }
  }

  private void passFailed(Throwable t) {
    lastError = "delivery pass failed: " + t;
    // Logging may itself fail while memory is short; the pass must still not end the worker.
    try {
      log.error("delivery pass over {} failed; a later pass tries again", outbox.root(), t);
    } catch (Throwable ignored) {
      // lastError is set; nothing more can be done here
    }
  }

  private PassResult pass(boolean force, boolean resetBackoff) throws IOException {
    passLock.lock();
    try {
      DeliveryLock lock = outbox.tryLockDelivery();
      if (lock == null) return PassResult.LOCKED;
      Instant earliest = null;
      try {
        Outbox.Scan scan = outbox.scanPending();
        for (Quarantined q : scan.quarantined()) emit(() -> listener.onQuarantined(q.entryName(), q.reason()));
        Set<String> seen = new HashSet<>();
        for (PendingEntry ref : scan.entries()) {
          if (closed || Thread.currentThread().isInterrupted()) break;
          seen.add(ref.id());
          futureFor(ref.id());
          Instant unsaved = unsavedNextAttempt.get(ref.id());
          Instant planned = unsaved != null ? unsaved : ref.state().nextAttemptAt();
          if (!force && planned != null && planned.isAfter(clock.instant())) {
            earliest = min(earliest, planned);
            continue;
          }
          if (!circuitBreaker.tryAcquirePermission()) {
            // Open: the desk is not called; the entry is postponed until the circuit may half-open.
            earliest = min(earliest, circuitRetryAt());
            continue;
          }
          // Read whole only now and dropped after the attempt: a pass holds one ticket in memory,
          // not the queue (which may be far larger than the heap).
          OutboxEntry entry = outbox.load(ref,
              q -> emit(() -> listener.onQuarantined(q.entryName(), q.reason())));
          if (entry == null) {
            circuitBreaker.releasePermission();
            continue;
          }
          Instant next = attempt(entry, resetBackoff);
          earliest = min(earliest, next);
        }
        reconcile(seen);
      } finally {
        try {
          purgeDelivered();
        } finally {
          lock.close();
        }
      }
      if (earliest != null && started && !closed) {
        scheduleWake(Duration.between(clock.instant(), earliest));
      }
      return PassResult.DONE;
    } finally {
      passLock.unlock();
    }
  }

  /** One attempt; returns the next planned attempt time when it is to be retried, else null. */
  private @Nullable Instant attempt(OutboxEntry entry, boolean resetBackoff) {
    int attemptNo = entry.state().attempts() + 1;
    int step = (resetBackoff ? 0 : entry.state().backoffStep()) + 1;
    long start = System.nanoTime();
    Ticket ticket;
    Submission uploading = snapshot(entry, futureFor(entry));
    UploadProgress progress = (sent, total) -> emit(() -> listener.onUploadProgress(uploading, sent, total));
    try {
      ticket = connector.create(entry.ticket(), progress);
      if (ticket == null) throw new IllegalStateException("connector " + connector.name() + " returned no ticket");
    } catch (DeskException e) {
      circuitBreaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      if (e.isRetryable()) return retryLater(entry, attemptNo, step, e, e.retryAfter());
      failPermanently(entry, attemptNo, e);
      return null;
    } catch (IOException e) {
      circuitBreaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      return retryLater(entry, attemptNo, step, e, null);
    } catch (RuntimeException | LinkageError | AssertionError e) {
      circuitBreaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      log.warn("connector {} threw unexpectedly for submission {}; it will be retried", connector.name(),
          entry.id(), e);
      return retryLater(entry, attemptNo, step, e, null);
    } catch (Error e) {
      // OutOfMemoryError, StackOverflowError…: says nothing about the desk. Give the permission back
      // (a half-open circuit would otherwise wait for a call that never reports) and end the pass;
      // the entry stays pending with its state unchanged and runPass plans the next pass.
      circuitBreaker.releasePermission();
      throw e;
    }
    CircuitBreaker.State before = circuitBreaker.getState();
    circuitBreaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    if (before == CircuitBreaker.State.CLOSED && circuitBreaker.getState() == CircuitBreaker.State.OPEN) {
      // The breaker rates its window after every call, so the success that ends an outage can trip it
      // on the failures before it and hold the rest of the queue for circuitOpenWait. The desk has just
      // answered: forget the outage and keep calling it.
      circuitBreaker.reset();
    }
    unsavedNextAttempt.remove(entry.id());
    boolean firstReport;
    boolean removed;
    try {
      outbox.markDelivered(entry, ticket);
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
      String subject = entry.ticket().subject();
      Instant createdAt = entry.ticket().createdAt();
      String id = entry.id();
      if (removed) {
        unreported.add(() -> reportDelivered(id, subject, createdAt, attemptNo, ticket));
      } else {
        reportDelivered(id, subject, createdAt, attemptNo, ticket);
      }
    }
    if (sincePurge >= PURGE_BATCH) purgeDelivered();
    return null;
  }

  /**
   * Forces the removal of the entries delivered since the last purge (once for all of them, see
   * {@link Outbox#markDelivered}) and only then reports them delivered, so that a reported
   * delivery is never undone by a crash.
   */
  private void purgeDelivered() {
    sincePurge = 0;
    try {
      outbox.purgeDelivered();
    } catch (IOException | RuntimeException e) {
      // The renames happened; what is left in trash/ is removed by the next clean-up. A crash before
      // they reach the device sends those entries again, deduplicated by the desk.
      log.warn("could not finish deleting delivered entries in {}; the next clean-up removes them: {}",
          outbox.root(), e.toString());
    }
    if (unreported.isEmpty()) return;
    List<Runnable> reports = new ArrayList<>(unreported);
    unreported.clear();
    for (Runnable r : reports) r.run();
  }

  private @Nullable Instant retryLater(OutboxEntry entry, int attemptNo, int step, Throwable cause,
      @Nullable Duration retryAfter) {
    if (closed) return null; // interrupted by close(): the entry stays as it was, the next process sends it
    String error = describe(cause);
    lastError = error;
    Instant next = clock.instant().plus(backoff.delay(step, retryAfter));
    OutboxEntry updated;
    try {
      updated = outbox.saveState(entry, new DeliveryState(attemptNo, step, next, error));
      unsavedNextAttempt.remove(entry.id());
    } catch (IOException e) {
      log.error("could not save the delivery state of submission {}; the next attempt is planned in memory only",
          entry.id(), e);
      unsavedNextAttempt.put(entry.id(), next);
      updated = entry;
    }
    Submission s = snapshot(updated, futureFor(updated));
    emit(() -> listener.onRetrying(s, next, cause));
    return next;
  }

  private void failPermanently(OutboxEntry entry, int attemptNo, DeskException e) {
    if (closed) return;
    lastError = describe(e);
    OutboxEntry failed;
    try {
      OutboxEntry counted = outbox.saveState(entry,
          new DeliveryState(attemptNo, Math.min(entry.state().backoffStep() + 1, attemptNo), null, e.getMessage()));
      failed = outbox.markFailed(counted, FailureRecord.of(e, clock.instant()));
    } catch (IOException io) {
      log.error("could not move refused submission {} to failed/; it stays pending", entry.id(), io);
      return;
    }
    log.info("desk refused submission {} for good: {}", entry.id(), e.getMessage());
    CompletableFuture<Ticket> future = futureFor(failed);
    Submission s = snapshot(failed, future);
    emit(() -> {
      future.completeExceptionally(e);
      listener.onFailed(s, e);
    });
  }

  private void reportDelivered(String id, String subject, Instant createdAt, int attempts, Ticket ticket) {
    CompletableFuture<Ticket> future = futures.remove(id);
    CompletableFuture<Ticket> f = future != null ? future : new CompletableFuture<>();
    Submission s = new Submission(id, SubmissionState.DELIVERED, subject, createdAt, attempts, null,
        null, ticket.id(), f);
    emit(() -> {
      f.complete(ticket);
      listener.onDelivered(s, ticket);
    });
  }

  /**
   * Completes this process's futures of entries that another process delivered or refused: an
   * entry that is neither pending any more nor known here as done has a receipt or a failure.
   */
  private void reconcile(Set<String> stillPending) {
    for (Map.Entry<String, CompletableFuture<Ticket>> e : futures.entrySet()) {
      String id = e.getKey();
      if (stillPending.contains(id) || e.getValue().isDone()) continue;
      try {
        Ticket ticket = outbox.receipt(id);
        if (ticket != null) {
          Submission s = new Submission(id, SubmissionState.DELIVERED, ticket.subject(), clock.instant(), 0, null,
              null, ticket.id(), e.getValue());
          if (futures.remove(id, e.getValue())) {
            CompletableFuture<Ticket> f = e.getValue();
            emit(() -> {
              f.complete(ticket);
              listener.onDelivered(s, ticket);
            });
          }
          continue;
        }
        OutboxEntry found = outbox.find(id);
        if (found != null && found.location() == SubmissionState.FAILED && found.failure() != null) {
          DeskException reason = found.failure().toException();
          CompletableFuture<Ticket> f = e.getValue();
          Submission s = snapshot(found, f);
          emit(() -> {
            if (f.completeExceptionally(reason)) listener.onFailed(s, reason);
          });
        }
      } catch (IOException | RuntimeException ex) {
        log.debug("could not look up the outcome of submission {}: {}", id, ex.toString());
      }
    }
  }

  private CompletableFuture<Ticket> futureFor(String pendingId) {
    return futures.computeIfAbsent(pendingId, id -> new CompletableFuture<>());
  }

  private CompletableFuture<Ticket> futureFor(OutboxEntry entry) {
    return futures.computeIfAbsent(entry.id(), id -> {
      CompletableFuture<Ticket> f = new CompletableFuture<>();
      FailureRecord failure = entry.failure();
      if (entry.location() == SubmissionState.FAILED && failure != null) f.completeExceptionally(failure.toException());
      return f;
    });
  }

  private Submission snapshot(OutboxEntry e, CompletableFuture<Ticket> future) {
    NewTicket t = e.ticket();
    boolean failed = e.location() == SubmissionState.FAILED;
    FailureRecord failure = e.failure();
    String error = failed && failure != null ? failure.toException().getMessage() : e.state().lastError();
    return new Submission(e.id(), e.location(), t.subject(), t.createdAt(), e.state().attempts(),
        failed ? null : e.state().nextAttemptAt(), error, null, future);
  }

  private void emit(Runnable event) {
    try {
      callbackExecutor.execute(() -> {
        try {
          event.run();
        } catch (RuntimeException e) {
          log.warn("a DeliveryListener threw; listeners must not throw", e);
        }
      });
    } catch (RejectedExecutionException e) {
      log.warn("the host's executor rejected a delivery event: {}", e.toString());
    }
  }

  private void scheduleWake(Duration delay) {
    long millis = Math.max(0, Math.min(delay.toMillis(), config.tickInterval().toMillis()));
    // Planned times come from the injected clock; the executor waits in real (monotonic) time.
    long at = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    synchronized (wakeLock) {
      if (closed) return;
      if (nextWake != null && !nextWake.isDone() && nextWakeAtNanos - at <= 0) return;
      if (nextWake != null) nextWake.cancel(false);
      try {
        nextWake = executor.schedule(() -> runPass(false), millis, TimeUnit.MILLISECONDS);
        nextWakeAtNanos = at;
      } catch (RejectedExecutionException e) {
        // closed meanwhile
      }
    }
  }

  private Instant circuitRetryAt() {
    Instant opened = circuitOpenedAt;
    Instant now = clock.instant();
    if (opened == null) return now.plus(config.circuitOpenWait());
    Instant at = opened.plus(config.circuitOpenWait());
    return at.isBefore(now) ? now : at;
  }

  private static @Nullable Instant min(@Nullable Instant a, @Nullable Instant b) {
    if (a == null) return b;
    if (b == null) return a;
    return a.isBefore(b) ? a : b;
  }

  /** What the circuit breaker counts as the desk being unwell: everything but a permanent refusal. */
  private static boolean isTransient(Throwable t) {
    return !(t instanceof DeskException) || ((DeskException) t).isRetryable();
  }

  private static String describe(Throwable t) {
    if (t instanceof DeskException) return t.getMessage();
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m != null ? ": " + m : "");
  }
}
