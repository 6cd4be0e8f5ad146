package dev.helpline.benchmarks;

import dev.helpline.Helpline;
import dev.helpline.connector.supportapi.SupportApiConnector;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Start-up in fresh JVMs: forks {@code java -cp … StartupHarness <mode>} N times per mode, in
 * rotation, and times each whole process from launch to exit. Modes: {@code jvm} (a main that
 * returns at once: the baseline), {@code okhttp} (a main that builds a plain {@code OkHttpClient}:
 * what any client on OkHttp pays, mostly the JDK's TLS trust store and class loading), {@code build} (builds a client and closes it; also reports the
 * {@code build()} time inside the process), {@code submit} (builds a client, submits one ticket with
 * a 4 KiB description and diagnostics to a live desk, closes it), {@code submitLogback} (the same with
 * Logback as the SLF4J binding).
 *
 * <p>Every child but {@code submitLogback} runs with SLF4J's no-operation provider, as a host without a
 * logging binding does: this class path carries Logback for the appender benchmark, and configuring it from
 * its XML at the first logger (about 130 ms here) is the cost of the host's logging, which a host that logs
 * pays at its own first log call, not the SDK's. {@code submitLogback} reports it beside the goal's row.
 */
final class StartupHarness {
  private static final String MODES_ORDER = "jvm,okhttp,build,submit,submitLogback";
  /** SLF4J's no-operation binding, chosen without a service look-up, and its start-up notice silenced. */
  private static final List<String> NO_LOGGING_BINDING = List.of(
      "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider", "-Dslf4j.internal.verbosity=WARN");
  private static final String BUILD_NS = "BUILD_NS ";

  private StartupHarness() {}

  static Map<String, Object> run(int runs) throws Exception {
    List<String> modes = Arrays.asList(MODES_ORDER.split(","));
    Map<String, List<Double>> wall = new LinkedHashMap<>();
    List<Double> buildMs = new ArrayList<>();
    for (String m : modes) wall.put(m, new ArrayList<>());
    Path root = Fixtures.scratch("startup-fresh");
    try (DeskProcess desk = DeskProcess.start("512m")) {
      for (int i = 0; i < runs; i++) {
        for (String mode : modes) {
          Path dir = root.resolve(mode + "-" + i);
          List<String> cmd = new ArrayList<>(Jvm.java());
          if (!mode.equals("submitLogback")) cmd.addAll(NO_LOGGING_BINDING);
          cmd.add("-cp");
          cmd.add(Jvm.classPath());
          cmd.add(StartupHarness.class.getName());
          cmd.add(mode);
          cmd.add(dir.toString());
          cmd.add(desk.baseUrl());
          long start = System.nanoTime();
          Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
          String buildLine = null;
          try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
              if (line.startsWith(BUILD_NS)) buildLine = line.substring(BUILD_NS.length());
            }
          }
          if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("start-up child (" + mode + ") did not finish");
          }
          double ms = (System.nanoTime() - start) / 1e6;
          if (p.exitValue() != 0) throw new IllegalStateException("start-up child (" + mode + ") exited " + p.exitValue());
          wall.get(mode).add(ms);
          if (mode.equals("build")) {
            if (buildLine == null) throw new IllegalStateException("build child printed no time");
            buildMs.add(Long.parseLong(buildLine.trim()) / 1e6);
          }
        }
      }
    } finally {
      Fixtures.deleteTree(root);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("runsPerMode", runs);
    for (Map.Entry<String, List<Double>> e : wall.entrySet()) {
      out.put(e.getKey() + "ProcessMsMedian", Rounds.median(e.getValue()));
      out.put(e.getKey() + "ProcessMs", e.getValue());
    }
    out.put("buildInFreshJvmMsMedian", Rounds.median(buildMs));
    out.put("buildInFreshJvmMs", buildMs);
    double jvm = Rounds.median(wall.get("jvm"));
    out.put("okhttpProcessRatio", Rounds.median(wall.get("okhttp")) / jvm);
    out.put("buildProcessRatio", Rounds.median(wall.get("build")) / jvm);
    out.put("submitProcessRatio", Rounds.median(wall.get("submit")) / jvm);
    out.put("submitLogbackProcessRatio", Rounds.median(wall.get("submitLogback")) / jvm);
    return out;
  }

  /** Child JVM: {@code jvm|okhttp|build|submit|submitLogback <dataDir> <deskUrl>}. */
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    if (mode.equals("jvm")) return;
    if (mode.equals("okhttp")) {
      new okhttp3.OkHttpClient.Builder().build();
      return;
    }
    Path dir = Path.of(args[1]);
    String url = args[2];
    long start = System.nanoTime();
    SupportApiConnector connector = Fixtures.connector(url, DeskProcess.APP_KEY);
    Helpline h = Fixtures.client(connector, dir).build();
    long built = System.nanoTime() - start;
    try {
      if (mode.equals("submit") || mode.equals("submitLogback")) {
        h.submit(Fixtures.draft(false));
      } else if (!mode.equals("build")) {
        throw new IllegalArgumentException("unknown mode " + mode + "; expected one of " + MODES_ORDER);
      }
    } finally {
      h.close();
      connector.close();
    }
    System.out.println(BUILD_NS + built);
  }
}
