package dev.helpline.sample.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged {@code helpline} command, run in its own JVM as a user runs it: with a home directory of
 * the test's (never the developer's {@code ~/.helpline}) and none of this process's {@code HELPLINE_*}
 * variables, only those a test passes. {@link #runClass} runs another main class of the jar the same way.
 */
public final class HelplineJar {
  private HelplineJar() {}

  /** What one run printed and how it ended. */
  public static final class Result {
    public final int code;
    public final String out;
    public final String err;
    public final List<String> args;

    Result(int code, String out, String err, List<String> args) {
      this.code = code;
      this.out = out;
      this.err = err;
      this.args = args;
    }

    @Override
    public String toString() {
      String o = out.length() > 4000 ? out.substring(0, 4000) + "…" : out;
      return "helpline " + args + " -> exit " + code + "\n--- stdout\n" + o + "--- stderr\n" + err;
    }
  }

  /**
   * Runs {@code java <jvmArgs> -jar helpline.jar <args>} with {@code env}, files of output kept in
   * {@code tmp}; fails the test when it does not end within {@code timeout}.
   */
  static Result run(Path tmp, List<String> jvmArgs, Map<String, String> env, Duration timeout, String... args)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(jvmArgs);
    command.addAll(Arrays.asList("-Duser.home=" + tmp.resolve("home"), "-jar", jar()));
    command.addAll(Arrays.asList(args));
    return execute(tmp, command, env, timeout, args);
  }

  /** Runs {@code java -cp helpline.jar <mainClass> <args>} as {@link #run} runs the command line. */
  public static Result runClass(Path tmp, String mainClass, Map<String, String> env, Duration timeout, String... args)
      throws Exception {
    List<String> command = new ArrayList<>(Arrays.asList(java(), "-Duser.home=" + tmp.resolve("home"), "-cp", jar(),
        mainClass));
    command.addAll(Arrays.asList(args));
    return execute(tmp, command, env, timeout, args);
  }

  private static Result execute(Path tmp, List<String> command, Map<String, String> env, Duration timeout, String... args)
      throws Exception {
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().keySet().removeIf(name -> name.startsWith("HELPLINE_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("helpline " + Arrays.toString(args) + " did not finish within " + timeout);
    }
    return new Result(p.exitValue(), read(out), read(err), Arrays.asList(args));
  }

  static String java() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

  static String jar() {
    String jar = System.getProperty("helpline.jar", "target/helpline.jar");
    assertTrue(Files.isRegularFile(Paths.get(jar)), "build the jar first (mvn package): " + jar);
    return jar;
  }

  private static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }
}
