package dev.helpline.store.postgres;

import dev.helpline.server.FingerprintStore;
import dev.helpline.store.postgres.internal.Db;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Fingerprint counts of a fleet in PostgreSQL: every instance's {@link dev.helpline.server.ErrorReporter}
 * adds its occurrences with one upsert ({@code INSERT … ON CONFLICT DO UPDATE … RETURNING}), and the
 * instance whose upsert created an incident files its ticket, so N instances reporting one failure
 * file one ticket that carries the total count.
 *
 * <pre>{@code
 * ErrorReporter reporter = ErrorReporter.builder(helpline)
 *     .store(PostgresFingerprintStore.create(dataSource))   // the service's pool
 *     .build();
 * }</pre>
 *
 * <p>The host passes a {@link DataSource} (any pool); the store borrows one connection per call and
 * returns it at once. The schema ({@code helpline_fingerprints}, versioned in
 * {@code helpline_schema_version}) is applied on first use, not when the store is created, so
 * creating it does no I/O. Thread-safe; failures are {@link IOException}s naming the store.
 */
public final class PostgresFingerprintStore implements FingerprintStore {
  private static final String COLUMNS = "incident, count, reported_count, first_seen, last_seen, ticket_id";
  private static final String RECORD = "INSERT INTO helpline_fingerprints AS f (fingerprint, incident, count,"
      + " reported_count, first_seen, last_seen, filer, filer_since, follow_up_at)"
      + " VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?)"
      + " ON CONFLICT (fingerprint) DO UPDATE SET"
      // expired: the last occurrence lies before the window; the incident starts over.
      + " incident = CASE WHEN f.last_seen < ? THEN excluded.incident ELSE f.incident END,"
      + " count = CASE WHEN f.last_seen < ? THEN excluded.count ELSE f.count + excluded.count END,"
      + " reported_count = CASE WHEN f.last_seen < ? THEN 0 ELSE f.reported_count END,"
      + " first_seen = CASE WHEN f.last_seen < ? THEN excluded.first_seen ELSE f.first_seen END,"
      + " last_seen = GREATEST(f.last_seen, excluded.last_seen),"
      + " submission_id = CASE WHEN f.last_seen < ? THEN NULL ELSE f.submission_id END,"
      + " ticket_id = CASE WHEN f.last_seen < ? THEN NULL ELSE f.ticket_id END,"
      + " follow_up_at = CASE WHEN f.last_seen < ? THEN excluded.follow_up_at ELSE f.follow_up_at END,"
      // the caller becomes the filer of a new incident, or of one nobody files or whose filer went silent.
      + " filer = CASE WHEN f.last_seen < ? OR (f.submission_id IS NULL AND (f.filer IS NULL OR f.filer_since < ?))"
      + " THEN excluded.filer ELSE f.filer END,"
      + " filer_since = CASE WHEN f.last_seen < ? OR (f.submission_id IS NULL AND (f.filer IS NULL OR f.filer_since < ?))"
      + " THEN excluded.filer_since ELSE f.filer_since END"
      + " RETURNING " + COLUMNS + ", filer = ? AS must_file";
  private static final String CLAIM_FOLLOW_UP = "UPDATE helpline_fingerprints f SET reported_count = f.count,"
      + " follow_up_at = ? FROM (SELECT fingerprint, reported_count FROM helpline_fingerprints"
      + " WHERE fingerprint = ? AND incident = ? FOR UPDATE) old"
      + " WHERE f.fingerprint = old.fingerprint AND f.ticket_id IS NOT NULL AND f.count > f.reported_count"
      + " AND f.follow_up_at <= ?"
      + " RETURNING f.incident, f.count, old.reported_count, f.first_seen, f.last_seen, f.ticket_id";

  private final Db db;

  private PostgresFingerprintStore(DataSource dataSource) {
    this.db = new Db(Objects.requireNonNull(dataSource, "dataSource == null"), "PostgreSQL fingerprint store");
  }

  /** A store on the host's {@code dataSource}; does no I/O until first used. */
  public static PostgresFingerprintStore create(DataSource dataSource) {
    return new PostgresFingerprintStore(dataSource);
  }

