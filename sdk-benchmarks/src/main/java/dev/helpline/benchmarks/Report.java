package dev.helpline.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The Markdown table: each figure next to its same-run baseline, the ratio and the goal, if any. */
final class Report {
  private Report() {}

  static String markdown(Map<String, Object> results) {
    StringBuilder sb = new StringBuilder();
    Map<String, Object> machine = map(results.get("machine"));
    Map<String, Object> jmh = map(results.get("jmh"));
    Map<String, Object> harness = map(results.get("harness"));
    if ("smoke".equals(results.get("mode"))) {
      sb.append("> Smoke run (one short iteration each): these figures only show that the benchmarks run.\n\n");
    }
    sb.append("| Measure | Helpline | Baseline (same run) | Ratio | Goal |\n");
    sb.append("|---|---|---|---|---|\n");

    Map<String, Object> submit = map(harness.get("submit"));
    for (String payload : new String[] {SubmitHarness.SMALL, SubmitHarness.LARGE}) {
      String label = payload.equals(SubmitHarness.SMALL) ? "4 KiB description + diagnostics"
          : "4 KiB + diagnostics + 1 MiB attachment";
      for (String condition : new String[] {"online", "offline"}) {
        Map<String, Object> m = map(map(submit.get(payload)).get(condition));
        if (m.isEmpty()) continue;
        String when = condition.equals("online") ? "delivering to a live desk meanwhile" : "offline: no delivery running";
        for (String pct : new String[] {"P50", "P99"}) {
          double sdk = num(m.get("sdk" + pct + "Micros"));
          double floor = num(m.get("floor" + pct + "Micros"));
          double ratio = sdk / floor;
          sb.append(row("`submit()` caller thread, " + pct.toLowerCase(Locale.ROOT) + ", " + label + ", " + when,
              ms(sdk / 1000), ms(floor / 1000) + " (write + fsync + rename + dir fsync, alternating with it)", x(ratio),
              goalAtMost(ratio, 1.5)));
        }
        double log = num(m.get("logP50Micros"));
        if (log > 0) {
          double sdk = num(m.get("sdkP50Micros"));
          sb.append(row("`submit()` caller thread, p50, " + label + ", " + when + ", against the least any durable"
              + " store can do", ms(sdk / 1000), ms(log / 1000) + " (append + fdatasync to an open log, alternating"
              + " with it)", x(sdk / log), ""));
        }
      }
    }

    Map<String, Object> throughput = map(harness.get("throughput"));
    if (!throughput.isEmpty()) {
      double one = num(throughput.get("sdkOneThread"));
      double eight = num(throughput.get("sdkEightThreads"));
      String windows = " (median of " + fmt0(num(throughput.get("rounds"))) + " windows each, taking turns)";
      sb.append(row("`submit()` accepted per second, 8 threads, 4 KiB description + diagnostics, delivering meanwhile",
          fmt0(eight) + "/s", fmt0(one) + "/s (one thread)" + windows, x(eight / one), goalAtLeast(eight / one, 4.0)));
      double floorOne = num(throughput.get("floorOneThread"));
      double floorEight = num(throughput.get("floorEightThreads"));
      sb.append(row("Floor file writes per second, 8 threads, same bytes (how far eight writers of their own files scale"
          + " on this disk)", fmt0(floorEight) + "/s", fmt0(floorOne) + "/s (one thread)" + windows,
          x(floorEight / floorOne), ""));
    }

    Map<String, Object> drain = map(harness.get("drain"));
    if (!drain.isEmpty()) {
      Map<String, Object> sdk = map(drain.get("sdk"));
      Map<String, Object> raw = map(drain.get("rawOkHttp"));
      double ratio = num(drain.get("ratio"));
      String warm = " after " + fmt0(num(drain.get("warmupTickets"))) + " warm-up tickets";
      sb.append(row("Drain " + fmt0(num(drain.get("tickets"))) + " queued tickets to the testkit desk (loopback), "
              + drain.get("heapLimit") + "," + warm,
          fmt0(num(sdk.get("ticketsPerSecond"))) + " tickets/s",
          fmt0(num(raw.get("ticketsPerSecond"))) + " tickets/s (raw OkHttp, same payload and headers, 1 at a time)",
          x(ratio) + spread(drain, "ratio"), goalAtLeast(ratio, 1.0)));
      sb.append(coldRow("Drain, 1 at a time", sdk, raw, "raw OkHttp"));
      Map<String, Object> sdk4 = map(drain.get("sdk4"));
      Map<String, Object> raw4 = map(drain.get("rawOkHttp4"));
      if (!sdk4.isEmpty() && !raw4.isEmpty()) {
        double ratio4 = num(drain.get("ratio4"));
        sb.append(row("Drain " + fmt0(num(drain.get("tickets"))) + " queued tickets, 4 in flight, " + drain.get("heapLimit")
                + "," + warm,
            fmt0(num(sdk4.get("ticketsPerSecond"))) + " tickets/s",
            fmt0(num(raw4.get("ticketsPerSecond"))) + " tickets/s (raw OkHttp, 4 threads, one client)",
            x(ratio4) + spread(drain, "ratio4"), goalAtLeast(ratio4, 1.0)));
      }
      Map<String, Object> conn = map(drain.get("connectorOnly"));
      if (!conn.isEmpty()) {
        double c = num(conn.get("ticketsPerSecond"));
        double connectorRatio = num(drain.get("connectorRatio"));
        sb.append(row("Drain, the SDK's connector alone (no outbox; explains the gap)", fmt0(c) + " tickets/s",
            fmt0(c / connectorRatio) + " tickets/s (raw OkHttp, same run)", x(connectorRatio)
                + spread(drain, "connectorRatio"), ""));
      }
      sb.append(cpuRow("Drain, 1 at a time", sdk, raw));
      if (!sdk4.isEmpty() && !raw4.isEmpty()) sb.append(cpuRow("Drain, 4 in flight", sdk4, raw4));
      sb.append(row("Drain peak heap (sum of pool peaks; largest live set after GC)",
          mib(num(sdk.get("peakHeapBytes"))) + "; " + mib(num(sdk.get("maxHeapAfterGcBytes"))),
          mib(num(raw.get("peakHeapBytes"))) + "; " + mib(num(raw.get("maxHeapAfterGcBytes"))) + " (raw OkHttp)",
          "", heapVerdict(drain, sdk, raw)));
    }

    Map<String, Object> fleet = map(harness.get("fleet"));
    for (String k : new String[] {"1", "2", "4"}) {
      Map<String, Object> f = map(fleet.get("instances" + k));
      if (f.isEmpty()) continue;
      sb.append(row("Fleet drain from PostgreSQL, " + k + " instance(s), " + fmt0(num(fleet.get("tickets"))) + " tickets",
          fmt0(num(f.get("sdkTicketsPerSecond"))) + " tickets/s",
          fmt0(num(f.get("rawJdbcTicketsPerSecond"))) + " tickets/s (raw JDBC claim, post, delete; " + k + " thread(s))",
          x(num(f.get("ratio"))), ""));
    }
    Map<String, Object> helplineAppender = map(jmh.get("AppenderBenchmark.logError[helpline]"));
    Map<String, Object> plainAppender = map(jmh.get("AppenderBenchmark.logError[plain]"));
    if (!helplineAppender.isEmpty() && !plainAppender.isEmpty()) {
      double a = num(helplineAppender.get("score"));
      double b = num(plainAppender.get("score"));
      sb.append(row("Logback: one logged error with a throwable, Helpline appender (mean)", ms(a / 1000),
          ms(b / 1000) + " (plain appender: pattern with stack trace, discarded)", x(a / b), ""));
    }
    Map<String, Object> burst = map(harness.get("burst"));
    if (!burst.isEmpty()) {
      double ratio = num(burst.get("ratio"));
      Map<String, Object> sdk = map(burst.get("sdk"));
      Map<String, Object> raw = map(burst.get("rawOkHttp"));
      sb.append(row("Burst: " + fmt0(num(burst.get("tickets"))) + " durable submissions from one process, delivered"
              + " end to end, after " + fmt0(num(burst.get("warmupTickets"))) + " warm-up tickets",
          fmt0(num(sdk.get("ticketsPerSecond"))) + " tickets/s",
          fmt0(num(raw.get("ticketsPerSecond"))) + " tickets/s (non-durable sequential OkHttp client, same tickets)",
          x(ratio) + spread(burst, "ratio"), goalAtLeast(ratio, 0.8)));
      sb.append(coldRow("Burst", sdk, raw, "non-durable sequential OkHttp client"));
      sb.append(cpuRow("Burst", sdk, raw));
    }

    Map<String, Object> build = map(jmh.get("StartupBenchmark.build"));
    Map<String, Object> buildBase = map(jmh.get("StartupBenchmark.baselineOkHttpAndThread"));
    if (!build.isEmpty() && !buildBase.isEmpty()) {
      double a = num(build.get("score"));
      double b = num(buildBase.get("score"));
      sb.append(row("`Helpline.builder()…build()`, warm JVM (mean)", ms(a / 1000),
          ms(b / 1000) + " (new OkHttpClient + one started thread)", x(a / b), ""));
    }
    Map<String, Object> startup = map(harness.get("startup"));
    if (!startup.isEmpty()) {
      double jvm = num(startup.get("jvmProcessMsMedian"));
      sb.append(row("`build()` in a fresh JVM (median of " + fmt0(num(startup.get("runsPerMode"))) + ")",
          ms(num(startup.get("buildInFreshJvmMsMedian"))), "", "", ""));
      sb.append(row("Whole process: `main` that builds a plain `OkHttpClient` (median; reference)",
          ms(num(startup.get("okhttpProcessMsMedian"))), ms(jvm) + " (`main` that only starts the JVM)",
          x(num(startup.get("okhttpProcessRatio"))), ""));
      sb.append(row("Whole process: `main` that builds a client (median)", ms(num(startup.get("buildProcessMsMedian"))),
          ms(jvm) + " (`main` that only starts the JVM)", x(num(startup.get("buildProcessRatio"))), ""));
      sb.append(row("Whole process: `main` that builds a client and submits one ticket (median)",
          ms(num(startup.get("submitProcessMsMedian"))), ms(jvm) + " (`main` that only starts the JVM)",
          x(num(startup.get("submitProcessRatio"))), ""));
      double okhttp = num(startup.get("okhttpProcessMsMedian"));
      double submitVsOkHttp = num(startup.get("submitProcessMsMedian")) / okhttp;
      sb.append(row("Whole process: builds a client and submits one ticket, against one that builds an `OkHttpClient`",
          ms(num(startup.get("submitProcessMsMedian"))), ms(okhttp) + " (`main` that builds a plain `OkHttpClient`)",
          x(submitVsOkHttp), goalAtMost(submitVsOkHttp, 1.5)));
      double logback = num(startup.get("submitLogbackProcessMsMedian"));
      sb.append(row("The same with Logback as the SLF4J binding, configured from its XML at the SDK's first logger"
          + " (the rows above run with SLF4J's no-operation binding)",
          ms(logback), ms(okhttp) + " (`main` that builds a plain `OkHttpClient`)", x(logback / okhttp), ""));
    }

    Map<String, Object> diag = map(jmh.get("DiagnosticsBenchmark.snapshot"));
    Map<String, Object> diagBase = map(jmh.get("DiagnosticsBenchmark.baselineRawValues"));
    if (!diag.isEmpty() && !diagBase.isEmpty()) {
      double a = num(diag.get("p50"));
      double b = num(diagBase.get("p50"));
      sb.append(row("Diagnostics snapshot, standard providers, redacted, no screenshot (p50)", ms(a / 1000),
          ms(b / 1000) + " (same values read inline)", x(a / b), ""));
    }

    Map<String, Object> red = map(jmh.get("RedactionBenchmark.redact"));
    Map<String, Object> redBase = map(jmh.get("RedactionBenchmark.baselineTrivialRegex"));
    if (!red.isEmpty() && !redBase.isEmpty()) {
      double mb = RedactionBenchmark.LOG_BYTES / 1e6;
      double a = mb / (num(red.get("score")) / 1000);
      double b = mb / (num(redBase.get("score")) / 1000);
      sb.append(row("Redaction throughput, 1 MiB mixed log, default rules", fmt0(a) + " MB/s",
          fmt0(b) + " MB/s (one pass of `\\d{4}`)", x(a / b), goalAtLeastAbs(a, 50, "MB/s")));
    }

    Map<String, Object> crc = map(jmh.get("ChecksumBenchmark.verify"));
    Map<String, Object> crcBase = map(jmh.get("ChecksumBenchmark.baselineRead"));
    if (!crc.isEmpty() && !crcBase.isEmpty()) {
      double a = num(crc.get("score"));
      double b = num(crcBase.get("score"));
      sb.append(row("Whole-entry CRC-32 check before a send, 1 MiB entry", ms(a / 1000),
          ms(b / 1000) + " (same read, no checksum)", x(a / b), ""));
    }

    Map<String, Object> size = map(harness.get("size"));
    if (size.containsKey("coreJarBytes")) {
      sb.append(row("Size: " + size.get("coreJar"), kib(num(size.get("coreJarBytes"))), "", "", ""));
    }
    if (size.containsKey("runtimeDependencyBytes")) {
      sb.append(row("Size: runtime dependencies of sdk-core (" + fmt0(num(size.get("runtimeDependencyCount"))) + " jars)",
          kib(num(size.get("runtimeDependencyBytes"))), "", "", ""));
    }

    sb.append('\n').append(String.format(Locale.ROOT, "Machine: %s processors, %s, %s, %s; %s. Run took %.0f s.%n",
        machine.get("processors"), machine.get("cpu"), machine.get("java"), machine.get("os"), machine.get("date"),
        num(results.get("runSeconds"))));
    sb.append("Each baseline ran in the same run on the same disk and CPUs: compare ratios across machines, not"
        + " absolute figures. `submit()` percentiles are the calling thread's times, each submit taking turns with"
        + " the floor writes on that thread, after unmeasured pairs as warm-up (counts in harness.json); drains run in"
        + " a child JVM with -Xmx64m, each against a fresh desk in its own process. Whole-process start-ups run with"
        + " SLF4J's no-operation binding, as a host without one does, but for the Logback row." + (spread(drain, "ratio").isEmpty() ? "" : " The drain and the burst ran "
        + RunAll.ROUNDS + " times (both sides each time); their rows show the run with the median ratio and the"
        + " spread of all runs.") + "\n");
    corpusTable(sb, map(harness.get("redactionCorpus")));
    return sb.toString();
  }

