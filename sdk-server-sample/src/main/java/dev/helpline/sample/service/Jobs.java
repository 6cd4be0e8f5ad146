package dev.helpline.sample.service;

import dev.helpline.server.ErrorReporter;
import dev.helpline.status.Component;
import dev.helpline.status.Maintenance;
import dev.helpline.status.StatusMonitor;
import dev.helpline.status.StatusSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a service's jobs with two service-side habits: a non-critical job whose component is in a maintenance window
 * is deferred (and a log line says why), and a job that throws is reported through the {@link ErrorReporter}
 * instead of killing its scheduler thread. The windows come from the {@link StatusMonitor}'s current snapshot, read
 * as each job starts (no I/O; the monitor polls in the background). A stale snapshot still counts, since its
 * windows carry their times; with no snapshot at all (the feed was never read) jobs run, because a broken status
 * page must not stop the service, and a warning is logged. Thread-safe.
 */
public final class Jobs {
  private static final Logger log = LoggerFactory.getLogger(Jobs.class);

  /** What happened to one run. */
  public enum Outcome { RAN, FAILED, DEFERRED }

  private final StatusMonitor status;
  private final ErrorReporter reporter;
  private final Clock clock;

  public Jobs(StatusMonitor status, ErrorReporter reporter, Clock clock) {
    this.status = Objects.requireNonNull(status, "status == null");
    this.reporter = Objects.requireNonNull(reporter, "reporter == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /** Runs {@code job} now unless it is non-critical and {@code component} is in maintenance. */
  public Outcome run(String name, String component, boolean critical, Runnable job) {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(component, "component == null");
    Objects.requireNonNull(job, "job == null");
    if (!critical) {
      StatusSnapshot snapshot = status.current();
      String reason = snapshot == null ? null : maintenance(snapshot, component, clock.instant());
      if (snapshot == null) {
        log.warn("no service status has been read yet; running job {} without checking {}", name, component);
      } else if (reason != null) {
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

  /**
   * Why {@code component} (compared ignoring case) is in maintenance at {@code now}, or null: a maintenance naming it
   * is in progress or verifying, or is scheduled with {@code now} inside its window; or its status is
   * {@code under_maintenance}.
   */
  static @Nullable String maintenance(StatusSnapshot s, String component, Instant now) {
    for (Maintenance m : s.maintenances()) {
      boolean inWindow = m.status() == Maintenance.Status.SCHEDULED && m.scheduledFor() != null
          && !now.isBefore(m.scheduledFor()) && (m.scheduledUntil() == null || now.isBefore(m.scheduledUntil()));
      if (!m.status().isActive() && !inWindow) continue;
      for (String c : m.components()) {
        if (c.equalsIgnoreCase(component)) {
          return "maintenance '" + m.name() + "' (" + m.status().wireName()
              + (m.scheduledUntil() != null ? ", until " + m.scheduledUntil() : "") + ") affects " + c;
        }
      }
    }
    for (Component c : s.components()) {
      if (c.name().equalsIgnoreCase(component) && c.status() == Component.Status.UNDER_MAINTENANCE) {
        return "component " + c.name() + " is under maintenance";
      }
    }
    return null;
  }
}
