package dev.helpline.server.internal;

import dev.helpline.server.FingerprintStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link FingerprintStore}: one process's counts in a map, every method under one lock. An incident is
 * removed when it ends ({@link #forget}), so the map holds the open incidents only.
 */
public final class InMemoryFingerprintStore implements FingerprintStore {
  private static final class Row {
    String incident = UUID.randomUUID().toString();
    long count;
    long reported;
    Instant firstSeen;
    Instant lastSeen;
    @Nullable Instant filerSince;
    @Nullable String submissionId;
    @Nullable String ticketId;
    Instant followUpAt;

    Row(Instant at) {
      firstSeen = at;
      lastSeen = at;
      followUpAt = at;
    }

    Tally tally(boolean mustFile) {
      return new Tally(incident, count, reported, firstSeen, lastSeen, ticketId, mustFile);
    }
  }

  private final Map<String, Row> rows = new HashMap<>();

  @Override
  public synchronized Tally record(String fingerprint, long occurrences, Instant at, Duration window,
      Duration filingTimeout) {
    if (occurrences < 1) throw new IllegalArgumentException("occurrences is " + occurrences + "; it must be >= 1");
    Row row = rows.get(fingerprint);
    boolean mustFile = false;
    if (row == null || row.lastSeen.isBefore(at.minus(window))) {
      row = new Row(at);
      rows.put(fingerprint, row);
      mustFile = true;
    } else if (row.submissionId == null
        && (row.filerSince == null || row.filerSince.isBefore(at.minus(filingTimeout)))) {
      mustFile = true;
    }
    if (mustFile) row.filerSince = at;
    row.count += occurrences;
    if (at.isAfter(row.lastSeen)) row.lastSeen = at;
    return row.tally(mustFile);
  }

  private @Nullable Row row(String fingerprint, String incident) {
    Row row = rows.get(fingerprint);
    return row != null && row.incident.equals(incident) ? row : null;
  }

  @Override
  public synchronized void filed(String fingerprint, String incident, String submissionId, long countShown) {
    Row row = row(fingerprint, incident);
    if (row == null) return;
    row.submissionId = submissionId;
    row.reported = Math.max(row.reported, countShown);
  }

  @Override
  public synchronized void release(String fingerprint, String incident) {
    Row row = row(fingerprint, incident);
    if (row != null && row.submissionId == null) row.filerSince = null;
  }

  @Override
  public synchronized void refused(String fingerprint, String incident, String submissionId) {
    Row row = row(fingerprint, incident);
    if (row == null || !submissionId.equals(row.submissionId) || row.ticketId != null) return;
    row.submissionId = null;
    row.filerSince = null;
    row.reported = 0;
  }

  @Override
  public synchronized void ticketDelivered(String fingerprint, String incident, String ticketId) {
    Row row = row(fingerprint, incident);
    if (row != null) row.ticketId = ticketId;
  }

  @Override
  public synchronized @Nullable Tally claimFollowUp(String fingerprint, String incident, Instant now,
      Duration interval) {
    Row row = row(fingerprint, incident);
    if (row == null || row.ticketId == null || row.count <= row.reported) return null;
    if (row.followUpAt.isAfter(now.minus(interval))) return null;
    Tally claimed = row.tally(false);
    row.reported = row.count;
    row.followUpAt = now;
    return claimed;
  }

  @Override
  public synchronized @Nullable Tally get(String fingerprint) {
    Row row = rows.get(fingerprint);
    return row == null ? null : row.tally(false);
  }

  /** Incidents kept: the open ones. */
  public synchronized int size() {
    return rows.size();
  }

  @Override
  public synchronized void forget(String fingerprint, String incident) {
    Row row = row(fingerprint, incident);
    if (row != null) rows.remove(fingerprint);
  }
}
