package dev.helpline.sample.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;

/**
 * The entry point of {@code helpline.jar}. Logging goes to stderr through {@link CliLogging}, one line per event at
 * WARN unless {@code HELPLINE_LOG_LEVEL} says otherwise, so stdout carries only results and nothing prints a stack
 * trace; {@code HELPLINE_DEBUG} set to anything adds the stack traces, for bug reports.
 */
public final class Main {
  static final String ENV_DEBUG = "HELPLINE_DEBUG";

  private Main() {}

  public static void main(String[] args) {
    configureLogging();
    // A thread of a library that dies is logged like any problem (one line; its trace with HELPLINE_DEBUG),
    // and the command goes on.
    Thread.setDefaultUncaughtExceptionHandler((thread, e) ->
        LoggerFactory.getLogger(Main.class).warn("thread {} ended", thread.getName(), e));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    int code;
    try {
      code = new Cli(out, err, System.getenv(), DeskResolver.defaults(), Progress.forConsole(err)).run(args);
    } catch (RuntimeException | Error e) {
      boolean debug = System.getenv(ENV_DEBUG) != null;
      err.println("helpline: internal error: " + TerminalText.line(Problems.describe(e))
          + (debug ? "" : " (set " + ENV_DEBUG + "=1 to print where it happened)"));
      if (debug) e.printStackTrace(err);
      code = ExitCodes.ERROR;
    }
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Before any logger exists: SLF4J picks its provider once, at the first logger. */
  private static void configureLogging() {
    setIfAbsent("slf4j.provider", CliLogging.class.getName());
    // SLF4J's own notes ("using provider …") are not for the command's users; its warnings still show.
    setIfAbsent("slf4j.internal.verbosity", "WARN");
    String level = System.getenv("HELPLINE_LOG_LEVEL");
    if (level != null && !level.isEmpty()) setIfAbsent(CliLogging.LEVEL_PROPERTY, level);
    if (System.getenv(ENV_DEBUG) != null) setIfAbsent(CliLogging.STACK_TRACES_PROPERTY, "true");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) System.setProperty(key, value);
  }
}
