package dev.helpline.internal.event;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one listener fan-out: a copy-on-write list of listeners, events delivered on the host's
 * executor in the order they were dispatched, and a listener that throws is logged and never keeps
 * the others (or later events) from being told. An executor that refuses the task (shut down) is
 * logged; nobody is left to tell then.
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
   * the executor refuses the task, {@code settle} runs on the calling thread instead and the
   * listeners are not told: what it completes is never left pending. Runs even with no listeners.
   */
  public void settleAndDispatch(BooleanSupplier settle, Consumer<? super T> event) {
    if (!execute(() -> {
      if (settle.getAsBoolean()) tell(event);
    })) {
      settle.getAsBoolean();
    }
  }

  private void tell(Consumer<? super T> event) {
    for (T l : listeners) {
      try {
        event.accept(l);
      } catch (RuntimeException e) {
        log.warn("{} {} threw; ignoring", kind, l, e);
      }
    }
  }

  /** Runs {@code task} (a result callback, say) on this fan-out's executor; see {@link #run}. */
  public boolean execute(Runnable task) {
    return run(executor, kind, task);
  }

  /**
   * Runs one callback on {@code executor}: a callback that throws is logged, and an executor that
   * refuses the task is logged too.
   *
   * @return false when the executor refused the task
   */
  public static boolean run(Executor executor, String kind, Runnable task) {
    try {
      executor.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.warn("{} callback threw; ignoring", kind, e);
        }
      });
      return true;
    } catch (RejectedExecutionException e) {
      log.warn("The executor rejected a {} callback: {}", kind, e.toString());
      return false;
    }
  }
}
