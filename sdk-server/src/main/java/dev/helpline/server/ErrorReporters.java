package dev.helpline.server;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Names reporters for logging integrations, which logging frameworks build from configuration
 * files before the application built its client: the Logback appender and the JUL handler look
 * their reporter up here by name on every event, so an event logged before
 * {@link #register(ErrorReporter)} is simply not reported. Thread-safe.
 */
public final class ErrorReporters {
  /** The name used when none is given. */
  public static final String DEFAULT = "default";

  private static final Map<String, ErrorReporter> REPORTERS = new ConcurrentHashMap<>();

  private ErrorReporters() {}

  /** Registers {@code reporter} as {@value #DEFAULT}, replacing any other. */
  public static void register(ErrorReporter reporter) {
    register(DEFAULT, reporter);
  }

  /** Registers {@code reporter} under {@code name}, replacing any other; closing it unregisters it. */
  public static void register(String name, ErrorReporter reporter) {
    Objects.requireNonNull(name, "name == null");
    REPORTERS.put(name, Objects.requireNonNull(reporter, "reporter == null"));
  }

  /** The reporter registered under {@code name}, or null. */
  public static @Nullable ErrorReporter get(String name) {
    return REPORTERS.get(name);
  }

  /** Removes {@code reporter} wherever it is registered. */
  public static void unregister(ErrorReporter reporter) {
    REPORTERS.values().removeIf(r -> r == reporter);
  }
}
