package dev.helpline.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class RecentLogsHandlerTest {
  @Test
  void capturesARecordWithParametersAndThrownException() {
    RecentLogs logs = RecentLogs.create(10, 64 * 1024);
    RecentLogs.LoggingHandler handler = new RecentLogs.LoggingHandler(logs);
    Logger logger = Logger.getLogger("dev.helpline.test.handler");
    logger.setUseParentHandlers(false);
    logger.addHandler(handler);
    try {
      LogRecord record = new LogRecord(Level.WARNING, "upload of {0} failed after {1} tries");
      record.setParameters(new Object[] {"report.zip", 3});
      record.setLoggerName(logger.getName());
      record.setThrown(new IllegalStateException("socket closed"));
      record.setInstant(Instant.parse("2026-11-24T10:15:30.123Z"));
      logger.log(record);
    } finally {
      logger.removeHandler(handler);
    }

    String s = logs.snapshot();
    assertTrue(
        s.startsWith("2026-11-24T10:15:30.123Z WARNING dev.helpline.test.handler - upload of report.zip failed after 3 tries\n"
            + "java.lang.IllegalStateException: socket closed\n\tat "),
        s);
    assertEquals(1, logs.lineCount());
  }

  @Test
  void respectsTheHandlerLevel() {
    RecentLogs logs = RecentLogs.create(10, 4096);
    RecentLogs.LoggingHandler handler = new RecentLogs.LoggingHandler(logs);
    handler.setLevel(Level.WARNING);
    handler.publish(new LogRecord(Level.FINE, "noise"));
    handler.publish(new LogRecord(Level.SEVERE, "kept"));
    assertEquals(1, logs.lineCount());
    assertTrue(logs.snapshot().endsWith(" SEVERE  - kept"), logs.snapshot());
  }

  @Test
  void failingFormatterIsReportedAndTheRawMessageKeptWithoutThrowing() {
    RecentLogs logs = RecentLogs.create(10, 4096);
    RecentLogs.LoggingHandler handler = new RecentLogs.LoggingHandler(logs);
    AtomicReference<Integer> errorCode = new AtomicReference<>();
    handler.setErrorManager(new ErrorManager() {
      @Override
      public synchronized void error(String msg, Exception ex, int code) {
        errorCode.set(code);
      }
    });
    handler.setFormatter(new Formatter() {
      @Override
      public String format(LogRecord record) {
        throw new IllegalStateException("broken formatter");
      }

      @Override
      public synchronized String formatMessage(LogRecord record) {
        throw new IllegalStateException("broken formatter");
      }
    });
    LogRecord record = new LogRecord(Level.INFO, "raw {0}");
    record.setLoggerName("x");
    handler.publish(record);

    assertEquals(ErrorManager.FORMAT_FAILURE, errorCode.get());
    assertTrue(logs.snapshot().endsWith(" INFO x - raw {0}"), logs.snapshot());
  }

  @Test
  void nullRecordIsIgnored() {
    RecentLogs logs = RecentLogs.create(10, 4096);
    new RecentLogs.LoggingHandler(logs).publish(null);
    assertEquals(0, logs.lineCount());
  }
}
