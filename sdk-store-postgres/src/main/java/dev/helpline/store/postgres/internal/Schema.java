package dev.helpline.store.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The store's tables, versioned. {@link #apply} runs at a store's first use in each process: in one
 * transaction holding an advisory lock (so instances starting together migrate one after the
 * other), it creates {@code helpline_schema_version} if needed and applies each migration newer than
 * the recorded version. Statements are {@code IF NOT EXISTS}, so a half-known state heals too. A database already at
 * this version (or a newer one this store can use) is only read, so a role without DDL rights can use it.
 *
 * <p>Rolling upgrades: a fleet is upgraded one instance at a time, so instances of the previous release keep
 * running on a schema the first upgraded instance migrated. Each version row records, besides the version, the
 * oldest store version (the schema version a store knows, {@link #VERSION}) that can still use the schema
 * ({@code compatible_from}); a store finding a newer schema goes on when that is at most its own version and
 * refuses, naming both versions, when it is not.
 *
 * <p>The rule for a new migration (append it to {@link #MIGRATIONS}, never edit one that shipped): a migration that
 * only adds what older stores never touch (a nullable column or one with a default, a table, an index) keeps the
 * previous migration's {@code compatibleFrom}, and the new code reads the rows older stores write (null in the new
 * column) as they mean it. One that older stores cannot work with (dropping, renaming or retyping a column, a
 * {@code NOT NULL} column without a default, a constraint their writes may break, a value that changes meaning)
 * sets it to its own number: older instances then refuse the database until they are upgraded, so such a release
 * needs the whole fleet stopped, or a first release that stops using what the second removes.
 */
public final class Schema {
  /** pg_advisory_xact_lock key: "helpline" in ASCII. */
  private static final long LOCK_KEY = 0x68656c706c696e65L;

  /** One migration: its statements, and the oldest store version that can still use the schema it leaves. */
  record Migration(int compatibleFrom, List<String> statements) {
    static Migration of(int compatibleFrom, String... statements) {
      return new Migration(compatibleFrom, List.of(statements));
    }
  }

  /** Migration n (1-based) is MIGRATIONS.get(n - 1); never edit one that shipped, add another (see above). */
  static final List<Migration> MIGRATIONS = List.of(
      Migration.of(1,
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
      // New tables only: a store of version 1 (fingerprints) can still use the schema.
      Migration.of(1,
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
      // the desk may have forgotten the first attempt's idempotency key. A nullable column: stores of versions 1 and
      // 2 still use the schema, and an entry they attempt has none, which connectors take as long ago.
      Migration.of(1, "ALTER TABLE helpline_outbox ADD COLUMN IF NOT EXISTS first_attempt_at timestamptz"));

  public static final int VERSION = MIGRATIONS.size();

  private Schema() {}

  /**
   * The database's version when it needs no migration and a store of {@code knownVersion} can use it, read without
   * the lock or any DDL, so a role that may only read and write the tables uses a database another role migrated;
   * null otherwise ({@link #apply} then migrates, or refuses naming both versions).
   */
  private static @Nullable Integer usableAsItIs(Connection c, int knownVersion) throws SQLException {
    try (Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid ="
          + " to_regclass('helpline_schema_version') AND attname = 'compatible_from' AND NOT attisdropped)")) {
        rs.next();
        if (!rs.getBoolean(1)) return null;
      }
      try (ResultSet rs = s.executeQuery("SELECT version, compatible_from FROM helpline_schema_version"
          + " ORDER BY version DESC LIMIT 1")) {
        if (!rs.next()) return null;
        int version = rs.getInt(1);
        int compatibleFrom = rs.getObject(2) != null ? rs.getInt(2) : version;
        return version >= knownVersion && compatibleFrom <= knownVersion ? version : null;
      }
    }
  }

  /** Brings the database to {@link #VERSION}; returns the version found before. */
  public static int apply(Connection c) throws SQLException {
    return apply(c, MIGRATIONS);
  }

  /** Brings the database to the version of {@code known}, the migrations a store knows; returns the version found. */
  static int apply(Connection c, List<Migration> known) throws SQLException {
    Integer current = usableAsItIs(c, known.size());
    if (current != null) return current;
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      int found;
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
        s.execute("CREATE TABLE IF NOT EXISTS helpline_schema_version ("
            + " version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
        // Rows written before the column existed are of versions every store knows: their value is never read.
        s.execute("ALTER TABLE helpline_schema_version ADD COLUMN IF NOT EXISTS compatible_from integer");
        try (ResultSet rs = s.executeQuery("SELECT version, compatible_from FROM helpline_schema_version"
            + " ORDER BY version DESC LIMIT 1")) {
          found = rs.next() ? rs.getInt(1) : 0;
          int compatibleFrom = found > 0 && rs.getObject(2) != null ? rs.getInt(2) : found;
          if (compatibleFrom > known.size()) {
            throw new SQLException("the database has Helpline schema version " + found + ", which needs a store of"
                + " schema version " + compatibleFrom + " or later; this sdk-store-postgres has version "
                + known.size() + ": upgrade it");
          }
        }
        for (int v = found + 1; v <= known.size(); v++) {
          Migration m = known.get(v - 1);
          for (String sql : m.statements()) s.execute(sql);
          try (PreparedStatement p = c.prepareStatement(
              "INSERT INTO helpline_schema_version (version, compatible_from) VALUES (?, ?)")) {
            p.setInt(1, v);
            p.setInt(2, m.compatibleFrom());
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