  @Override
  public Tally record(String fingerprint, long occurrences, Instant at, Duration window, Duration filingTimeout)
      throws IOException {
    if (occurrences < 1) throw new IllegalArgumentException("occurrences is " + occurrences + "; it must be >= 1");
    UUID filer = UUID.randomUUID();
    OffsetDateTime now = Db.ts(at);
    OffsetDateTime expiry = Db.ts(at.minus(window));
    OffsetDateTime filingCutoff = Db.ts(at.minus(filingTimeout));
    return db.call("count error " + fingerprint, c -> {
      try (PreparedStatement p = c.prepareStatement(RECORD)) {
        int i = 1;
        p.setString(i++, fingerprint);
        p.setObject(i++, UUID.randomUUID());
        p.setLong(i++, occurrences);
        p.setObject(i++, now);
        p.setObject(i++, now);
        p.setObject(i++, filer);
        p.setObject(i++, now);
        p.setObject(i++, now);
        for (int k = 0; k < 7; k++) p.setObject(i++, expiry);
        p.setObject(i++, expiry);
        p.setObject(i++, filingCutoff);
        p.setObject(i++, expiry);
        p.setObject(i++, filingCutoff);
        p.setObject(i, filer);
        try (ResultSet rs = p.executeQuery()) {
          rs.next();
          return tally(rs, rs.getLong("reported_count"), rs.getBoolean("must_file"));
        }
      }
    });
  }

  @Override
  public void filed(String fingerprint, String incident, String submissionId, long countShown) throws IOException {
    update("note the ticket of error " + fingerprint, "UPDATE helpline_fingerprints SET submission_id = ?,"
        + " reported_count = GREATEST(reported_count, ?) WHERE fingerprint = ? AND incident = ?",
        submissionId, countShown, fingerprint, UUID.fromString(incident));
  }

  @Override
  public void release(String fingerprint, String incident) throws IOException {
    update("release error " + fingerprint, "UPDATE helpline_fingerprints SET filer = NULL, filer_since = NULL"
        + " WHERE fingerprint = ? AND incident = ? AND submission_id IS NULL", fingerprint, UUID.fromString(incident));
  }

  @Override
  public void refused(String fingerprint, String incident, String submissionId) throws IOException {
    update("free refused error " + fingerprint, "UPDATE helpline_fingerprints SET filer = NULL, filer_since = NULL,"
        + " submission_id = NULL, reported_count = 0 WHERE fingerprint = ? AND incident = ? AND submission_id = ?"
        + " AND ticket_id IS NULL", fingerprint, UUID.fromString(incident), submissionId);
  }

  @Override
  public void ticketDelivered(String fingerprint, String incident, String ticketId) throws IOException {
    update("note the delivered ticket of error " + fingerprint, "UPDATE helpline_fingerprints SET ticket_id = ?"
        + " WHERE fingerprint = ? AND incident = ?", ticketId, fingerprint, UUID.fromString(incident));
  }

  @Override
  public @Nullable Tally claimFollowUp(String fingerprint, String incident, Instant now, Duration interval)
      throws IOException {
    return db.call("claim the follow-up of error " + fingerprint, c -> {
      try (PreparedStatement p = c.prepareStatement(CLAIM_FOLLOW_UP)) {
        p.setObject(1, Db.ts(now));
        p.setString(2, fingerprint);
        p.setObject(3, UUID.fromString(incident));
        p.setObject(4, Db.ts(now.minus(interval)));
        try (ResultSet rs = p.executeQuery()) {
          return rs.next() ? tally(rs, rs.getLong(3), false) : null;
        }
      }
    });
  }

  @Override
  public @Nullable Tally get(String fingerprint) throws IOException {
    return db.call("read error " + fingerprint, c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS
          + " FROM helpline_fingerprints WHERE fingerprint = ?")) {
        p.setString(1, fingerprint);
        try (ResultSet rs = p.executeQuery()) {
          return rs.next() ? tally(rs, rs.getLong("reported_count"), false) : null;
        }
      }
    });
  }

  @Override
  public void forget(String fingerprint, String incident) throws IOException {
    update("forget error " + fingerprint, "DELETE FROM helpline_fingerprints WHERE fingerprint = ? AND incident = ?",
        fingerprint, UUID.fromString(incident));
  }

  private void update(String what, String sql, Object... args) throws IOException {
    db.call(what, c -> {
      try (PreparedStatement p = c.prepareStatement(sql)) {
        for (int i = 0; i < args.length; i++) p.setObject(i + 1, args[i]);
        return p.executeUpdate();
      }
    });
  }

  private static Tally tally(ResultSet rs, long reported, boolean mustFile) throws SQLException {
    return new Tally(rs.getObject(1, UUID.class).toString(), rs.getLong(2), reported,
        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getObject(5, OffsetDateTime.class).toInstant(),
        rs.getString(6), mustFile);
  }

  @Override
  public String toString() {
    return db.name();
  }
}
