package dev.helpline.internal.event;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one listener fan-out: a copy-on-write list of listeners, events delivered on the host's
 * executor in the order they were dispatched, and a listener that throws (an {@link Error} or a
 * checked exception included) is logged and never keeps the others (or later events) from being
 * told. An executor that refuses the task (shut down) is logged; nobody is left to tell then.
 *
 * <p>Events go through one queue per fan-out, run one at a time by a drain task on the executor: the
 * order holds on an executor of many threads too, and events dispatched while a drain is pending join
 * it instead of waking the executor again (a burst of deliveries is a few tasks, not one per event). A
 * drain runs the events queued when it starts and hands the rest to a new task, so it never holds a
 * host thread (a UI thread, say) through a long stream of events.
 *
 * <p>Thread-safe: listeners may be added and removed from any thread, also from inside a callback
 * (the change applies to the next event).
 *
 * @param <T> the listener type
 */
public final class Listeners<T> {
  private static final Logger log = LoggerFactory.getLogger(Listeners.class);

  private final String kind;
  private final Executor executor;
  private final List<T> listeners = new CopyOnWriteArrayList<>();
  /** Tasks not yet run, in dispatch order. Guarded by itself, as is {@link #scheduled}. */
  private final ArrayDeque<Task> queue = new ArrayDeque<>();
  /** Whether a drain is on the executor or running. */
  private boolean scheduled;

  /** @param kind names the listener type in log lines, for example "StatusMonitor.Listener" */
  public Listeners(String kind, Executor executor) {
    this.kind = Objects.requireNonNull(kind, "kind == null");
    this.executor = Objects.requireNonNull(executor, "executor == null");
  }

  public void add(T listener) {
    listeners.add(Objects.requireNonNull(listener, "listener == null"));
  }

  public void remove(T listener) {
    listeners.remove(listener);
  }

  public boolean isEmpty() {
    return listeners.isEmpty();
  }

  /** Tells every listener about one event, on the executor. */
  public void dispatch(Consumer<? super T> event) {
    dispatchAll(Collections.singletonList(event));
  }

  /** Tells every listener about each event in order, in one task on the executor. */
  public void dispatchAll(List<? extends Consumer<? super T>> events) {
    if (listeners.isEmpty() || events.isEmpty()) return;
    execute(() -> {
      for (Consumer<? super T> event : events) tell(event);
    });
  }

  /**
   * Runs {@code settle} (completing a future, say) and, when it returns true, tells every listener
   * about {@code event}, in one task on the executor, so a listener sees the future complete. When
   * the executor refuses the task, {@code settle} runs instead on the thread that was refused (the
   * caller, or the executor's thread handing on the events queued behind a drain) and the listeners
   * are not told: what it completes is never left pending. Runs even with no listeners.
   */
  public void settleAndDispatch(BooleanSupplier settle, Consumer<? super T> event) {
    enqueue(() -> {
      if (settle.getAsBoolean()) tell(event);
    }, settle::getAsBoolean);
  }

  /**
   * Runs {@code completion} (completing a future, say) on the executor after the events and tasks dispatched
   * before it; when the executor refuses (it was shut down), on this thread, so that what it completes is never
   * left pending.
   */
  public void settle(Runnable completion) {
    enqueue(completion, completion);
  }

  private void tell(Consumer<? super T> event) {
    for (T l : listeners) {
      try {
        event.accept(l);
      } catch (Throwable e) {
        // Errors too (an assertion in a host's test, a missing class), and checked exceptions a listener
        // written in Kotlin can throw: none may keep the other listeners, or the thread, from their work.
        log.warn("{} {} threw; ignoring", kind, l, e);
      }
    }
  }

  /**
   * Runs {@code task} (a result callback, say) on this fan-out's executor, after the events and tasks
   * dispatched before it; one that throws is logged.
   *
   * @return false when the executor refused it (one queued behind a pending drain that the executor
   *     refuses later is dropped, and logged)
   */
  public boolean execute(Runnable task) {
    return enqueue(task, null);
  }

  /**
   * Queues {@code task} and schedules a drain unless one is pending. When the executor refuses the
   * drain, every queued task is dropped and the {@code ifRefused} of each runs on this thread, so
   * that a settle is never left pending.
   */
  private boolean enqueue(Runnable task, @Nullable Runnable ifRefused) {
    synchronized (queue) {
      queue.add(new Task(task, ifRefused));
      if (scheduled) return true;
      scheduled = true;
    }
    return schedule();
  }

  private boolean schedule() {
    try {
      executor.execute(this::drain);
      return true;
    } catch (RejectedExecutionException e) {
      List<Task> refused;
      synchronized (queue) {
        refused = new ArrayList<>(queue);
        queue.clear();
        scheduled = false;
      }
      log.warn("The executor rejected {} {} callback(s): {}", refused.size(), kind, e.toString());
      for (Task t : refused) {
        if (t.ifRefused != null) t.ifRefused.run();
      }
      return false;
    }
  }

  /** Runs the tasks queued when it starts; a new drain takes those queued meanwhile. */
  private void drain() {
    try {
      int n;
      synchronized (queue) {
        n = queue.size();
      }
      for (int i = 0; i < n; i++) {
        Task t;
        synchronized (queue) {
          t = queue.poll();
        }
        if (t == null) break;
        runLogged(kind, t.run);
      }
    } finally {
      boolean more;
      synchronized (queue) {
        more = !queue.isEmpty();
        if (!more) scheduled = false;
      }
      if (more) schedule();
    }
  }

  private static final class Task {
    final Runnable run;
    final @Nullable Runnable ifRefused;

    Task(Runnable run, @Nullable Runnable ifRefused) {
      this.run = run;
      this.ifRefused = ifRefused;
    }
  }

  /**
   * Runs one callback on {@code executor}: a callback that throws is logged, and an executor that
   * refuses the task is logged too.
   *
   * @return false when the executor refused the task
   */
  public static boolean run(Executor executor, String kind, Runnable task) {
    try {
      executor.execute(() -> runLogged(kind, task));
      return true;
    } catch (RejectedExecutionException e) {
      log.warn("The executor rejected a {} callback: {}", kind, e.toString());
      return false;
    }
  }

  private static void runLogged(String kind, Runnable task) {
    try {
      task.run();
    } catch (Throwable e) { // like a listener's in tell(): nothing thrown by a callback ends the drain
      log.warn("{} callback threw; ignoring", kind, e);
    }
  }
}
