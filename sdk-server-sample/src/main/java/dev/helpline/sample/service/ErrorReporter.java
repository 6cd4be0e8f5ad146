package dev.helpline.sample.service;

import dev.helpline.Helpline;
import dev.helpline.HelplineException;
import dev.helpline.Priority;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.TicketDraft;
import dev.helpline.TicketStatus;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files a support ticket when a job of a JVM service fails, without flooding the desk. Failures are grouped by a
 * {@linkplain #fingerprint(Throwable, int) fingerprint} (exception type and top stack frames, hashed). The first
 * failure of a fingerprint files a ticket whose custom fields carry the fingerprint, the count and the first and
 * last seen times. While that ticket is open, further failures are only counted; at most once per
 * {@linkplain Builder#followUpInterval(Duration) interval} the new count and the last seen time are added to the
 * ticket as a message. When the ticket is solved or closed, the next failure files a new one.
 *
 * <p>Follow-up messages are replies of the service's requester, so the {@link Helpline} must be built with that
 * requester and its user token ({@link Helpline.Builder#userToken(String)}); without them only the first ticket is
 * filed and follow-ups fail with a logged warning.
 *
 * <p>Threading: {@link #report} is thread-safe and cheap for repeated failures (a map lookup and a counter); it
 * files the first ticket on the calling thread (diagnostics within their time budget and a durable local write, no
 * network) and sends follow-ups on the reporter's own thread. It never throws: a failure to report is logged.
 */
public final class ErrorReporter implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(ErrorReporter.class);
  private static final int MAX_SUBJECT_CHARS = 180;

  private final Helpline helpline;
  private final Clock clock;
  private final Duration followUpInterval;
  private final int frames;
  private final String service;
  private final ExecutorService followUps;
  private final Map<String, Incident> incidents = new ConcurrentHashMap<>();

  private ErrorReporter(Builder b) {
    this.helpline = b.helpline;
    this.clock = b.clock;
    this.followUpInterval = b.followUpInterval;
    this.frames = b.frames;
    this.service = b.service;
    this.followUps = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "error-reporter-follow-ups");
      t.setDaemon(true);
      return t;
    });
  }

  public static Builder builder(Helpline helpline) {
    return new Builder(helpline);
  }

  /** One fingerprint's failures while its ticket is open. */
  private static final class Incident {
    final String fingerprint;
    final Instant firstSeen;
    final AtomicLong count = new AtomicLong(1);
    volatile Instant lastSeen;
    volatile @Nullable Submission submission;
    /** One permit: whoever holds it may send this incident's follow-up (and touch the two fields below). */
    final Semaphore followUp = new Semaphore(1);
    long reportedCount = 1;
    Instant lastFollowUpAt;

    Incident(String fingerprint, Instant now) {
      this.fingerprint = fingerprint;
      this.firstSeen = now;
      this.lastSeen = now;
      this.lastFollowUpAt = now;
    }

    void occurred(Instant now) {
      count.incrementAndGet();
      // Concurrent reports may arrive out of clock order; keep the latest.
      synchronized (this) {
        if (now.isAfter(lastSeen)) lastSeen = now;
      }
    }

    @Nullable String ticketId() {
      Submission s = submission;
      if (s == null) return null;
      if (s.ticketId() != null) return s.ticketId();
      Ticket t = s.delivery().getNow(null);
      return t != null ? t.id() : null;
    }
  }

  /** Reports a failure of {@code job}. Never throws. */
  public void report(String job, Throwable error) {
    Objects.requireNonNull(job, "job == null");
    Objects.requireNonNull(error, "error == null");
    String fp = fingerprint(error, frames);
    Instant now = clock.instant();
    Incident[] created = new Incident[1];
    Incident incident = incidents.compute(fp, (k, existing) -> {
      if (existing != null) {
        existing.occurred(now);
        return existing;
      }
      Incident fresh = new Incident(fp, now);
      created[0] = fresh;
      return fresh;
    });
    if (created[0] != null) {
      fileTicket(job, error, incident);
    } else {
      maybeFollowUp(incident, now);
    }
  }

  /** An uncaught-exception handler that reports the failure with the thread's name as the job. */
  public Thread.UncaughtExceptionHandler uncaughtExceptionHandler() {
    return (thread, error) -> report(thread.getName(), error);
  }

  /** Wraps a job so that an exception it throws is reported (and not rethrown, so a scheduler keeps it). */
  public Runnable guard(String job, Runnable task) {
    Objects.requireNonNull(job, "job == null");
    Objects.requireNonNull(task, "task == null");
    return () -> {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError) throw e;
        report(job, e);
      }
    };
  }

  /** How many failures were counted for this fingerprint while its ticket is open; 0 when none is. */
  public long occurrences(String fingerprint) {
    Incident i = incidents.get(fingerprint);
    return i == null ? 0 : i.count.get();
  }

  /** Fingerprints with an open incident. */
  public List<String> openFingerprints() {
    return new ArrayList<>(incidents.keySet());
  }

  /**
   * Waits (at most {@code timeout} in total) for the tickets of open incidents to be delivered, then sends every
   * follow-up whose count changed, ignoring the interval. For shutdown and tests. Returns the number sent.
   */
  public int flush(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int sent = 0;
    for (Incident i : new ArrayList<>(incidents.values())) {
      Submission s = i.submission;
      if (s == null) continue;
      try {
        s.delivery().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | TimeoutException e) {
        log.warn("the ticket for error {} is not delivered yet ({}); its count is sent later", i.fingerprint,
            e.toString());
        continue;
      }
      // A follow-up may be in flight on the reporter's thread; wait for it, then send what it did not include.
      if (!i.followUp.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) continue;
      try {
        if (sendFollowUp(i)) sent++;
      } finally {
        i.followUp.release();
      }
    }
    return sent;
  }

  /** Stops the follow-up thread. Counts not yet sent are lost; call {@link #flush} first to send them. */
  @Override
  public void close() {
    followUps.shutdownNow();
  }

  private void fileTicket(String job, Throwable error, Incident incident) {
    String type = error.getClass().getName();
    String message = error.getMessage() != null ? error.getMessage() : "";
    String subject = "[" + service + "] " + job + ": " + error.getClass().getSimpleName()
        + (message.isEmpty() ? "" : ": " + message);
    if (subject.length() > MAX_SUBJECT_CHARS) subject = subject.substring(0, MAX_SUBJECT_CHARS - 1) + "…";
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    String stack = trace.toString();
    if (stack.length() > 16 * 1024) stack = stack.substring(0, 16 * 1024) + "\n…[truncated]";
    TicketDraft draft = TicketDraft.builder()
        .subject(subject)
        .description("Job '" + job + "' of " + service + " failed.\n\n" + stack
            + "\nFurther failures with the same fingerprint are counted and added to this ticket at most once every "
            + followUpInterval.toMinutes() + " min; no new ticket is opened while this one is open.")
        .priority(Priority.HIGH)
        .category("error-report")
        .addTag("error-report")
        .customField("error.fingerprint", incident.fingerprint)
        .customField("error.type", type)
        .customField("error.job", job)
        .customField("error.occurrences", "1")
        .customField("error.first_seen", incident.firstSeen.toString())
        .customField("error.last_seen", incident.lastSeen.toString())
        .includeDiagnostics(true)
        .build();
    try {
      incident.submission = helpline.submit(draft);
      log.warn("job {} failed with {}; filed ticket (fingerprint {})", job, type, incident.fingerprint);
    } catch (IOException | RuntimeException e) {
      // Not filed: forget the incident so the next failure tries again.
      incidents.remove(incident.fingerprint, incident);
      log.error("job {} failed with {} and the failure could not be filed: {}", job, type, e.toString());
    }
  }

  private void maybeFollowUp(Incident incident, Instant now) {
    if (incident.ticketId() == null) return; // counted; the first follow-up comes after delivery
    if (now.isBefore(incident.lastFollowUpAt.plus(followUpInterval))) return;
    if (!incident.followUp.tryAcquire()) return;
    try {
      followUps.execute(() -> {
        try {
          sendFollowUp(incident);
        } finally {
          incident.followUp.release();
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      incident.followUp.release();
    }
  }

  /** Sends the count if it changed; the caller holds the incident's permit. Returns whether a message was added. */
  private boolean sendFollowUp(Incident incident) {
    String ticketId = incident.ticketId();
    if (ticketId == null) return false;
    long count = incident.count.get();
    Instant now = clock.instant();
    if (count == incident.reportedCount) return false;
    try {
      TicketStatus status = helpline.ticket(ticketId).status();
      if (status == TicketStatus.SOLVED || status == TicketStatus.CLOSED || status == TicketStatus.REJECTED) {
        incidents.remove(incident.fingerprint, incident);
        log.warn("ticket {} for error {} is {}; the next failure files a new ticket ({} failures since were not"
            + " added)", ticketId, incident.fingerprint, status, count - incident.reportedCount);
        return false;
      }
      long added = count - incident.reportedCount;
      helpline.reply(ticketId, "Seen " + added + " more time(s) since the last update; " + count
          + " occurrences in total.\nerror.occurrences: " + count + "\nerror.first_seen: " + incident.firstSeen
          + "\nerror.last_seen: " + incident.lastSeen);
      incident.reportedCount = count;
      incident.lastFollowUpAt = now;
      return true;
    } catch (IOException | HelplineException | IllegalStateException | IllegalArgumentException e) {
      log.warn("could not add the count of error {} to ticket {}: {}; retried at the next failure",
          incident.fingerprint, ticketId, e.toString());
      return false;
    }
  }

  /**
   * The fingerprint of a failure: SHA-256 over the exception type and its top {@code frames} stack frames (class
   * and method, without line numbers so that unrelated edits keep the fingerprint), as 16 hex digits.
   */
  public static String fingerprint(Throwable error, int frames) {
    StringBuilder key = new StringBuilder(error.getClass().getName());
    StackTraceElement[] trace = error.getStackTrace();
    for (int i = 0; i < Math.min(frames, trace.length); i++) {
      key.append('\n').append(trace[i].getClassName()).append('.').append(trace[i].getMethodName());
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < 8; i++) hex.append(String.format("%02x", hash[i]));
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM provides SHA-256", e);
    }
  }

  /** Configures an {@link ErrorReporter}. */
  public static final class Builder {
    private final Helpline helpline;
    private Clock clock = Clock.systemUTC();
    private Duration followUpInterval = Duration.ofMinutes(15);
    private int frames = 5;
    private String service = "service";

    private Builder(Helpline helpline) {
      this.helpline = Objects.requireNonNull(helpline, "helpline == null");
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** The least time between two follow-up messages on one ticket: 1 s to 1 day (default 15 min). */
    public Builder followUpInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval == null");
      if (interval.getSeconds() < 1 || interval.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("followUpInterval is " + interval + "; it must lie between 1 s and 1 day");
      }
      this.followUpInterval = interval;
      return this;
    }

    /** How many top stack frames make the fingerprint: 1 to 50 (default 5). */
    public Builder frames(int frames) {
      if (frames < 1 || frames > 50) {
        throw new IllegalArgumentException("frames is " + frames + "; it must lie between 1 and 50");
      }
      this.frames = frames;
      return this;
    }

    /** The service's name, shown in ticket subjects. */
    public Builder service(String service) {
      Objects.requireNonNull(service, "service == null");
      if (service.trim().isEmpty()) throw new IllegalArgumentException("service is blank");
      this.service = service;
      return this;
    }

    public ErrorReporter build() {
      return new ErrorReporter(this);
    }
  }
}
