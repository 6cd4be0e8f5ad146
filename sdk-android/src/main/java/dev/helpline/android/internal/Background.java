package dev.helpline.android.internal;

import android.os.Handler;
import android.os.Looper;
import java.io.Closeable;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Runs the sample's blocking work (Helpline calls, the status feed, the seen-notices file) on two
 * background threads and posts each outcome back to the main thread. Exactly one of the callback's
 * methods runs, on the main thread; a callback whose activity is gone should check that itself.
 */
public final class Background implements Closeable {
  /** Receives a background result on the main thread. */
  public interface Callback<T> {
    void onResult(T result);

    /** The work threw; the default shows nothing, so screens override it to tell the user. */
    default void onError(Throwable error) {}
  }

  private final ExecutorService executor;
  private final Runnable prepare;
  private volatile boolean prepared;
  private final Handler main = new Handler(Looper.getMainLooper());
  private final Object idleLock = new Object();
  private final AtomicInteger inFlight = new AtomicInteger();

  /**
   * @param prepare runs once on a background thread before the first task (and again before the
   *     next one if it threw), for example to create the app's files directory
   */
  public Background(Runnable prepare) {
    this.prepare = prepare;
    AtomicInteger n = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "helpline-android-io-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs {@code work} in the background and hands its result or error to {@code callback} on the main thread. */
  public <T> void run(Callable<T> work, Callback<T> callback) {
    inFlight.incrementAndGet();
    try {
      executor.execute(() -> {
        try {
          ensurePrepared();
          T result = work.call();
          main.post(() -> callback.onResult(result));
        } catch (Throwable t) {
          main.post(() -> callback.onError(t));
        } finally {
          done();
        }
      });
    } catch (RuntimeException rejected) {
      done();
      throw rejected;
    }
  }

  /** Runs {@code work} in the background; a failure is reported to {@code onError} on the main thread. */
  public void execute(Runnable work, Callback<@Nullable Void> callback) {
    run(() -> {
      work.run();
      return null;
    }, callback);
  }

  /** An executor that runs tasks on the main thread (for Helpline's listener callbacks). */
  public Executor mainExecutor() {
    return main::post;
  }

  /**
   * Waits until no background task is queued or running, at most {@code timeout}. Tests use it
   * between steps; the app never waits.
   */
  public boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    synchronized (idleLock) {
      while (inFlight.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        TimeUnit.NANOSECONDS.timedWait(idleLock, left);
      }
    }
    return true;
  }

  private void ensurePrepared() {
    if (prepared) return;
    synchronized (this) {
      if (prepared) return;
      prepare.run();
      prepared = true;
    }
  }

  private void done() {
    if (inFlight.decrementAndGet() == 0) {
      synchronized (idleLock) {
        idleLock.notifyAll();
      }
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
