package dev.helpline.connector.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * An SLF4J logger that keeps every line logged at any level, formatted as a binding would, with the
 * throwable's text: give it to a connector under test to check that no secret reaches its logs.
 * Every level is enabled. Safe to use from any thread.
 */
public final class RecordingLogger extends AbstractLogger {
  private static final long serialVersionUID = 1L;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  /** A logger named {@code recording}, with nothing recorded yet. */
  public RecordingLogger() {
    this.name = "recording";
  }

  /** The lines logged so far, oldest first, each as {@code LEVEL message[ throwable]}: a copy. */
  public List<String> lines() {
    return new ArrayList<>(lines);
  }

  @Override
  protected @Nullable String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(Level level, @Nullable Marker marker, String pattern,
      Object @Nullable [] arguments, @Nullable Throwable throwable) {
    String line = level + " " + MessageFormatter.basicArrayFormat(pattern, arguments);
    if (throwable != null) line += " " + throwable;
    lines.add(line);
  }

  @Override
  public boolean isTraceEnabled() {
    return true;
  }

  @Override
  public boolean isTraceEnabled(Marker marker) {
    return true;
  }

  @Override
  public boolean isDebugEnabled() {
    return true;
  }

  @Override
  public boolean isDebugEnabled(Marker marker) {
    return true;
  }

  @Override
  public boolean isInfoEnabled() {
    return true;
  }

  @Override
  public boolean isInfoEnabled(Marker marker) {
    return true;
  }

  @Override
  public boolean isWarnEnabled() {
    return true;
  }

  @Override
  public boolean isWarnEnabled(Marker marker) {
    return true;
  }

  @Override
  public boolean isErrorEnabled() {
    return true;
  }

  @Override
  public boolean isErrorEnabled(Marker marker) {
    return true;
  }
}
