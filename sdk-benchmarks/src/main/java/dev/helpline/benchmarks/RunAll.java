package dev.helpline.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark and harness, then writes {@code jmh.json}, {@code harness.json},
 * {@code results.json} and {@code results.md} to the output directory.
 *
 * <pre>
 * java -jar sdk-benchmarks/target/benchmarks.jar [--smoke] [--out DIR]
 *     [--core-jar sdk-core/target/sdk-core-….jar] [--runtime-classpath FILE]
 * </pre>
 *
 * {@code --smoke} runs each JMH benchmark for one 1 s iteration without warm-up, drains 50 tickets
 * and starts each fresh-JVM mode twice: it proves the benchmarks compile and run, and its figures
 * mean nothing. Any failure exits with status 1.
 */
public final class RunAll {
  /** Runs of the drain and the burst in a full run; the table shows the median ratio and the spread. */
  static final int ROUNDS = 3;
  private RunAll() {}

  public static void main(String[] args) {
    try {
      run(args);
    } catch (Throwable t) {
      // A command-line main: the whole trace goes to stderr so a failed CI smoke run shows its cause.
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      System.err.println("benchmarks failed: " + trace);
      System.exit(1);
    }
    System.exit(0);
  }

  private static void run(String[] args) throws Exception {
    boolean smoke = false;
    Path out = Path.of("sdk-benchmarks/results");
    Path coreJar = null;
    Path runtimeClasspath = null;
    String include = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--smoke": smoke = true; break;
        case "--out": out = Path.of(args[++i]); break;
        case "--core-jar": coreJar = Path.of(args[++i]); break;
        case "--runtime-classpath": runtimeClasspath = Path.of(args[++i]); break;
        case "--include": include = args[++i]; break;
        default: throw new IllegalArgumentException("unknown argument " + args[i]
            + "; expected --smoke, --out DIR, --core-jar JAR, --runtime-classpath FILE, --include REGEX");
      }
    }
    out = out.toAbsolutePath();
    Files.createDirectories(out);
    Path scratch = Path.of(System.getProperty("helpline.bench.scratch", "sdk-benchmarks/target/scratch")).toAbsolutePath();
    Files.createDirectories(scratch);
    System.setProperty("helpline.bench.scratch", scratch.toString());
    long started = System.nanoTime();

    Map<String, Object> results = new LinkedHashMap<>();
    results.put("mode", smoke ? "smoke" : "full");
    results.put("machine", Machine.describe());

    log("JMH benchmarks" + (smoke ? " (smoke)" : ""));
    Collection<RunResult> jmh = runJmh(smoke, out.resolve("jmh.json"), scratch, include);
    Map<String, Object> jmhSummary = JmhSummary.of(jmh);
    results.put("jmh", jmhSummary);

    Map<String, Object> harness = new LinkedHashMap<>();
    if (include == null) {
      harness.put("submit", SubmitHarness.run(smoke));
      harness.put("throughput", ThroughputHarness.run(smoke));
      int n = smoke ? 50 : 5000;
      log("drain of " + n + " queued tickets (-Xmx" + DrainHarness.HEAP + ")" + (smoke ? "" : ", " + ROUNDS + " runs"));
      int rounds = smoke ? 1 : ROUNDS;
      List<Map<String, Object>> drains = new ArrayList<>();
      for (int i = 0; i < rounds; i++) drains.add(DrainHarness.run(n, smoke ? 120 : 900));
      Map<String, Object> drain = new LinkedHashMap<>(drains.get(0));
      Rounds.keepMedian(drains, drain, "ratio", "sdk", "rawOkHttp");
      Rounds.keepMedian(drains, drain, "ratio4", "sdk4", "rawOkHttp4");
      Rounds.keepMedian(drains, drain, "connectorRatio", "connectorOnly");
      harness.put("drain", drain);
      int fleet = smoke ? 40 : 2000;
      log("fleet drain of " + fleet + " tickets from PostgreSQL with 1, 2 and 4 instances, against raw JDBC");
      harness.put("fleet", FleetHarness.run(fleet, smoke ? 120 : 900));
      int burst = smoke ? 50 : 2000;
      log("burst of " + burst + " durable submissions delivered end to end" + (smoke ? "" : ", " + ROUNDS + " runs"));
      List<Map<String, Object>> bursts = new ArrayList<>();
      for (int i = 0; i < rounds; i++) bursts.add(BurstHarness.run(burst, smoke ? 120 : 900));
      Map<String, Object> burstResult = new LinkedHashMap<>(bursts.get(0));
      Rounds.keepMedian(bursts, burstResult, "ratio", "sdk", "rawOkHttp");
      harness.put("burst", burstResult);
      int runs = smoke ? 2 : 10;
      log("fresh-JVM start-up, " + runs + " runs per mode");
      harness.put("startup", StartupHarness.run(runs));
    }
    harness.put("size", Sizes.measure(coreJar, runtimeClasspath));
    log("redaction corpus, recall and damage per family");
    harness.put("redactionCorpus", RedactionCorpusScore.measure());
    results.put("harness", harness);
    double seconds = (System.nanoTime() - started) / 1e9;
    results.put("runSeconds", seconds);

    Files.write(out.resolve("harness.json"), Json.write(harness, true).getBytes(StandardCharsets.UTF_8));
    Files.write(out.resolve("results.json"), Json.write(results, true).getBytes(StandardCharsets.UTF_8));
    String table = Report.markdown(results);
    Files.write(out.resolve("results.md"), table.getBytes(StandardCharsets.UTF_8));
    System.out.println();
    System.out.println(table);
    log(String.format(Locale.ROOT, "done in %.0f s; results in %s", seconds, out));
  }

  private static Collection<RunResult> runJmh(boolean smoke, Path resultFile, Path scratch, @Nullable String include)
      throws Exception {
    ChainedOptionsBuilder o = new OptionsBuilder()
        .include(include != null ? include : "dev\\.helpline\\.benchmarks\\..*Benchmark")
        .jvmArgsAppend("-Dhelpline.bench.scratch=" + scratch)
        .resultFormat(ResultFormatType.JSON)
        .result(resultFile.toString())
        .shouldFailOnError(true);
    if (smoke) {
      o.warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.seconds(1)).forks(1);
    }
    Collection<RunResult> results = new Runner(o.build()).run();
    if (results.isEmpty()) throw new IllegalStateException("JMH ran no benchmark");
    return results;
  }

  static void log(String message) {
    System.out.println("[" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "] " + message);
    System.out.flush();
  }

  /** The machine the figures come from. */
  static final class Machine {
    private Machine() {}

    static Map<String, Object> describe() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("processors", Runtime.getRuntime().availableProcessors());
      m.put("cpu", cpuModel());
      m.put("memoryBytes", totalMemory());
      m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
      m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
          + " (" + System.getProperty("java.vendor") + ")");
      m.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      return m;
    }

    private static String cpuModel() {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
          if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
        }
      } catch (IOException | RuntimeException e) {
        // not Linux: fall through
      }
      return System.getProperty("os.arch");
    }

    private static @Nullable Long totalMemory() {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.UTF_8)) {
          if (line.startsWith("MemTotal:")) {
            return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
          }
        }
      } catch (IOException | RuntimeException e) {
        // not Linux
      }
      return null;
    }
  }

  static List<String> splitPath(String classpath) {
    List<String> out = new ArrayList<>();
    for (String s : classpath.split(File.pathSeparator)) if (!s.trim().isEmpty()) out.add(s.trim());
    return out;
  }
}
