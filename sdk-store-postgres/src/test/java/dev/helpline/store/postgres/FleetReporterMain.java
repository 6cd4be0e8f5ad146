package dev.helpline.store.postgres;

import dev.helpline.AppInfo;
import dev.helpline.Helpline;
import dev.helpline.Requester;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.server.ErrorReporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One instance of a fleet, run as its own JVM by {@link FleetReportingTest}: reports the same
 * failure {@code count} times through a reporter on the shared PostgreSQL store, flushes, exits 0.
 * Arguments: desk URL, app key, user token, JDBC URL, count. Prints "reported N".
 */
public final class FleetReporterMain {
  private FleetReporterMain() {}

  public static void main(String[] args) throws Exception {
    String deskUrl = args[0];
    String appKey = args[1];
    String userToken = args[2];
    String jdbcUrl = args[3];
    int count = Integer.parseInt(args[4]);
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(jdbcUrl);
    Path data = Files.createTempDirectory("fleet-instance");
    try (SupportApiConnector connector = SupportApiConnector.builder().baseUrl(deskUrl).appKey(appKey).build();
        Helpline helpline = Helpline.builder().app(AppInfo.of("fleet", "1.0")).connector(connector)
            .dataDirectory(data).requester(Requester.of("svc", "svc@example.com", null)).userToken(userToken)
            .build();
        ErrorReporter reporter = ErrorReporter.builder(helpline).service("fleet")
            .store(PostgresFingerprintStore.create(ds)).syncInterval(Duration.ofMillis(100))
            .followUpInterval(Duration.ofSeconds(1)).build()) {
      for (int i = 0; i < count; i++) {
        try {
          chargeCard(i);
        } catch (IllegalStateException e) {
          reporter.report("charge", e);
        }
      }
      reporter.flush(Duration.ofSeconds(60));
      System.out.println("reported " + count);
    }
    System.exit(0);
  }

  /** The same failure on every instance; only the order number in the message differs. */
  private static void chargeCard(int order) {
    throw new IllegalStateException("card processor timed out for order " + order);
  }
}
