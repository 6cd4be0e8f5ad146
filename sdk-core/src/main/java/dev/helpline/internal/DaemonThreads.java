package dev.helpline.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread pools of named daemon threads that go away when idle, so an idle client holds no threads. */
public final class DaemonThreads {
  private DaemonThreads() {}

  public static ThreadFactory factory(String name) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Up to {@code threads} threads, created on demand, ended after 30 s idle; excess tasks wait in order. */
  public static ExecutorService pool(String name, int threads) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), factory(name));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * Shuts {@code pool} down once the tasks already queued have run; a task offered later is refused, so a
   * caller can run it itself. Unlike a plain {@link ExecutorService#shutdown()} racing another thread's
   * {@code execute}, this never strands an accepted task: that race can leave a pool whose threads come and go
   * with tasks queued and no thread to run them.
   */
  public static void shutdownAfterQueued(ExecutorService pool) {
    try {
      // Run by a thread of the pool: while it runs the pool has a thread, which then runs what was queued
      // meanwhile before it ends, and what comes after the shutdown is refused.
      pool.execute(pool::shutdown);
    } catch (RejectedExecutionException shutDownAlready) {
      // The pools made here refuse a task only once shut down (their queues are unbounded): nothing is left to do.
    }
  }

  /**
   * A thread per task up to {@code maxThreads}, ended after 30 s idle; beyond that, tasks are
   * rejected. For work that must start at once, such as diagnostics providers with a time budget.
   */
  public static ExecutorService cached(String name, int maxThreads) {
    return new ThreadPoolExecutor(0, maxThreads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), factory(name));
  }
}
