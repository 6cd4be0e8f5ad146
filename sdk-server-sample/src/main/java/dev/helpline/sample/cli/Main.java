package dev.helpline.sample.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The entry point of {@code helpline.jar}. Logging (SLF4J simple) goes to stderr at WARN unless
 * {@code HELPLINE_LOG_LEVEL} (or {@code -Dorg.slf4j.simpleLogger.defaultLogLevel}) says otherwise, so stdout carries
 * only results.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    configureLogging();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    int code;
    try {
      code = new Cli(out, err, System.getenv(), DeskResolver.defaults(), Progress.forConsole(err)).run(args);
    } catch (RuntimeException | Error e) {
      err.println("helpline: internal error: " + e);
      if (System.getenv("HELPLINE_DEBUG") != null) e.printStackTrace(err);
      code = ExitCodes.ERROR;
    }
    out.flush();
    err.flush();
    System.exit(code);
  }

  private static void configureLogging() {
    String level = System.getenv("HELPLINE_LOG_LEVEL");
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", level != null && !level.isEmpty() ? level : "warn");
    setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
    setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) System.setProperty(key, value);
  }
}
