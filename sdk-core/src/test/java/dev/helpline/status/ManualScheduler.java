package dev.helpline.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler driven by a {@link TestClock}: tasks run on the test's thread when the test calls
 * {@link #runDue()} or {@link #advance(Duration)}, in due-time order. Nothing sleeps.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
  /** The SDK schedules one-shot Runnables only: it re-plans each wake itself so time stays injectable. */
  private static final String NOT_USED = "the SDK schedules one-shot Runnables only; this call breaks that contract";
  private final TestClock clock;
  private final List<Task> tasks = new ArrayList<>();
  private long sequence;
  private boolean shutdown;

  public ManualScheduler(TestClock clock) {
    this.clock = clock;
  }

  final class Task implements ScheduledFuture<Object> {
    final Runnable runnable;
    final Instant due;
    final long seq;
    volatile boolean cancelled;
    volatile boolean done;

    Task(Runnable runnable, Instant due) {
      this.runnable = runnable;
      this.due = due;
      this.seq = sequence++;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(Duration.between(clock.instant(), due).toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      Task t = (Task) o;
      int c = due.compareTo(t.due);
      return c != 0 ? c : Long.compare(seq, t.seq);
    }

    @Override
    public boolean cancel(boolean mayInterrupt) {
      if (done) return false;
      cancelled = true;
      synchronized (ManualScheduler.this) {
        tasks.remove(this);
      }
      return true;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return done || cancelled;
    }

    @Override
    public Object get() {
      throw new AssertionError("code under test must not block on a scheduled task's result");
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      throw new AssertionError("code under test must not block on a scheduled task's result");
    }
  }

  /** Runs every task due now, including ones those tasks schedule for now. */
  public void runDue() {
    while (true) {
      Task next;
      synchronized (this) {
        if (tasks.isEmpty()) return;
        Collections.sort(tasks);
        next = tasks.get(0);
        if (next.due.isAfter(clock.instant())) return;
        tasks.remove(0);
      }
      next.done = true;
      next.runnable.run();
    }
  }

  /** Moves time forward step by step to each due task, running it, then to {@code now + d}. */
  public void advance(Duration d) {
    Instant target = clock.instant().plus(d);
    while (true) {
      runDue();
      Task next;
      synchronized (this) {
        if (tasks.isEmpty()) break;
        Collections.sort(tasks);
        next = tasks.get(0);
      }
      if (next.due.isAfter(target)) break;
      if (next.due.isAfter(clock.instant())) clock.set(next.due);
    }
    clock.set(target);
    runDue();
  }

  /** When the earliest pending task is due, or null when none is pending. */
  public synchronized Instant nextDue() {
    if (tasks.isEmpty()) return null;
    Collections.sort(tasks);
    return tasks.get(0).due;
  }

  public synchronized int pending() {
    return tasks.size();
  }

  @Override
  public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    if (shutdown) throw new java.util.concurrent.RejectedExecutionException("shut down");
    Task t = new Task(command, clock.instant().plusMillis(unit.toMillis(Math.max(0, delay))));
    tasks.add(t);
    return t;
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.MILLISECONDS);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new AssertionError(NOT_USED);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new AssertionError(NOT_USED);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new AssertionError(NOT_USED);
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
  }

  @Override
  public synchronized List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> left = new ArrayList<>();
    for (Task t : tasks) left.add(t.runnable);
    tasks.clear();
    return left;
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  @Override
  public synchronized boolean isTerminated() {
    return shutdown && tasks.isEmpty();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }
}
