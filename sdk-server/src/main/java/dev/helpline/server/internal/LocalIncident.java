package dev.helpline.server.internal;

import dev.helpline.Submission;
import dev.helpline.server.ErrorEvent;
import dev.helpline.server.FingerprintStore.Tally;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * What one process knows of a fingerprint's incident: occurrences not yet added to the store, the
 * store's last tally, and the ticket when this process filed it. Counting is lock-free; the rest is
 * written by the reporter's thread (and once by the thread that saw the first occurrence).
 */
public final class LocalIncident {
  public final String fingerprint;
  /** The event that opened the incident here, to file its ticket if this process must. */
  public final ErrorEvent first;
  public final AtomicLong pending = new AtomicLong();
  private volatile Instant lastSeen;
  public volatile @Nullable Tally tally;
  public volatile @Nullable Submission submission;
  public volatile boolean ticketStored;
  /**
   * The tally this process queued its ticket with when the store failed to record that filing; the next pass records
   * it before anything else of the incident. Until then the store keeps this process the filer (for up to the filing
   * timeout), so the incident is not filed again. Null otherwise.
   */
  public volatile @Nullable Tally unrecordedFiling;
  /**
   * The client refused this incident's ticket for good (the host's hook vetoed it, or it broke a limit): it is
   * counted but not filed again while the incident lasts.
   */
  public volatile boolean refused;

  public LocalIncident(String fingerprint, ErrorEvent first, Instant now) {
    this.fingerprint = fingerprint;
    this.first = first;
    this.lastSeen = now;
  }

  /** Counts one more occurrence, not yet in the store. */
  public void occurred(Instant now) {
    pending.incrementAndGet();
    synchronized (this) {
      if (now.isAfter(lastSeen)) lastSeen = now;
    }
  }

  public Instant lastSeen() {
    return lastSeen;
  }

  /** Occurrences known here: the store's count plus those not yet added to it. */
  public long occurrences() {
    Tally t = tally;
    return (t == null ? 1 : t.count()) + pending.get();
  }

  public @Nullable String incidentId() {
    Tally t = tally;
    return t == null ? null : t.incident();
  }

  public @Nullable String ticketId() {
    Tally t = tally;
    return t == null ? null : t.ticketId();
  }
}
