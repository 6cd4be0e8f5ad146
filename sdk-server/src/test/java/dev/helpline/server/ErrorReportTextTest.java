package dev.helpline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.testkit.DeskTicket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What an error brings into its ticket never keeps the ticket from being filed. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ErrorReportTextTest {
  @TempDir Path data;
  private DeskFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = new DeskFixture(data);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private DeskTicket fileOne(ErrorEvent event) throws Exception {
    try (ErrorReporter reporter = ErrorReporter.builder(fx.helpline).service("svc").build()) {
      assertEquals(ErrorReporter.Outcome.FILED, reporter.report(event));
      reporter.flush(Duration.ofSeconds(20));
    }
    assertEquals(1, fx.desk.ticketCount());
    return fx.desk.tickets().get(0);
  }

  @Test
  void controlCharactersInTheExceptionMessageBecomeSpacesInTheSubject() throws Exception {
    DeskTicket t = fileOne(ErrorEvent.builder("import")
        .error(new IllegalStateException("bad\tvalue\u0007 in row\u2028two")).build());
    assertTrue(t.subject().endsWith("IllegalStateException: bad value  in row two"), t.subject());
  }

  @Test
  void aHugeLoggedMessageIsCutSoTheTicketStaysWithinItsLimits() throws Exception {
    String huge = "x".repeat(200_000);
    DeskTicket t = fileOne(ErrorEvent.builder("import").error(new IllegalStateException("failed")).message(huge).build());
    assertTrue(t.description().contains("Logged: " + "x".repeat(8 * 1024) + "…[truncated]"), "cut at 8 KiB");
  }
}
