package dev.helpline.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.helpline.server.FingerprintStore.Tally;
import dev.helpline.store.postgres.internal.Schema;
import dev.helpline.store.postgres.testing.PostgresExtension;
import dev.helpline.store.postgres.testing.PostgresServer;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

@ExtendWith(PostgresExtension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PostgresFingerprintStoreTest {
  private static final Duration WINDOW = Duration.ofHours(1);
  private static final Duration FILING = Duration.ofMinutes(2);
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  private final PostgresServer server;
  private DataSource dataSource;
  private PostgresFingerprintStore store;

  PostgresFingerprintStoreTest(PostgresServer server) {
    this.server = server;
  }

  private String database;
  private HikariDataSource pool;

  @BeforeEach
  void setUp() throws Exception {
    database = server.createDatabase("fingerprints");
    pool = server.pool(database, 8);
    dataSource = pool;
    store = PostgresFingerprintStore.create(pool);
  }

  @AfterEach
  void tearDown() {
    pool.close();
  }

  @Test
  void theFirstRecordFilesAndLaterOnesOnlyCount() throws Exception {
    // Any DataSource will do: here the driver's own, one connection per call, no pool.
    PostgresFingerprintStore store = PostgresFingerprintStore.create(server.dataSource(database));
    Tally first = store.record("fp", 1, T0, WINDOW, FILING);
    assertTrue(first.mustFile());
    assertEquals(1, first.count());
    Tally second = store.record("fp", 5, T0.plusSeconds(1), WINDOW, FILING);
    assertFalse(second.mustFile(), "the first caller is filing");
    assertEquals(6, second.count());
    assertEquals(first.incident(), second.incident());
    assertEquals(T0, second.firstSeen());
    assertEquals(T0.plusSeconds(1), second.lastSeen());
  }

  @Test
  void followUpsAreClaimedOncePerIntervalAndOnlyWithNewOccurrences() throws Exception {
    Tally t = store.record("fp", 1, T0, WINDOW, FILING);
    store.filed("fp", t.incident(), "sub-1", 1);
    assertNull(store.claimFollowUp("fp", t.incident(), T0.plusSeconds(3600), Duration.ZERO),
        "no follow-up before the ticket is delivered");
    store.ticketDelivered("fp", t.incident(), "42");
    assertNull(store.claimFollowUp("fp", t.incident(), T0.plusSeconds(3600), Duration.ZERO), "nothing new");
    store.record("fp", 9, T0.plusSeconds(60), WINDOW, FILING);
    assertNull(store.claimFollowUp("fp", t.incident(), T0.plusSeconds(60), Duration.ofMinutes(5)), "not due");
    Tally claimed = store.claimFollowUp("fp", t.incident(), T0.plusSeconds(301), Duration.ofMinutes(5));
    assertNotNull(claimed);
    assertEquals(10, claimed.count());
    assertEquals(1, claimed.reportedCount());
    assertEquals("42", claimed.ticketId());
    store.record("fp", 1, T0.plusSeconds(302), WINDOW, FILING);
    assertNull(store.claimFollowUp("fp", t.incident(), T0.plusSeconds(302), Duration.ofMinutes(5)),
        "claimed at 301: the next one waits for the interval");
  }

  @Test
  void aReleasedOrSilentFilerIsReplacedAndAnExpiredOrForgottenIncidentStartsOver() throws Exception {
    Tally t = store.record("fp", 1, T0, WINDOW, FILING);
    store.release("fp", t.incident());
    assertTrue(store.record("fp", 1, T0.plusSeconds(1), WINDOW, FILING).mustFile(), "released: the next files");
    assertFalse(store.record("fp", 1, T0.plusSeconds(2), WINDOW, FILING).mustFile());
    assertTrue(store.record("fp", 1, T0.plusSeconds(200), WINDOW, FILING).mustFile(),
        "the filer claimed it more than the filing timeout ago and never recorded a submission");

    Tally expired = store.record("fp", 1, T0.plus(WINDOW).plusSeconds(201), WINDOW, FILING);
    assertTrue(expired.mustFile());
    assertNotEquals(t.incident(), expired.incident());
    assertEquals(1, expired.count());

    store.forget("fp", t.incident());
    assertNotNull(store.get("fp"), "forgetting an old incident leaves the new one alone");
    store.forget("fp", expired.incident());
    assertNull(store.get("fp"));
  }

  @Test
  void aRefusedSubmissionFreesTheIncidentOnlyWhileItIsTheRecordedOneAndUndelivered() throws Exception {
    Tally t = store.record("fp", 1, T0, WINDOW, FILING);
    store.filed("fp", t.incident(), "sub-1", 1);
    store.release("fp", t.incident());
    assertFalse(store.record("fp", 1, T0.plusSeconds(1), WINDOW, FILING).mustFile(),
        "release leaves a recorded submission alone");

    store.refused("fp", t.incident(), "sub-other");
    assertFalse(store.record("fp", 1, T0.plusSeconds(2), WINDOW, FILING).mustFile(),
        "a refusal of another submission frees nothing");

    store.refused("fp", t.incident(), "sub-1");
    assertEquals(0, store.get("fp").reportedCount(), "the refused ticket showed nothing");
    Tally again = store.record("fp", 1, T0.plusSeconds(3), WINDOW, FILING);
    assertTrue(again.mustFile(), "refused: the next record files again");
    assertEquals(t.incident(), again.incident());
    assertEquals(4, again.count());
    assertFalse(store.record("fp", 1, T0.plusSeconds(4), WINDOW, FILING).mustFile(), "one filer at a time");

    store.filed("fp", t.incident(), "sub-2", 5);
    store.refused("fp", t.incident(), "sub-1");
    assertFalse(store.record("fp", 1, T0.plusSeconds(5), WINDOW, FILING).mustFile(),
        "a stale refusal does not free the incident another filer queued since");
    store.ticketDelivered("fp", t.incident(), "42");
    store.refused("fp", t.incident(), "sub-2");
    assertFalse(store.record("fp", 1, T0.plusSeconds(6), WINDOW, FILING).mustFile(),
        "a delivered ticket is never refused");
    assertEquals("42", store.get("fp").ticketId());
    assertEquals(5, store.get("fp").reportedCount());
  }

  @Test
  void concurrentRecordsCountEveryOccurrenceAndMakeExactlyOneFiler() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> filers = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      filers.add(pool.submit(() -> {
        start.await(10, TimeUnit.SECONDS);
        int filed = 0;
        for (int i = 0; i < 50; i++) if (store.record("fp", 2, T0, WINDOW, FILING).mustFile()) filed++;
        return filed;
      }));
    }
    start.countDown();
    int total = 0;
    for (Future<Integer> f : filers) total += f.get(60, TimeUnit.SECONDS);
    pool.shutdown();
    assertEquals(1, total);
    assertEquals(800, store.get("fp").count());
  }

  @Test
  void theSchemaIsAppliedOnceEvenByInstancesStartingTogether() throws Exception {
    String db = server.createDatabase("schema");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Tally>> results = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      PostgresFingerprintStore s = PostgresFingerprintStore.create(server.dataSource(db));
      results.add(pool.submit(() -> s.record("fp", 1, T0, WINDOW, FILING)));
    }
    for (Future<Tally> f : results) f.get(60, TimeUnit.SECONDS);
    pool.shutdown();
    try (Connection c = server.dataSource(db).getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*), max(version) FROM helpline_schema_version")) {
      rs.next();
      assertEquals(Schema.VERSION, rs.getInt(1));
      assertEquals(Schema.VERSION, rs.getInt(2));
      assertEquals(Schema.VERSION, Schema.apply(c), "applying again finds the current version and changes nothing");
    }
  }

  @Test
  void anExhaustedPoolFailsWithAClearIOException() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setDataSource(server.dataSource(database));
    config.setMaximumPoolSize(1);
    config.setConnectionTimeout(250);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      PostgresFingerprintStore pooled = PostgresFingerprintStore.create(pool);
      pooled.record("fp", 1, T0, WINDOW, FILING);
      try (Connection held = pool.getConnection()) {
        IOException e = assertThrows(IOException.class, () -> pooled.record("fp", 1, T0, WINDOW, FILING));
        assertTrue(e.getMessage().contains("PostgreSQL fingerprint store: no database connection to count error fp"),
            e.getMessage());
        assertTrue(e.getMessage().contains("pool is exhausted"), e.getMessage());
      }
      assertEquals(2, pooled.record("fp", 1, T0, WINDOW, FILING).count(), "the failed call wrote nothing");
    }
  }

  @Test
  void anUnreachableDatabaseFailsWithAClearIOException() throws Exception {
    PGSimpleDataSource nowhere = new PGSimpleDataSource();
    nowhere.setServerNames(new String[] {"127.0.0.1"});
    nowhere.setPortNumbers(new int[] {1});
    nowhere.setDatabaseName("helpline");
    nowhere.setUser("helpline");
    nowhere.setPassword("s3cret-password");
    IOException e = assertThrows(IOException.class,
        () -> PostgresFingerprintStore.create(nowhere).record("fp", 1, T0, WINDOW, FILING));
    assertTrue(e.getMessage().startsWith("PostgreSQL fingerprint store: no database connection"), e.getMessage());
    assertFalse(e.getMessage().contains("s3cret-password"), e.getMessage());
  }
}
