package dev.helpline.sample.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The command's log lines: one per event, a throwable in words, never a stack trace. */
class CliLoggingTest {
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void captureStderr() {
    originalErr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStderr() {
    System.setErr(originalErr);
    System.clearProperty(CliLogging.LEVEL_PROPERTY);
    System.clearProperty(CliLogging.STACK_TRACES_PROPERTY);
  }

  private static Logger logger(String level) {
    if (level != null) System.setProperty(CliLogging.LEVEL_PROPERTY, level);
    CliLogging provider = new CliLogging();
    provider.initialize();
    return provider.getLoggerFactory().getLogger("dev.helpline.internal.delivery.Attempt");
  }

  private String err() {
    return new String(captured.toByteArray(), StandardCharsets.UTF_8);
  }

  @Test
  void aWarningWithAThrowableIsOneLineInWords() {
    logger(null).warn("could not record the attempt of submission {}; it is not sent now", "s-1",
        new ClosedByInterruptException());

    assertEquals("helpline: warning: could not record the attempt of submission s-1; it is not sent now"
        + " (interrupted)\n", err());
  }

  @Test
  void classNamesAndControlsInTheMessageAreNotPrinted() {
    logger(null).error("could not clean up the {}: {}", "outbox directory /d",
        "java.io.IOException: Helpline data directory /d\u001B[2J is not a directory", new AccessDeniedException("/d"));

    String line = err();
    assertEquals(1, line.split("\n").length, line);
    assertTrue(line.startsWith("helpline: error: could not clean up the outbox directory /d: Helpline data directory"
        + " /d\\u001B[2J is not a directory (permission denied: /d)"), line);
    assertFalse(line.contains("Exception"), line);
  }

  @Test
  void theThresholdComesFromTheLevelProperty() {
    Logger warn = logger(null);
    warn.info("not shown at warn");
    warn.debug("not shown at warn");
    assertEquals("", err());

    Logger debug = logger("debug");
    debug.debug("shown at {}", "debug");
    debug.trace("not shown at debug");
    assertEquals("helpline: debug: shown at debug\n", err());

    Logger off = logger("off");
    off.error("not even errors");
    assertEquals("helpline: debug: shown at debug\n", err());
  }

  @Test
  void stackTracesOnlyWhenAskedFor() {
    System.setProperty(CliLogging.STACK_TRACES_PROPERTY, "true");
    logger(null).warn("failed", new IllegalStateException("broken"));

    assertTrue(err().startsWith("helpline: warning: failed (broken)\n"), err());
    assertTrue(err().contains("\tat "), "asked for: " + err());
  }
}
