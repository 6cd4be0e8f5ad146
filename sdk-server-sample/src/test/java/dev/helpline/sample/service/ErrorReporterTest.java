package dev.helpline.sample.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.AppInfo;
import dev.helpline.Helpline;
import dev.helpline.Requester;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.testkit.DeskTicket;
import dev.helpline.testkit.TestDesk;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ErrorReporterTest {
  private static final String SERVICE_ACCOUNT = "svc@example.com";

  @TempDir Path data;
  private TestDesk desk;
  private SupportApiConnector connector;
  private Helpline helpline;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));

  @BeforeEach
  void setUp() throws Exception {
    desk = TestDesk.builder().start();
    connector = SupportApiConnector.builder().baseUrl(desk.baseUrl()).appKey(desk.appKey()).build();
    helpline = Helpline.builder()
        .app(AppInfo.of("svc", "1.0"))
        .connector(connector)
        .dataDirectory(data)
        .requester(Requester.of("svc", SERVICE_ACCOUNT, null))
        .userToken(desk.issueUserToken("svc", SERVICE_ACCOUNT, Duration.ofHours(1)))
        .build();
  }

  @AfterEach
  void tearDown() {
    helpline.close();
    connector.close();
    desk.close();
  }

  @Test
  void aBurstOfIdenticalFailuresFromManyThreadsFilesOneTicketWithTheRightCount() throws Exception {
    try (ErrorReporter reporter = ErrorReporter.builder(helpline).clock(clock).service("svc")
        .followUpInterval(Duration.ofMinutes(15)).build()) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await(10, TimeUnit.SECONDS);
          for (int i = 0; i < 125; i++) {
            reporter.guard("import", ErrorReporterTest::failingImport).run();
            if (thread == 0 && i == 60) clock.advance(Duration.ofSeconds(1));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) f.get(60, TimeUnit.SECONDS);
      pool.shutdown();

      String fingerprint = reporter.openFingerprints().get(0);
      assertEquals(1, reporter.openFingerprints().size());
      assertEquals(1000, reporter.occurrences(fingerprint));
      assertEquals(1, reporter.flush(Duration.ofSeconds(20)));

      assertEquals(1, desk.ticketCount());
      DeskTicket ticket = desk.tickets().get(0);
      assertEquals(fingerprint, ticket.customFields().get("error.fingerprint"));
      assertEquals("1", ticket.customFields().get("error.occurrences"));
      assertEquals("2026-11-24T10:00:00Z", ticket.customFields().get("error.first_seen"));
      assertEquals(IllegalStateException.class.getName(), ticket.customFields().get("error.type"));
      assertTrue(ticket.subject().startsWith("[svc] import: IllegalStateException"), ticket.subject());
      assertEquals(1, ticket.messages().size(), ticket.messages().toString());
      String body = ticket.messages().get(0).body();
      assertTrue(body.contains("Seen 999 more time(s)"), body);
      assertTrue(body.contains("error.occurrences: 1000"), body);
      assertTrue(body.contains("error.first_seen: 2026-11-24T10:00:00Z"), body);
      assertTrue(body.contains("error.last_seen: 2026-11-24T10:00:01Z"), body);
      assertEquals(1, desk.createRequestCount());
    }
  }

  @Test
  void followUpsAreSentAtMostOncePerInterval() throws Exception {
    try (ErrorReporter reporter = ErrorReporter.builder(helpline).clock(clock)
        .followUpInterval(Duration.ofMinutes(10)).build()) {
      reporter.report("job", failure());
      assertEquals(0, reporter.flush(Duration.ofSeconds(20)), "nothing new to add after the first failure");
      String id = desk.tickets().get(0).id();

      clock.advance(Duration.ofMinutes(5));
      reporter.report("job", failure());
      assertEquals(0, desk.ticket(id).messages().size(), "within the interval the failure is only counted");

      clock.advance(Duration.ofMinutes(6));
      AtomicReference<String> last = new AtomicReference<>();
      reporter.report("job", failure()); // due: sent on the reporter's thread
      assertEquals(0, reporter.flush(Duration.ofSeconds(20)), "the due follow-up already carried every count");
      List<DeskTicket.Message> messages = desk.ticket(id).messages();
      assertEquals(1, messages.size());
      last.set(messages.get(0).body());
      assertTrue(last.get().contains("Seen 2 more time(s) since the last update; 3 occurrences in total"), last.get());

      clock.advance(Duration.ofMinutes(1));
      reporter.report("job", failure());
      assertEquals(1, desk.ticket(id).messages().size(), "the next one waits for the interval");
      assertEquals(1, desk.ticketCount());
    }
  }

  @Test
  void aSolvedTicketMakesTheNextFailureFileANewOne() throws Exception {
    try (ErrorReporter reporter = ErrorReporter.builder(helpline).clock(clock)
        .followUpInterval(Duration.ofMinutes(1)).build()) {
      reporter.report("job", failure());
      reporter.flush(Duration.ofSeconds(20));
      String first = desk.tickets().get(0).id();
      desk.admin().setStatus(first, "solved");

      clock.advance(Duration.ofMinutes(2));
      reporter.report("job", failure());
      assertEquals(0, reporter.flush(Duration.ofSeconds(20)), "no message is added to a solved ticket");
      assertTrue(reporter.openFingerprints().isEmpty());

      reporter.report("job", failure());
      reporter.flush(Duration.ofSeconds(20));
      assertEquals(2, desk.ticketCount());
      assertTrue(desk.ticket(first).messages().isEmpty());
    }
  }

  @Test
  void differentFailuresHaveDifferentFingerprints() {
    String a = ErrorReporter.fingerprint(failure(), 5);
    assertEquals(a, ErrorReporter.fingerprint(failure(), 5));
    assertNotEquals(a, ErrorReporter.fingerprint(new IllegalArgumentException("x"), 5));
    assertNotEquals(a, ErrorReporter.fingerprint(otherFailure(), 5));
    assertEquals(16, a.length());
  }

  private static IllegalStateException failure() {
    try {
      failingImport();
      throw new AssertionError("unreachable");
    } catch (IllegalStateException e) {
      return e;
    }
  }

  private static IllegalStateException otherFailure() {
    return new IllegalStateException("elsewhere");
  }

  private static void failingImport() {
    throw new IllegalStateException("import source unavailable");
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    synchronized void advance(Duration d) {
      now = now.plus(d);
    }

    @Override public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override public Instant instant() {
      return now;
    }
  }
}
