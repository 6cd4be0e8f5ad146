package dev.helpline.benchmarks;

import dev.helpline.Helpline;
import dev.helpline.TicketDraft;
import dev.helpline.connector.supportapi.SupportApiConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Accepted submissions per second (4 KiB description + diagnostics, each durable when {@code submit}
 * returns) with 8 threads submitting to one client, against one thread: what group commit buys when many
 * threads submit at once. The client delivers to a testkit desk in another process meanwhile, as in
 * {@link SubmitHarness}. Beside it, the same for the {@link Floor}'s file writes: how far eight writers of
 * their own files scale on this disk at all.
 *
 * <p>The four take turns in windows of a few seconds on the same client, desk and disk, each round
 * starting with the next of them, and each is the median of its windows: measured one after the other,
 * minutes apart (as JMH runs benchmarks), the same one-thread side read 415/s in one run and 749/s in the
 * next on this shared machine.
 */
final class ThroughputHarness {
  private ThroughputHarness() {}

  static Map<String, Object> run(boolean smoke) throws Exception {
    int warmupRounds = smoke ? 0 : 3;
    int rounds = smoke ? 1 : 5;
    long windowMillis = smoke ? 300 : 3000;
    RunAll.log("submits per second, 8 threads against one, and the floor's, " + rounds + " rounds of "
        + windowMillis + " ms windows after " + warmupRounds);
    Path root = Fixtures.scratch("throughput");
    ExecutorService threads = Executors.newFixedThreadPool(8);
    TicketDraft draft = Fixtures.draft(false);
    try (DeskProcess desk = DeskProcess.start("2g");
        SupportApiConnector connector = Fixtures.connector(desk.baseUrl(), DeskProcess.APP_KEY);
        Helpline helpline = Fixtures.client(connector, root.resolve("client")).build()) {
      byte[] entry = Floor.entryBytes(draft);
      String[] names = {"sdkOneThread", "sdkEightThreads", "floorOneThread", "floorEightThreads"};
      int[] threadCounts = {1, 8, 1, 8};
      List<List<Double>> rates = new ArrayList<>();
      for (int k = 0; k < names.length; k++) rates.add(new ArrayList<>());
      for (int round = -warmupRounds; round < rounds; round++) {
        for (int k = 0; k < names.length; k++) {
          int which = Math.floorMod(round + k, names.length);
          double rate;
          if (which < 2) {
            rate = perSecond(threads, threadCounts[which], windowMillis, () -> helpline.submit(draft));
          } else {
            // A fresh directory per window, as every store of many entries keeps them in a bounded one.
            Path dir = Files.createDirectories(root.resolve("floor-" + round + "-" + which));
            try (Floor floor = new Floor(entry, dir)) {
              rate = perSecond(threads, threadCounts[which], windowMillis, floor::write);
            } finally {
              Fixtures.deleteTree(dir);
            }
          }
          if (round >= 0) rates.get(which).add(rate);
        }
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("rounds", rounds);
      out.put("warmupRounds", warmupRounds);
      out.put("windowMillis", windowMillis);
      for (int k = 0; k < names.length; k++) {
        out.put(names[k], Rounds.median(rates.get(k)));
        out.put(names[k] + "Windows", rates.get(k));
      }
      return out;
    } finally {
      threads.shutdownNow();
      Fixtures.deleteTree(root);
    }
  }

  /** Runs {@code write} on {@code n} threads for {@code millis}; returns completed writes per second. */
  private static double perSecond(ExecutorService threads, int n, long millis, SubmitHarness.Write write) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    long[] deadline = new long[1];
    List<Future<Long>> done = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      done.add(threads.submit(() -> {
        go.await();
        long count = 0;
        while (System.nanoTime() < deadline[0]) {
          write.run();
          count++;
        }
        return count;
      }));
    }
    long start = System.nanoTime();
    deadline[0] = start + TimeUnit.MILLISECONDS.toNanos(millis);
    go.countDown();
    long total = 0;
    for (Future<Long> f : done) total += f.get(millis + 60_000, TimeUnit.MILLISECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    return total / seconds;
  }
}
