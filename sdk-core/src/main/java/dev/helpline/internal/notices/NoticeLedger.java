package dev.helpline.internal.notices;

import dev.helpline.notices.Notice;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notice center's memory of what this install was told: decides which notices are new and which announced
 * maintenances have started, and records that (and dismissals) in the {@link NoticeStore} before anyone hears of
 * them. The store is loaded on first use, so building a center does no I/O.
 *
 * <p>Threading: {@link #isDismissed} and {@link #hide} are safe from any thread; everything else runs on the
 * center's worker under its lock. A store that cannot be written is logged and the state kept in memory for this
 * run (a notice may then be announced again after a restart).
 */
public final class NoticeLedger {
  private static final Logger log = LoggerFactory.getLogger(NoticeLedger.class);

  private final @Nullable Path directory;
  private final Set<String> dismissed = ConcurrentHashMap.newKeySet();
  private @Nullable NoticeStore store;
  private Set<String> listed = Collections.emptySet();

  /** A ledger kept in {@code directory}, or in memory only when it is null. */
  public NoticeLedger(@Nullable Path directory) {
    this.directory = directory;
  }

  /** What one evaluation found: notices to announce, and announced maintenances that have started. */
  public static final class Announcements {
    public final List<Notice> fresh;
    public final List<Notice> started;

    Announcements(List<Notice> fresh, List<Notice> started) {
      this.fresh = Collections.unmodifiableList(fresh);
      this.started = Collections.unmodifiableList(started);
    }
  }

  /** Reads the store once, if not yet read, so that dismissals of earlier runs count from now on. Worker only. */
  public void load(Instant now) {
    store(now);
  }

  /**
   * The ids the sources list now, for any audience (with a failed source's last good ones): the store never
   * forgets these, since forgetting one would announce it again. Worker only.
   */
  public void listed(Set<String> ids) {
    listed = Collections.unmodifiableSet(new HashSet<>(ids));
  }

  /** Whether the notice was dismissed, in this run or (once the store was loaded) an earlier one. Any thread. */
  public boolean isDismissed(String noticeId) {
    return dismissed.contains(noticeId);
  }

  /** Hides a notice in memory at once; {@link #recordDismissal} writes it down. Any thread. */
  public void hide(String noticeId) {
    dismissed.add(noticeId);
  }

  /**
   * Records the relevant notices among {@code targeted} that were never announced, and the maintenances announced
   * while upcoming that are running now, and returns both for announcing. Worker only.
   */
  public Announcements evaluate(List<Notice> targeted, Instant now) {
    NoticeStore s = store(now);
    List<Notice> fresh = new ArrayList<>();
    List<Notice> started = new ArrayList<>();
    boolean changed = false;
    for (Notice n : targeted) {
      if (dismissed.contains(n.id())) continue;
      Notice.Phase phase = n.phase(now);
      if (phase == Notice.Phase.ENDED) continue;
      boolean activeMaintenance = n.type() == Notice.Type.MAINTENANCE && phase == Notice.Phase.ACTIVE;
      NoticeStore.Entry e = s.get(n.id());
      if (e == null) {
        e = s.getOrCreate(n.id(), now);
        e.endsAt = n.endsAt();
        // Announced while already running: the announcement is the reminder.
        e.reminded = activeMaintenance;
        fresh.add(n);
        changed = true;
      } else {
        if (!Objects.equals(e.endsAt, n.endsAt())) {
          e.endsAt = n.endsAt();
          changed = true;
        }
        if (activeMaintenance && !e.reminded) {
          e.reminded = true;
          started.add(n);
          changed = true;
        }
      }
    }
    if (changed) save(s, targeted, now);
    return new Announcements(fresh, started);
  }

  /** Writes down a dismissal made with {@link #hide}, so it holds after restarts. Worker only. */
  public void recordDismissal(String noticeId, List<Notice> targeted, Instant now) {
    NoticeStore s = store(now);
    NoticeStore.Entry e = s.getOrCreate(noticeId, now);
    e.dismissed = true;
    for (Notice n : targeted) {
      if (n.id().equals(noticeId)) e.endsAt = n.endsAt();
    }
    save(s, targeted, now);
  }

  private NoticeStore store(Instant now) {
    NoticeStore s = store;
    if (s == null) {
      s = directory == null ? NoticeStore.inMemory() : NoticeStore.load(directory);
      // Nothing is forgotten here: which ids the sources list is known only after a fetch.
      dismissed.addAll(s.dismissedIds());
      store = s;
    }
    return s;
  }

  private void save(NoticeStore s, List<Notice> targeted, Instant now) {
    Set<String> live = new HashSet<>(listed);
    for (Notice n : targeted) live.add(n.id());
    s.prune(now, live);
    try {
      s.save();
    } catch (IOException | RuntimeException e) {
      // Memory still holds the state for this run; after a restart a notice may be shown again.
      log.warn("Could not write the notice store in {}: {}", directory, e.toString());
    }
  }
}
