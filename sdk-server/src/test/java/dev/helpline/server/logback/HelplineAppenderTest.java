package dev.helpline.server.logback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import dev.helpline.AppInfo;
import dev.helpline.Helpline;
import dev.helpline.Requester;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.server.ErrorReporter;
import dev.helpline.server.ErrorReporters;
import dev.helpline.testkit.DeskTicket;
import dev.helpline.testkit.TestDesk;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HelplineAppenderTest {
  @TempDir Path data;
  private TestDesk desk;
  private SupportApiConnector connector;
  private Helpline helpline;
  private ErrorReporter reporter;
  private LoggerContext logback;

  @BeforeEach
  void setUp() throws Exception {
    desk = TestDesk.builder().start();
    connector = SupportApiConnector.builder().baseUrl(desk.baseUrl()).appKey(desk.appKey()).build();
    helpline = Helpline.builder().app(AppInfo.of("svc", "1.0")).connector(connector).dataDirectory(data)
        .requester(Requester.of("svc", "svc@example.com", null))
        .userToken(desk.issueUserToken("svc", "svc@example.com", Duration.ofHours(1)))
        .build();
    reporter = ErrorReporter.builder(helpline).service("billing").syncInterval(Duration.ofMinutes(1)).build();
    ErrorReporters.register(reporter);
    // The documented logback.xml, loaded into the application's (SLF4J's) context as a service would.
    logback = (LoggerContext) LoggerFactory.getILoggerFactory();
    logback.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(logback);
    URL xml = getClass().getResource("/helpline-logback.xml");
    configurator.doConfigure(xml);
  }

  @AfterEach
  void tearDown() throws Exception {
    logback.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(logback);
    configurator.doConfigure(getClass().getResource("/logback-test.xml"));
    reporter.close();
    helpline.close();
    connector.close();
    desk.close();
  }

  @Test
  void theDocumentedConfigurationInstallsTheAppenderOnTheRootLogger() {
    Logger root = logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    assertTrue(root.getAppender("HELPLINE") instanceof HelplineAppender);
    assertTrue(root.getAppender("HELPLINE").isStarted());
  }

  @Test
  void repeatedErrorsBecomeOneTicketWithTheirCountAndContext() throws Exception {
    Logger log = logback.getLogger("com.acme.billing.Invoices");
    MDC.put("requestId", "req-7");
    try {
      for (int i = 0; i < 50; i++) {
        log.error("invoice {} could not be sent", i, failure(i));
      }
    } finally {
      MDC.clear();
    }
    log.warn("a warning is not a ticket", new IllegalStateException("warn"));
    log.info("neither is info");
    assertEquals(1, reporter.flush(Duration.ofSeconds(20)));
    assertEquals(1, desk.ticketCount());
    DeskTicket ticket = desk.tickets().get(0);
    assertTrue(ticket.subject().startsWith("[billing] com.acme.billing.Invoices: IllegalStateException"),
        ticket.subject());
    assertTrue(ticket.description().contains("Logged: invoice {} could not be sent"), ticket.description());
    assertEquals("req-7", ticket.customFields().get("error.request_id"));
    assertTrue(ticket.messages().get(0).body().contains("50 occurrences in total"), ticket.messages().toString());
  }

  @Test
  void errorsLoggedThroughAnAsyncAppenderNeverHangTheLoggingThread() throws Exception {
    logback.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(logback);
    configurator.doConfigure(getClass().getResource("/helpline-async-logback.xml"));
    // More distinct errors than the AsyncAppender's queue holds (256): while its worker reports them, the
    // reporter logs that it filed tickets and hit the rate limit, and those lines join the same full queue.
    CountDownLatch returned = new CountDownLatch(1);
    Thread app = new Thread(() -> {
      Logger log = logback.getLogger("com.acme.Invoices");
      for (int i = 0; i < 600; i++) {
        log.error("invoice run failed", new IllegalStateException("failure " + letters(i)));
      }
      returned.countDown();
    }, "app");
    // On failure the logging thread and Logback's worker stay blocked: daemons, detached by tearDown's reset.
    app.setDaemon(true);
    app.start();
    assertTrue(returned.await(30, TimeUnit.SECONDS), "log.error() has not returned after 30 s");
    reporter.flush(Duration.ofSeconds(20));
    assertEquals(600, desk.ticketCount() + reporter.rateLimitedCount(),
        "each error is filed or held back by the rate limit");
  }

  /** Three letters for {@code i}: distinct errors without digits, which a fingerprint would ignore. */
  private static String letters(int i) {
    return "" + (char) ('a' + i % 26) + (char) ('a' + i / 26 % 26) + (char) ('a' + i / 676);
  }

  @Test
  void theSdksOwnErrorsNeverBecomeTickets() throws Exception {
    logback.getLogger("dev.helpline.internal.delivery.DeliveryWorker").error("desk down", failure(1));
    logback.getLogger("okhttp3.OkHttpClient").error("connection leaked", failure(2));
    logback.getLogger("com.zaxxer.hikari.pool.HikariPool").error("pool exhausted", failure(3));
    assertEquals(0, reporter.flush(Duration.ofSeconds(5)));
    assertTrue(reporter.openFingerprints().isEmpty());
    assertEquals(0, desk.ticketCount());
  }

  @Test
  void errorsWithoutAThrowableAreReportedByTheirMessagePattern() throws Exception {
    Logger log = logback.getLogger("com.acme.sync.Sync");
    log.error("sync of {} items failed", 12);
    log.error("sync of {} items failed", 400);
    reporter.flush(Duration.ofSeconds(20));
    assertEquals(1, desk.ticketCount());
    assertEquals("log", desk.tickets().get(0).customFields().get("error.type"));
  }

  @Test
  void eventsBeforeAReporterIsRegisteredAreDropped() throws Exception {
    ErrorReporters.unregister(reporter);
    logback.getLogger("com.acme.Early").error("too early", failure(1));
    assertFalse(reporter.openFingerprints().iterator().hasNext());
  }

  private static IllegalStateException failure(int invoice) {
    return new IllegalStateException("SMTP refused invoice " + invoice);
  }
}
