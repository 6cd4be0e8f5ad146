package dev.helpline.internal.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
