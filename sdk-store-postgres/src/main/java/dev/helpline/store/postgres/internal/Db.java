package dev.helpline.store.postgres.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;

/**
 * Connections from the host's {@link DataSource}, with the schema applied once per store, and
 * SQL failures turned into {@link IOException}s that name the store and what it was doing (never a
 * URL with credentials: the driver's messages carry none).
 */
public final class Db {
  private final DataSource dataSource;
  private final String name;
  private volatile boolean migrated;

  public Db(DataSource dataSource, String name) {
    this.dataSource = dataSource;
    this.name = name;
  }

  /** A work unit on one connection. */
  public interface Work<T> {
    T run(Connection c) throws SQLException, IOException;
  }

  /** Runs {@code work} on a pooled connection in auto-commit mode, after the schema is in place. */
  public <T> T call(String what, Work<T> work) throws IOException {
    try (Connection c = connect(what)) {
      return work.run(c);
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
  public <T> T transaction(String what, Work<T> work) throws IOException {
    try (Connection c = connect(what)) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | IOException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      } finally {
        resetQuietly(c);
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  /**
   * Applies the schema, when this store has not yet in this process, on a connection of its own: applying it
   * commits, so it must never run on a host's connection inside the host's transaction.
   */
  public void ensureSchema() throws IOException {
    if (!migrated) call("apply the schema", c -> null);
  }

  /** Applies the schema on {@code c}, an auto-commit connection of the store's, when this store has not yet. */
  private void ensureSchema(Connection c) throws SQLException {
    if (migrated) return;
    synchronized (this) {
      if (migrated) return;
      Schema.apply(c);
      migrated = true;
    }
  }

  private Connection connect(String what) throws IOException, SQLException {
    Connection c;
    try {
      c = dataSource.getConnection();
    } catch (SQLException e) {
      throw new IOException(name + ": no database connection to " + what + " ("
          + (e instanceof SQLTransientConnectionException ? "the pool is exhausted: " : "") + describe(e) + ")", e);
    }
    try {
      ensureSchema(c);
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  public IOException failure(String what, SQLException e) {
    return new IOException(name + ": could not " + what + " (" + describe(e) + ")", e);
  }

  private static String describe(SQLException e) {
    return (e.getSQLState() != null ? "SQLState " + e.getSQLState() + ": " : "") + e.getMessage();
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is broken; the pool discards it and the server rolls back
    }
  }

  private static void resetQuietly(Connection c) {
    try {
      c.setAutoCommit(true);
    } catch (SQLException ignored) {
      // as above
    }
  }

  /** An instant as PostgreSQL keeps it (microseconds), for binding. */
  public static OffsetDateTime ts(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }

  public String name() {
    return name;
  }
}