  /**
   * Recall (must-go spans removed whole) and damage (benign cases changed) of the default redactor
   * on sdk-core's labelled corpus, per family; goals: recall ≥ 97 %, ≥ 98 % of benign cases intact.
   */
  private static void corpusTable(StringBuilder sb, Map<String, Object> corpus) {
    Map<String, Object> families = map(corpus.get("families"));
    if (families.isEmpty()) return;
    sb.append("\nRedaction on the labelled corpus (sdk-core/src/test/resources/redaction-corpus), default rules:\n\n");
    sb.append("| Family | Cases | Must-go spans removed | Recall | Benign cases changed | Damage |\n");
    sb.append("|---|---|---|---|---|---|\n");
    for (Map.Entry<String, Object> e : families.entrySet()) {
      corpusRow(sb, e.getKey(), map(e.getValue()), "");
    }
    Map<String, Object> total = map(corpus.get("total"));
    double spans = num(total.get("spans"));
    double benign = num(total.get("benign"));
    double recall = num(total.get("removed")) / spans;
    double intact = num(total.get("intact")) / benign;
    corpusRow(sb, "**all**", total, (recall >= 0.97 ? "recall ≥ 97 %: met" : "recall missed")
        + "; " + (intact >= 0.98 ? "≥ 98 % benign intact: met" : "benign intact missed"));
  }

