package dev.helpline.notices;

/**
 * Receives notices from a {@link NoticeCenter}. Methods have no-op defaults, run on the center's
 * listener executor (the host's), and must be fast and never throw (exceptions are logged and
 * ignored).
 */
public interface NoticeListener {
  /**
   * A notice became relevant to this install (targeted, not ended, not dismissed) for the first
   * time. Called at most once per notice id per install, across restarts: the id is recorded on disk
   * before the call.
   */
  default void onNotice(Notice notice) {}

  /**
   * A {@link Notice.Type#MAINTENANCE} notice that was announced while upcoming reached its start.
   * At most once per notice per install; not called when the notice was first seen already active
   * (then {@link #onNotice} is the announcement).
   */
  default void onMaintenanceStarted(Notice notice) {}
}
