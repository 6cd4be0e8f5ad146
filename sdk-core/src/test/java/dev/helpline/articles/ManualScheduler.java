package dev.helpline.articles;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A scheduler whose time moves only through {@link #advance}; due tasks run on the caller's thread. */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
  private long nowNanos;
  private final List<Task> tasks = new ArrayList<>();

  final class Task implements ScheduledFuture<Object> {
    final long due;
    final Runnable runnable;
    boolean cancelled;
    boolean done;

    Task(long due, Runnable runnable) {
      this.due = due;
      this.runnable = runnable;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(due - nowNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public synchronized boolean cancel(boolean mayInterrupt) {
      if (done) return false;
      cancelled = true;
      return true;
    }

    @Override
    public synchronized boolean isCancelled() {
      return cancelled;
    }

    @Override
    public synchronized boolean isDone() {
      return done || cancelled;
    }

    @Override
    public Object get() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }
  }

  /** Moves time forward and runs, in order, every task that came due and was not cancelled. */
  void advance(Duration d) {
    nowNanos += d.toNanos();
    List<Task> due = new ArrayList<>();
    synchronized (this) {
      for (Task t : new ArrayList<>(tasks)) {
        if (t.due <= nowNanos) {
          due.add(t);
          tasks.remove(t);
        }
      }
    }
    due.sort((a, b) -> Long.compare(a.due, b.due));
    for (Task t : due) {
      synchronized (t) {
        if (t.cancelled) continue;
        t.done = true;
      }
      t.runnable.run();
    }
  }

  synchronized int pending() {
    int n = 0;
    for (Task t : tasks) if (!t.cancelled) n++;
    return n;
  }

  @Override
  public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    Task t = new Task(nowNanos + unit.toNanos(delay), command);
    tasks.add(t);
    return t;
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void shutdown() {}

  @Override
  public List<Runnable> shutdownNow() {
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return false;
  }

  @Override
  public boolean isTerminated() {
    return false;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return true;
  }

  @Override
  public void execute(Runnable command) {
    command.run();
  }
}