  private static void corpusRow(StringBuilder sb, String family, Map<String, Object> f, String goal) {
    double spans = num(f.get("spans"));
    double benign = num(f.get("benign"));
    String removed = spans > 0 ? fmt0(num(f.get("removed"))) + " of " + fmt0(spans) : "";
    String recall = spans > 0 ? pct(num(f.get("removed")) / spans) : "";
    double changed = benign - num(f.get("intact"));
    String damaged = benign > 0 ? fmt0(changed) + " of " + fmt0(benign) : "";
    String damage = benign > 0 ? pct(changed / benign) : "";
    sb.append("| ").append(family).append(" | ").append(fmt0(num(f.get("cases")))).append(" | ").append(removed)
        .append(" | ").append(recall).append(" | ").append(damaged).append(" | ").append(damage)
        .append(goal.isEmpty() ? "" : " (" + goal + ")").append(" |\n");
  }

  private static String pct(double share) {
    return String.format(Locale.ROOT, "%.1f %%", share * 100);
  }

  /**
   * The drain completed (or the run would have failed); what matters beyond that is whether the
   * live set depends on the queue length, estimated from the SDK's and the raw client's live sets.
   */
  private static String heapVerdict(Map<String, Object> drain, Map<String, Object> sdk, Map<String, Object> raw) {
    // Every entry, the warm-up ones included, was queued when the drain started.
    double n = num(drain.get("tickets")) + (drain.containsKey("warmupTickets") ? num(drain.get("warmupTickets")) : 0);
    double perEntry = (num(sdk.get("maxHeapAfterGcBytes")) - num(raw.get("maxHeapAfterGcBytes"))) / n;
    String done = "completes with " + drain.get("heapLimit") + ": met";
    if (perEntry * n < 8 * 1024 * 1024) return done;
    double limit = num(sdk.get("maxHeapBytes"));
    return String.format(Locale.ROOT, "%s at %.0f; but the live set grows ≈ %.1f KiB per queued entry (a whole pass's"
        + " entries are held), so a queue of ≈ %.0f such entries would not fit", done, n, perEntry / 1024,
        (limit - num(raw.get("maxHeapAfterGcBytes"))) / perEntry);
  }

