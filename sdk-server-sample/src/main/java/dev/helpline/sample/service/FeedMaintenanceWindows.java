package dev.helpline.sample.service;

import dev.helpline.sample.feed.StatusFeed;
import dev.helpline.sample.feed.StatusSnapshot;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Maintenance windows from a status feed: a component is in maintenance while its status is
 * {@code under_maintenance}, or while a scheduled maintenance naming it is in progress (or scheduled with now inside
 * its window). The feed is read at most once per {@code refresh} interval; component names match ignoring case.
 * Thread-safe.
 */
public final class FeedMaintenanceWindows implements MaintenanceWindows {
  private final StatusFeed feed;
  private final Clock clock;
  private final Duration refresh;
  private @Nullable StatusSnapshot cached;
  private @Nullable Instant cachedAt;

  public FeedMaintenanceWindows(StatusFeed feed, Clock clock, Duration refresh) {
    this.feed = Objects.requireNonNull(feed, "feed == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.refresh = Objects.requireNonNull(refresh, "refresh == null");
  }

  @Override
  public @Nullable String activeMaintenance(String component) throws IOException {
    Objects.requireNonNull(component, "component == null");
    StatusSnapshot s = snapshot();
    Instant now = clock.instant();
    for (StatusSnapshot.Event m : s.maintenances()) {
      if (!m.isActiveAt(now)) continue;
      for (String c : m.components()) {
        if (c.equalsIgnoreCase(component)) {
          return "maintenance '" + m.name() + "' (" + m.status()
              + (m.scheduledUntil() != null ? ", until " + m.scheduledUntil() : "") + ") affects " + c;
        }
      }
    }
    for (StatusSnapshot.Component c : s.components()) {
      if (c.name().equalsIgnoreCase(component) && c.status().equals("under_maintenance")) {
        return "component " + c.name() + " is under maintenance on " + s.pageName();
      }
    }
    return null;
  }

  private synchronized StatusSnapshot snapshot() throws IOException {
    Instant now = clock.instant();
    StatusSnapshot s = cached;
    if (s != null && cachedAt != null && now.isBefore(cachedAt.plus(refresh))) return s;
    s = feed.status();
    cached = s;
    cachedAt = now;
    return s;
  }

  @Override
  public String toString() {
    return "FeedMaintenanceWindows{refresh=" + refresh.toString().toLowerCase(Locale.ROOT) + "}";
  }
}
