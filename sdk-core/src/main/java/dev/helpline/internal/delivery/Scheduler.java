package dev.helpline.internal.delivery;

import dev.helpline.DeliveryPolicy;
import dev.helpline.outbox.OutboxStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When passes run, on the one delivery thread: at {@link #start()} (entries left by earlier
 * processes, after the store's clean-up), on {@link #wake()} (after a submission), on
 * {@link #forcedPass} (flush, network available: every entry, ignoring its backoff), when the
 * earliest planned attempt comes due, and every {@link DeliveryPolicy#tickInterval()}. While
 * another deliverer holds the claim, it tries again after {@link DeliveryPolicy#lockBusyRetry()}.
 *
 * <p>A pass never ends the scheduler: whatever it throws, {@link Error}s included, is logged,
 * reported as the last error, and the next pass is planned. A task that throws out of a
 * {@link ScheduledThreadPoolExecutor} has its throwable stored in a future nobody reads and, for
 * the periodic tick, is never run again, so one {@link OutOfMemoryError} would otherwise silently
 * stop delivery for the life of the process.
 */
final class Scheduler {
  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
  private final ErrorLog passErrors = new ErrorLog(log);

  private final OutboxStore store;
  private final DeliveryPass pass;
  private final DeskCircuit circuit;
  private final Reporting reporting;
  private final Clock clock;
  private final DeliveryPolicy config;
  private final ScheduledThreadPoolExecutor executor;
  private final Object wakeLock = new Object();
  private volatile boolean started;
  private volatile boolean closed;
  private @Nullable ScheduledFuture<?> nextWake;
  private long nextWakeAtNanos;
  private boolean wakeQueued;
  /**
   * The futures of forced passes not yet over. {@link #stop()} fails them: a pass queued behind another, or
   * waiting out another deliverer's claim, is dropped with the executor's queue and would never complete.
   */
  private final Set<CompletableFuture<Void>> forcedPending = ConcurrentHashMap.newKeySet();

  Scheduler(OutboxStore store, DeliveryPass pass, DeskCircuit circuit, Reporting reporting, Clock clock,
      DeliveryPolicy config, String threadName) {
    this.store = store;
    this.pass = pass;
    this.circuit = circuit;
    this.reporting = reporting;
    this.clock = clock;
    this.config = config;
    this.executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  boolean isClosed() {
    return closed;
  }

  /** Cleans up the store, then runs a pass now and every tick. Idempotent. */
  void start() {
    synchronized (wakeLock) {
      if (closed) throw new IllegalStateException("delivery worker is closed");
      if (started) return;
      started = true;
    }
    executor.execute(() -> {
      try {
        store.cleanUp();
      } catch (IOException | RuntimeException e) {
        log.warn("could not clean up the {}: {}", store.describe(), e.toString());
      } catch (Throwable t) {
        // The executor would keep it in a future nobody reads: make it visible.
        reporting.lastError("outbox clean-up failed: " + t);
        log.error("cleaning up the {} failed", store.describe(), t);
      }
    });
    wake();
    long tick = config.tickInterval().toMillis();
    executor.scheduleWithFixedDelay(() -> runPass(false), tick, tick, TimeUnit.MILLISECONDS);
  }

  /** Asks for a pass of due entries soon; cheap and coalesced. No-op before {@link #start()}. */
  void wake() {
    pass.woken();
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

  /**
   * A pass over every entry, ignoring backoff; {@code resetBackoff} also half-opens an open circuit
   * and restarts the entries' backoff. The future completes when that pass has finished.
   */
  CompletableFuture<Void> forcedPass(boolean resetBackoff) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    forcedPending.add(done);
    done.whenComplete((ignored, error) -> forcedPending.remove(done));
    // Checked after the future is registered: a stop() that has already failed the pending ones missed it.
    if (closed) {
      done.completeExceptionally(closedError());
      return done;
    }
    submitForcedPass(done, resetBackoff);
    return done;
  }

  private static IllegalStateException closedError() {
    return new IllegalStateException("delivery worker is closed");
  }

  private void submitForcedPass(CompletableFuture<Void> done, boolean resetBackoff) {
    try {
      executor.execute(() -> {
        try {
          // Again on the delivery thread: a call that was in flight when the network came back may
          // have opened the circuit since networkAvailable() looked at it.
          if (resetBackoff) circuit.halfOpenIfOpen();
          DeliveryPass.Result r = pass.run(true, resetBackoff);
          if (closed) {
            // stop() came during the pass: it cut the pass short, or the pass found the claim held and never
            // ran. Either way it is not over; stop() may have failed the future already, in the same way.
            done.completeExceptionally(closedError());
          } else if (r.locked) {
            try {
              executor.schedule(() -> submitForcedPass(done, resetBackoff), config.lockBusyRetry().toMillis(),
                  TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
              done.completeExceptionally(closedError()); // stop() came between the check and the schedule
            }
          } else {
            planAfter(r);
            done.complete(null);
          }
        } catch (IOException | RuntimeException e) {
          // A pass that close() interrupted fails as closed, as one it never let run does.
          done.completeExceptionally(closed ? closedError().initCause(e) : e);
        } catch (Throwable t) {
          passFailed(t);
          done.completeExceptionally(t);
        }
      });
    } catch (RejectedExecutionException e) {
      done.completeExceptionally(closedError());
    }
  }

  /** A pass on the delivery thread that catches everything; the entries of a failed pass stay pending. */
  private void runPass(boolean force) {
    try {
      DeliveryPass.Result r = pass.run(force, false);
      if (r.locked && started && !closed) scheduleWake(config.lockBusyRetry());
      else planAfter(r);
    } catch (Throwable t) {
      passFailed(t);
      if (started && !closed) scheduleWake(config.tickInterval());
    }
  }

  /**
   * Runs one pass on the calling thread and plans the next like a pass on the delivery thread.
   * Returns false when another deliverer held the claim. For tests.
   */
  boolean runOnce(boolean force) throws IOException {
    DeliveryPass.Result r = pass.run(force, false);
    planAfter(r);
    return !r.locked;
  }

  /** Plans a wake for the earliest attempt a pass left planned. */
  private void planAfter(DeliveryPass.Result r) {
    if (r.earliest != null && started && !closed) scheduleWake(Duration.between(clock.instant(), r.earliest));
  }

  private void passFailed(Throwable t) {
    if (closed && Thread.currentThread().isInterrupted()) {
      // stop() interrupted the pass (settling the journal, say): the store's close finishes that work.
      log.debug("delivery pass over the {} ended by close: {}", store.describe(), t.toString());
      return;
    }
    reporting.lastError("delivery pass failed: " + t);
    // Logging may itself fail while memory is short; the pass must still not end the worker.
    try {
      passErrors.error("delivery pass over the {} failed; a later pass tries again", t, store.describe());
    } catch (Throwable ignored) {
      // lastError is set; nothing more can be done here
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

  /**
   * Marks the scheduler closed and interrupts the delivery thread (and with it an attempt in flight);
   * returns at once. Every forced pass not yet over fails with an {@link IllegalStateException}: its
   * future completes here, on the closing thread. False when it was closed already.
   */
  boolean stop() {
    synchronized (wakeLock) {
      if (closed) return false;
      closed = true;
    }
    executor.shutdownNow();
    for (CompletableFuture<Void> pending : forcedPending) pending.completeExceptionally(closedError());
    return true;
  }

  /** Waits up to {@code nanos} for the delivery thread to end; true when it has. */
  boolean awaitStopped(long nanos) throws InterruptedException {
    return executor.awaitTermination(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }
}
