package dev.helpline.status;

import dev.helpline.status.StatusSource.Validators;
import dev.helpline.status.StatusSource.FetchResult;
import dev.helpline.status.StatusSnapshot.Indicator;
import dev.helpline.TicketDraft;
import dev.helpline.internal.DaemonThreads;
import dev.helpline.internal.PollDelay;
import dev.helpline.internal.event.Listeners;
import dev.helpline.internal.http.HttpStatusException;
import dev.helpline.internal.status.IncidentMatcher;
import dev.helpline.internal.status.StatusCache;
import dev.helpline.internal.status.StatusDiff;
import dev.helpline.internal.status.SummaryJson;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a {@link StatusSource}, keeps the latest {@link StatusSnapshot} in memory and on disk, and
 * reports changes to {@link Listener}s.
 *
 * <pre>{@code
 * StatusMonitor monitor = StatusMonitor.builder(StatusSource.statuspage("https://status.example.com", http))
 *     .cacheDirectory(dataDir.resolve("status"))
 *     .listenerExecutor(mainThreadExecutor)
 *     .build();
 * monitor.addListener(new Listener() {
 *   @Override public void onIncidentOpened(Incident incident) { banner.show(incident.name()); }
 * });
 * monitor.start();
 * }</pre>
 *
 * <p>Threading: every fetch and every disk access runs on the scheduler (by default one daemon
 * thread owned by the monitor); no method blocks its caller on I/O. Polling uses conditional GETs; a
 * 304 keeps the snapshot and refreshes its {@code fetchedAt}. After a failure the next attempt waits
 * {@code interval × 2^failures}, or as long as the feed's {@code Retry-After} asks when that is longer, capped at
 * the maximum backoff. While paused (the host is in the
 * background) no periodic fetch happens; {@link #refresh()} still fetches.
 *
 * <p>The disk cache is one file, {@code status-snapshot.json}, in the cache directory (created on the
 * poll thread at the first write). It is read on the first poll, so {@link #current()} may return the
 * previous run's snapshot, marked stale, while the network is down.
 */
public final class StatusMonitor implements Closeable {
  /** The time between polls unless configured otherwise. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
  /** The shortest time between polls a monitor accepts. */
  public static final Duration MIN_INTERVAL = Duration.ofSeconds(30);
  /** The longest wait after failed polls unless configured otherwise. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(15);
  /** The custom field {@link #attachIncident} sets. */
  public static final String INCIDENT_FIELD = "incident";
  static final String CACHE_FILE = StatusCache.FILE;

  private static final Logger log = LoggerFactory.getLogger(StatusMonitor.class);

  private final StatusSource source;
  private final @Nullable StatusCache cache;
  private final Duration interval;
  private final Duration maxBackoff;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private final Executor listenerExecutor;
  private final @Nullable ExecutorService ownedListenerExecutor;
  private final Listeners<Listener> listeners;
  private final Object lock = new Object();
  /** {@link #refresh()} results not yet completed, for {@link #close()} to complete. */
  private final Set<CompletableFuture<StatusSnapshot>> pendingRefreshes = ConcurrentHashMap.newKeySet();

  private volatile @Nullable StatusSnapshot current;
  private volatile boolean started;
  private volatile boolean paused;
  private volatile boolean closed;
  private volatile @Nullable ScheduledFuture<?> next;

  // Guarded by lock: touched only by poll tasks.
  private boolean cacheLoaded;
  private Validators validators = Validators.none();
  private int failures;
  private @Nullable Instant lastAttempt;
  /** How long after {@link #lastAttempt} the next periodic poll is due: the interval, or the back-off after failures. */
  private Duration pollWait;

  private StatusMonitor(Builder b) {
    this.source = b.source;
    this.cache = b.cacheDirectory == null ? null : new StatusCache(b.cacheDirectory, b.source);
    this.interval = b.interval;
    this.maxBackoff = b.maxBackoff.compareTo(b.interval) < 0 ? b.interval : b.maxBackoff;
    this.pollWait = b.interval;
    this.clock = b.clock;
    if (b.scheduler != null) {
      this.scheduler = b.scheduler;
      this.ownsScheduler = false;
    } else {
      ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, DaemonThreads.factory("helpline-status"));
      pool.setRemoveOnCancelPolicy(true);
      this.scheduler = pool;
      this.ownsScheduler = true;
    }
    if (b.listenerExecutor != null) {
      this.listenerExecutor = b.listenerExecutor;
      this.ownedListenerExecutor = null;
    } else {
      this.ownedListenerExecutor = DaemonThreads.pool("helpline-status-callback", 1);
      this.listenerExecutor = ownedListenerExecutor;
    }
    this.listeners = new Listeners<>("Listener", listenerExecutor);
  }

  /** A builder for a monitor of {@code source}; throws {@link NullPointerException} when it is null. */
  public static Builder builder(StatusSource source) {
    return new Builder(source);
  }

  /**
   * Starts polling: the first poll (cache load, then fetch) is scheduled at once and runs on the
   * scheduler. Calling it again has no effect.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public void start() {
    if (closed) throw new IllegalStateException("StatusMonitor is closed");
    if (started) return;
    started = true;
    submit(() -> poll(true, null));
  }

  /** The latest snapshot (possibly stale), or null before the first fetch or cache load completed. Never blocks. */
  public @Nullable StatusSnapshot current() {
    return current;
  }

  /**
   * Fetches now, even while paused, and completes with the resulting snapshot on the listener
   * executor; completes exceptionally with the fetch's {@link IOException} (the last snapshot stays
   * current), or with {@link IllegalStateException} once closed, also when {@link #close()} runs
   * while the refresh is queued or fetching. It always completes.
   */
  public CompletableFuture<StatusSnapshot> refresh() {
    CompletableFuture<StatusSnapshot> result = new CompletableFuture<>();
    if (closed) {
      result.completeExceptionally(new IllegalStateException("StatusMonitor is closed"));
      return result;
    }
    pendingRefreshes.add(result);
    result.whenComplete((s, e) -> pendingRefreshes.remove(result));
    if (closed) settleClosed(result); // close() ran meanwhile and may have missed it
    try {
      scheduler.execute(() -> poll(false, result));
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new IllegalStateException("StatusMonitor is closed", e));
    }
    return result;
  }

  /** Stops periodic polling until {@link #resume()}, for example while the app is in the background. */
  public void pause() {
    paused = true;
    ScheduledFuture<?> n = next;
    if (n != null) n.cancel(false);
  }

  /**
   * Resumes periodic polling; polls at once when the last attempt is older than the interval (after failed
   * fetches: than the back-off wait, which resuming does not cut short), and never waits longer than that
   * (also when the device clock was set back meanwhile).
   */
  public void resume() {
    paused = false;
    submit(() -> {
      synchronized (lock) {
        if (!started || closed || paused) return;
        ScheduledFuture<?> n = next;
        if (n != null && !n.isDone()) return;
        scheduleNext(PollDelay.untilDue(pollWait, lastAttempt, clock.instant()));
      }
    });
  }

  /** {@link #resume()} when {@code foreground}, {@link #pause()} otherwise. */
  public void setForeground(boolean foreground) {
    if (foreground) resume();
    else pause();
  }

  /** Whether periodic polling is paused. */
  public boolean isPaused() {
    return paused;
  }

  /** Adds a listener for the events from now on; any thread. Throws {@link NullPointerException} for null. */
  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  /** Removes a listener; events already dispatched to it may still arrive. Any thread. */
  public void removeListener(Listener listener) {
    listeners.remove(listener);
  }

  /**
   * Active incidents of the current snapshot that plausibly concern {@code draft}: those whose
   * affected component (or its group) is named by the draft's category or a custom field value come
   * first, then those sharing significant words with the draft's subject and description (one in the
   * incident's name, or two in its latest update; stop words and words under three letters are
   * ignored, case-insensitively). Empty when there is no snapshot. Never blocks.
   */
  public List<Incident> matchIncidents(TicketDraft draft) {
    Objects.requireNonNull(draft, "draft == null");
    StatusSnapshot s = current;
    if (s == null) return Collections.emptyList();
    return IncidentMatcher.match(s, draft);
  }

  /** A copy of {@code draft} with the incident's id in custom field {@value #INCIDENT_FIELD}. */
  public static TicketDraft attachIncident(TicketDraft draft, Incident incident) {
    Objects.requireNonNull(draft, "draft == null");
    Objects.requireNonNull(incident, "incident == null");
    return draft.toBuilder().customField(INCIDENT_FIELD, incident.id()).build();
  }

  /**
   * Stops polling and releases the monitor's own threads; a {@link #refresh()} not yet completed
   * completes with {@link IllegalStateException}. In-flight callbacks may still run. Idempotent.
   */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    ScheduledFuture<?> n = next;
    if (n != null) n.cancel(false);
    if (ownsScheduler) scheduler.shutdownNow(); // queued polls never run; one in flight may not return soon
    for (CompletableFuture<StatusSnapshot> pending : pendingRefreshes) settleClosed(pending);
    if (ownedListenerExecutor != null) DaemonThreads.shutdownAfterQueued(ownedListenerExecutor);
  }

  private void submit(Runnable task) {
    try {
      scheduler.execute(task);
    } catch (RejectedExecutionException e) {
      if (!closed) throw e;
    }
  }

  private void poll(boolean periodic, @Nullable CompletableFuture<StatusSnapshot> result) {
    synchronized (lock) {
      if (closed) {
        if (result != null) settleClosed(result);
        return;
      }
      loadCacheOnce();
      if (periodic && paused) return;
      lastAttempt = clock.instant();
      StatusSnapshot previous = current;
      StatusSnapshot fresh;
      List<Consumer<Listener>> events = new ArrayList<>();
      try {
        FetchResult fetched;
        try {
          fetched = source.fetch(previous == null || validators.isEmpty() ? null : validators);
        } catch (RuntimeException e) {
          throw new IOException("status source " + source + " failed: " + e, e);
        }
        if (fetched == null) throw new IOException("status source " + source + " returned null instead of a FetchResult");
        Instant now = clock.instant();
        StatusSnapshot body = fetched.snapshot();
        if (body == null) {
          if (previous == null) throw new IOException("status source " + source + " answered not modified without a snapshot");
          fresh = previous.withFetchedAt(now, false);
        } else {
          fresh = body.withFetchedAt(now, false);
          if (previous != null) events.addAll(StatusDiff.diff(previous, fresh));
        }
        validators = fetched.validators();
        failures = 0;
      } catch (IOException e) {
        failures++;
        int count = failures;
        log.warn("Status fetch from {} failed ({} in a row): {}", source, count, e.toString());
        if (previous != null && !previous.stale()) current = previous.withFetchedAt(previous.fetchedAt(), true);
        listeners.dispatch(l -> l.onFetchFailed(e, count));
        if (result != null) listeners.settle(() -> result.completeExceptionally(e));
        scheduleNext(pollWait = backoff(e));
        return;
      }
      current = fresh;
      if (cache != null) cache.write(fresh, validators);
      StatusSnapshot s = fresh;
      List<Consumer<Listener>> all = new ArrayList<>();
      all.add(l -> l.onSnapshot(s));
      all.addAll(events);
      listeners.dispatchAll(all);
      if (result != null) listeners.settle(() -> result.complete(s));
      scheduleNext(pollWait = interval);
    }
  }

  /** Doubles per failure up to the cap; longer when the server asked for longer, but never beyond the cap. */
  private Duration backoff(IOException failure) {
    long factor = 1L << Math.min(failures, 20);
    Duration d = interval.multipliedBy(factor);
    Duration asked = HttpStatusException.askedWait(failure, clock);
    if (asked != null && asked.compareTo(d) > 0) d = asked;
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }

  /** Replaces the pending periodic poll. Only the next periodic poll is ever pending. */
  private void scheduleNext(Duration delay) {
    if (!started || closed) return;
    ScheduledFuture<?> n = next;
    if (n != null) n.cancel(false);
    if (paused) {
      next = null;
      return;
    }
    try {
      next = scheduler.schedule(() -> poll(true, null), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      if (!closed) throw e;
    }
  }

  private void loadCacheOnce() {
    if (cacheLoaded) return;
    cacheLoaded = true;
    SummaryJson.Parsed parsed = cache == null ? null : cache.load(clock.instant());
    if (parsed == null) return;
    StatusSnapshot cached = parsed.snapshot.withFetchedAt(parsed.snapshot.fetchedAt(), true);
    current = cached;
    validators = parsed.validators;
    listeners.dispatch(l -> l.onSnapshot(cached));
  }

  private void settleClosed(CompletableFuture<StatusSnapshot> result) {
    listeners.settle(() -> result.completeExceptionally(new IllegalStateException("StatusMonitor is closed")));
  }

  @Override
  public String toString() {
    return "StatusMonitor{" + source + ", interval=" + interval + (paused ? ", paused" : "") + (closed ? ", closed" : "") + "}";
  }

  /** Configures a {@link StatusMonitor}. Setters validate and reject null. */
  public static final class Builder {
    private final StatusSource source;
    private @Nullable Path cacheDirectory;
    private Duration interval = DEFAULT_INTERVAL;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private Clock clock = Clock.systemUTC();
    private @Nullable ScheduledExecutorService scheduler;
    private @Nullable Executor listenerExecutor;

    Builder(StatusSource source) {
      this.source = Objects.requireNonNull(source, "source == null");
    }

    /** Where the last good snapshot is kept for offline start-up; not created until the first write. No cache when unset. */
    public Builder cacheDirectory(Path directory) {
      this.cacheDirectory = Objects.requireNonNull(directory, "directory == null");
      return this;
    }

    /**
     * Time between polls (default 60 s).
     *
     * @throws IllegalArgumentException when shorter than {@link #MIN_INTERVAL} (30 s)
     */
    public Builder interval(Duration interval) {
      Objects.requireNonNull(interval, "interval == null");
      if (interval.compareTo(MIN_INTERVAL) < 0) {
        throw new IllegalArgumentException("interval must be at least " + MIN_INTERVAL.getSeconds() + " s but was " + interval);
      }
      this.interval = interval;
      return this;
    }

    /**
     * The longest wait between attempts after errors: positive (default 15 min); a value shorter than the interval
     * is raised to it.
     */
    public Builder maxBackoff(Duration maxBackoff) {
      Objects.requireNonNull(maxBackoff, "maxBackoff == null");
      if (maxBackoff.isNegative() || maxBackoff.isZero()) {
        throw new IllegalArgumentException("maxBackoff must be positive but was " + maxBackoff);
      }
      this.maxBackoff = maxBackoff;
      return this;
    }

    /** The clock for fetch times and poll timing; tests inject one. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Runs polls and disk access. It should run tasks one at a time; the monitor does not shut it
     * down. By default the monitor owns one daemon thread.
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler == null");
      return this;
    }

    /** Where listener callbacks and {@link #refresh()} results run; by default one daemon thread owned by the monitor. */
    public Builder listenerExecutor(Executor executor) {
      this.listenerExecutor = Objects.requireNonNull(executor, "executor == null");
      return this;
    }

    /** Returns a monitor that does not poll until {@link StatusMonitor#start()}; does no I/O. */
    public StatusMonitor build() {
      return new StatusMonitor(this);
    }
  }

  /**
   * Receives what a {@link StatusMonitor} learns. Every method has a no-op default; override the ones
   * you need. Methods are called on the monitor's listener executor (the host's), in the order the
   * events happened, and must be fast and never throw (a thrown exception is logged and ignored).
   *
   * <p>Change events compare a new snapshot with the previous one, which after a restart is the one
   * from the disk cache; the very first snapshot of an install produces {@link #onSnapshot} only.
   */
  public interface Listener {
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
}
