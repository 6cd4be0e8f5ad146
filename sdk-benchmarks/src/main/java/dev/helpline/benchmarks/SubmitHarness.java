package dev.helpline.benchmarks;

import dev.helpline.Helpline;
import dev.helpline.TicketDraft;
import dev.helpline.connector.supportapi.SupportApiConnector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code submit()} as the calling thread sees it, against the floors of a crash-safe write of the
 * same bytes ({@link Floor}): a file of its own (write, fsync, atomic rename, directory fsync), which the
 * goal is stated against, and an append to an open log with {@code fdatasync}, the least any durable store
 * can do. The three take turns on one thread, each round starting with the next, so that all meet the
 * same disk, the same background load and the same moment: on a shared virtual disk the floor alone
 * moved from 0.45 to 0.85 ms within a minute, so a baseline measured at another time than the submits it
 * divides (as JMH, which runs one benchmark after the other, would measure it) is off by that much.
 *
 * <p>Two conditions per payload. Online: the client delivers to a testkit desk in another process
 * meanwhile, as for a user with network (that delivery and the desk share the disk and the cores with
 * both sides). Offline: the desk is unreachable, so nothing else runs. Each condition gets a fresh
 * client, desk and directories; building the draft is not timed.
 */
final class SubmitHarness {
  static final String SMALL = "4KiB+diagnostics";
  static final String LARGE = "4KiB+diagnostics+1MiB";

  private SubmitHarness() {}

  /** Every payload under both conditions; {@code smoke} measures a few pairs without warm-up. */
  static Map<String, Object> run(boolean smoke) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String payload : new String[] {SMALL, LARGE}) {
      boolean large = payload.equals(LARGE);
      // The SDK's path needs some 4,000 submits before the compiler is done with it; the large payload
      // runs the same code, so fewer of its slower pairs are enough.
      int warmup = smoke ? 0 : large ? 400 : 5000;
      int pairs = smoke ? 20 : large ? 400 : 3000;
      Map<String, Object> conditions = new LinkedHashMap<>();
      for (boolean online : new boolean[] {true, false}) {
        RunAll.log("submit against its floor, " + payload + ", " + (online ? "online" : "offline") + ", "
            + pairs + " pairs after " + warmup);
        conditions.put(online ? "online" : "offline", measure(Fixtures.draft(large), online, warmup, pairs));
      }
      out.put(payload, conditions);
    }
    return out;
  }

  private static Map<String, Object> measure(TicketDraft draft, boolean online, int warmup, int pairs)
      throws Exception {
    Path root = Fixtures.scratch("submit");
    try (DeskProcess desk = online ? DeskProcess.start("2g") : null;
        SupportApiConnector connector = Fixtures.connector(online ? desk.baseUrl() : Fixtures.DEAD_DESK,
            DeskProcess.APP_KEY);
        Helpline helpline = Fixtures.client(connector, root.resolve("client")).build();
        Floor floor = new Floor(Floor.entryBytes(draft), Files.createDirectories(root.resolve("floor")))) {
      long[] sdk = new long[pairs];
      long[] base = new long[pairs];
      long[] log = new long[pairs];
      Write[] writes = {() -> helpline.submit(draft), floor::write, floor::append};
      long[] took = new long[writes.length];
      for (int i = -warmup; i < pairs; i++) {
        // Each round starts with the next of the three, so none always follows the same one.
        int first = Math.floorMod(i, writes.length);
        for (int k = 0; k < writes.length; k++) {
          int w = (first + k) % writes.length;
          took[w] = nanos(writes[w]);
        }
        if (i >= 0) {
          sdk[i] = took[0];
          base[i] = took[1];
          log[i] = took[2];
        }
      }
      Arrays.sort(sdk);
      Arrays.sort(base);
      Arrays.sort(log);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("pairs", pairs);
      m.put("warmupPairs", warmup);
      m.put("entryBytes", floor.length());
      m.put("sdkP50Micros", percentile(sdk, 0.50));
      m.put("sdkP99Micros", percentile(sdk, 0.99));
      m.put("floorP50Micros", percentile(base, 0.50));
      m.put("floorP99Micros", percentile(base, 0.99));
      m.put("logP50Micros", percentile(log, 0.50));
      m.put("logP99Micros", percentile(log, 0.99));
      return m;
    } finally {
      Fixtures.deleteTree(root);
    }
  }

  /** One durable write, timed by the harnesses. */
  interface Write {
    void run() throws IOException;
  }

  private static long nanos(Write write) throws IOException {
    long start = System.nanoTime();
    write.run();
    return System.nanoTime() - start;
  }

  private static double percentile(long[] sortedNanos, double p) {
    int i = (int) Math.min(sortedNanos.length - 1, Math.ceil(p * sortedNanos.length) - 1);
    return sortedNanos[Math.max(0, i)] / 1000.0;
  }
}
