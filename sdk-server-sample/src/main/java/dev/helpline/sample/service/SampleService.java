package dev.helpline.sample.service;

import dev.helpline.AppInfo;
import dev.helpline.Helpline;
import dev.helpline.server.ErrorReporter;
import dev.helpline.server.FingerprintStore;
import dev.helpline.store.postgres.PostgresFingerprintStore;
import dev.helpline.store.postgres.PostgresOutboxStore;
import dev.helpline.Requester;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.status.StatusMonitor;
import dev.helpline.status.StatusSource;
import dev.helpline.testkit.DeskTicket;
import dev.helpline.testkit.TestDesk;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A small JVM service showing the service-side patterns, runnable on its own:
 * {@code java -cp helpline.jar dev.helpline.sample.service.SampleService}. It starts the test desk in-process, marks
 * the "Reports" component as under maintenance, and runs three jobs from a pool of threads: a non-critical report
 * (deferred, with a log line saying why), a critical billing sync (runs anyway) and an import that keeps failing
 * the same way (one ticket, the count added as one follow-up message). Prints what the desk received.
 *
 * <p>Against a real desk the wiring is the same: a {@link SupportApiConnector} (or another connector) with the
 * service's app key, the service account as requester with its user token (needed for the follow-up messages), and
 * the desk's or status page's status source ({@link StatusSource}) for the maintenance windows; the client polls
 * it in the background.
 */
public final class SampleService {
  /**
   * Fleet mode cannot start: the {@code --fleet} URL is not a PostgreSQL JDBC URL, or its database cannot be used.
   * The message names what failed and never the URL's parameters, where the password travels.
   */
  public static final class FleetException extends Exception {
    private static final long serialVersionUID = 1L;

    FleetException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private SampleService() {}

