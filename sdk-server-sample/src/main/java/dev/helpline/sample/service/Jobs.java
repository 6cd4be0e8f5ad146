package dev.helpline.sample.service;

import java.io.IOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a service's jobs with two service-side habits: a non-critical job whose component is in a maintenance window
 * is deferred (and a log line says why), and a job that throws is reported through the {@link ErrorReporter}
 * instead of killing its scheduler thread. When the status feed cannot be read, jobs run (a broken status page must
 * not stop the service) and a warning is logged. Thread-safe.
 */
public final class Jobs {
  private static final Logger log = LoggerFactory.getLogger(Jobs.class);

  /** What happened to one run. */
  public enum Outcome { RAN, FAILED, DEFERRED }

  private final MaintenanceWindows windows;
  private final ErrorReporter reporter;

  public Jobs(MaintenanceWindows windows, ErrorReporter reporter) {
    this.windows = Objects.requireNonNull(windows, "windows == null");
    this.reporter = Objects.requireNonNull(reporter, "reporter == null");
  }

  /** Runs {@code job} now unless it is non-critical and {@code component} is in maintenance. */
  public Outcome run(String name, String component, boolean critical, Runnable job) {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(component, "component == null");
    Objects.requireNonNull(job, "job == null");
    if (!critical) {
      String reason = maintenance(name, component);
      if (reason != null) {
        log.info("deferring non-critical job {}: {}", name, reason);
        return Outcome.DEFERRED;
      }
    }
    try {
      job.run();
      return Outcome.RAN;
    } catch (RuntimeException e) {
      reporter.report(name, e);
      return Outcome.FAILED;
    }
  }

  private @Nullable String maintenance(String name, String component) {
    try {
      return windows.activeMaintenance(component);
    } catch (IOException | RuntimeException e) {
      log.warn("cannot tell whether {} is in maintenance ({}); running job {}", component, e.getMessage(), name);
      return null;
    }
  }
}
