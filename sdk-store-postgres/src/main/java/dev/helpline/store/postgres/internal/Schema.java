package dev.helpline.store.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's tables, versioned. {@link #apply} runs at a store's first use in each process: in one
 * transaction holding an advisory lock (so instances starting together migrate one after the
 * other), it creates {@code helpline_schema_version} if needed and applies each migration newer than
 * the recorded version. Statements are {@code IF NOT EXISTS}, so a half-known state heals too.
 */
public final class Schema {
  /** pg_advisory_xact_lock key: "helpline" in ASCII. */
  private static final long LOCK_KEY = 0x68656c706c696e65L;

  /** Migration n (1-based) is MIGRATIONS.get(n - 1); never edit one that shipped, add another. */
  static final List<List<String>> MIGRATIONS = List.of(
      List.of(
          "CREATE TABLE IF NOT EXISTS helpline_fingerprints ("
              + " fingerprint text PRIMARY KEY,"
              + " incident uuid NOT NULL,"
              + " count bigint NOT NULL,"
              + " reported_count bigint NOT NULL,"
              + " first_seen timestamptz NOT NULL,"
              + " last_seen timestamptz NOT NULL,"
              + " filer uuid,"
              + " filer_since timestamptz,"
              + " submission_id text,"
              + " ticket_id text,"
              + " follow_up_at timestamptz NOT NULL)"),
      List.of(
          "CREATE TABLE IF NOT EXISTS helpline_outbox ("
              + " id text PRIMARY KEY,"
              + " created_at timestamptz NOT NULL,"
              + " record bytea NOT NULL,"
              + " content_bytes bigint NOT NULL,"
              + " state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'failed', 'quarantined')),"
              + " attempts integer NOT NULL DEFAULT 0,"
              + " backoff_step integer NOT NULL DEFAULT 0,"
              + " next_attempt_at timestamptz,"
              + " last_error text,"
              + " failure_status integer, failure_code text, failure_message text, failure_field text,"
              + " failure_time timestamptz,"
              + " lease_owner uuid,"
              + " lease_until timestamptz)",
          "CREATE INDEX IF NOT EXISTS helpline_outbox_queue ON helpline_outbox (created_at) WHERE state = 'pending'",
          "CREATE TABLE IF NOT EXISTS helpline_outbox_attachments ("
              + " entry_id text NOT NULL REFERENCES helpline_outbox (id) ON DELETE CASCADE,"
              + " position integer NOT NULL,"
              + " content bytea NOT NULL,"
              + " PRIMARY KEY (entry_id, position))",
          "CREATE TABLE IF NOT EXISTS helpline_outbox_receipts ("
              + " id text PRIMARY KEY,"
              + " ticket_id text NOT NULL,"
              + " subject text NOT NULL,"
              + " status text NOT NULL,"
              + " url text,"
              + " delivered_at timestamptz NOT NULL)"),
      // When an entry was first attempted: connectors look a ticket up before creating it again once
      // the desk may have forgotten the first attempt's idempotency key.
      List.of("ALTER TABLE helpline_outbox ADD COLUMN IF NOT EXISTS first_attempt_at timestamptz"));

  public static final int VERSION = MIGRATIONS.size();

  private Schema() {}

  /** Brings the database to {@link #VERSION}; returns the version found before. */
  public static int apply(Connection c) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      int found;
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
        s.execute("CREATE TABLE IF NOT EXISTS helpline_schema_version ("
            + " version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
        try (ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM helpline_schema_version")) {
          rs.next();
          found = rs.getInt(1);
        }
        if (found > VERSION) {
          throw new SQLException("the database has Helpline schema version " + found + ", newer than this store's "
              + VERSION + ": upgrade sdk-store-postgres");
        }
        for (int v = found + 1; v <= VERSION; v++) {
          for (String sql : MIGRATIONS.get(v - 1)) s.execute(sql);
          try (PreparedStatement p = c.prepareStatement("INSERT INTO helpline_schema_version (version) VALUES (?)")) {
            p.setInt(1, v);
            p.executeUpdate();
          }
        }
      }
      c.commit();
      return found;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }
}
