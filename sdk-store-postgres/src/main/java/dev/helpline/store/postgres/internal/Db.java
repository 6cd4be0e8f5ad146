package dev.helpline.store.postgres.internal;

import dev.helpline.diagnostics.Redactor;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Connections from the host's {@link DataSource}, with the schema applied once per store, and
 * SQL failures turned into {@link IOException}s that name the store and what it was doing, never a
 * credential: JDBC quotes the URL it could not use ({@code No suitable driver found for
 * postgres://app:secret@…}), so passwords in the messages of the failure and its causes are masked.
 */
public final class Db {
  /** Only the {@code secret} kind: a URL's user-info password, {@code password=…} pairs. */
  private static final Redactor CREDENTIALS = credentialsOnly();
  /**
   * A user-info password without the URL around it: the driver reads no user info in {@code
   * jdbc:postgresql://app:secret@db/x}, takes {@code app:secret@db} for the host name, and the resolver's
   * {@code UnknownHostException} quotes that name alone.
   */
  private static final Pattern BARE_USER_INFO = Pattern.compile("([^\\s:/@'\"]+):[^\\s/'\"]+@(?=[\\w\\[])");

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

  /**
   * Runs {@code work} on a pooled connection in auto-commit mode (set when the pool hands out connections without it),
   * after the schema is in place.
   */
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
   * Runs {@code work} on the host's {@code connection}, inside the host's open transaction, under a savepoint: when it
   * throws, what it wrote is rolled back and the host's transaction goes on as it was (PostgreSQL refuses the rest of
   * a transaction after a failed statement), so a host that commits anyway commits nothing of it.
   */
  public <T> T withinSavepoint(Connection connection, String what, Work<T> work) throws IOException {
    Savepoint savepoint;
    try {
      savepoint = connection.setSavepoint();
    } catch (SQLException e) {
      throw failure(what, e);
    }
    try {
      T result = work.run(connection);
      connection.releaseSavepoint(savepoint);
      return result;
    } catch (SQLException e) {
      rollbackQuietly(connection, savepoint);
      throw failure(what, e);
    } catch (IOException | RuntimeException e) {
      rollbackQuietly(connection, savepoint);
      throw e;
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
    } catch (SQLException raw) {
      SQLException e = masked(raw);
      throw new IOException(name + ": no database connection to " + what + " ("
          + (raw instanceof SQLTransientConnectionException ? "the pool is exhausted: " : "") + describe(e) + ")", e);
    }
    try {
      // A pool may hand out connections outside auto-commit (its default for the host's own work) and roll back what
      // a borrower left uncommitted: every write of a call would be lost when the connection goes back.
      if (!c.getAutoCommit()) c.setAutoCommit(true);
      ensureSchema(c);
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  public IOException failure(String what, SQLException raw) {
    SQLException e = masked(raw);
    return new IOException(name + ": could not " + what + " (" + describe(e) + ")", e);
  }

  /** {@code e}, or when a message in its chain quotes a password, a copy of the chain with the passwords masked. */
  private static SQLException masked(SQLException e) {
    return hasCredential(e) ? (SQLException) maskedCopy(e, 0) : e;
  }

  private static boolean hasCredential(@Nullable Throwable t) {
    for (int depth = 0; t != null && depth < 16; t = t.getCause(), depth++) {
      String message = t.getMessage();
      if (message != null && !redact(message).equals(message)) return true;
    }
    return false;
  }

  private static Throwable maskedCopy(Throwable t, int depth) {
    String message = t.getMessage() != null ? redact(t.getMessage()) : null;
    Throwable copy = t instanceof SQLException
        ? new SQLException(message, ((SQLException) t).getSQLState(), ((SQLException) t).getErrorCode())
        : new Exception(t.getClass().getName() + ": " + message);
    copy.setStackTrace(t.getStackTrace());
    Throwable cause = t.getCause();
    if (cause != null && cause != t && depth < 16) copy.initCause(maskedCopy(cause, depth + 1));
    return copy;
  }

  private static String redact(String message) {
    return BARE_USER_INFO.matcher(CREDENTIALS.redact(message)).replaceAll("$1:[redacted]@");
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

  private static void rollbackQuietly(Connection c, Savepoint savepoint) {
    try {
      c.rollback(savepoint);
    } catch (SQLException ignored) {
      // the connection is broken: the host's transaction fails with it, and the server rolls it back
    }
  }

  private static void resetQuietly(Connection c) {
    try {
      c.setAutoCommit(true);
    } catch (SQLException ignored) {
      // as above
    }
  }

  private static Redactor credentialsOnly() {
    Redactor.Builder b = Redactor.builder();
    for (String kind : Redactor.builtInKinds()) {
      if (!kind.equals("secret")) b.disableKind(kind);
    }
    return b.build();
  }

  /** An instant as PostgreSQL keeps it (microseconds), for binding. */
  public static OffsetDateTime ts(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }

  public String name() {
    return name;
  }
}
