package dev.helpline.store.postgres;

import dev.helpline.Attachment;
import dev.helpline.Limits;
import dev.helpline.OutboxFullException;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.outbox.OutboxStore.DeliveryState;
import dev.helpline.outbox.OutboxStore.FailureRecord;
import dev.helpline.outbox.OutboxStore;
import dev.helpline.outbox.OutboxStore.PendingEntry;
import dev.helpline.outbox.OutboxStore.Quarantined;
import dev.helpline.outbox.OutboxStore.StoredEntry;
import dev.helpline.outbox.SubmissionRecord;
import dev.helpline.store.postgres.internal.Db;
import dev.helpline.store.postgres.internal.LeasedClaim;
import dev.helpline.store.postgres.internal.OutboxRows;
import dev.helpline.store.postgres.internal.RecordCodec;
import dev.helpline.store.postgres.internal.Spool;
import dev.helpline.store.postgres.internal.UnreadableEntryException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An outbox shared by a fleet of service instances, in PostgreSQL: submissions survive the
 * container that queued them, and any instance delivers them. Plug it into each instance's client:
 *
 * <pre>{@code
 * PostgresOutboxStore outbox = PostgresOutboxStore.builder(dataSource).build();
 * Helpline helpline = Helpline.builder()….outboxStore(outbox).build();
 * }</pre>
 *
 * <p>Instances claim entries in small batches with {@code FOR UPDATE SKIP LOCKED} and hold each
 * under a lease renewed by a heartbeat while they deliver; the entries of an instance that died
 * are taken over when its lease runs out, their next attempt planned no sooner than the lease's end,
 * by which the attempt the instance may have died in had ended. An instance paused past its lease may deliver an entry
 * another instance also delivers: the submission id is the desk's idempotency key, so the desk
 * keeps one ticket. Its state changes to the entry (an attempt, a failure) are written only while it holds the
 * lease, so they never overwrite the taker's. Submissions can be written in the host's own transaction with
 * {@link #inTransaction}; they become visible to deliverers when the host commits.
 *
 * <p>Bounds are {@link Limits#maxOutboxEntries()} and {@link Limits#maxOutboxBytes()} over the
 * whole shared outbox, checked when a submission is written ({@link OutboxFullException}; writers
 * committing at the same moment may each pass the check). Attachments are streamed into
 * {@code bytea} rows and read back in slices, never whole in memory beyond 256 KiB. The schema is
 * applied on first use, so building the store does no I/O. Failures are {@link IOException}s
 * naming the store, never a credential. Thread-safe.
 */
public final class PostgresOutboxStore implements OutboxStore {
  private static final Logger log = LoggerFactory.getLogger(PostgresOutboxStore.class);
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}"); // as the file store
  private static final int MAX_PER_PASS = 1000;
  private static final Duration RECEIPTS_KEPT = Duration.ofDays(30);

  private final Db db;
  private final Limits limits;
  private final Clock clock;
  private final Duration lease;
  private final int batch;
  private final Spool spool;
  private final UUID owner = UUID.randomUUID();
  private final ThreadLocal<Connection> hostTransaction = new ThreadLocal<>();
  private final List<Object[]> delivered = new ArrayList<>();
  private final AtomicInteger openClaims = new AtomicInteger();
  private final ScheduledExecutorService heartbeat;

  private PostgresOutboxStore(Builder b) {
    db = new Db(b.dataSource, "PostgreSQL outbox");
    limits = b.limits;
    clock = b.clock;
    lease = b.lease;
    batch = b.batch;
    spool = new Spool(b.spoolDirectory != null ? b.spoolDirectory
        : Path.of(System.getProperty("java.io.tmpdir"), "helpline-outbox-spool-" + owner));
    heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "helpline-outbox-lease");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(100, lease.toMillis() / 3);
    heartbeat.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
  }

  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** Work run with the host's connection; see {@link #inTransaction}. */
  public interface TransactionalWork<T, E extends Exception> {
    T run() throws E;
  }

  /**
   * Runs {@code work} (typically {@code helpline.submit(draft)}) so that submissions it queues on
   * this thread are written on {@code connection}, inside the host's open transaction: they are
   * stored if and only if the host commits, and deliverers see them from then on. The store
   * neither commits nor closes the connection (its first use in a process applies the schema on a connection of its
   * own, outside the host's transaction). A delivery pass may run before the commit and find
   * nothing; {@code helpline.flush()} after the commit delivers at once, or the next periodic pass does. A submission
   * that fails to be stored (an attachment that cannot be read, a full outbox) leaves nothing in the host's transaction,
   * which stays usable: the host may commit its own work without it.
   *
   * @throws IllegalStateException when the connection is in auto-commit mode
   */
  public <T, E extends Exception> T inTransaction(Connection connection, TransactionalWork<T, E> work)
      throws E, SQLException {
    Objects.requireNonNull(connection, "connection == null");
    if (connection.getAutoCommit()) {
      throw new IllegalStateException("the connection is in auto-commit mode; begin a transaction first");
    }
    Connection previous = hostTransaction.get();
    hostTransaction.set(connection);
    try {
      return work.run();
    } finally {
      if (previous != null) hostTransaction.set(previous);
      else hostTransaction.remove();
    }
  }

  @Override
  public StoredEntry enqueue(SubmissionRecord record) throws IOException {
    String id = record.submissionId();
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("submissionId '" + id
          + "' must be 1 to 64 letters, digits, '-' or '_' (a UUID), starting with a letter or digit");
    }
    byte[] json = RecordCodec.encode(record);
    long content = json.length;
    for (Attachment a : record.attachments()) content += a.size();
    long bytes = content;
    Connection host = hostTransaction.get();
    if (host == null) return db.transaction("store submission " + id, c -> insert(c, record, json, bytes));
    db.ensureSchema();
    return db.withinSavepoint(host, "store submission " + id + " in the host's transaction",
        c -> insert(c, record, json, bytes));
  }

  private StoredEntry insert(Connection c, SubmissionRecord record, byte[] json, long bytes)
      throws SQLException, IOException {
    try (PreparedStatement p = c.prepareStatement("SELECT count(*), coalesce(sum(content_bytes), 0)"
        + " FROM helpline_outbox WHERE state <> 'quarantined'"); ResultSet rs = p.executeQuery()) {
      rs.next();
      long entries = rs.getLong(1) + 1;
      long total = rs.getLong(2) + bytes;
      if (entries > limits.maxOutboxEntries()) throw new OutboxFullException("entries", entries, limits.maxOutboxEntries());
      if (total > limits.maxOutboxBytes()) throw new OutboxFullException("bytes", total, limits.maxOutboxBytes());
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO helpline_outbox (id, created_at, record, content_bytes)"
        + " VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
      p.setString(1, record.submissionId());
      p.setObject(2, Db.ts(record.createdAt()));
      p.setBytes(3, json);
      p.setLong(4, bytes);
      if (p.executeUpdate() == 0) {
        throw new IllegalArgumentException("submission " + record.submissionId() + " is already in the outbox");
      }
    }
    int position = 0;
    for (Attachment a : record.attachments()) {
      try (PreparedStatement p = c.prepareStatement("INSERT INTO helpline_outbox_attachments"
          + " (entry_id, position, content) VALUES (?, ?, ?)"); InputStream in = a.openStream()) {
        p.setString(1, record.submissionId());
        p.setInt(2, position++);
        p.setBinaryStream(3, in, a.size());
        p.executeUpdate();
      }
    }
    return new StoredEntry(record, DeliveryState.INITIAL, Submission.State.QUEUED, null, bytes, bytes);
  }

  @Override
  public Claim claim() {
    openClaims.incrementAndGet();
    return new LeasedClaim(db, owner, clock, lease, batch, MAX_PER_PASS, openClaims::decrementAndGet);
  }

  private void renewLeases() {
    if (openClaims.get() == 0) return;
    try {
      db.call("renew outbox leases", c -> {
        try (PreparedStatement p = c.prepareStatement("UPDATE helpline_outbox SET lease_until = ?"
            + " WHERE lease_owner = ?")) {
          p.setObject(1, Db.ts(clock.instant().plus(lease)));
          p.setObject(2, owner);
          return p.executeUpdate();
        }
      });
    } catch (IOException | RuntimeException e) {
      log.warn("could not renew outbox leases: {}", e.toString());
    }
  }

  @Override
  public @Nullable StoredEntry load(PendingEntry entry, Consumer<Quarantined> onQuarantined) throws IOException {
    Instant now = clock.instant();
    return db.call("read submission " + entry.id(), c -> {
      // Lease it (again): a forced pass may load an entry it did not claim; another deliverer's live lease wins,
      // one that ran out is taken over.
      try (PreparedStatement p = c.prepareStatement("UPDATE helpline_outbox SET lease_owner = ?, lease_until = ?, "
          + LeasedClaim.TAKEOVER + " WHERE id = ? AND state = 'pending'"
          + " AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)")) {
        p.setObject(1, owner);
        p.setObject(2, Db.ts(now.plus(lease)));
        p.setObject(3, Db.ts(now));
        p.setString(4, entry.id());
        p.setObject(5, owner);
        p.setObject(6, Db.ts(now));
        if (p.executeUpdate() == 0) return null;
      }
      try (PreparedStatement p = c.prepareStatement("SELECT " + OutboxRows.COLUMNS + " FROM helpline_outbox WHERE id = ?")) {
        p.setString(1, entry.id());
        try (ResultSet rs = p.executeQuery()) {
          if (!rs.next()) return null;
          try {
            return OutboxRows.entry(c, rs, spool);
          } catch (UnreadableEntryException unreadable) {
            quarantine(c, entry.id(), unreadable.getMessage());
            onQuarantined.accept(new Quarantined(entry.id(), String.valueOf(unreadable.getMessage())));
            return null;
          }
        }
      }
    });
  }

  private void quarantine(Connection c, String id, @Nullable String reason) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("UPDATE helpline_outbox SET state = 'quarantined', last_error = ?,"
        + " lease_owner = NULL, lease_until = NULL WHERE id = ?")) {
      p.setString(1, reason);
      p.setString(2, id);
      p.executeUpdate();
    }
  }

  @Override
  public StoredEntry saveState(StoredEntry entry, DeliveryState state) throws IOException {
    spool.release(entry.id(), entry.record().attachments().size());
    db.call("save the delivery state of " + entry.id(), c -> OutboxRows.saveState(c, entry.id(), owner, state));
    return entry.withState(state);
  }

  /** Saves the state as {@link #saveState} does (a commit, so power-safe), keeping the spooled files the attempt sends. */
  @Override
  public void markAttempting(StoredEntry entry, Instant at, boolean powerSafe) throws IOException {
    DeliveryState state = entry.state().attempting(at);
    db.call("record the attempt of " + entry.id(), c -> OutboxRows.saveState(c, entry.id(), owner, state));
  }

  @Override
  public void markDelivered(StoredEntry entry, Ticket ticket) {
    spool.release(entry.id(), entry.record().attachments().size());
    synchronized (delivered) {
      delivered.add(new Object[] {entry.id(), ticket});
    }
  }

  /** Deletes the delivered entries and writes their receipts in one transaction. */
  @Override
  public void purgeDelivered() throws IOException {
    List<Object[]> batch;
    synchronized (delivered) {
      if (delivered.isEmpty()) return;
      batch = new ArrayList<>(delivered);
      delivered.clear();
    }
    Instant now = clock.instant();
    try {
      db.transaction("remove " + batch.size() + " delivered entries", c -> {
        try (PreparedStatement receipt = c.prepareStatement("INSERT INTO helpline_outbox_receipts"
            + " (id, ticket_id, subject, status, url, delivered_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING");
            PreparedStatement delete = c.prepareStatement("DELETE FROM helpline_outbox WHERE id = ?")) {
          for (Object[] d : batch) {
            Ticket t = (Ticket) d[1];
            receipt.setString(1, (String) d[0]);
            receipt.setString(2, t.id());
            receipt.setString(3, t.subject());
            receipt.setString(4, t.status().name());
            receipt.setString(5, t.url());
            receipt.setObject(6, Db.ts(now));
            receipt.addBatch();
            delete.setString(1, (String) d[0]);
            delete.addBatch();
          }
          receipt.executeBatch();
          delete.executeBatch();
        }
        return null;
      });
    } catch (IOException e) {
      synchronized (delivered) {
        delivered.addAll(0, batch); // tried again at the next purge; meanwhile a takeover re-sends, deduplicated
      }
      throw e;
    }
  }

  /**
   * Keeps the entry as failed, as {@link #saveState} saves a state, only while this instance holds its lease.
   *
   * @throws IOException also when another instance took the entry over (this one was paused past its lease): the
   *     entry stays pending with it, or delivered
   */
  @Override
  public StoredEntry markFailed(StoredEntry entry, FailureRecord failure) throws IOException {
    spool.release(entry.id(), entry.record().attachments().size());
    db.call("keep " + entry.id() + " as failed", c -> {
      OutboxRows.markFailed(c, entry.id(), owner, failure);
      return null;
    });
    return new StoredEntry(entry.record(), entry.state(), Submission.State.FAILED, failure, entry.bytes(),
        entry.contentBytes());
  }

  @Override
  public StoredEntry retry(String id) throws IOException {
    // Attempts and the first one's time stay: the desk may hold the ticket, so connectors look it up first.
    int changed = update("put " + id + " back in the queue", "UPDATE helpline_outbox SET state = 'pending',"
        + " backoff_step = 0, next_attempt_at = NULL, last_error = NULL, failure_status = NULL,"
        + " failure_code = NULL, failure_message = NULL, failure_field = NULL, failure_time = NULL"
        + " WHERE id = ? AND state = 'failed'", id);
    if (changed == 0) throw notFailed(id);
    return Objects.requireNonNull(find(id));
  }

  @Override
  public void discard(String id) throws IOException {
    if (update("discard " + id, "DELETE FROM helpline_outbox WHERE id = ? AND state = 'failed'", id) == 0) {
      throw notFailed(id);
    }
  }

  private RuntimeException notFailed(String id) throws IOException {
    StoredEntry e = find(id);
    if (e != null) return new IllegalStateException("submission " + id + " is pending, not failed");
    return new IllegalArgumentException("there is no failed submission " + id);
  }

  @Override
  public List<StoredEntry> pending() throws IOException {
    return db.call("list pending submissions", c -> OutboxRows.list(c, "SELECT " + OutboxRows.COLUMNS
        + " FROM helpline_outbox WHERE state = 'pending' ORDER BY created_at"));
  }

  @Override
  public List<StoredEntry> failed() throws IOException {
    return db.call("list failed submissions", c -> OutboxRows.list(c, "SELECT " + OutboxRows.COLUMNS
        + " FROM helpline_outbox WHERE state = 'failed' ORDER BY created_at"));
  }

  @Override
  public @Nullable StoredEntry find(String id) throws IOException {
    return db.call("find submission " + id, c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT " + OutboxRows.COLUMNS
          + " FROM helpline_outbox WHERE id = ? AND state <> 'quarantined'")) {
        p.setString(1, id);
        try (ResultSet rs = p.executeQuery()) {
          return rs.next() ? OutboxRows.entry(c, rs, null) : null;
        }
      }
    });
  }

  @Override
  public @Nullable Ticket receipt(String id) throws IOException {
    return db.call("read the receipt of " + id, c -> OutboxRows.receipt(c, id));
  }

  @Override
  public Counts counts() throws IOException {
    return db.call("count outbox entries", c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT count(*) FILTER (WHERE state = 'pending'),"
          + " count(*) FILTER (WHERE state = 'failed'), coalesce(sum(content_bytes) FILTER (WHERE state <> 'quarantined'), 0),"
          + " count(*) FILTER (WHERE state = 'quarantined'), min(created_at) FILTER (WHERE state = 'pending'),"
          + " (SELECT last_error FROM helpline_outbox WHERE state = 'pending' AND last_error IS NOT NULL"
          + " ORDER BY next_attempt_at DESC NULLS LAST LIMIT 1) FROM helpline_outbox");
          ResultSet rs = p.executeQuery()) {
        rs.next();
        return new Counts(rs.getInt(1), rs.getInt(2), rs.getLong(3), rs.getInt(4), OutboxRows.nullableInstant(rs, 5),
            rs.getString(6));
      }
    });
  }

  /** Removes receipts older than 30 days. Entries are never half-written (each is one transaction): returns 0. */
  @Override
  public int cleanUp() throws IOException {
    update("remove old receipts", "DELETE FROM helpline_outbox_receipts WHERE delivered_at < ?",
        Db.ts(clock.instant().minus(RECEIPTS_KEPT)));
    return 0;
  }

  @Override
  public String describe() {
    return "PostgreSQL outbox";
  }

  /** Stops the lease heartbeat; entries stay stored, leases still held run out. */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      Path dir = spool.directory();
      if (dir != null) Files.deleteIfExists(dir);
    } catch (IOException notEmpty) {
      // files of an attempt still running; they go with the temporary directory
    }
  }

  private int update(String what, String sql, Object... args) throws IOException {
    return db.call(what, c -> {
      try (PreparedStatement p = c.prepareStatement(sql)) {
        for (int i = 0; i < args.length; i++) p.setObject(i + 1, args[i]);
        return p.executeUpdate();
      }
    });
  }

  /** Configures a {@link PostgresOutboxStore}. */
  public static final class Builder {
    private final DataSource dataSource;
    private Limits limits = Limits.defaults();
    private Clock clock = Clock.systemUTC();
    private Duration lease = Duration.ofSeconds(30);
    private int batch = 16;
    private @Nullable Path spoolDirectory;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
    }

    /** The bounds; use the same {@link Limits} as the client. Default {@link Limits#defaults()}. */
    public Builder limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits, "limits == null");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** How long a claimed entry stays with a silent instance before another takes it: 1 s to 10 min (default 30 s). */
    public Builder lease(Duration lease) {
      Objects.requireNonNull(lease, "lease == null");
      if (lease.compareTo(Duration.ofSeconds(1)) < 0 || lease.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("lease is " + lease + "; it must lie between 1 s and 10 min");
      }
      this.lease = lease;
      return this;
    }

    /** How many entries one claim query takes: 1 to 500 (default 16). */
    public Builder batch(int batch) {
      if (batch < 1 || batch > 500) throw new IllegalArgumentException("batch is " + batch + "; it must lie between 1 and 500");
      this.batch = batch;
      return this;
    }

    /** Where attachments over 256 KiB are spooled during their attempt. Default: a directory under java.io.tmpdir. */
    public Builder spoolDirectory(Path directory) {
      this.spoolDirectory = Objects.requireNonNull(directory, "directory == null");
      return this;
    }

    public PostgresOutboxStore build() {
      return new PostgresOutboxStore(this);
    }
  }
}
