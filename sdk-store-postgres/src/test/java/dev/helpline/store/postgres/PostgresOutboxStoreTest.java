package dev.helpline.store.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.helpline.AppInfo;
import dev.helpline.Attachment;
import dev.helpline.DeliveryPolicy;
import dev.helpline.Helpline;
import dev.helpline.Limits;
import dev.helpline.OutboxFullException;
import dev.helpline.Submission;
import dev.helpline.TicketDraft;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.outbox.OutboxStore;
import dev.helpline.outbox.OutboxStore.StoredEntry;
import dev.helpline.outbox.SubmissionRecord;
import dev.helpline.store.postgres.testing.DriverManagerDataSource;
import dev.helpline.store.postgres.testing.PostgresExtension;
import dev.helpline.store.postgres.testing.PostgresServer;
import dev.helpline.testkit.DeskTicket;
import dev.helpline.testkit.TestDesk;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

@ExtendWith(PostgresExtension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PostgresOutboxStoreTest {
  private final PostgresServer server;
  @TempDir Path data;
  private String database;
  private HikariDataSource pool;
  private TestDesk desk;
  private SupportApiConnector connector;
  private final List<AutoCloseable> closing = new ArrayList<>();

  PostgresOutboxStoreTest(PostgresServer server) {
    this.server = server;
  }

  @BeforeEach
  void setUp() throws Exception {
    database = server.createDatabase("outbox");
    pool = server.pool(database, 8);
    desk = TestDesk.builder().start();
    connector = SupportApiConnector.builder().baseUrl(desk.baseUrl()).appKey(desk.appKey()).build();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) closing.get(i).close();
    connector.close();
    desk.close();
    pool.close();
  }

  private PostgresOutboxStore store(DataSource ds, Limits limits) {
    PostgresOutboxStore store = PostgresOutboxStore.builder(ds).limits(limits).lease(Duration.ofSeconds(5))
        .spoolDirectory(data.resolve("spool")).build();
    closing.add(store);
    return store;
  }

  private Helpline client(PostgresOutboxStore store, String name) {
    Helpline h = Helpline.builder().app(AppInfo.of("svc", "1.0")).connector(connector)
        .dataDirectory(data.resolve(name)).outboxStore(store)
        .deliveryPolicy(DeliveryPolicy.builder().tickInterval(Duration.ofMillis(200))
            .initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(1)).build())
        .build();
    closing.add(h);
    return h;
  }

  private static TicketDraft draft(String subject) {
    return TicketDraft.builder().subject(subject).description("it broke").build();
  }

  @Test
  void submissionsAreDeliveredOnceWithTheirAttachmentsIntact() throws Exception {
    PostgresOutboxStore store = store(pool, Limits.defaults());
    Helpline helpline = client(store, "a");
    byte[] big = new byte[700 * 1024]; // spooled in slices
    new Random(7).nextBytes(big);
    byte[] small = "small log".getBytes(StandardCharsets.UTF_8);
    Submission s = helpline.submit(TicketDraft.builder().subject("with files").description("see attached")
        .addAttachment(Attachment.ofBytes("big.bin", "application/octet-stream", big))
        .addAttachment(Attachment.ofBytes("app.log", "text/plain", small)).build());
    String ticketId = s.delivery().get(30, TimeUnit.SECONDS).id();

    DeskTicket ticket = desk.ticket(ticketId);
    assertEquals(s.id(), ticket.idempotencyKey());
    assertArrayEquals(big, ticket.attachments().stream().filter(f -> f.fileName().equals("big.bin")).findFirst()
        .orElseThrow().bytes());
    assertArrayEquals(small, ticket.attachments().stream().filter(f -> f.fileName().equals("app.log")).findFirst()
        .orElseThrow().bytes());
    assertEquals(0, store.counts().pending());
    assertEquals(ticketId, store.receipt(s.id()).id());
    assertEquals(1, desk.ticketCount());
  }

  @Test
  void aSubmissionInTheHostsTransactionIsStoredOnlyIfTheHostCommits() throws Exception {
    PostgresOutboxStore store = store(pool, Limits.defaults());
    Helpline helpline = client(store, "tx");
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      store.inTransaction(c, () -> helpline.submit(draft("rolled back")));
      assertEquals(0, store(server.dataSource(database), Limits.defaults()).counts().pending(),
          "not visible to others before the commit");
      c.rollback();
    }
    Submission kept;
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE orders (id int PRIMARY KEY)");
        s.execute("INSERT INTO orders VALUES (1)");
      }
      kept = store.inTransaction(c, () -> helpline.submit(draft("committed with order 1")));
      c.commit();
    }
    helpline.flush().get(30, TimeUnit.SECONDS);
    kept.delivery().get(30, TimeUnit.SECONDS);
    assertEquals(1, desk.ticketCount());
    assertEquals("committed with order 1", desk.tickets().get(0).subject());
    try (Connection c = pool.getConnection()) {
      assertThrows(IllegalStateException.class, () -> store.inTransaction(c, () -> null), "auto-commit is refused");
    }
  }

  @Test
  void aFullOutboxRefusesWithOutboxFullExceptionAtTheSameBounds() throws Exception {
    desk.close(); // nothing is delivered: the queue only grows
    PostgresOutboxStore store = store(pool, Limits.defaults().toBuilder().maxOutboxEntries(2).build());
    Helpline helpline = client(store, "full");
    helpline.submit(draft("one"));
    helpline.submit(draft("two"));
    OutboxFullException e = assertThrows(OutboxFullException.class, () -> helpline.submit(draft("three")));
    assertTrue(e.getMessage().contains("entries would be 3"), e.getMessage());
    assertEquals(2, store.counts().pending());
  }

  @Test
  void anExhaustedPoolMakesSubmitFailWithAClearIOExceptionAndWritesNothing() throws Exception {
    try (HikariDataSource one = server.pool(database, 1)) {
      PostgresOutboxStore store = store(one, Limits.defaults());
      store.counts(); // schema in place
      Helpline helpline = client(store, "exhausted");
      try (Connection held = one.getConnection()) {
        IOException e = assertThrows(IOException.class, () -> helpline.submit(draft("no room")));
        assertTrue(e.getMessage().contains("PostgreSQL outbox: no database connection to store submission"),
            e.getMessage());
        assertTrue(e.getMessage().contains("pool is exhausted"), e.getMessage());
      }
      try (Connection c = pool.getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM helpline_outbox),"
              + " (SELECT count(*) FROM helpline_outbox_attachments)")) {
        rs.next();
        assertEquals(0, rs.getInt(1));
        assertEquals(0, rs.getInt(2));
      }
    }
  }

  @Test
  void anUnreachableDatabaseMakesSubmitFailWithAClearIOException() throws Exception {
    PGSimpleDataSource nowhere = new PGSimpleDataSource();
    nowhere.setServerNames(new String[] {"127.0.0.1"});
    nowhere.setPortNumbers(new int[] {1});
    nowhere.setDatabaseName("helpline");
    nowhere.setUser("helpline");
    nowhere.setPassword("s3cret-password");
    Helpline helpline = client(store(nowhere, Limits.defaults()), "nowhere");
    IOException e = assertThrows(IOException.class, () -> helpline.submit(draft("lost?")));
    assertTrue(e.getMessage().startsWith("PostgreSQL outbox: no database connection"), e.getMessage());
    assertFalse(e.getMessage().contains("s3cret-password"), e.getMessage());
  }

  @Test
  void aPasswordInTheConnectionUrlAppearsNowhereInTheStoresErrors() throws Exception {
    // A platform's DATABASE_URL handed to DriverManager as it is: the JDBC layer quotes it in its refusal.
    String url = "postgres://helpline:s3cret-password@127.0.0.1:1/helpline";
    PostgresOutboxStore store = store(new DriverManagerDataSource(url), Limits.defaults());
    Helpline helpline = client(store, "database-url");

    IOException e = assertThrows(IOException.class, () -> helpline.submit(draft("lost?")));

    assertTrue(e.getMessage().startsWith("PostgreSQL outbox: no database connection"), e.getMessage());
    assertTrue(e.getMessage().contains("postgres://helpline:"), "what was tried stays told: " + e.getMessage());
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertFalse(trace.toString().contains("s3cret-password"), trace.toString());
    IOException listing = assertThrows(IOException.class, store::counts);
    assertFalse(listing.getMessage().contains("s3cret-password"), listing.getMessage());
    assertFalse(store.toString().contains("s3cret-password"), store.toString());
  }

  /**
   * Many hosts configure their pool to hand out connections outside auto-commit (Spring's
   * {@code spring.datasource.hikari.auto-commit=false}); the pool rolls back what a borrower left uncommitted.
   */
  @Test
  void aPoolHandingOutConnectionsOutsideAutoCommitKeepsEveryStateChange() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setDataSource(server.dataSource(database));
    config.setAutoCommit(false);
    config.setMaximumPoolSize(4);
    try (HikariDataSource manual = new HikariDataSource(config)) {
      PostgresOutboxStore store = store(manual, Limits.defaults());
      enqueueAndRefuseOnce(store, "manual-commit", "refused");

      PostgresOutboxStore other = store(pool, Limits.defaults());
      assertEquals(1, other.failed().size(), "another instance sees the entry failed");
      assertEquals(1, other.failed().get(0).state().attempts());
      store.retry("manual-commit");
      assertEquals(1, other.counts().pending(), "and back in the queue after the retry");
    }
  }

  @Test
  void aPasswordInTheUserInfoOfAJdbcUrlAppearsNowhereInTheStoresErrors() throws Exception {
    // The driver reads no user info: it takes "helpline:s3cret-password@127.0.0.1" for the host name, and the
    // resolver's refusal quotes that name without the URL's scheme around it.
    String url = "jdbc:postgresql://helpline:s3cret-password@127.0.0.1:1/helpline";
    PostgresOutboxStore store = store(new DriverManagerDataSource(url), Limits.defaults());

    IOException e = assertThrows(IOException.class, store::counts);

    assertTrue(e.getMessage().startsWith("PostgreSQL outbox: no database connection"), e.getMessage());
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertFalse(trace.toString().contains("s3cret-password"), trace.toString());
    assertTrue(trace.toString().contains("UnknownHostException: helpline:"), "what was tried stays told: " + trace);
    IOException fingerprints = assertThrows(IOException.class,
        () -> PostgresFingerprintStore.create(new DriverManagerDataSource(url)).get("fp"));
    StringWriter fingerprintTrace = new StringWriter();
    fingerprints.printStackTrace(new PrintWriter(fingerprintTrace));
    assertFalse(fingerprintTrace.toString().contains("s3cret-password"), fingerprintTrace.toString());
  }

  @Test
  void twoInstancesDrainOneQueueAndEachTicketReachesTheDeskOnce() throws Exception {
    desk.faults().failNext(3, 503);
    Helpline a = client(store(pool, Limits.defaults()), "a");
    Helpline b = client(store(pool, Limits.defaults()), "b");
    List<Submission> submitted = new ArrayList<>();
    for (int i = 0; i < 30; i++) submitted.add((i % 2 == 0 ? a : b).submit(draft("ticket " + i)));
    for (Submission s : submitted) s.delivery().get(60, TimeUnit.SECONDS);
    assertEquals(30, desk.ticketCount());
    Set<String> keys = new HashSet<>();
    for (DeskTicket t : desk.tickets()) assertTrue(keys.add(t.idempotencyKey()), "delivered twice: " + t);
  }

  @Test
  void aPostgresCrashMidRunLosesNothingAndDeliveryResumes() throws Exception {
    Helpline helpline = client(store(pool, Limits.defaults()), "crash");
    List<Submission> submitted = new ArrayList<>();
    for (int i = 0; i < 10; i++) submitted.add(helpline.submit(draft("before " + i)));
    server.crashAndRestart();
    for (int i = 0; i < 10; i++) {
      // The pool hands out connections the crash broke until it notices; submit fails cleanly, then works.
      submitted.add(submitRetrying(helpline, draft("after " + i)));
    }
    for (Submission s : submitted) s.delivery().get(60, TimeUnit.SECONDS);
    assertEquals(20, desk.ticketCount());
    assertEquals(20, desk.tickets().stream().map(DeskTicket::idempotencyKey).distinct().count());
  }

  @Test
  void theFirstAttemptTimeIsKeptSoALateRetryLooksTheTicketUpFirst() throws Exception {
    PostgresOutboxStore store = store(pool, Limits.defaults());
    StoredEntry queued = store.enqueue(SubmissionRecord.builder().submissionId("first-attempt").subject("kept")
        .createdAt(Instant.parse("2026-12-01T10:00:00Z")).build());
    Instant at = Instant.parse("2026-12-01T10:00:05Z");
    try (OutboxStore.Claim claim = store.claim()) {
      StoredEntry loaded = store.load(claim.entries().get(0), q -> {});
      store.markAttempting(loaded, at, true);
    }

    assertEquals(at, store.find(queued.id()).state().firstAttemptAt());
    try (OutboxStore.Claim again = store(pool, Limits.defaults()).claim()) {
      assertEquals(at, again.entries().get(0).state().firstAttemptAt(), "another instance sees it too");
    }
  }

  /**
   * An instance that died in the middle of a retry left no trace of when that attempt was made but its lease: the
   * instance that takes the entry over plans it no sooner than that lease's end, which a connector waiting for its
   * desk's search to show an earlier attempt's ticket counts from ({@code NewTicket.earlierAttemptsEndedBy()}).
   */
  @Test
  void anEntryTakenOverFromAnInstanceThatDiedMidCallIsPlannedNoSoonerThanItsLeaseRanOut() throws Exception {
    Instant firstAttempt = Instant.parse("2026-12-01T10:00:00Z");
    Instant retry = firstAttempt.plus(Duration.ofMinutes(1));
    PostgresOutboxStore dying = instanceAt(retry);
    dying.enqueue(SubmissionRecord.builder().submissionId("taken-over").subject("retried").createdAt(firstAttempt).build());
    try (OutboxStore.Claim claim = dying.claim()) {
      StoredEntry loaded = dying.load(claim.entries().get(0), q -> {});
      dying.markAttempting(loaded, firstAttempt, false);
      dying.saveState(loaded, new OutboxStore.DeliveryState(1, 1, retry, "timed out", firstAttempt));
    }
    OutboxStore.Claim diedIn = dying.claim(); // never closed: the instance died during this attempt
    assertEquals(retry, dying.load(diedIn.entries().get(0), q -> {}).state().nextAttemptAt());

    PostgresOutboxStore survivor = instanceAt(retry.plus(Duration.ofMinutes(1)));
    Instant leaseRanOut = retry.plus(Duration.ofSeconds(5));
    try (OutboxStore.Claim claim = survivor.claim()) {
      OutboxStore.PendingEntry taken = claim.entries().get(0);
      assertEquals(leaseRanOut, taken.state().nextAttemptAt(), "the dead instance's attempt may have lasted that long");
      StoredEntry loaded = survivor.load(taken, q -> {});
      assertEquals(leaseRanOut, loaded.state().nextAttemptAt());
      assertEquals(1, loaded.state().attempts());
      assertEquals(firstAttempt, loaded.state().firstAttemptAt());
    }
    try (OutboxStore.Claim again = survivor.claim()) {
      assertEquals(leaseRanOut, again.entries().get(0).state().nextAttemptAt(), "a released entry keeps it");
    }
  }

  /**
   * An instance paused past its lease wakes up with the desk's refusal of an entry another instance has taken over
   * since: like its other state changes, marking it failed must not touch the entry the other instance delivers.
   */
  @Test
  void anInstanceWhoseLeaseWasTakenOverCannotMarkTheEntryFailed() throws Exception {
    Instant start = Instant.parse("2026-12-01T10:00:00Z");
    PostgresOutboxStore paused = instanceAt(start);
    paused.enqueue(SubmissionRecord.builder().submissionId("taken-from-a-paused-instance").subject("refused late")
        .createdAt(start).build());
    OutboxStore.Claim pausedClaim = paused.claim();
    closing.add(pausedClaim);
    StoredEntry stale = paused.load(pausedClaim.entries().get(0), q -> {});
    OutboxStore.FailureRecord refusal =
        new OutboxStore.FailureRecord(422, "invalid", "subject rejected", "subject", start.plusSeconds(1));

    PostgresOutboxStore survivor = instanceAt(start.plus(Duration.ofMinutes(1)));
    try (OutboxStore.Claim claim = survivor.claim()) {
      StoredEntry delivering = survivor.load(claim.entries().get(0), q -> {});

      IOException e = assertThrows(IOException.class, () -> paused.markFailed(stale, refusal));

      assertTrue(e.getMessage().contains("no longer holds the lease"), e.getMessage());
      assertEquals(Submission.State.QUEUED, survivor.find(stale.id()).location(), "still pending");
      assertTrue(survivor.failed().isEmpty());
      survivor.saveState(delivering, new OutboxStore.DeliveryState(1, 1, start.plus(Duration.ofMinutes(2)),
          "timed out", start.plus(Duration.ofMinutes(1))));
      assertEquals(1, survivor.find(stale.id()).state().attempts(), "the lease holder's state changes still land");
      assertEquals(Submission.State.FAILED, survivor.markFailed(delivering, refusal).location());
    }
    assertEquals(1, survivor.failed().size(), "the lease holder marked it failed");
  }

  /** A fleet instance whose clock stands at {@code now}, leasing for 5 s. */
  private PostgresOutboxStore instanceAt(Instant now) {
    PostgresOutboxStore store = PostgresOutboxStore.builder(pool).lease(Duration.ofSeconds(5))
        .clock(Clock.fixed(now, ZoneOffset.UTC)).spoolDirectory(data.resolve("spool")).build();
    closing.add(store);
    return store;
  }

  @Test
  void aDatabaseOfThePreviousSchemaGainsTheFirstAttemptColumnAndKeepsItsRows() throws Exception {
    Helpline helpline = client(store(pool, Limits.defaults()), "old-schema");
    helpline.close();
    PostgresOutboxStore older = store(pool, Limits.defaults());
    String id = older.enqueue(SubmissionRecord.builder().submissionId("from-before").subject("old row")
        .createdAt(Instant.parse("2026-12-01T10:00:00Z")).build()).id();
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      st.execute("ALTER TABLE helpline_outbox DROP COLUMN first_attempt_at");
      st.execute("DELETE FROM helpline_schema_version WHERE version = 3");
    }

    StoredEntry found = store(pool, Limits.defaults()).find(id);

    assertEquals("old row", found.record().subject());
    assertNull(found.state().firstAttemptAt(), "unknown, which connectors take as long ago");
  }

  @Test
  void aStoreFirstUsedInTheHostsTransactionLeavesThatTransactionToTheHost() throws Exception {
    PostgresOutboxStore store = store(pool, Limits.defaults());
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE orders (id int PRIMARY KEY)");
        s.execute("INSERT INTO orders VALUES (1)");
      }
      store.inTransaction(c, () -> store.enqueue(SubmissionRecord.builder().submissionId("with-order-1")
          .subject("order 1").createdAt(Instant.parse("2026-12-01T10:00:00Z")).build()));
      c.rollback();
    }

    try (Connection c = pool.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT to_regclass('orders') IS NULL")) {
      rs.next();
      assertTrue(rs.getBoolean(1), "the host rolled its work back, so the orders table must not exist");
    }
    assertNull(store.find("with-order-1"), "the submission went with the host's rollback");
    assertEquals(0, store.counts().pending());
  }

  @Test
  void aSubmissionWhoseAttachmentCannotBeReadLeavesNothingInTheHostsTransaction() throws Exception {
    PostgresOutboxStore store = store(pool, Limits.defaults());
    Path log = data.resolve("app.log");
    Files.writeString(log, "rotated away");
    Attachment rotated = Attachment.ofFileRegion(log, 0, 12, "app.log", "text/plain");
    Files.delete(log);
    SubmissionRecord record = SubmissionRecord.builder().submissionId("with-a-lost-log").subject("order 1 failed")
        .createdAt(Instant.parse("2026-12-01T10:00:00Z"))
        .attachments(List.of(Attachment.ofBytes("order.json", "application/json", new byte[] {'{', '}'}), rotated))
        .build();
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE orders (id int PRIMARY KEY)");
        s.execute("INSERT INTO orders VALUES (1)");
      }
      assertThrows(IOException.class, () -> store.inTransaction(c, () -> store.enqueue(record)));
      c.commit(); // the host goes on without its ticket
    }

    assertNull(store.find("with-a-lost-log"), "nothing of the submission stays behind");
    try (Connection c = pool.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM helpline_outbox),"
            + " (SELECT count(*) FROM helpline_outbox_attachments)")) {
      rs.next();
      assertEquals(1, rs.getInt(1), "the host's own work is committed");
      assertEquals(0, rs.getInt(2));
      assertEquals(0, rs.getInt(3));
    }
  }

  @Test
  void anEntryWhoseAttachmentIsMissingOrShortIsQuarantinedAndTheOthersStillLoad() throws Exception {
    PostgresOutboxStore store = store(pool, Limits.defaults());
    byte[] big = new byte[300 * 1024]; // spooled
    for (String id : List.of("a-missing", "b-short", "c-short-spooled", "d-intact")) {
      byte[] content = id.endsWith("spooled") ? big : "a small log".getBytes(StandardCharsets.UTF_8);
      store.enqueue(SubmissionRecord.builder().submissionId(id).subject(id)
          .createdAt(Instant.parse("2026-12-01T10:00:00Z")).attachments(List.of(
              Attachment.ofBytes("app.log", "text/plain", content))).build());
    }
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("DELETE FROM helpline_outbox_attachments WHERE entry_id = 'a-missing'");
      s.execute("UPDATE helpline_outbox_attachments SET content = substring(content FROM 1 FOR 5)"
          + " WHERE entry_id IN ('b-short', 'c-short-spooled')");
    }

    List<OutboxStore.Quarantined> quarantined = new ArrayList<>();
    List<String> loaded = new ArrayList<>();
    try (OutboxStore.Claim claim = store.claim()) {
      for (OutboxStore.PendingEntry ref : claim.entries()) {
        StoredEntry entry = store.load(ref, quarantined::add);
        if (entry != null) loaded.add(entry.id());
      }
    }

    assertEquals(List.of("d-intact"), loaded);
    assertEquals(List.of("a-missing", "b-short", "c-short-spooled"),
        quarantined.stream().map(OutboxStore.Quarantined::entryName).sorted().toList());
    assertEquals(3, store.counts().quarantined());
    assertEquals(1, store.counts().pending());
  }

  @Test
  void aSpoolDirectoryThatCannotBeWrittenFailsTheLoadAndKeepsTheEntryPending() throws Exception {
    Path notADirectory = data.resolve("spool-is-a-file");
    Files.writeString(notADirectory, "in the way");
    PostgresOutboxStore store = PostgresOutboxStore.builder(pool).spoolDirectory(notADirectory).build();
    closing.add(store);
    byte[] big = new byte[300 * 1024]; // spooled
    new Random(5).nextBytes(big);
    store.enqueue(SubmissionRecord.builder().submissionId("local-disk-trouble").subject("intact in the database")
        .createdAt(Instant.parse("2026-12-01T10:00:00Z"))
        .attachments(List.of(Attachment.ofBytes("big.bin", "application/octet-stream", big))).build());

    List<OutboxStore.Quarantined> quarantined = new ArrayList<>();
    try (OutboxStore.Claim claim = store.claim()) {
      OutboxStore.PendingEntry ref = claim.entries().get(0);
      assertThrows(IOException.class, () -> store.load(ref, quarantined::add));
    }

    assertEquals(List.of(), quarantined, "the entry is intact: the trouble is this instance's disk");
    assertEquals(0, store.counts().quarantined());
    PostgresOutboxStore other = store(pool, Limits.defaults());
    try (OutboxStore.Claim claim = other.claim()) {
      StoredEntry loaded = other.load(claim.entries().get(0), q -> {});
      try (InputStream in = loaded.record().attachments().get(0).openStream()) {
        assertArrayEquals(big, in.readAllBytes(), "another instance delivers it");
      }
    }
  }

  @Test
  void aRetriedEntryKeepsItsAttemptsAndFirstAttemptTimeSoTheDeskIsAskedBeforeCreatingAgain() throws Exception {
    PostgresOutboxStore store = store(pool, Limits.defaults());
    enqueueAndRefuseOnce(store, "refused", "refused at first");

    StoredEntry retried = store.retry("refused");

    assertEquals(Submission.State.QUEUED, retried.location());
    assertEquals(1, retried.state().attempts(), "the desk may hold the ticket of the attempt made");
    assertEquals(Instant.parse("2026-12-01T10:00:05Z"), retried.state().firstAttemptAt());
    assertEquals(0, retried.state().backoffStep(), "backoff starts afresh");
    assertNull(retried.state().nextAttemptAt(), "due now");
    try (OutboxStore.Claim claim = store(pool, Limits.defaults()).claim()) {
      assertEquals(1, claim.entries().get(0).state().attempts(), "another instance sees the attempts too");
    }
  }

  @Test
  void aSpooledAttachmentStaysReadableAfterItsFirstAttemptIsMarked() throws Exception {
    PostgresOutboxStore store = store(pool, Limits.defaults());
    byte[] big = new byte[700 * 1024]; // over the inline size: spooled to a file for the attempt
    new Random(11).nextBytes(big);
    store.enqueue(SubmissionRecord.builder().submissionId("big-first").subject("with a large file")
        .createdAt(Instant.parse("2026-12-01T10:00:00Z"))
        .attachments(List.of(Attachment.ofBytes("big.bin", "application/octet-stream", big))).build());
    try (OutboxStore.Claim claim = store.claim()) {
      StoredEntry loaded = store.load(claim.entries().get(0), q -> {});
      // What the delivery worker does right before the first call to the desk.
      store.markAttempting(loaded, Instant.parse("2026-12-01T10:00:05Z"), false);

      try (InputStream in = loaded.record().attachments().get(0).openStream()) {
        assertArrayEquals(big, in.readAllBytes(), "the attempt sends the attachment it loaded");
      }
    }
  }

  @Test
  void aSubmissionIdNotStartingWithALetterOrDigitIsRefusedAsTheFileStoreRefusesIt() throws Exception {
    PostgresOutboxStore store = store(pool, Limits.defaults());
    try (OutboxStore files = OutboxStore.inDirectory(data.resolve("files"))) {
      for (String id : List.of("-starts-with-a-dash", "_starts-with-an-underscore")) {
        SubmissionRecord record = SubmissionRecord.builder().submissionId(id).subject("odd id")
            .createdAt(Instant.parse("2026-12-01T10:00:00Z")).build();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.enqueue(record));

        IllegalArgumentException expected = assertThrows(IllegalArgumentException.class, () -> files.enqueue(record));
        assertEquals(expected.getMessage(), e.getMessage());
      }
    }
    assertEquals(0, store.counts().pending(), "nothing was stored");
  }

  private static Submission submitRetrying(Helpline helpline, TicketDraft draft) throws Exception {
    IOException last = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      try {
        return helpline.submit(draft);
      } catch (IOException e) {
        last = e;
      }
    }
    throw last;
  }

  /** Stores a submission made at 10:00:00 and records one attempt at 10:00:05 that the desk refused for good. */
  private static void enqueueAndRefuseOnce(PostgresOutboxStore store, String id, String subject) throws IOException {
    store.enqueue(SubmissionRecord.builder().submissionId(id).subject(subject)
        .createdAt(Instant.parse("2026-12-01T10:00:00Z")).build());
    Instant at = Instant.parse("2026-12-01T10:00:05Z");
    try (OutboxStore.Claim claim = store.claim()) {
      StoredEntry loaded = store.load(claim.entries().get(0), q -> {});
      store.markAttempting(loaded, at, false);
      store.markFailed(loaded.withState(loaded.state().attempting(at)),
          new OutboxStore.FailureRecord(422, "invalid", "subject rejected", "subject", at.plusSeconds(1)));
    }
  }
}
