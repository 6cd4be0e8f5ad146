package dev.helpline.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.helpline.DeliveryPolicy;
import dev.helpline.Helpline;
import dev.helpline.Limits;
import dev.helpline.Priority;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.supportapi.internal.SupportApiJson;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.outbox.SubmissionRecord;
import dev.helpline.store.postgres.PostgresOutboxStore;
import dev.helpline.store.postgres.testing.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Fleet drain rate on PostgreSQL: N queued submissions (4 KiB description) delivered to a testkit
 * desk (its own process) by 1, 2 and 4 instances, each a client with its own
 * {@link PostgresOutboxStore} and pool, against a raw JDBC loop run by as many threads in the same
 * run: claim one row with {@code FOR UPDATE SKIP LOCKED}, post the same ticket part with raw
 * OkHttp, delete the row, commit. Both start from an identical queue in a fresh database of a
 * private PostgreSQL server.
 */
final class FleetHarness {
  private static final int[] INSTANCES = {1, 2, 4};

  private FleetHarness() {}

  static Map<String, Object> run(int n, long timeoutSeconds) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("tickets", n);
    try (PostgresServer server = PostgresServer.start(); DeskProcess desk = DeskProcess.start("1g")) {
      for (int k : INSTANCES) {
        double sdk = drainWithSdk(server, desk.baseUrl(), n, k, timeoutSeconds);
        double raw = drainRaw(server, desk.baseUrl(), n, k);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("sdkTicketsPerSecond", sdk);
        row.put("rawJdbcTicketsPerSecond", raw);
        row.put("ratio", sdk / raw);
        out.put("instances" + k, row);
      }
    }
    return out;
  }

  /** Room for the whole queue: the default bound (500 entries) is smaller than a full run's. */
  private static Limits limits(int n) {
    return Limits.defaults().toBuilder().maxOutboxEntries(Math.max(n, Limits.defaults().maxOutboxEntries())).build();
  }

  private static HikariDataSource pool(PostgresServer server, String db, int size) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(server.dataSource(db));
    config.setMaximumPoolSize(size);
    return new HikariDataSource(config);
  }

  private static String queue(PostgresServer server, int n) throws Exception {
    String db = server.createDatabase("bench_fleet");
    try (HikariDataSource ds = pool(server, db, 2);
        PostgresOutboxStore store = PostgresOutboxStore.builder(ds).limits(limits(n)).build()) {
      String description = Fixtures.description();
      for (int i = 0; i < n; i++) {
        store.enqueue(SubmissionRecord.builder().submissionId(UUID.randomUUID().toString())
            .subject("Sync stops after an hour " + i).description(description).priority(Priority.HIGH)
            .createdAt(Instant.now()).build());
      }
    }
    return db;
  }

  private static double drainWithSdk(PostgresServer server, String url, int n, int k, long timeoutSeconds)
      throws Exception {
    String db = queue(server, n);
    CountDownLatch delivered = new CountDownLatch(n);
    List<AutoCloseable> open = new ArrayList<>();
    try {
      List<Helpline> clients = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        HikariDataSource ds = pool(server, db, 3);
        open.add(ds);
        PostgresOutboxStore store = PostgresOutboxStore.builder(ds).limits(limits(n)).build();
        open.add(store);
        SupportApiConnector connector = Fixtures.connector(url, DeskProcess.APP_KEY);
        open.add(connector);
        Path dir = Fixtures.scratch("fleet-" + k + "-" + i);
        Helpline h = Helpline.builder().app(Fixtures.APP).connector(connector).dataDirectory(dir).outboxStore(store)
            .deliveryPolicy(DeliveryPolicy.builder().tickInterval(Duration.ofMillis(200)).build())
            .addDeliveryListener(new Submission.Listener() {
              @Override public void onDelivered(Submission s, Ticket t) {
                delivered.countDown();
              }
            }).build();
        open.add(h);
        clients.add(h);
      }
      long start = System.nanoTime();
      for (Helpline h : clients) h.flush();
      if (!delivered.await(timeoutSeconds, TimeUnit.SECONDS)) {
        throw new IllegalStateException((n - delivered.getCount()) + " of " + n + " delivered by " + k
            + " instances within " + timeoutSeconds + " s");
      }
      return n / ((System.nanoTime() - start) / 1e9);
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }
  }

  private static double drainRaw(PostgresServer server, String url, int n, int k) throws Exception {
    String db = queue(server, n);
    OkHttpClient http = new OkHttpClient.Builder()
        .addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
            .header("User-Agent", SupportApiConnector.DEFAULT_USER_AGENT).build()))
        .build();
    String description = Fixtures.description();
    AtomicInteger done = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(k);
    try (HikariDataSource ds = pool(server, db, k)) {
      long start = System.nanoTime();
      List<Future<?>> workers = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        workers.add(threads.submit(() -> {
          try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            while (true) {
              String id;
              String subject;
              try (PreparedStatement p = c.prepareStatement("SELECT id, created_at FROM helpline_outbox"
                  + " WHERE state = 'pending' ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED");
                  ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                  c.rollback();
                  return null;
                }
                id = rs.getString(1);
                subject = "Sync stops after an hour";
              }
              NewTicket ticket = NewTicket.builder().submissionId(id).subject(subject).description(description)
                  .priority(Priority.HIGH).createdAt(Instant.now()).build();
              RequestBody body = new MultipartBody.Builder().setType(MultipartBody.FORM).addFormDataPart("ticket",
                  null, RequestBody.create(SupportApiJson.ticketPart(ticket), MediaType.get("application/json"))).build();
              Request request = new Request.Builder().url(url + "/v1/tickets")
                  .header("Authorization", "Bearer " + DeskProcess.APP_KEY).header("Idempotency-Key", id)
                  .post(body).build();
              try (Response r = http.newCall(request).execute()) {
                if (!r.isSuccessful()) throw new IllegalStateException("desk answered " + r.code());
              }
              try (PreparedStatement p = c.prepareStatement("DELETE FROM helpline_outbox WHERE id = ?")) {
                p.setString(1, id);
                p.executeUpdate();
              }
              c.commit();
              done.incrementAndGet();
            }
          }
        }));
      }
      for (Future<?> w : workers) w.get(10, TimeUnit.MINUTES);
      if (done.get() != n) throw new IllegalStateException("raw loop delivered " + done.get() + " of " + n);
      return n / ((System.nanoTime() - start) / 1e9);
    } finally {
      threads.shutdownNow();
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }
}
