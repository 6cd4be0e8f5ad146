package dev.helpline.server.jul;

import dev.helpline.server.ErrorEvent;
import dev.helpline.server.ErrorReporter;
import dev.helpline.server.ErrorReporters;
import dev.helpline.server.internal.ReportingGuard;
import java.util.Objects;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import org.slf4j.MDC;

/**
 * Reports SEVERE {@code java.util.logging} records, with their throwables, as deduplicated tickets
 * through the {@link ErrorReporter} registered in {@link ErrorReporters}. Add it to the root
 * logger in code ({@code Logger.getLogger("").addHandler(new HelplineHandler())}) or in
 * {@code logging.properties}:
 *
 * <pre>
 * handlers = java.util.logging.ConsoleHandler, dev.helpline.server.jul.HelplineHandler
 * dev.helpline.server.jul.HelplineHandler.reporter = default
 * </pre>
 *
 * The SDK's own records and records logged while reporting are never reported; while no reporter
 * is registered, records are dropped. Thread-safe.
 */
public final class HelplineHandler extends Handler {
  private final String reporter;

  /** A handler for the reporter named by the {@code .reporter} property, default {@value ErrorReporters#DEFAULT}. */
  public HelplineHandler() {
    String configured = LogManager.getLogManager().getProperty(HelplineHandler.class.getName() + ".reporter");
    this.reporter = configured != null && !configured.trim().isEmpty() ? configured.trim() : ErrorReporters.DEFAULT;
    setLevel(Level.SEVERE);
  }

  /** A handler for the reporter registered under {@code reporter}. */
  public HelplineHandler(String reporter) {
    this.reporter = Objects.requireNonNull(reporter, "reporter == null");
    setLevel(Level.SEVERE);
  }

  @Override
  public void publish(LogRecord record) {
    if (record == null || !isLoggable(record) || ReportingGuard.active()) return;
    // The root logger's name is "": such records come from "jul".
    String name = record.getLoggerName();
    String logger = name != null && !name.trim().isEmpty() ? name : "jul";
    if (ReportingGuard.isSdkLogger(logger)) return;
    if (record.getThrown() == null && (record.getMessage() == null || record.getMessage().trim().isEmpty())) return;
    ErrorReporter target = ErrorReporters.get(reporter);
    if (target == null) return;
    target.report(ErrorEvent.builder(logger).error(record.getThrown()).message(record.getMessage())
        .context(MDC.getCopyOfContextMap()).build());
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
