package dev.helpline.sample.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of the {@code helpline} command, chosen by {@link Main} with the {@code slf4j.provider}
 * system property: each log event of the libraries is one line on stderr, {@code helpline: warning: …}, with a
 * throwable described in words ({@link Problems#describe}) instead of a stack trace, so a log line looks like the
 * command's own messages and never like a crash. The threshold is {@value #LEVEL_PROPERTY} (error, warn, info,
 * debug, trace or off; warn when absent); {@value #STACK_TRACES_PROPERTY} {@code =true} adds stack traces, for
 * bug reports. Thread-safe: a line is printed whole.
 */
public final class CliLogging implements SLF4JServiceProvider {
  /** The system property holding the threshold. */
  static final String LEVEL_PROPERTY = "helpline.log.level";
  /** The system property that, when "true", prints the stack traces of logged throwables. */
  static final String STACK_TRACES_PROPERTY = "helpline.log.stackTraces";

  private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new NOPMDCAdapter();
  private int threshold = Level.WARN.toInt();
  private boolean stackTraces;

  /** Created by SLF4J. */
  public CliLogging() {}

  @Override public void initialize() {
    threshold = threshold(System.getProperty(LEVEL_PROPERTY));
    stackTraces = Boolean.parseBoolean(System.getProperty(STACK_TRACES_PROPERTY));
  }

  @Override public ILoggerFactory getLoggerFactory() {
    return name -> loggers.computeIfAbsent(name, n -> new OneLineLogger(n, threshold, stackTraces));
  }

  @Override public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override public String getRequestedApiVersion() {
    return "2.0.99";
  }

  /** The level's number for {@code name}; an unknown name means warn, "off" means nothing is printed. */
  static int threshold(@Nullable String name) {
    if (name == null || name.trim().isEmpty()) return Level.WARN.toInt();
    String n = name.trim().toUpperCase(Locale.ROOT);
    if (n.equals("OFF")) return Integer.MAX_VALUE;
    if (n.equals("WARNING")) n = "WARN";
    for (Level level : Level.values()) if (level.name().equals(n)) return level.toInt();
    return Level.WARN.toInt();
  }

  /** One line per event on {@link System#err} as it is when the event is logged. */
  static final class OneLineLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    private final int threshold;
    private final boolean stackTraces;

    OneLineLogger(String name, int threshold, boolean stackTraces) {
      this.name = name;
      this.threshold = threshold;
      this.stackTraces = stackTraces;
    }

    @Override public boolean isTraceEnabled() {
      return Level.TRACE.toInt() >= threshold;
    }

    @Override public boolean isDebugEnabled() {
      return Level.DEBUG.toInt() >= threshold;
    }

    @Override public boolean isInfoEnabled() {
      return Level.INFO.toInt() >= threshold;
    }

    @Override public boolean isWarnEnabled() {
      return Level.WARN.toInt() >= threshold;
    }

    @Override public boolean isErrorEnabled() {
      return Level.ERROR.toInt() >= threshold;
    }

    @Override protected @Nullable String getFullyQualifiedCallerName() {
      return null;
    }

    @Override protected void handleNormalizedLoggingCall(Level level, @Nullable Marker marker,
        @Nullable String messagePattern, @Nullable Object[] arguments, @Nullable Throwable throwable) {
      String message = MessageFormatter.basicArrayFormat(messagePattern, arguments);
      StringBuilder line = new StringBuilder("helpline: ").append(label(level)).append(": ")
          .append(TerminalText.line(Problems.scrub(String.valueOf(message))));
      if (throwable != null) line.append(" (").append(TerminalText.line(Problems.describe(throwable))).append(')');
      PrintStream err = System.err;
      synchronized (err) {
        err.println(line);
        if (stackTraces && throwable != null) throwable.printStackTrace(err);
        err.flush();
      }
    }

    private static String label(Level level) {
      return level == Level.WARN ? "warning" : level.name().toLowerCase(Locale.ROOT);
    }
  }
}
