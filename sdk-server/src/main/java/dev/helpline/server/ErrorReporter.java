package dev.helpline.server;

import static dev.helpline.server.internal.Settings.within;

import dev.helpline.Helpline;
import dev.helpline.Submission;
import dev.helpline.server.FingerprintStore.Tally;
import dev.helpline.server.internal.DeferredLog;
import dev.helpline.server.internal.Fingerprints;
import dev.helpline.server.internal.IncidentTickets;
import dev.helpline.server.internal.LocalIncident;
import dev.helpline.server.internal.RateLimiter;
import dev.helpline.server.internal.ReportingGuard;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Turns a service's failures into support tickets without flooding the desk. Failures are grouped
 * by a fingerprint (exception type, message with numbers, ids, quoted values and timestamps
 * stripped, top frames of the application's own packages). The first failure of a fingerprint
 * files a ticket, with the failure's context (MDC entries, request id) redacted like any ticket;
 * later ones are only counted, and at most once per {@linkplain Builder#followUpInterval follow-up
 * interval} the count is added to the ticket as a message. When that message is due and the ticket
 * is solved, closed or rejected, the failures counted since its last update file a new ticket
 * instead; a fingerprint not seen for the {@linkplain Builder#dedupWindow deduplication window}
 * makes the next failure file a new ticket. A global {@linkplain Builder#rateLimit rate limit}
 * bounds new tickets of all fingerprints together. Counts live in a {@link FingerprintStore}: in
 * memory by default, shared by a fleet with a database store, so N instances file one ticket with
 * the total count.
 *
 * <pre>{@code
 * ErrorReporter reporter = ErrorReporter.builder(helpline).service("billing")
 *     .applicationPackages("com.acme.").build();
 * ErrorReporters.register(reporter);            // for the Logback appender and the JUL handler
 * }</pre>
 *
 * <p>Follow-up messages are replies of the service's requester, so the {@link Helpline} needs that
 * requester and its user token; without them only the first ticket is filed.
 *
 * <p>Threading: {@link #report} is thread-safe and never throws. A repeated failure costs a
 * fingerprint and a counter increment; the first one in this process also asks the store and, when
 * it must file, queues the ticket on the calling thread (a durable local write, no network). Counts
 * are added to the store, deliveries noticed and follow-ups sent on the reporter's own thread
 * every {@linkplain Builder#syncInterval sync interval}. Nothing the reporter does while reporting
 * is reported again, and nothing it logs about a report (filed, rate limited, failed) is logged on
 * the reporting thread: those lines are written by the reporter's thread, so a report made inside
 * a logging call (the Logback appender, also behind an {@code AsyncAppender}; the JUL handler)
 * never waits on the logging system it is part of.
 */
public final class ErrorReporter implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(ErrorReporter.class);
  private static final int MAX_FINGERPRINTS = 10_000;

  /** What became of one reported failure. */
  public enum Outcome {
    /**
     * A new ticket was queued for it. Also when the store then failed to record the filing: the reporter's thread
     * records it later, and the incident is not filed again meanwhile.
     */
    FILED,
    /** It was counted against an open incident (another instance or an earlier failure filed it). */
    COUNTED,
    /** A new ticket was due but the rate limit was reached; it was counted, and the next occurrence files it when the limit allows. */
    RATE_LIMITED,
    /** Not reported: raised while reporting, or the reporter is closed. */
    IGNORED,
    /**
     * It could not be counted or filed (store or outbox failure, logged), or the client refused its ticket for
     * good (vetoed by the {@code beforeSubmit} hook, or breaking a limit): then later occurrences of the
     * incident are counted and not filed again. A ticket that was not queued takes nothing of the rate limit.
     */
    FAILED
  }

  private final FingerprintStore store;
  private final Clock clock;
  private final String service;
  private final Duration followUpInterval;
  private final Duration dedupWindow;
  private final Duration filingTimeout;
  private final int frames;
  private final List<String> applicationPackages;
  private final ScheduledExecutorService worker;
  private final Map<String, LocalIncident> incidents = new ConcurrentHashMap<>();
  private final IncidentTickets tickets;
  /** What the reporting path logs: it often runs inside a logging call, so its lines are written by {@link #worker}. */
  private final DeferredLog reportLog;
  private volatile boolean closed;

  private ErrorReporter(Builder b) {
    store = b.store;
    clock = b.clock;
    service = b.service;
    followUpInterval = b.followUpInterval;
    dedupWindow = b.dedupWindow;
    filingTimeout = b.filingTimeout;
    frames = b.frames;
    applicationPackages = Collections.unmodifiableList(new ArrayList<>(b.applicationPackages));
    worker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "helpline-error-reporter");
      t.setDaemon(true);
      return t;
    });
    reportLog = new DeferredLog(log, worker);
    tickets = new IncidentTickets(b.helpline, store, clock, service,
        Collections.unmodifiableList(new ArrayList<>(b.requestIdKeys)), followUpInterval, dedupWindow, filingTimeout,
        new RateLimiter(clock, b.ratePermits, b.ratePeriod), incidents, worker);
    long every = b.syncInterval.toMillis();
    worker.scheduleWithFixedDelay(() -> ReportingGuard.run(() -> {
      tickets.syncPass(followUpInterval);
      return null;
    }), every, every, TimeUnit.MILLISECONDS);
  }

  /** A builder for a reporter that files through {@code helpline}; the reporter never closes it. */
  public static Builder builder(Helpline helpline) {
    return new Builder(helpline);
  }

  /** Reports {@code error} of {@code source} (a job's name), with this thread's MDC as context. Never throws. */
  public Outcome report(String source, Throwable error) {
    Objects.requireNonNull(error, "error == null");
    return report(ErrorEvent.builder(source).error(error).context(MDC.getCopyOfContextMap()).build());
  }

  /** Reports one failure. Never throws. */
  public Outcome report(ErrorEvent event) {
    Objects.requireNonNull(event, "event == null");
    if (closed || ReportingGuard.active()) return Outcome.IGNORED;
    return ReportingGuard.run(() -> {
      try {
        return record(event);
      } catch (RuntimeException e) {
        reportLog.warn("could not report a failure of {}: {}", event.source(), e.toString());
        return Outcome.FAILED;
      }
    });
  }

  /** The fingerprint this reporter gives {@code event}: 16 hex digits. */
  public String fingerprint(ErrorEvent event) {
    Throwable error = event.error();
    return error != null ? Fingerprints.of(error, applicationPackages, frames)
        : Fingerprints.ofMessage(event.source(), String.valueOf(event.message()));
  }

  private Outcome record(ErrorEvent event) {
    String fp = fingerprint(event);
    Instant now = clock.instant();
    LocalIncident[] created = new LocalIncident[1];
    LocalIncident incident = incidents.compute(fp, (k, existing) -> {
      if (existing != null && !existing.lastSeen().isBefore(now.minus(dedupWindow))) {
        existing.occurred(now);
        return existing;
      }
      if (existing == null && incidents.size() >= MAX_FINGERPRINTS) return null;
      created[0] = new LocalIncident(fp, event, now);
      return created[0];
    });
    if (incident == null) {
      reportLog.warn("{} fingerprints are open in this process; a failure of {} was not counted", MAX_FINGERPRINTS,
          event.source());
      return Outcome.FAILED;
    }
    if (created[0] == null) return Outcome.COUNTED;
    Tally tally;
    try {
      tally = store.record(fp, 1, now, dedupWindow, filingTimeout);
    } catch (IOException e) {
      incidents.remove(fp, incident);
      reportLog.warn("could not count a failure of {} in {}: {}", event.source(), store, e.toString());
      return Outcome.FAILED;
    }
    incident.tally = tally;
    return tally.mustFile() ? tickets.file(incident, tally) : Outcome.COUNTED;
  }

  /**
   * An uncaught-exception handler that reports the failure with the thread's name as the source ("thread" and its id
   * for a thread with a blank name).
   */
  public Thread.UncaughtExceptionHandler uncaughtExceptionHandler() {
    return (thread, error) -> {
      String name = thread.getName();
      report(name.trim().isEmpty() ? "thread " + thread.getId() : name, error);
    };
  }

  /**
   * Wraps a job so that an exception it throws is reported (and not rethrown, so a scheduler keeps it).
   *
   * @throws IllegalArgumentException when {@code job} is blank (it names the failure's source)
   */
  public Runnable guard(String job, Runnable task) {
    Objects.requireNonNull(job, "job == null");
    Objects.requireNonNull(task, "task == null");
    if (job.trim().isEmpty()) throw new IllegalArgumentException("job is blank");
    return () -> {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError) throw e;
        report(job, e);
      }
    };
  }

  /** Occurrences of this fingerprint's open incident as this process knows them (the store's count plus its own unsynced ones); 0 when none is open here. */
  public long occurrences(String fingerprint) {
    LocalIncident i = incidents.get(fingerprint);
    return i == null ? 0 : i.occurrences();
  }

  /** Fingerprints with an open incident in this process. */
  public List<String> openFingerprints() {
    return new ArrayList<>(incidents.keySet());
  }

  /** Failures whose new ticket was held back by the rate limit, since the reporter was built. */
  public long rateLimitedCount() {
    return tickets.rateLimitedCount();
  }

  /** Runs one pass of the reporter's thread now (at most 30 s); returns the follow-ups it sent, by the interval. */
  public int sync() throws InterruptedException {
    return pass(followUpInterval, System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
  }

  private int pass(Duration interval, long deadline) throws InterruptedException {
    try {
      return worker.submit(() -> ReportingGuard.run(() -> tickets.syncPass(interval)))
          .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
      log.warn("error counts were not synced: {}", e.toString());
      return 0;
    }
  }

  /**
   * Waits (at most {@code timeout} in total) for the tickets this process filed to be delivered,
   * adds every count to the store and sends each follow-up whose count changed, ignoring the
   * interval. For shutdown and tests. Returns the number of follow-ups sent.
   */
  public int flush(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int sent = pass(Duration.ZERO, deadline); // counts to the store; files what this process must
    for (LocalIncident i : new ArrayList<>(incidents.values())) {
      Submission s = i.submission;
      if (s == null) continue;
      try {
        s.delivery().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | TimeoutException e) {
        log.warn("the ticket for error {} is not delivered yet ({}); its count is sent later", i.fingerprint,
            e.toString());
      }
    }
    return sent + pass(Duration.ZERO, deadline);
  }

  /**
   * Stops the reporter's thread after a last pass of at most 5 s and at most 1 s more for the log
   * lines it still has to write; closes neither the client nor the store.
   */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    ErrorReporters.unregister(this);
    try {
      pass(followUpInterval, System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
      worker.shutdown(); // queued log lines are still written; the periodic pass is cancelled
      worker.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    worker.shutdownNow();
  }

  @Override public String toString() {
    return "ErrorReporter{" + service + ", " + store + "}";
  }

  /** Configures an {@link ErrorReporter}. Every setting has a default but the client. */
  public static final class Builder {
    private final Helpline helpline;
    private FingerprintStore store = FingerprintStore.inMemory();
    private Clock clock = Clock.systemUTC();
    private String service = "service";
    private Duration followUpInterval = Duration.ofMinutes(15);
    private Duration dedupWindow = Duration.ofHours(24);
    private Duration filingTimeout = Duration.ofMinutes(2);
    private Duration syncInterval = Duration.ofSeconds(1);
    private int frames = 5;
    private int ratePermits = 10;
    private Duration ratePeriod = Duration.ofMinutes(1);
    private List<String> applicationPackages = List.of();
    private List<String> requestIdKeys = List.of("requestId", "request_id", "X-Request-ID", "traceId");

    private Builder(Helpline helpline) {
      this.helpline = Objects.requireNonNull(helpline, "helpline == null");
    }

    /** Where counts are kept; default {@link FingerprintStore#inMemory()}. The reporter does not close it. */
    public Builder store(FingerprintStore store) {
      this.store = Objects.requireNonNull(store, "store == null");
      return this;
    }

    /** The clock of windows, intervals and the rate limit; tests inject one. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** The service's name, shown in ticket subjects. */
    public Builder service(String service) {
      Objects.requireNonNull(service, "service == null");
      if (service.trim().isEmpty()) throw new IllegalArgumentException("service is blank");
      this.service = service;
      return this;
    }

    /** The least time between two follow-up messages on one ticket: 1 s to 1 day (default 15 min). */
    public Builder followUpInterval(Duration interval) {
      followUpInterval = within("followUpInterval", interval, Duration.ofSeconds(1), Duration.ofDays(1));
      return this;
    }

    /** How long after its last occurrence a failure still counts against its ticket: 1 min to 30 days (default 24 h). */
    public Builder dedupWindow(Duration window) {
      dedupWindow = within("dedupWindow", window, Duration.ofMinutes(1), Duration.ofDays(30));
      return this;
    }

    /** How long a filer may take before another instance files in its place: 10 s to 1 h (default 2 min). */
    public Builder filingTimeout(Duration timeout) {
      filingTimeout = within("filingTimeout", timeout, Duration.ofSeconds(10), Duration.ofHours(1));
      return this;
    }

    /** How often counts go to the store and follow-ups are considered: 10 ms to 1 min (default 1 s). */
    public Builder syncInterval(Duration interval) {
      syncInterval = within("syncInterval", interval, Duration.ofMillis(10), Duration.ofMinutes(1));
      return this;
    }

    /** How many stack frames of the application's packages make the fingerprint: 1 to 50 (default 5). */
    public Builder frames(int frames) {
      if (frames < 1 || frames > 50) {
        throw new IllegalArgumentException("frames is " + frames + "; it must lie between 1 and 50");
      }
      this.frames = frames;
      return this;
    }

    /**
     * Package prefixes of the application ("com.acme."): only their frames make the fingerprint, so
     * a failure keeps its fingerprint across framework upgrades. Default none: the top frames count.
     */
    public Builder applicationPackages(String... prefixes) {
      for (String p : prefixes) {
        if (p == null || p.trim().isEmpty()) throw new IllegalArgumentException("applicationPackages has a blank prefix");
      }
      applicationPackages = List.copyOf(Arrays.asList(prefixes));
      return this;
    }

    /** At most {@code tickets} new tickets (all fingerprints together) per {@code period}: 1 to 10,000 per 1 s to 1 day (default 10 per minute). */
    public Builder rateLimit(int tickets, Duration period) {
      if (tickets < 1 || tickets > 10_000) {
        throw new IllegalArgumentException("rateLimit tickets is " + tickets + "; it must lie between 1 and 10000");
      }
      ratePeriod = within("rateLimit period", period, Duration.ofSeconds(1), Duration.ofDays(1));
      ratePermits = tickets;
      return this;
    }

    /** Context keys whose value is the request id, first found wins (default requestId, request_id, X-Request-ID, traceId). */
    public Builder requestIdKeys(String... keys) {
      requestIdKeys = List.copyOf(Arrays.asList(keys));
      return this;
    }

    /** Returns the reporter and starts its daemon thread, which syncs until {@link ErrorReporter#close()}. */
    public ErrorReporter build() {
      return new ErrorReporter(this);
    }
  }
}
