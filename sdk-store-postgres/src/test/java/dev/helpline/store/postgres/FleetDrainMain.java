package dev.helpline.store.postgres;

import dev.helpline.AppInfo;
import dev.helpline.DeliveryPolicy;
import dev.helpline.Helpline;
import dev.helpline.connector.supportapi.SupportApiConnector;
import java.nio.file.Files;
import java.time.Duration;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One instance of a fleet draining a shared PostgreSQL outbox, run as its own JVM by
 * {@link FleetDrainTest}, which kills it with SIGKILL at random. Arguments: desk URL, app key,
 * JDBC URL. Prints "draining" once its client runs, then delivers until it is killed.
 */
public final class FleetDrainMain {
  private FleetDrainMain() {}

  public static void main(String[] args) throws Exception {
    PGSimpleDataSource driver = new PGSimpleDataSource();
    driver.setURL(args[2]);
    HikariConfig config = new HikariConfig();
    config.setDataSource(driver);
    config.setMaximumPoolSize(3);
    HikariDataSource ds = new HikariDataSource(config);
    PostgresOutboxStore store = PostgresOutboxStore.builder(ds).lease(Duration.ofSeconds(2)).batch(4).build();
    SupportApiConnector connector = SupportApiConnector.builder().baseUrl(args[0]).appKey(args[1]).build();
    Helpline helpline = Helpline.builder().app(AppInfo.of("fleet", "1.0")).connector(connector)
        .dataDirectory(Files.createTempDirectory("fleet-drain")).outboxStore(store)
        .deliveryPolicy(DeliveryPolicy.builder().tickInterval(Duration.ofMillis(300)).build())
        .build();
    helpline.flush();
    System.out.println("draining");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