  public static void main(String[] args) throws Exception {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    }
    String fleet = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--fleet") && i + 1 < args.length) {
        fleet = args[++i];
      } else {
        System.err.println("usage: SampleService [--fleet jdbc:postgresql://host:port/db?user=…]");
        System.exit(2);
      }
    }
    try {
      run(System.out, 200, fleet);
    } catch (FleetException e) {
      System.err.println("SampleService: " + e.getMessage());
      System.exit(1);
    }
  }

  /** Runs the sample with {@code failures} failing imports; returns the number of tickets the desk received. */
  public static int run(PrintStream out, int failures) throws Exception {
    return run(out, failures, null);
  }

  /**
   * Runs the sample; with a {@code fleetJdbcUrl} in fleet mode: the outbox and the error counts live in that
   * PostgreSQL database, shared by every instance started with the same URL.
   *
   * @throws FleetException before anything runs, when the database cannot be reached or used
   */
  public static int run(PrintStream out, int failures, @Nullable String fleetJdbcUrl) throws Exception {
    PGSimpleDataSource fleet = fleetJdbcUrl == null ? null : dataSource(fleetJdbcUrl);
    try (PostgresOutboxStore outbox = fleet == null ? null : openOutbox(fleet, fleetJdbcUrl)) {
      if (fleet != null) out.println("fleet mode: outbox and error counts in PostgreSQL");
      return run(out, failures, fleet, outbox);
    }
  }

  private static PGSimpleDataSource dataSource(String jdbcUrl) throws FleetException {
    PGSimpleDataSource fleet = new PGSimpleDataSource();
    try {
      fleet.setURL(jdbcUrl);
    } catch (IllegalArgumentException e) {
      // The driver's message repeats the whole URL, password included.
      throw new FleetException("fleet mode: --fleet " + shown(jdbcUrl) + " is not a jdbc:postgresql://HOST/DB URL", e);
    }
    return fleet;
  }

  /**
   * The fleet's outbox, used once here: the database is reached and the schema applied now, so a database that is
   * down, refuses the user or lacks rights stops the sample with one line instead of failing every job later.
   */
  private static PostgresOutboxStore openOutbox(PGSimpleDataSource fleet, String jdbcUrl) throws FleetException {
    PostgresOutboxStore outbox = PostgresOutboxStore.builder(fleet).build();
    try {
      outbox.counts();
      return outbox;
    } catch (IOException e) {
      outbox.close();
      String reason = String.valueOf(e.getMessage());
      String password = fleet.getPassword();
      if (password != null && !password.isEmpty()) reason = reason.replace(password, "***");
      throw new FleetException("fleet mode: cannot use the PostgreSQL database at " + shown(jdbcUrl) + ": " + reason, e);
    }
  }

  /** A JDBC URL as far as a message may show it: without user info and parameters, where credentials travel. */
  static String shown(String jdbcUrl) {
    int query = jdbcUrl.indexOf('?');
    String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    return base.replaceFirst("//[^/@]*@", "//");
  }

  private static int run(PrintStream out, int failures, @Nullable PGSimpleDataSource fleet,
      @Nullable PostgresOutboxStore outbox) throws Exception {
    Path data = Files.createTempDirectory("helpline-service");
    OkHttpClient http = new OkHttpClient();
    try (TestDesk desk = TestDesk.builder().start()) {
      desk.admin().setComponent("Reports", "under_maintenance");
      desk.admin().setComponent("Billing", "operational");
      String serviceAccount = "svc-reports@example.com";
      try (SupportApiConnector connector = SupportApiConnector.builder().baseUrl(desk.baseUrl())
              .appKey(desk.appKey()).build();
          Helpline helpline = Helpline.builder()
              .outboxStore(outbox)
              .app(AppInfo.of("reports-service", "1.0.0"))
              .connector(connector)
              .dataDirectory(data)
              .requester(Requester.of("svc-reports", serviceAccount, "Reports service"))
              .userToken(desk.issueUserToken("svc-reports", serviceAccount, Duration.ofHours(1)))
              .statusSource(StatusSource.supportApi(desk.baseUrl(), http))
              .build();
          ErrorReporter reporter = ErrorReporter.builder(helpline).service("reports-service")
              .store(fleet != null ? PostgresFingerprintStore.create(fleet) : FingerprintStore.inMemory())
              .followUpInterval(Duration.ofMinutes(15)).build()) {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler(reporter.uncaughtExceptionHandler());
        try {
          runJobs(out, helpline.statusMonitor(), reporter, failures);
        } finally {
          Thread.setDefaultUncaughtExceptionHandler(previous);
        }
      }
      out.println("tickets at the desk: " + desk.ticketCount());
      for (DeskTicket t : desk.tickets()) {
        out.println("  #" + t.id() + " " + t.subject());
        out.println("    error.occurrences=" + t.customFields().get("error.occurrences") + " error.fingerprint="
            + t.customFields().get("error.fingerprint"));
        for (DeskTicket.Message m : t.messages()) out.println("    message: " + m.body().split("\n")[0]);
      }
      return desk.ticketCount();
    } finally {
      http.dispatcher().executorService().shutdown();
      deleteTree(data);
    }
  }

  private static void runJobs(PrintStream out, StatusMonitor status, ErrorReporter reporter, int failures)
      throws Exception {
    // The client's first poll is under way; wait for a snapshot so the transcript does not depend on timing.
    status.refresh().get(15, TimeUnit.SECONDS);
    Jobs jobs = new Jobs(status, reporter, Clock.systemUTC());

    out.println("nightly-report (non-critical, Reports): "
        + jobs.run("nightly-report", "Reports", false, () -> out.println("  generating the report")));
    out.println("billing-sync (critical, Reports):      "
        + jobs.run("billing-sync", "Reports", true, () -> out.println("  syncing billing")));

    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Jobs.Outcome>> runs = new ArrayList<>();
    for (int i = 0; i < failures; i++) {
      runs.add(pool.submit(() -> jobs.run("import", "Billing", true, SampleService::importBatch)));
    }
    int failed = 0;
    for (Future<Jobs.Outcome> f : runs) if (f.get(30, TimeUnit.SECONDS) == Jobs.Outcome.FAILED) failed++;
    pool.shutdown();
    out.println("import (critical, Billing):             " + failed + " of " + failures + " runs failed");
    int followUps = reporter.flush(Duration.ofSeconds(15));
    out.println("follow-up messages sent: " + followUps);
  }

  /** The failing job: always the same place, so every failure has the same fingerprint. */
  private static void importBatch() {
    throw new IllegalStateException("import source unavailable: connection refused");
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
