package dev.helpline.diagnostics;

import java.time.Instant;
import java.util.Objects;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * Feeds {@code java.util.logging} records into a {@link RecentLogs} ring: timestamp, level, logger
 * name, the message formatted with its parameters by this handler's {@link Formatter} (a {@link
 * SimpleFormatter} unless replaced), and the stack trace of the thrown exception. Never throws:
 * problems go to the handler's {@link ErrorManager}. Thread-safe.
 *
 * <pre>{@code
 * Logger.getLogger("").addHandler(new RecentLogsHandler(recentLogs));
 * }</pre>
 */
public final class RecentLogsHandler extends Handler {
  private final RecentLogs logs;

  public RecentLogsHandler(RecentLogs logs) {
    this.logs = Objects.requireNonNull(logs, "logs == null");
    setFormatter(new SimpleFormatter());
  }

  @Override
  public void publish(LogRecord record) {
    try {
      if (record == null || !isLoggable(record)) return;
      String message;
      try {
        Formatter formatter = getFormatter();
        message = formatter != null ? formatter.formatMessage(record) : record.getMessage();
      } catch (RuntimeException e) {
        reportError("formatting a log record failed", e, ErrorManager.FORMAT_FAILURE);
        message = record.getMessage();
      }
      String logger = record.getLoggerName();
      logs.log(
          Instant.ofEpochMilli(record.getMillis()),
          record.getLevel().getName(),
          logger != null ? logger : "",
          message,
          record.getThrown());
    } catch (RuntimeException e) {
      reportError("recording a log record failed", e, ErrorManager.WRITE_FAILURE);
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