  private static String row(String measure, String value, String baseline, String ratio, String goal) {
    return "| " + measure + " | " + value + " | " + baseline + " | " + ratio + " | " + goal + " |\n";
  }

  private static String goalAtMost(double ratio, double goal) {
    return ratio <= goal ? "≤ " + goal + "×: met" : String.format(Locale.ROOT, "missed: %.2f× vs goal ≤ %.1f×", ratio, goal);
  }

  private static String goalAtLeast(double ratio, double goal) {
    return ratio >= goal ? "≥ " + goal + "×: met" : String.format(Locale.ROOT, "missed: %.2f× vs goal ≥ %.1f×", ratio, goal);
  }

  private static String goalAtLeastAbs(double value, double goal, String unit) {
    return value >= goal ? String.format(Locale.ROOT, "≥ %.0f %s: met", goal, unit)
        : String.format(Locale.ROOT, "missed: %.0f %s vs goal ≥ %.0f %s", value, unit, goal, unit);
  }

  /** The row of a harness's cold rates: every ticket from the child JVM's start, JIT compilation included. */
  private static String coldRow(String measure, Map<String, Object> sdk, Map<String, Object> raw, String baseline) {
    double cold = num(sdk.get("coldTicketsPerSecond"));
    double rawCold = num(raw.get("coldTicketsPerSecond"));
    return row(measure + ", cold: every ticket from the child JVM's start (JIT compilation included)",
        fmt0(cold) + " tickets/s", fmt0(rawCold) + " tickets/s (" + baseline + ")", x(cold / rawCold), "");
  }

