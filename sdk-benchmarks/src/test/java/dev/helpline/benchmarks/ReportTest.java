package dev.helpline.benchmarks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReportTest {
  @Test
  void tableStatesRatiosAndSaysWhichGoalsWereMissed() {
    Map<String, Object> jmh = new LinkedHashMap<>();
    jmh.put("RedactionBenchmark.redact", Map.of("score", 10.0));
    jmh.put("RedactionBenchmark.baselineTrivialRegex", Map.of("score", 2.0));
    Map<String, Object> drain = new LinkedHashMap<>();
    drain.put("tickets", 5000);
    drain.put("heapLimit", "-Xmx64m");
    drain.put("sdk", Map.of("ticketsPerSecond", 900.0, "peakHeapBytes", 30e6, "maxHeapAfterGcBytes", 5e6,
        "maxHeapBytes", 64.0 * 1024 * 1024, "cpuMillisPerTicket", 0.3, "jitMillisMeasured", 12));
    drain.put("rawOkHttp", Map.of("ticketsPerSecond", 1000.0, "peakHeapBytes", 20e6, "maxHeapAfterGcBytes", 4e6,
        "cpuMillisPerTicket", 0.1, "jitMillisMeasured", 3));
    drain.put("ratio", 0.9);
    drain.put("sdk4", Map.of("ticketsPerSecond", 2200.0));
    drain.put("rawOkHttp4", Map.of("ticketsPerSecond", 2000.0));
    drain.put("ratio4", 1.1);
    Map<String, Object> corpus = Map.of(
        "families", Map.of("email", Map.of("cases", 10, "spans", 10, "removed", 9, "benign", 0, "intact", 0),
            "benign-version", Map.of("cases", 20, "spans", 0, "removed", 0, "benign", 20, "intact", 19)),
        "total", Map.of("cases", 30, "spans", 10, "removed", 9, "benign", 20, "intact", 19));
    Map<String, Object> submit = Map.of("4KiB+diagnostics", Map.of(
        "online", Map.of("sdkP50Micros", 3000.0, "floorP50Micros", 1000.0, "sdkP99Micros", 9000.0, "floorP99Micros", 8000.0),
        "offline", Map.of("sdkP50Micros", 1200.0, "floorP50Micros", 1000.0, "sdkP99Micros", 2000.0,
            "floorP99Micros", 1000.0, "logP50Micros", 400.0, "logP99Micros", 700.0)));
    Map<String, Object> throughput = Map.of("rounds", 5, "sdkOneThread", 500.0, "sdkEightThreads", 2500.0,
        "floorOneThread", 2000.0, "floorEightThreads", 4400.0);
    Map<String, Object> size = Map.of("coreJar", "core.jar", "coreJarBytes", 2048, "runtimeDependencyCount", 2,
        "runtimeDependencyBytes", 4096, "runtimeDependencies", List.of());
    Map<String, Object> results = fullRun(jmh, Map.of("submit", submit, "throughput", throughput, "drain", drain,
        "size", size, "redactionCorpus", corpus));

    String md = Report.markdown(results);

    assertTrue(md.contains("`submit()` caller thread, p50, 4 KiB description + diagnostics, delivering to a live desk"
        + " meanwhile | 3.0 ms | 1.0 ms (write + fsync + rename + dir fsync, alternating with it) | 3.00× | missed: 3.00×"
        + " vs goal ≤ 1.5× |"), md);
    assertTrue(md.contains("p99, 4 KiB description + diagnostics, delivering to a live desk meanwhile | 9.0 ms | 8.0 ms"
        + " (write + fsync + rename + dir fsync, alternating with it) | 1.13× | ≤ 1.5×: met |"), md);
    assertTrue(md.contains("p50, 4 KiB description + diagnostics, offline: no delivery running | 1.2 ms | 1.0 ms"
        + " (write + fsync + rename + dir fsync, alternating with it) | 1.20× | ≤ 1.5×: met |"), md);
    assertTrue(md.contains("p99, 4 KiB description + diagnostics, offline: no delivery running | 2.0 ms"), md);
    assertTrue(md.contains("p50, 4 KiB description + diagnostics, offline: no delivery running, against the least any"
        + " durable store can do | 1.2 ms | 0.400 ms (append + fdatasync to an open log, alternating with it) | 3.00× |  |"),
        md);
    assertFalse(md.contains("delivering to a live desk meanwhile, against the least"), md); // no log floor in that run
    assertTrue(md.contains("missed: 2.00× vs goal ≤ 1.5×"), md);
    assertFalse(md.contains("1 MiB attachment"), md); // not in this run
    assertTrue(md.contains("missed: 0.90× vs goal ≥ 1.0×"), md);
    assertTrue(md.contains("| 2200 tickets/s | 2000 tickets/s (raw OkHttp, 4 threads, one client) | 1.10× | ≥ 1.0×: met"), md);
    assertTrue(md.contains("Drain, 1 at a time, client CPU per ticket (all threads; JIT compiler's time during the measured"
        + " tickets) | 0.300 ms (JIT 12 ms) | 0.100 ms (raw OkHttp; JIT 3 ms) | 3.00× |"), md);
    assertFalse(md.contains("Drain, 4 in flight, client CPU"), md); // no CPU figures for that run
    assertTrue(md.contains("| 2500/s | 500/s (one thread) (median of 5 windows each, taking turns) | 5.00× | ≥ 4.0×: met"),
        md);
    assertTrue(md.contains("on this disk) | 4400/s | 2000/s (one thread) (median of 5 windows each, taking turns) | 2.20× |  |"),
        md);
    assertTrue(md.contains("| 105 MB/s | 524 MB/s"), md);
    assertTrue(md.contains("≥ 50 MB/s: met"), md);
    assertTrue(md.contains("completes with -Xmx64m: met"), md);
    assertTrue(md.contains("core.jar | 2 KiB"), md);
    assertTrue(md.contains("Machine: 2 processors, Test CPU"), md);
    assertTrue(md.contains("| email | 10 | 9 of 10 | 90.0 % |  |  |"), md);
    assertTrue(md.contains("| benign-version | 20 |  |  | 1 of 20 | 5.0 % |"), md);
    assertTrue(md.contains("| 9 of 10 | 90.0 % | 1 of 20 | 5.0 % (recall missed; benign intact missed) |"), md);
  }

  @Test
  void heapGrowthIsPerQueuedEntryWarmUpIncluded() {
    Map<String, Object> drain = new LinkedHashMap<>();
    drain.put("tickets", 5000);
    drain.put("warmupTickets", 20000);
    drain.put("heapLimit", "-Xmx64m");
    drain.put("sdk", Map.of("ticketsPerSecond", 900.0, "peakHeapBytes", 60e6, "maxHeapAfterGcBytes", 30.0 * 1024 * 1024,
        "maxHeapBytes", 64.0 * 1024 * 1024));
    drain.put("rawOkHttp", Map.of("ticketsPerSecond", 1000.0, "peakHeapBytes", 40e6,
        "maxHeapAfterGcBytes", 5.0 * 1024 * 1024));
    drain.put("ratio", 0.9);

    String md = Report.markdown(fullRun(Map.of(), Map.of("drain", drain)));

    // 25 MiB more than raw OkHttp over the 25,000 entries queued: about 1 KiB each, room for about 59,000.
    assertTrue(md.contains("completes with -Xmx64m: met at 25000; but the live set grows ≈ 1.0 KiB per queued entry"), md);
    assertTrue(md.contains("a queue of ≈ 59000 such entries would not fit"), md);
  }

  /** The results of a full run on a test machine, with these JMH and harness figures. */
  private static Map<String, Object> fullRun(Map<String, Object> jmh, Map<String, Object> harness) {
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("mode", "full");
    results.put("machine", Map.of("processors", 2, "cpu", "Test CPU", "java", "17", "os", "Linux", "date", "2026"));
    results.put("jmh", jmh);
    results.put("harness", harness);
    results.put("runSeconds", 100.0);
    return results;
  }
}
