package dev.helpline.server.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import dev.helpline.server.ErrorEvent;
import dev.helpline.server.ErrorReporter;
import dev.helpline.server.ErrorReporters;
import dev.helpline.server.internal.ReportingGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reports a service's ERROR events, with their throwables and MDC, as deduplicated tickets
 * through the {@link ErrorReporter} registered in {@link ErrorReporters} under
 * {@link #setReporter reporter} (default {@value ErrorReporters#DEFAULT}). One entry in
 * {@code logback.xml}:
 *
 * <pre>{@code
 * <appender name="HELPLINE" class="dev.helpline.server.logback.HelplineAppender"/>
 * <root level="INFO">
 *   <appender-ref ref="HELPLINE"/>
 * </root>
 * }</pre>
 *
 * <p>Events below ERROR are ignored, and so are the SDK's own events (its loggers, those of the
 * libraries it delivers through, and anything logged while a report is being made), so a failing
 * desk never turns into tickets about itself. Events without a throwable are reported by their
 * message pattern unless {@link #setRequireThrowable requireThrowable} is true. While no reporter
 * is registered, events are dropped. Cost: one fingerprint and a counter for a repeated error;
 * the appender never blocks on the network. It may sit behind Logback's {@code AsyncAppender}:
 * what the reporter logs about a report is written by the reporter's own thread, never from inside
 * {@code append}, so the queue's worker never waits on its own queue.
 */
public final class HelplineAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  private String reporter = ErrorReporters.DEFAULT;
  private boolean requireThrowable;
  private final List<String> ignoredLoggers = new ArrayList<>();

  /** The name the reporter is registered under in {@link ErrorReporters}. */
  public void setReporter(String name) {
    this.reporter = name;
  }

  /** When true, ERROR events without a throwable are not reported. Default false. */
  public void setRequireThrowable(boolean requireThrowable) {
    this.requireThrowable = requireThrowable;
  }

  /** A logger name prefix whose events are never reported (repeatable), beside the SDK's own. */
  public void addIgnoredLogger(String prefix) {
    ignoredLoggers.add(prefix);
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (!event.getLevel().isGreaterOrEqual(Level.ERROR) || ReportingGuard.active()) return;
    String logger = event.getLoggerName();
    if (ReportingGuard.isSdkLogger(logger)) return;
    for (String p : ignoredLoggers) if (logger.startsWith(p)) return;
    Throwable error = throwable(event.getThrowableProxy());
    if (error == null && requireThrowable) return;
    ErrorReporter target = ErrorReporters.get(reporter);
    if (target == null) return;
    target.report(ErrorEvent.builder(logger).error(error).message(event.getMessage()).context(mdc(event)).build());
  }

  private static @Nullable Map<String, String> mdc(ILoggingEvent event) {
    try {
      return event.getMDCPropertyMap();
    } catch (RuntimeException noMdcAdapter) {
      // A LoggerContext built by hand has no MDC adapter; the event is still worth a ticket.
      return null;
    }
  }

  private static @Nullable Throwable throwable(@Nullable IThrowableProxy proxy) {
    return proxy instanceof ThrowableProxy ? ((ThrowableProxy) proxy).getThrowable() : null;
  }
}
