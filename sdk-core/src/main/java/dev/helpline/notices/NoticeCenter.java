package dev.helpline.notices;

import dev.helpline.internal.notices.Version;
import dev.helpline.internal.DaemonThreads;
import dev.helpline.internal.PollDelay;
import dev.helpline.internal.event.Listeners;
import dev.helpline.internal.http.HttpStatusException;
import dev.helpline.internal.notices.Audience;
import dev.helpline.internal.notices.NoticeLedger;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges notices from its {@link NoticeSource}s, keeps those meant for this install (platform, app
 * version, locale) and tells listeners about each one once per install.
 *
 * <pre>{@code
 * NoticeCenter notices = NoticeCenter.builder()
 *     .addSource(NoticeSource.supportApi("https://desk.example.com", http))
 *     .addSource(NoticeSource.fromStatus(statusMonitor))
 *     .appVersion("2.3.1").platform("android").locale(Locale.getDefault())
 *     .storeDirectory(dataDir.resolve("notices"))
 *     .listenerExecutor(mainThreadExecutor)
 *     .build();
 * notices.addListener(new Listener() {
 *   @Override public void onNotice(Notice n) { showBanner(n.title(), n.plainText()); }
 * });
 * notices.refresh();
 * }</pre>
 *
 * <p>Threading: fetching and every disk access run on the center's worker (a single daemon thread
 * unless a scheduler is given); {@link #notices()} and {@link #dismiss} never block on I/O.
 * Listeners and {@link #refresh()} results run on the listener executor. With a {@link Builder#pollInterval}
 * the worker also refreshes on its own, one interval after the latest refresh (or as long as a feed's {@code
 * Retry-After} asked, when that is longer), until {@link #close()}, except while {@link #pause() paused}.
 *
 * <p>Delivery is at most once: a notice's id is written to the store before listeners hear of it, so
 * a crash in between loses that delivery rather than repeating it. When the store cannot be written
 * (a warning is logged) the notice is delivered anyway, since a broken disk must not hide a
 * maintenance notice: the id is then remembered in memory for this run only, and the notice may be
 * delivered again after a restart. A failed source keeps its last
 * good notices for this run. The store remembers about 1,000 notices, plus
 * every notice the sources currently list (so a listed notice is never announced twice, however many
 * there are or whatever their end says), and forgets those that ended over 90 days ago and that no
 * source has listed for as long, counted so that a device clock set far ahead cannot shorten it.
 */
public final class NoticeCenter implements Closeable {
  /** The longest the reminder timer sleeps before re-checking, so device clock changes are noticed. */
  static final Duration MAX_TIMER = Duration.ofHours(6);

  private static final Logger log = LoggerFactory.getLogger(NoticeCenter.class);
  private static final Comparator<Notice> ORDER = Comparator
      .comparing((Notice n) -> n.severity().ordinal(), Comparator.reverseOrder())
      .thenComparing(n -> n.startsAt() == null ? Instant.MIN : n.startsAt())
      .thenComparing(Notice::id);

  private final List<NoticeSource> sources;
  private final Audience audience;
  private final Clock clock;
  private final NoticeLedger ledger;
  private final ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private final Executor listenerExecutor;
  private final @Nullable ExecutorService ownedListenerExecutor;
  private final Listeners<Listener> listeners;
  private final @Nullable Duration pollInterval;
  private final Object lock = new Object();

  private volatile List<Notice> targeted = Collections.emptyList();
  private volatile boolean closed;
  private volatile boolean paused;
  /** When the latest refresh ran, and how long after it the next is due (longer than the interval when a feed asked). */
  private @Nullable Instant lastRefresh;
  private @Nullable Duration pollWait; // both guarded by lock

  // Guarded by lock: touched only on the worker (timer is also read by close()).
  private final List<@Nullable List<Notice>> lastGood = new ArrayList<>();
  private volatile @Nullable ScheduledFuture<?> timer;
  private volatile @Nullable ScheduledFuture<?> poll;

  private NoticeCenter(Builder b) {
    this.sources = Collections.unmodifiableList(new ArrayList<>(b.sources));
    for (int i = 0; i < sources.size(); i++) lastGood.add(null);
    this.audience = new Audience(b.platform, Version.tryParse(b.appVersion), b.locale);
    if (b.appVersion != null && Version.tryParse(b.appVersion) == null) {
      log.warn("App version '{}' is not a semantic version; only notices without version targeting will match", b.appVersion);
    }
    this.clock = b.clock;
    this.ledger = new NoticeLedger(b.storeDirectory);
    if (b.scheduler != null) {
      this.scheduler = b.scheduler;
      this.ownsScheduler = false;
    } else {
      ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, DaemonThreads.factory("helpline-notices"));
      pool.setRemoveOnCancelPolicy(true);
      this.scheduler = pool;
      this.ownsScheduler = true;
    }
    if (b.listenerExecutor != null) {
      this.listenerExecutor = b.listenerExecutor;
      this.ownedListenerExecutor = null;
    } else {
      this.ownedListenerExecutor = DaemonThreads.pool("helpline-notices-callback", 1);
      this.listenerExecutor = ownedListenerExecutor;
    }
    this.listeners = new Listeners<>("Listener", listenerExecutor);
    this.pollInterval = b.pollInterval;
  }

  /** A builder for a center; at least one source is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Fetches every source on the worker, then delivers notices not yet seen by this install and
   * maintenance reminders. Completes on the listener executor with {@link #notices()}; or
   * exceptionally with an {@link IOException} when a source failed (the others' notices and the
   * failed source's last good ones still apply; further failures are suppressed exceptions), or with
   * {@link IllegalStateException} once closed. It always completes, also when {@link #close()} overtakes it.
   */
  public CompletableFuture<List<Notice>> refresh() {
    CompletableFuture<List<Notice>> result = new CompletableFuture<>();
    if (closed) {
      result.completeExceptionally(new IllegalStateException("NoticeCenter is closed"));
      return result;
    }
    try {
      scheduler.execute(() -> doRefresh(result));
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new IllegalStateException("NoticeCenter is closed", e));
    }
    return result;
  }

  /**
   * Notices relevant now: targeted at this install, not ended and not dismissed; most severe first,
   * then by start. Reads memory only; empty before the first {@link #refresh()} completed.
   */
  public List<Notice> notices() {
    Instant now = clock.instant();
    List<Notice> out = new ArrayList<>();
    for (Notice n : targeted) {
      if (!ledger.isDismissed(n.id()) && n.phase(now) != Notice.Phase.ENDED) out.add(n);
    }
    out.sort(ORDER);
    return Collections.unmodifiableList(out);
  }

  /**
   * Hides a notice from {@link #notices()} at once and, from the worker, records that on disk so it
   * stays hidden after restarts. Unknown ids are remembered too (a notice may arrive later).
   */
  public void dismiss(String noticeId) {
    Objects.requireNonNull(noticeId, "noticeId == null");
    ledger.hide(noticeId);
    // No closed check inside: a dismissal queued just before close() must still reach the disk, and
    // close() waits for queued writes. One made after close() is not recorded.
    submit(() -> {
      synchronized (lock) {
        ledger.recordDismissal(noticeId, targeted, clock.instant());
      }
    });
  }

  /**
   * Adds a listener; any thread. It hears of notices first seen after this call: add it before the first
   * {@link #refresh()} to miss none. Throws {@link NullPointerException} for null.
   */
  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  /** Removes a listener; events already dispatched to it may still arrive. Any thread. */
  public void removeListener(Listener listener) {
    listeners.remove(listener);
  }

  /**
   * Stops periodic refreshes until {@link #resume()}, for example while the app is in the background; {@link
   * #refresh()} still fetches when asked, and maintenance reminders still fire. Any thread; does no I/O.
   */
  public void pause() {
    paused = true;
    cancel(poll);
  }

  /**
   * Resumes periodic refreshes: at once when the latest refresh is older than the poll interval (or the longer wait
   * a feed asked for), else when it falls due, at most that long from now (also when the device clock was set
   * back meanwhile). Nothing to resume before the first {@link #refresh()} or without a poll interval. Any thread.
   */
  public void resume() {
    paused = false;
    submit(() -> {
      synchronized (lock) {
        Instant last = lastRefresh;
        Duration wait = pollWait;
        ScheduledFuture<?> planned = poll;
        if (closed || paused || wait == null || last == null || (planned != null && !planned.isDone())) return;
        schedulePoll(PollDelay.untilDue(wait, last, clock.instant()));
      }
    });
  }

  /** {@link #resume()} when {@code foreground}, {@link #pause()} otherwise. */
  public void setForeground(boolean foreground) {
    if (foreground) resume();
    else pause();
  }

  /** Whether periodic refreshes are paused. */
  public boolean isPaused() {
    return paused;
  }

  /**
   * Stops the reminder timer and periodic refreshes, and releases the center's own threads once queued
   * store writes (such as a dismissal) are done, waiting for them at most one second. Idempotent.
   */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    // No lock here: a fetch in progress holds it, and close() must not wait for the network.
    cancel(timer);
    cancel(poll);
    if (ownsScheduler) {
      scheduler.shutdown();
      try {
        scheduler.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (ownedListenerExecutor != null) DaemonThreads.shutdownAfterQueued(ownedListenerExecutor);
  }

  private void doRefresh(CompletableFuture<List<Notice>> result) {
    synchronized (lock) {
      if (closed) {
        deliver(() -> result.completeExceptionally(new IllegalStateException("NoticeCenter is closed")));
        return;
      }
      ledger.load(clock.instant()); // before notices() can list what an earlier run dismissed
      IOException failure = null;
      for (int i = 0; i < sources.size(); i++) {
        NoticeSource source = sources.get(i);
        try {
          lastGood.set(i, Collections.unmodifiableList(checked(source, source.fetch())));
        } catch (IOException | RuntimeException e) {
          IOException io = e instanceof IOException ? (IOException) e
              : new IOException("notice source " + source + " failed: " + e, e);
          log.warn("Notice source {} failed; keeping its last good notices: {}", source, io.getMessage());
          if (failure == null) failure = io;
          else failure.addSuppressed(io);
        }
      }
      Map<String, Notice> merged = new LinkedHashMap<>();
      Set<String> listed = new HashSet<>();
      for (List<Notice> list : lastGood) {
        if (list == null) continue;
        for (Notice n : list) {
          listed.add(n.id());
          if (!merged.containsKey(n.id()) && audience.matches(n)) merged.put(n.id(), n);
        }
      }
      ledger.listed(listed);
      targeted = Collections.unmodifiableList(new ArrayList<>(merged.values()));
      evaluate();
      lastRefresh = clock.instant();
      if (pollInterval != null) schedulePoll(pollWait = nextPollDelay(failure));
      IOException f = failure;
      if (f == null) {
        List<Notice> current = notices();
        deliver(() -> result.complete(current));
      } else {
        deliver(() -> result.completeExceptionally(f));
      }
    }
  }

  /** A copy of what {@code source} returned; a null list or a null notice in it is a failed fetch. */
  private static List<Notice> checked(NoticeSource source, @Nullable List<Notice> fetched) throws IOException {
    if (fetched == null) throw new IOException("notice source " + source + " returned null instead of a list");
    List<Notice> copy = new ArrayList<>(fetched);
    int hole = copy.indexOf(null);
    if (hole >= 0) throw new IOException("notice source " + source + " returned a null notice at index " + hole);
    return copy;
  }

  /** Records and announces newly relevant notices and started maintenances, then re-arms the timer. */
  private void evaluate() {
    Instant now = clock.instant();
    NoticeLedger.Announcements news = ledger.evaluate(targeted, now);
    for (Notice n : news.fresh) listeners.dispatch(l -> l.onNotice(n));
    for (Notice n : news.started) listeners.dispatch(l -> l.onMaintenanceStarted(n));
    armTimer(now);
  }

  private void armTimer(Instant now) {
    cancel(timer);
    timer = null;
    Instant next = null;
    for (Notice n : targeted) {
      Instant start = n.startsAt();
      if (n.type() != Notice.Type.MAINTENANCE || start == null || ledger.isDismissed(n.id())) continue;
      if (n.phase(now) != Notice.Phase.UPCOMING) continue;
      if (next == null || start.isBefore(next)) next = start;
    }
    if (next == null || closed) return;
    Duration wait = Duration.between(now, next);
    if (wait.compareTo(MAX_TIMER) > 0) wait = MAX_TIMER;
    try {
      timer = scheduler.schedule(() -> {
        synchronized (lock) {
          if (!closed) evaluate();
        }
      }, Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      if (!closed) throw e;
    }
  }

  /** The poll interval, or the longest wait a failed source's server asked for when that is longer. */
  private Duration nextPollDelay(@Nullable IOException failure) {
    Duration asked = failure == null ? null : HttpStatusException.askedWait(failure, clock);
    return asked != null && asked.compareTo(pollInterval) > 0 ? asked : pollInterval;
  }

  /** Plans the next periodic refresh after {@code delay}, replacing any planned one; never after close() or pause(). */
  private void schedulePoll(Duration delay) {
    cancel(poll);
    if (closed || paused) return;
    try {
      ScheduledFuture<?> next = scheduler.schedule(() -> {
        if (!closed && !paused) doRefresh(new CompletableFuture<>()); // failures are logged per source
      }, delay.toMillis(), TimeUnit.MILLISECONDS);
      poll = next;
      if (closed || paused) next.cancel(false); // close() or pause() ran meanwhile and may have missed this one
    } catch (RejectedExecutionException e) {
      if (!closed) throw e;
    }
  }

  private static void cancel(@Nullable ScheduledFuture<?> task) {
    if (task != null) task.cancel(false);
  }

  private void submit(Runnable task) {
    try {
      scheduler.execute(task);
    } catch (RejectedExecutionException e) {
      if (!closed) throw e;
    }
  }

  /** On the listener executor; on this thread once close() shut that down, so a refresh never stays pending. */
  private void deliver(Runnable r) {
    listeners.settle(r);
  }

  /** Configures a {@link NoticeCenter}. Setters reject null unless marked otherwise. */
  public static final class Builder {
    private final List<NoticeSource> sources = new ArrayList<>();
    private @Nullable String appVersion;
    private String platform = "jvm";
    private Locale locale = Locale.getDefault();
    private Clock clock = Clock.systemUTC();
    private @Nullable Path storeDirectory;
    private @Nullable ScheduledExecutorService scheduler;
    private @Nullable Executor listenerExecutor;
    private @Nullable Duration pollInterval;

    Builder() {}

    /** Adds a source; when two sources publish the same id, the one added first wins. */
    public Builder addSource(NoticeSource source) {
      sources.add(Objects.requireNonNull(source, "source == null"));
      return this;
    }

    /**
     * The app's version as the host knows it; null or a non-SemVer text matches only notices without
     * version targeting, and never a minimum-version notice.
     */
    public Builder appVersion(@Nullable String appVersion) {
      this.appVersion = appVersion;
      return this;
    }

    /**
     * The platform name notices target, for example "android" or "jvm" (default "jvm"), trimmed and compared
     * case-insensitively; blank throws {@link IllegalArgumentException}.
     */
    public Builder platform(String platform) {
      Objects.requireNonNull(platform, "platform == null");
      if (platform.trim().isEmpty()) throw new IllegalArgumentException("platform must not be empty");
      this.platform = platform.trim();
      return this;
    }

    /** The user's locale (default: the JVM default). */
    public Builder locale(Locale locale) {
      this.locale = Objects.requireNonNull(locale, "locale == null");
      return this;
    }

    /** The clock that decides which notices have started or ended; tests inject one. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** Where seen/dismissed state is kept (file {@code notices-state.json}); without it, nothing survives a restart. */
    public Builder storeDirectory(Path directory) {
      this.storeDirectory = Objects.requireNonNull(directory, "directory == null");
      return this;
    }

    /** Runs fetches, disk access and the reminder timer; should run one task at a time; not shut down by the center. */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler == null");
      return this;
    }

    /**
     * Refreshes every {@code interval} (at least 30 s) without being asked, counted from the latest
     * refresh, once {@link NoticeCenter#refresh()} was first called and until close. Default: none.
     */
    public Builder pollInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval == null");
      if (interval.getSeconds() < 30) throw new IllegalArgumentException("pollInterval is " + interval.getSeconds() + " s; the floor is 30 s");
      this.pollInterval = interval;
      return this;
    }

    /** Where listeners and {@link #refresh()} results run; by default one daemon thread owned by the center. */
    public Builder listenerExecutor(Executor executor) {
      this.listenerExecutor = Objects.requireNonNull(executor, "executor == null");
      return this;
    }

    /**
     * Returns a center that fetches nothing until {@link NoticeCenter#refresh()}; does no I/O. Throws
     * {@link IllegalStateException} when no source was added.
     */
    public NoticeCenter build() {
      if (sources.isEmpty()) throw new IllegalStateException("at least one source is required: call addSource(...) before build()");
      return new NoticeCenter(this);
    }
  }

  /**
   * Receives notices from a {@link NoticeCenter}. Methods have no-op defaults, run on the center's
   * listener executor (the host's), and must be fast and never throw (exceptions are logged and
   * ignored).
   */
  public interface Listener {
    /**
     * A notice became relevant to this install (targeted, not ended, not dismissed) for the first
     * time. Called at most once per notice id per install, across restarts: the id is written to the
     * store before the call. When that write fails the call still happens, and the id is remembered
     * for this run only: after a restart the notice may be delivered again.
     */
    default void onNotice(Notice notice) {}

    /**
     * A {@link Notice.Type#MAINTENANCE} notice that was announced while upcoming reached its start.
     * At most once per notice per install; not called when the notice was first seen already active
     * (then {@link #onNotice} is the announcement).
     */
    default void onMaintenanceStarted(Notice notice) {}
  }
}
