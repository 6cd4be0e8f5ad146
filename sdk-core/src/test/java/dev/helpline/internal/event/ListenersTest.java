package dev.helpline.internal.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ListenersTest {
  @Test
  void aThrowingListenerNeverKeepsTheOthersOrLaterEventsFromBeingTold() {
    List<String> heard = new ArrayList<>();
    Listeners<Consumer<String>> listeners = new Listeners<>("TestListener", Runnable::run);
    listeners.add(e -> heard.add("a:" + e));
    listeners.add(e -> {
      throw new IllegalStateException("listener bug");
    });
    listeners.add(e -> heard.add("c:" + e));
    List<Consumer<Consumer<String>>> events = Arrays.asList(l -> l.accept("1"), l -> l.accept("2"));
    listeners.dispatchAll(events);
    assertEquals(Arrays.asList("a:1", "c:1", "a:2", "c:2"), heard);
  }

  @Test
  void aListenerThrowingAnErrorOrACheckedExceptionNeverKeepsTheOthersOrLaterEventsFromBeingTold() {
    List<String> heard = new ArrayList<>();
    Listeners<Consumer<String>> listeners = new Listeners<>("TestListener", Runnable::run);
    listeners.add(e -> heard.add("a:" + e));
    listeners.add(e -> {
      throw new AssertionError("an assertion in a host's listener");
    });
    listeners.add(e -> sneakyThrow(new java.io.IOException("thrown by a listener written in Kotlin")));
    listeners.add(e -> heard.add("d:" + e));
    listeners.dispatchAll(Arrays.asList(l -> l.accept("1"), l -> l.accept("2")));
    CompletableFuture<String> future = new CompletableFuture<>();
    listeners.settleAndDispatch(() -> future.complete("ticket"), l -> l.accept("3"));
    assertTrue(listeners.execute(() -> {
      throw new AssertionError("a result callback's assertion");
    }));
    listeners.dispatch(l -> l.accept("4"));
    assertEquals(Arrays.asList("a:1", "d:1", "a:2", "d:2", "a:3", "d:3", "a:4", "d:4"), heard);
    assertTrue(future.isDone());
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> void sneakyThrow(Throwable t) throws E {
    throw (E) t;
  }

  @Test
  void eventsRunOnTheGivenExecutorNotTheCallersThread() throws Exception {
    ExecutorService host = Executors.newSingleThreadExecutor(r -> new Thread(r, "host-executor"));
    try {
      List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
      Listeners<Runnable> listeners = new Listeners<>("TestListener", host);
      listeners.add(() -> threads.add(Thread.currentThread().getName()));
      listeners.dispatch(Runnable::run);
      host.shutdown();
      assertTrue(host.awaitTermination(10, TimeUnit.SECONDS));
      assertEquals(List.of("host-executor"), threads);
    } finally {
      host.shutdownNow();
    }
  }

  @Test
  void aShutDownExecutorIsReportedAndNothingThrows() {
    ExecutorService host = Executors.newSingleThreadExecutor();
    host.shutdown();
    Listeners<Runnable> listeners = new Listeners<>("TestListener", host);
    listeners.add(() -> { });
    listeners.dispatch(Runnable::run);
    assertFalse(listeners.execute(() -> { }));
  }

  @Test
  void settleRunsOnTheExecutorBeforeTheListenersAreTold() throws Exception {
    ExecutorService host = Executors.newSingleThreadExecutor(r -> new Thread(r, "host-executor"));
    try {
      CompletableFuture<String> future = new CompletableFuture<>();
      List<String> heard = new CopyOnWriteArrayList<>();
      Listeners<Consumer<String>> listeners = new Listeners<>("TestListener", host);
      listeners.add(e -> heard.add(e + " done=" + future.isDone() + " on " + Thread.currentThread().getName()));
      listeners.settleAndDispatch(() -> future.complete("ticket"), l -> l.accept("delivered"));
      assertEquals("ticket", future.get(10, TimeUnit.SECONDS));
      host.shutdown();
      assertTrue(host.awaitTermination(10, TimeUnit.SECONDS));
      assertEquals(List.of("delivered done=true on host-executor"), heard);
    } finally {
      host.shutdownNow();
    }
  }

  @Test
  void aRejectingExecutorStillSettlesOnTheCallersThreadButTellsNobody() {
    Executor rejecting = task -> {
      throw new RejectedExecutionException("host executor shut down");
    };
    List<String> settledOn = new ArrayList<>();
    List<String> heard = new ArrayList<>();
    Listeners<Consumer<String>> listeners = new Listeners<>("TestListener", rejecting);
    listeners.add(heard::add);
    listeners.settleAndDispatch(() -> settledOn.add(Thread.currentThread().getName()), l -> l.accept("delivered"));
    assertEquals(List.of(Thread.currentThread().getName()), settledOn);
    assertTrue(heard.isEmpty());
  }

  @Test
  void settleRunsWithoutListenersAndAFalseSettleTellsNobody() {
    List<String> heard = new ArrayList<>();
    Listeners<Consumer<String>> none = new Listeners<>("TestListener", Runnable::run);
    CompletableFuture<String> future = new CompletableFuture<>();
    none.settleAndDispatch(() -> future.complete("ticket"), l -> l.accept("delivered"));
    assertTrue(future.isDone());

    Listeners<Consumer<String>> listeners = new Listeners<>("TestListener", Runnable::run);
    listeners.add(heard::add);
    listeners.settleAndDispatch(() -> future.complete("again"), l -> l.accept("delivered twice"));
    assertTrue(heard.isEmpty());
  }

  @Test
  void aThrowingListenerAfterSettleNeverKeepsTheOthersFromBeingTold() {
    List<String> heard = new ArrayList<>();
    Listeners<Consumer<String>> listeners = new Listeners<>("TestListener", Runnable::run);
    listeners.add(e -> {
      throw new IllegalStateException("listener bug");
    });
    listeners.add(heard::add);
    listeners.settleAndDispatch(() -> true, l -> l.accept("failed"));
    assertEquals(List.of("failed"), heard);
  }

  @Test
  void eventsKeepTheirOrderOnAnExecutorOfManyThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Integer> heard = java.util.Collections.synchronizedList(new ArrayList<>());
      Listeners<Consumer<Integer>> listeners = new Listeners<>("TestListener", pool);
      listeners.add(heard::add);
      for (int i = 0; i < 5_000; i++) {
        int n = i;
        listeners.dispatch(l -> l.accept(n));
      }
      CompletableFuture<Void> last = new CompletableFuture<>();
      listeners.execute(() -> last.complete(null));
      last.get(10, TimeUnit.SECONDS);
      for (int i = 0; i < 5_000; i++) assertEquals(i, heard.get(i), "event " + i);
    } finally {
      pool.shutdownNow();
    }
  }

  /** An executor that only queues: the test runs each task when it chooses. */
  private static final class ManualExecutor implements Executor {
    final java.util.ArrayDeque<Runnable> tasks = new java.util.ArrayDeque<>();
    volatile boolean refusing;

    @Override
    public void execute(Runnable task) {
      if (refusing) throw new RejectedExecutionException("shut down");
      tasks.add(task);
    }
  }

  @Test
  void eventsDispatchedWhileADrainIsPendingJoinItAndALongStreamIsHandedOnInTasks() {
    ManualExecutor host = new ManualExecutor();
    List<String> heard = new ArrayList<>();
    Listeners<Consumer<String>> listeners = new Listeners<>("TestListener", host);
    listeners.add(e -> {
      heard.add(e);
      if (e.equals("b")) listeners.dispatch(l -> l.accept("c")); // dispatched from inside a callback
    });
    listeners.dispatch(l -> l.accept("a"));
    listeners.dispatch(l -> l.accept("b"));
    assertEquals(1, host.tasks.size(), "the second event joins the pending drain");

    host.tasks.poll().run();
    assertEquals(List.of("a", "b"), heard, "a drain runs what was queued when it started");
    assertEquals(1, host.tasks.size(), "and hands the rest on to a new task");
    host.tasks.poll().run();
    assertEquals(List.of("a", "b", "c"), heard);
    assertTrue(host.tasks.isEmpty());
  }

  @Test
  void settlesQueuedBehindADrainTheExecutorRefusesStillRun() {
    ManualExecutor host = new ManualExecutor();
    List<String> settled = new ArrayList<>();
    List<String> heard = new ArrayList<>();
    Listeners<Consumer<String>> listeners = new Listeners<>("TestListener", host);
    listeners.add(e -> {
      heard.add(e);
      // Queued while the drain runs: a new task has to take it, and the host has shut down meanwhile.
      host.refusing = true;
      listeners.settleAndDispatch(() -> settled.add("second"), l -> l.accept("second delivered"));
    });
    listeners.settleAndDispatch(() -> settled.add("first"), l -> l.accept("first delivered"));

    host.tasks.poll().run();
    assertEquals(List.of("first delivered"), heard);
    assertEquals(List.of("first", "second"), settled, "the refused settle ran on the drain's thread");
    assertTrue(host.tasks.isEmpty());
    assertFalse(listeners.execute(() -> { }), "still refused, and nothing was left pending");
  }

  @Test
  void removedListenersAreNotToldAndNoListenersMeansNoTask() {
    List<Runnable> tasks = new ArrayList<>();
    Listeners<Runnable> listeners = new Listeners<>("TestListener", tasks::add);
    listeners.dispatch(Runnable::run);
    assertTrue(tasks.isEmpty());
    Runnable l = () -> { };
    listeners.add(l);
    listeners.remove(l);
    assertTrue(listeners.isEmpty());
  }
}
