package dev.helpline.server.jul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.AppInfo;
import dev.helpline.Helpline;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.server.ErrorReporter;
import dev.helpline.server.ErrorReporters;
import dev.helpline.testkit.TestDesk;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HelplineHandlerTest {
  @TempDir Path data;
  private TestDesk desk;
  private SupportApiConnector connector;
  private Helpline helpline;
  private ErrorReporter reporter;

  @BeforeEach
  void startDeskAndReporter() throws Exception {
    desk = TestDesk.builder().start();
    connector = SupportApiConnector.builder().baseUrl(desk.baseUrl()).appKey(desk.appKey()).build();
    helpline = Helpline.builder().app(AppInfo.of("svc", "1.0")).connector(connector).dataDirectory(data).build();
    reporter = ErrorReporter.builder(helpline).syncInterval(Duration.ofMinutes(1)).build();
  }

  @AfterEach
  void stop() {
    reporter.close();
    helpline.close();
    connector.close();
    desk.close();
  }

  @Test
  void severeRecordsWithThrowablesBecomeOneTicketPerFingerprint() throws Exception {
    ErrorReporters.register("jul-test", reporter);
    Logger log = Logger.getLogger("com.acme.jul.Importer");
    log.setUseParentHandlers(false);
    HelplineHandler handler = new HelplineHandler("jul-test");
    log.addHandler(handler);
    try {
      for (int i = 0; i < 5; i++) {
        log.log(Level.SEVERE, "import failed", new IllegalStateException("row " + i + " is malformed"));
      }
      log.log(Level.WARNING, "only a warning", new IllegalStateException("warning"));
      Logger.getLogger("dev.helpline.internal.outbox.Outbox").log(Level.SEVERE, "the SDK's own",
          new IllegalStateException("own"));
      reporter.flush(Duration.ofSeconds(20));
      assertEquals(1, desk.ticketCount());
      String fingerprint = reporter.openFingerprints().get(0);
      assertEquals(5, reporter.occurrences(fingerprint));
      assertTrue(desk.tickets().get(0).subject().contains("com.acme.jul.Importer"));
    } finally {
      log.removeHandler(handler);
    }
  }

  @Test
  void aRecordOfTheRootLoggerIsReportedAsJul() throws Exception {
    ErrorReporters.register("jul-root-test", reporter);
    LogRecord record = new LogRecord(Level.SEVERE, "boom");
    record.setLoggerName(""); // as the root logger names its records
    record.setThrown(new IllegalStateException("root failure"));
    new HelplineHandler("jul-root-test").publish(record);
    reporter.flush(Duration.ofSeconds(20));
    assertEquals(1, desk.ticketCount());
    assertTrue(desk.tickets().get(0).subject().contains("jul: IllegalStateException: root failure"),
        desk.tickets().get(0).subject());
  }

  @Test
  void aHandlerWithoutAReporterNameIsRefusedWhenBuiltNotAtEverySevereRecord() {
    // Built with a null name, the handler threw a NullPointerException out of every SEVERE logging call.
    assertEquals("reporter == null", assertThrows(NullPointerException.class, () -> new HelplineHandler(null)).getMessage());
  }
}