  private static String cpuRow(String measure, Map<String, Object> sdk, Map<String, Object> raw) {
    if (!sdk.containsKey("cpuMillisPerTicket") || !raw.containsKey("cpuMillisPerTicket")) return "";
    double a = num(sdk.get("cpuMillisPerTicket"));
    double b = num(raw.get("cpuMillisPerTicket"));
    return row(measure + ", client CPU per ticket (all threads; JIT compiler's time during the measured tickets)",
        ms(a) + " (JIT " + fmt0(num(sdk.get("jitMillisMeasured"))) + " ms)",
        ms(b) + " (raw OkHttp; JIT " + fmt0(num(raw.get("jitMillisMeasured"))) + " ms)", x(a / b), "");
  }

  /** " (0.55–0.63 in 3 runs)" when the harness ran more than once, the ratio shown being their median. */
  private static String spread(Map<String, Object> result, String ratioKey) {
    Object rounds = result.get(ratioKey + "Rounds");
    if (!(rounds instanceof List) || ((List<?>) rounds).size() < 2) return "";
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (Object r : (List<?>) rounds) {
      min = Math.min(min, num(r));
      max = Math.max(max, num(r));
    }
    return String.format(Locale.ROOT, " (median; %.2f–%.2f in %d runs)", min, max, ((List<?>) rounds).size());
  }

  private static String x(double ratio) {
    return String.format(Locale.ROOT, "%.2f×", ratio);
  }

  private static String ms(double ms) {
    return ms < 1 ? String.format(Locale.ROOT, "%.3f ms", ms) : String.format(Locale.ROOT, "%.1f ms", ms);
  }

  private static String mib(double bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024 * 1024));
  }

  private static String kib(double bytes) {
    return String.format(Locale.ROOT, "%.0f KiB", bytes / 1024);
  }

  private static String fmt0(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }

  private static double num(@Nullable Object o) {
    return o instanceof Number ? ((Number) o).doubleValue() : Double.NaN;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(@Nullable Object o) {
    return o instanceof Map ? (Map<String, Object>) o : Map.of();
  }
}
