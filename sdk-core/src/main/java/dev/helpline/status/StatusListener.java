package dev.helpline.status;

import java.io.IOException;

/**
 * Receives what a {@link StatusMonitor} learns. Every method has a no-op default; override the ones
 * you need. Methods are called on the monitor's listener executor (the host's), in the order the
 * events happened, and must be fast and never throw (a thrown exception is logged and ignored).
 *
 * <p>Change events compare a new snapshot with the previous one, which after a restart is the one
 * from the disk cache; the very first snapshot of an install produces {@link #onSnapshot} only.
 */
public interface StatusListener {
  /** A snapshot was fetched, confirmed by a 304, or loaded from the cache (then {@link StatusSnapshot#stale()}). */
  default void onSnapshot(StatusSnapshot snapshot) {}

  /** The overall indicator changed. */
  default void onIndicatorChanged(Indicator previous, Indicator current) {}

  /** A component's status changed (components that appear or disappear are not reported). */
  default void onComponentChanged(Component previous, Component current) {}

  /** An unresolved incident appeared. */
  default void onIncidentOpened(Incident incident) {}

  /** An open incident changed: a new update, status, impact or affected components. */
  default void onIncidentUpdated(Incident previous, Incident current) {}

  /** An incident was resolved, or left the source's list of unresolved incidents (then {@code incident} is its last known state). */
  default void onIncidentResolved(Incident incident) {}

  /** A maintenance was announced. */
  default void onMaintenanceScheduled(Maintenance maintenance) {}

  /** A maintenance window opened (in progress or verifying). */
  default void onMaintenanceStarted(Maintenance maintenance) {}

  /** A maintenance completed, or left the source's list (then {@code maintenance} is its last known state). */
  default void onMaintenanceCompleted(Maintenance maintenance) {}

  /**
   * A fetch failed; the monitor keeps the last snapshot (now {@link StatusSnapshot#stale() stale}) and
   * retries with backoff.
   *
   * @param consecutiveFailures 1 for the first failure after a success
   */
  default void onFetchFailed(IOException error, int consecutiveFailures) {}
}
