package dev.helpline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class DaemonThreadsTest {
  /**
   * Threads hand completions to a fresh pool (no thread started yet) while it is shut down, as late results
   * of calls in flight do when a client closes: every completion the pool accepted must run.
   */
  @Test
  void aPoolShutDownWhileOthersHandItTasksRunsEveryTaskItAccepted() throws Exception {
    int submitters = 3;
    for (int round = 0; round < 2000; round++) {
      ExecutorService pool = DaemonThreads.pool("test-callback", 1);
      CyclicBarrier start = new CyclicBarrier(submitters + 1);
      AtomicInteger accepted = new AtomicInteger();
      CountDownLatch ran = new CountDownLatch(submitters);
      Thread[] threads = new Thread[submitters];
      for (int i = 0; i < submitters; i++) {
        threads[i] = new Thread(() -> {
          try {
            start.await();
            pool.execute(ran::countDown);
            accepted.incrementAndGet();
          } catch (RejectedExecutionException refused) {
            ran.countDown(); // the caller runs it itself
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
        threads[i].start();
      }
      start.await();
      DaemonThreads.shutdownAfterQueued(pool);
      for (Thread t : threads) t.join();
      assertTrue(ran.await(10, TimeUnit.SECONDS), "round " + round + ": " + ran.getCount() + " of "
          + accepted.get() + " accepted tasks never ran: " + pool);
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
      assertEquals(0, ran.getCount());
    }
  }
}
