package dev.helpline.server;

import dev.helpline.server.internal.InMemoryFingerprintStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where an {@link ErrorReporter} counts failures by fingerprint and decides who files the ticket.
 * The default ({@link #inMemory()}) counts within one process; a store shared by a fleet (for
 * example {@code dev.helpline.store.postgres.PostgresFingerprintStore}) counts across every
 * instance, so N instances reporting one failure file one ticket with the total count.
 *
 * <p>An <em>incident</em> is one ticket's worth of a fingerprint's failures. It starts with the
 * first occurrence, ends when its ticket is solved or when no occurrence was seen for the
 * deduplication window (the reporter calls {@link #forget} in both cases, so a store need not keep
 * an ended incident), and is named by an id every later call passes back, so a call about an old
 * incident never changes a new one.
 *
 * <p>Contract: every method is atomic with respect to the others, across every process sharing
 * the store; all may block on I/O and are thread-safe. Failures are {@link IOException}s naming
 * the store, never a credential. The reporter calls the store from its own thread, except the
 * first occurrence of a fingerprint in a process, which is recorded on the reporting thread.
 */
public interface FingerprintStore extends AutoCloseable {
  /** A store that counts within this process only. */
  static FingerprintStore inMemory() {
    return new InMemoryFingerprintStore();
  }

  /**
   * Adds {@code occurrences} (at least 1) of {@code fingerprint}, last seen {@code at}. Starts a new
   * incident when there is none or the last occurrence is more than {@code window} before
   * {@code at}. The caller is made the incident's filer ({@link Tally#mustFile()}) when the incident
   * is new, or has neither a filer nor a submission, or its filer claimed it more than
   * {@code filingTimeout} ago without recording a submission (it died while filing).
   */
  Tally record(String fingerprint, long occurrences, Instant at, Duration window, Duration filingTimeout)
      throws IOException;

  /**
   * The filer of {@code incident} queued its ticket as {@code submissionId}, showing
   * {@code countShown} occurrences (which now count as reported).
   */
  void filed(String fingerprint, String incident, String submissionId, long countShown) throws IOException;

  /**
   * The filer of {@code incident} could not queue its ticket (rate limited, outbox failure): the
   * next record may file. Does nothing once a submission is recorded: a filer that went silent
   * and comes back must not free an incident another instance has filed since; a queued ticket
   * the desk refused is reported with {@link #refused}.
   */
  void release(String fingerprint, String incident) throws IOException;

  /**
   * The ticket of {@code incident} queued as {@code submissionId} was refused for good before it
   * was delivered: the next record may file again, and nothing counts as reported. Only while
   * {@code submissionId} is still the recorded submission and no ticket was delivered; otherwise
   * (another instance filed since, or a ticket arrived) it does nothing, so a late or stale call
   * never makes a fleet file twice.
   *
   * <p>The default calls {@link #release}, which keeps a recorded submission: such a store never
   * files a refused incident again until it expires. Stores should implement this method.
   */
  default void refused(String fingerprint, String incident, String submissionId) throws IOException {
    release(fingerprint, incident);
  }

  /** The ticket of {@code incident} was delivered as {@code ticketId}; any instance may now follow it up. */
  void ticketDelivered(String fingerprint, String incident, String ticketId) throws IOException;

  /**
   * Claims the next follow-up of {@code incident}: succeeds when its ticket is known, occurrences
   * were added since the last follow-up, and the last one was at least {@code interval} before
   * {@code now}. On success the occurrences up to now count as reported, so exactly one caller
   * sends them; the returned tally carries the previous {@link Tally#reportedCount()}. Null otherwise.
   */
  @Nullable Tally claimFollowUp(String fingerprint, String incident, Instant now, Duration interval)
      throws IOException;

  /** The current tally of {@code fingerprint}, or null when it has no incident. */
  @Nullable Tally get(String fingerprint) throws IOException;

  /**
   * Ends {@code incident} (its ticket was solved or closed, or no instance saw it for the deduplication window): the
   * next occurrence starts a new one, and the store may drop what it kept of it.
   */
  void forget(String fingerprint, String incident) throws IOException;

  /** Releases the store's resources (not a host-supplied pool). */
  @Override
  default void close() throws IOException {}

  /** One incident's counts as a store returned them. Immutable. */
  final class Tally {
    private final String incident;
    private final long count;
    private final long reportedCount;
    private final Instant firstSeen;
    private final Instant lastSeen;
    private final @Nullable String ticketId;
    private final boolean mustFile;

    /** @throws IllegalArgumentException when a count is negative */
    public Tally(String incident, long count, long reportedCount, Instant firstSeen, Instant lastSeen,
        @Nullable String ticketId, boolean mustFile) {
      if (count < 0 || reportedCount < 0) {
        throw new IllegalArgumentException("count (" + count + ") and reportedCount (" + reportedCount
            + ") must be >= 0");
      }
      this.incident = incident;
      this.count = count;
      this.reportedCount = reportedCount;
      this.firstSeen = firstSeen;
      this.lastSeen = lastSeen;
      this.ticketId = ticketId;
      this.mustFile = mustFile;
    }

    /** The incident's id. */
    public String incident() {
      return incident;
    }

    /** Occurrences of the incident so far, across every instance sharing the store. */
    public long count() {
      return count;
    }

    /** Occurrences already shown on the ticket (in it when filed, or in follow-ups). */
    public long reportedCount() {
      return reportedCount;
    }

    /** When the incident's first occurrence was recorded. */
    public Instant firstSeen() {
      return firstSeen;
    }

    /** When its latest recorded occurrence happened. */
    public Instant lastSeen() {
      return lastSeen;
    }

    /** The delivered ticket's id, or null while it is not known. */
    public @Nullable String ticketId() {
      return ticketId;
    }

    /** Whether the caller of {@link #record} must file the ticket (and then call filed or release). */
    public boolean mustFile() {
      return mustFile;
    }

    @Override
    public String toString() {
      return "Tally{" + incident + ", count=" + count + ", reported=" + reportedCount + ", ticket=" + ticketId
          + (mustFile ? ", mustFile" : "") + "}";
    }
  }
}
