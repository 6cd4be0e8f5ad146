package dev.helpline.server.internal;

import dev.helpline.Helpline;
import dev.helpline.HelplineException;
import dev.helpline.Submission;
import dev.helpline.SubmissionVetoedException;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import dev.helpline.server.ErrorReporter.Outcome;
import dev.helpline.server.FingerprintStore;
import dev.helpline.server.FingerprintStore.Tally;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * The error reporter's tickets: files an incident's ticket when the store makes this process its filer and the rate
 * limit allows, and keeps open incidents in step with the store and the desk (delivered or refused tickets, counts
 * not yet in the store, follow-up messages, solved tickets whose later failures start a new incident). {@link #file}
 * runs on the thread that saw a first occurrence; everything else on the reporter's own thread.
 */
public final class IncidentTickets {
  private final Helpline helpline;
  private final FingerprintStore store;
  private final Clock clock;
  private final String service;
  private final List<String> requestIdKeys;
  private final Duration followUpInterval;
  private final Duration dedupWindow;
  private final Duration filingTimeout;
  private final RateLimiter rateLimiter;
  private final Map<String, LocalIncident> incidents;
  private final AtomicLong rateLimited = new AtomicLong();
  private final DeferredLog log;

  /**
   * Works on {@code incidents}, the reporter's open incidents by fingerprint, which the reporter also adds to; logs
   * on {@code reporterThread} only (see {@link DeferredLog}).
   */
  public IncidentTickets(Helpline helpline, FingerprintStore store, Clock clock, String service,
      List<String> requestIdKeys, Duration followUpInterval, Duration dedupWindow, Duration filingTimeout,
      RateLimiter rateLimiter, Map<String, LocalIncident> incidents, Executor reporterThread) {
    this.log = new DeferredLog(LoggerFactory.getLogger(IncidentTickets.class), reporterThread);
    this.helpline = helpline;
    this.store = store;
    this.clock = clock;
    this.service = service;
    this.requestIdKeys = requestIdKeys;
    this.followUpInterval = followUpInterval;
    this.dedupWindow = dedupWindow;
    this.filingTimeout = filingTimeout;
    this.rateLimiter = rateLimiter;
    this.incidents = incidents;
  }

  /** Failures whose new ticket was held back by the rate limit so far. */
  public long rateLimitedCount() {
    return rateLimited.get();
  }

  /**
   * Files the incident's ticket when the rate limit allows; the caller was made its filer by the store. A ticket the
   * client does not queue takes no permit. One it refuses for good (vetoed by the host's hook, or breaking a limit)
   * marks the incident {@linkplain LocalIncident#refused refused}: its later failures are counted, not filed again.
   * Any other failure (outbox full, disk) leaves the incident to be filed by a later pass. A store that fails to
   * record a queued ticket does not undo it: the filing is recorded by a later pass, and this process stays the filer
   * meanwhile, so the incident is not filed twice.
   */
  public Outcome file(LocalIncident incident, Tally tally) {
    String fp = incident.fingerprint;
    if (incident.refused) {
      releaseQuietly(fp, tally.incident());
      return Outcome.COUNTED;
    }
    if (!rateLimiter.tryAcquire()) {
      rateLimited.incrementAndGet();
      releaseQuietly(fp, tally.incident());
      log.warn("the error-ticket rate limit is reached; the ticket for error {} is filed later", fp);
      return Outcome.RATE_LIMITED;
    }
    Submission submission;
    try {
      submission = helpline.submit(TicketText.draft(service, incident.first, fp, tally, requestIdKeys,
          followUpInterval));
    } catch (IOException | RuntimeException e) {
      rateLimiter.giveBack(); // nothing was queued
      releaseQuietly(fp, tally.incident());
      if (e instanceof SubmissionVetoedException || e instanceof IllegalArgumentException) {
        incident.refused = true;
        log.error("{} failed and its ticket was refused: {}; failures of error {} are counted, not filed again",
            incident.first.source(), e.toString(), fp);
      } else {
        log.error("{} failed and the failure could not be filed: {}", incident.first.source(), e.toString());
      }
      return Outcome.FAILED;
    }
    incident.submission = submission;
    try {
      store.filed(fp, tally.incident(), submission.id(), tally.count());
    } catch (IOException | RuntimeException e) {
      // The ticket is queued: releasing the incident would let the next record file it a second time.
      incident.unrecordedFiling = tally;
      log.warn("the ticket for error {} is queued but {} could not record it: {}; recorded later", fp, store,
          e.toString());
    }
    log.warn("{} failed; filed a ticket for error {}", incident.first.source(), fp);
    return Outcome.FILED;
  }

  private void releaseQuietly(String fp, String incidentId) {
    try {
      store.release(fp, incidentId);
    } catch (IOException e) {
      log.warn("could not release error {} in {}: {}", fp, store, e.toString());
    }
  }

  /**
   * One pass of the reporter's thread: notices delivered tickets, adds counts to the store, files
   * what this process must (after a rate limit or a dead filer), sends due follow-ups. Returns the
   * number of follow-ups sent.
   */
  public int syncPass(Duration interval) {
    int sent = 0;
    Instant now = clock.instant();
    for (LocalIncident incident : new ArrayList<>(incidents.values())) {
      try {
        if (sync(incident, now) && followUp(incident, now, interval)) sent++;
      } catch (IOException | RuntimeException e) {
        log.warn("could not sync error {} with {}: {}", incident.fingerprint, store, e.toString());
      }
    }
    return sent;
  }

  /** Returns false when the incident is gone from this process. */
  private boolean sync(LocalIncident incident, Instant now) throws IOException {
    Tally tally = incident.tally;
    if (tally == null) return false; // its first occurrence is still being recorded
    String fp = incident.fingerprint;
    Submission own = incident.submission;
    Tally unrecorded = incident.unrecordedFiling;
    if (own != null && unrecorded != null) {
      store.filed(fp, unrecorded.incident(), own.id(), unrecorded.count()); // before any record could make us file
      incident.unrecordedFiling = null;
    }
    if (own != null && !incident.ticketStored) {
      CompletableFuture<Ticket> delivery = own.delivery();
      if (delivery.isCompletedExceptionally()) {
        incident.submission = null; // refused for good: the next record makes someone file again
        store.refused(fp, tally.incident(), own.id());
      } else {
        Ticket t = delivery.getNow(null);
        if (t != null) {
          store.ticketDelivered(fp, tally.incident(), t.id());
          incident.ticketStored = true;
        }
      }
    }
    long delta = incident.pending.getAndSet(0);
    Tally fresh;
    try {
      fresh = delta > 0 ? store.record(fp, delta, incident.lastSeen(), dedupWindow, filingTimeout)
          : tally.ticketId() == null || incident.ticketStored ? store.get(fp) : tally;
    } catch (IOException e) {
      incident.pending.addAndGet(delta);
      throw e;
    }
    if (fresh == null || (delta == 0 && incident.lastSeen().isBefore(now.minus(dedupWindow)))) {
      incidents.remove(fp, incident);
      if (fresh != null) forgetIfExpired(fp, fresh == tally ? store.get(fp) : fresh, now);
      return false;
    }
    if (!fresh.incident().equals(tally.incident())) {
      incident.submission = null; // a new incident: its ticket is someone else's or ours to file
      incident.ticketStored = false;
      incident.unrecordedFiling = null;
      incident.refused = false;
    }
    incident.tally = fresh;
    if (fresh.mustFile()) file(incident, fresh);
    return fresh.ticketId() != null;
  }

  /**
   * Ends the store's incident when no instance has seen it for the window: the next occurrence would start a new one
   * anyway, and a store need not keep it (the in-memory one would otherwise keep every fingerprint ever seen).
   */
  private void forgetIfExpired(String fp, @Nullable Tally current, Instant now) throws IOException {
    if (current != null && current.lastSeen().isBefore(now.minus(dedupWindow))) store.forget(fp, current.incident());
  }

  private boolean followUp(LocalIncident incident, Instant now, Duration interval) throws IOException {
    Tally tally = incident.tally;
    if (tally == null || tally.ticketId() == null) return false;
    Tally claimed = store.claimFollowUp(incident.fingerprint, tally.incident(), now, interval);
    if (claimed == null) return false;
    String ticketId = Objects.requireNonNull(claimed.ticketId());
    TicketStatus status;
    try {
      status = helpline.ticket(ticketId).status();
      if (status != TicketStatus.SOLVED && status != TicketStatus.CLOSED && status != TicketStatus.REJECTED) {
        helpline.reply(ticketId, TicketText.followUp(claimed));
        return true;
      }
    } catch (IOException | HelplineException | IllegalStateException | IllegalArgumentException e) {
      log.warn("could not add the count of error {} to ticket {}: {}; the next follow-up carries it",
          incident.fingerprint, ticketId, e.toString());
      return false;
    }
    // The occurrences the claim carries came after the ticket's last update: they start a new incident,
    // with a ticket of its own, instead of going to a ticket that is done.
    long since = claimed.count() - claimed.reportedCount();
    store.forget(incident.fingerprint, claimed.incident());
    incident.pending.addAndGet(since);
    log.warn("ticket {} for error {} is {}; its {} later occurrence(s) file a new ticket", ticketId,
        incident.fingerprint, status, since);
    sync(incident, now);
    return false;
  }
}
