package dev.helpline.server;

import static dev.helpline.TokenSamples.CARD;
import static dev.helpline.TokenSamples.EMAIL;
import static dev.helpline.TokenSamples.IBAN;
import static dev.helpline.TokenSamples.JWT;
import static dev.helpline.TokenSamples.filler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Helpline;
import dev.helpline.server.internal.InMemoryFingerprintStore;
import dev.helpline.status.TestClock;
import dev.helpline.testkit.DeskTicket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ErrorReporterTest {
  @TempDir Path data;
  private DeskFixture fx;
  private final TestClock clock = new TestClock(Instant.parse("2026-11-24T10:00:00Z"));

  @BeforeEach
  void setUp() throws Exception {
    fx = new DeskFixture(data);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  /** A reporter whose own thread never runs a pass during a test: passes run through sync() and flush(). */
  private ErrorReporter.Builder reporter() {
    return ErrorReporter.builder(fx.helpline).clock(clock).service("svc").syncInterval(Duration.ofMinutes(1));
  }

  @Test
  void aBurstOfIdenticalFailuresFromManyThreadsFilesOneTicketWithTheRightCount() throws Exception {
    try (ErrorReporter reporter = reporter().followUpInterval(Duration.ofMinutes(15)).build()) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await(10, TimeUnit.SECONDS);
          for (int i = 0; i < 125; i++) {
            int batch = thread * 1000 + i;
            reporter.guard("import", () -> failingImport(batch)).run();
            if (thread == 0 && i == 60) clock.advance(Duration.ofSeconds(1));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) f.get(60, TimeUnit.SECONDS);
      pool.shutdown();

      assertEquals(1, reporter.openFingerprints().size());
      String fingerprint = reporter.openFingerprints().get(0);
      assertEquals(1, reporter.flush(Duration.ofSeconds(20)));
      assertEquals(1000, reporter.occurrences(fingerprint));

      assertEquals(1, fx.desk.ticketCount());
      DeskTicket ticket = fx.desk.tickets().get(0);
      assertEquals(fingerprint, ticket.customFields().get("error.fingerprint"));
      assertEquals("1", ticket.customFields().get("error.occurrences"));
      assertEquals("2026-11-24T10:00:00Z", ticket.customFields().get("error.first_seen"));
      assertEquals(IllegalStateException.class.getName(), ticket.customFields().get("error.type"));
      assertTrue(ticket.subject().startsWith("[svc] import: IllegalStateException"), ticket.subject());
      assertEquals(1, ticket.messages().size(), ticket.messages().toString());
      String body = ticket.messages().get(0).body();
      assertTrue(body.contains("Seen 999 more time(s)"), body);
      assertTrue(body.contains("error.occurrences: 1000"), body);
      assertTrue(body.contains("error.last_seen: 2026-11-24T10:00:01Z"), body);
      assertEquals(1, fx.desk.createRequestCount());
    }
  }

  @Test
  void theTicketStatesTheFollowUpIntervalExactly() throws Exception {
    try (ErrorReporter reporter = reporter().followUpInterval(Duration.ofSeconds(90)).build()) {
      reporter.report("job", failure());
      reporter.flush(Duration.ofSeconds(20));
      String description = fx.desk.tickets().get(0).description();
      // It said "once every 1 min": the minutes of 90 s, rounded down.
      assertTrue(description.contains("added to this ticket at most once every 90 s;"), description);
    }
  }

  @Test
  void followUpsAreSentAtMostOncePerInterval() throws Exception {
    try (ErrorReporter reporter = reporter().followUpInterval(Duration.ofMinutes(10)).build()) {
      assertEquals(ErrorReporter.Outcome.FILED, reporter.report("job", failure()));
      assertEquals(0, reporter.flush(Duration.ofSeconds(20)), "nothing new to add after the first failure");
      String id = fx.desk.tickets().get(0).id();

      clock.advance(Duration.ofMinutes(5));
      assertEquals(ErrorReporter.Outcome.COUNTED, reporter.report("job", failure()));
      assertEquals(0, reporter.sync());
      assertEquals(0, fx.desk.ticket(id).messages().size(), "within the interval the failure is only counted");

      clock.advance(Duration.ofMinutes(6));
      reporter.report("job", failure());
      assertEquals(1, reporter.sync(), "the follow-up is due");
      List<DeskTicket.Message> messages = fx.desk.ticket(id).messages();
      assertEquals(1, messages.size());
      String body = messages.get(0).body();
      assertTrue(body.contains("Seen 2 more time(s) since the last update; 3 occurrences in total"), body);

      clock.advance(Duration.ofMinutes(1));
      reporter.report("job", failure());
      assertEquals(0, reporter.sync());
      assertEquals(1, fx.desk.ticket(id).messages().size(), "the next one waits for the interval");
      assertEquals(1, fx.desk.ticketCount());
    }
  }

  @Test
  void aSolvedTicketMakesTheNextFailureFileANewOne() throws Exception {
    try (ErrorReporter reporter = reporter().followUpInterval(Duration.ofMinutes(1)).build()) {
      reporter.report("job", failure());
      reporter.flush(Duration.ofSeconds(20));
      String first = fx.desk.tickets().get(0).id();
      fx.desk.admin().setStatus(first, "solved");

      clock.advance(Duration.ofMinutes(2));
      assertEquals(ErrorReporter.Outcome.COUNTED, reporter.report("job", failure()));
      assertEquals(0, reporter.flush(Duration.ofSeconds(20)), "no message is added to a solved ticket");
      assertEquals(2, fx.desk.ticketCount(), "the failure after the solve filed a new ticket");
      assertTrue(fx.desk.ticket(first).messages().isEmpty());
      DeskTicket second = fx.desk.tickets().stream().filter(t -> !t.id().equals(first)).findFirst().orElseThrow();
      assertEquals("1", second.customFields().get("error.occurrences"));

      clock.advance(Duration.ofMinutes(2));
      assertEquals(ErrorReporter.Outcome.COUNTED, reporter.report("job", failure()));
      assertEquals(1, reporter.flush(Duration.ofSeconds(20)), "later failures are added to the new ticket");
      assertEquals(1, fx.desk.ticket(second.id()).messages().size());
      assertEquals(2, fx.desk.ticketCount());
    }
  }

  @Test
  void anErrorThatComesBackHoursAfterItsTicketWasSolvedGetsANewTicket() throws Exception {
    try (ErrorReporter reporter = reporter().build()) {
      reporter.report("job", failure());
      reporter.flush(Duration.ofSeconds(20));
      String first = fx.desk.tickets().get(0).id();
      fx.desk.admin().setStatus(first, "solved");

      clock.advance(Duration.ofHours(20));
      for (int i = 0; i < 3; i++) reporter.report("job", failure());
      for (int minute = 0; minute < 60; minute++) {
        clock.advance(Duration.ofMinutes(1));
        reporter.sync();
      }
      reporter.flush(Duration.ofSeconds(20));
      assertEquals(2, fx.desk.ticketCount(), "open fingerprints: " + reporter.openFingerprints());
      assertTrue(fx.desk.ticket(first).messages().isEmpty(), "nothing is added to the solved ticket");
      DeskTicket second = fx.desk.tickets().stream().filter(t -> !t.id().equals(first)).findFirst().orElseThrow();
      assertEquals("3", second.customFields().get("error.occurrences"), "every later failure is on the new ticket");
    }
  }

  @Test
  void aFailureNotSeenForTheDedupWindowFilesANewTicket() throws Exception {
    try (ErrorReporter reporter = reporter().dedupWindow(Duration.ofHours(1)).build()) {
      assertEquals(ErrorReporter.Outcome.FILED, reporter.report("job", failure()));
      clock.advance(Duration.ofMinutes(59));
      assertEquals(ErrorReporter.Outcome.COUNTED, reporter.report("job", failure()));
      clock.advance(Duration.ofMinutes(61));
      assertEquals(ErrorReporter.Outcome.FILED, reporter.report("job", failure()));
      reporter.flush(Duration.ofSeconds(20));
      assertEquals(2, fx.desk.ticketCount());
    }
  }

  @Test
  void incidentsThatEndedAreDroppedFromTheDefaultStore() throws Exception {
    InMemoryFingerprintStore store = (InMemoryFingerprintStore) FingerprintStore.inMemory();
    try (ErrorReporter reporter = reporter().store(store).dedupWindow(Duration.ofMinutes(1))
        .rateLimit(1, Duration.ofDays(1)).build()) {
      for (int round = 0; round < 5; round++) {
        for (int i = 0; i < 500; i++) {
          reporter.report(ErrorEvent.builder("job-" + round + "-" + i).message("failed").build());
        }
        assertEquals(500, store.size());
        clock.advance(Duration.ofMinutes(2));
        reporter.sync();
        assertTrue(reporter.openFingerprints().isEmpty());
        assertEquals(0, store.size(), "incidents not seen for the window are dropped from the store too");
      }
    }
  }

  @Test
  void anIncidentAnotherReporterStillSeesStaysInTheSharedStore() throws Exception {
    InMemoryFingerprintStore store = (InMemoryFingerprintStore) FingerprintStore.inMemory();
    try (ErrorReporter quiet = reporter().store(store).dedupWindow(Duration.ofMinutes(1)).build();
        ErrorReporter busy = reporter().store(store).dedupWindow(Duration.ofMinutes(1)).build()) {
      assertEquals(ErrorReporter.Outcome.FILED, quiet.report("job", failure()));
      clock.advance(Duration.ofSeconds(50));
      assertEquals(ErrorReporter.Outcome.COUNTED, busy.report("job", failure()));
      clock.advance(Duration.ofSeconds(50));
      quiet.sync();
      assertTrue(quiet.openFingerprints().isEmpty(), "the quiet reporter saw nothing for the window");
      assertEquals(1, store.size(), "the busy one saw it 50 s ago: the incident goes on");
      busy.report("job", failure());
      busy.sync();
      assertEquals(3, busy.occurrences(busy.openFingerprints().get(0)));
    }
  }

  @Test
  void aThreadWithABlankNameHasItsUncaughtFailureReported() throws Exception {
    try (ErrorReporter reporter = reporter().build()) {
      Thread unnamed = new Thread(() -> { }, " ");
      reporter.uncaughtExceptionHandler().uncaughtException(unnamed, failure()); // threw IllegalArgumentException
      reporter.flush(Duration.ofSeconds(20));
      assertEquals(1, fx.desk.ticketCount());
      String subject = fx.desk.tickets().get(0).subject();
      assertTrue(subject.startsWith("[svc] thread " + unnamed.getId() + ": IllegalStateException"), subject);
    }
  }

  @Test
  void aBlankJobNameIsRefusedWhenTheJobIsGuardedNotWhenItFails() throws Exception {
    try (ErrorReporter reporter = reporter().build()) {
      // Accepted here, it made the guarded job throw IllegalArgumentException when it failed, stopping its scheduler.
      assertEquals("job is blank", assertThrows(IllegalArgumentException.class,
          () -> reporter.guard(" ", () -> failingImport(1))).getMessage());
    }
  }

  /** The default store, but its next {@code filed} call fails as a database that is briefly unreachable would. */
  private static final class StoreFailingOnceAtFiled implements FingerprintStore {
    final FingerprintStore store = FingerprintStore.inMemory();
    final AtomicInteger filedFailures = new AtomicInteger(1);

    @Override
    public Tally record(String fingerprint, long occurrences, Instant at, Duration window, Duration filingTimeout)
        throws java.io.IOException {
      return store.record(fingerprint, occurrences, at, window, filingTimeout);
    }

    @Override
    public void filed(String fingerprint, String incident, String submissionId, long countShown)
        throws java.io.IOException {
      if (filedFailures.getAndDecrement() > 0) throw new java.io.IOException("connection refused");
      store.filed(fingerprint, incident, submissionId, countShown);
    }

    @Override
    public void release(String fingerprint, String incident) throws java.io.IOException {
      store.release(fingerprint, incident);
    }

    @Override
    public void refused(String fingerprint, String incident, String submissionId) throws java.io.IOException {
      store.refused(fingerprint, incident, submissionId);
    }

    @Override
    public void ticketDelivered(String fingerprint, String incident, String ticketId) throws java.io.IOException {
      store.ticketDelivered(fingerprint, incident, ticketId);
    }

    @Override
    public Tally claimFollowUp(String fingerprint, String incident, Instant now, Duration interval)
        throws java.io.IOException {
      return store.claimFollowUp(fingerprint, incident, now, interval);
    }

    @Override
    public Tally get(String fingerprint) throws java.io.IOException {
      return store.get(fingerprint);
    }

    @Override
    public void forget(String fingerprint, String incident) throws java.io.IOException {
      store.forget(fingerprint, incident);
    }
  }

  @Test
  void aTicketQueuedWhileTheStoreFailsToRecordItIsNotFiledTwice() throws Exception {
    StoreFailingOnceAtFiled store = new StoreFailingOnceAtFiled();
    try (ErrorReporter reporter = reporter().store(store).build()) {
      assertEquals(ErrorReporter.Outcome.FILED, reporter.report("job", failure()), "the ticket was queued");
      reporter.flush(Duration.ofSeconds(20));
      assertEquals(1, fx.desk.ticketCount());

      for (int i = 0; i < 3; i++) {
        clock.advance(Duration.ofSeconds(30));
        assertEquals(ErrorReporter.Outcome.COUNTED, reporter.report("job", failure()));
        reporter.flush(Duration.ofSeconds(20));
      }
      assertEquals(1, fx.desk.ticketCount(), "later failures go to the queued ticket, not to a second one");
      String fingerprint = reporter.openFingerprints().get(0);
      assertEquals(fx.desk.tickets().get(0).id(), store.get(fingerprint).ticketId());
      assertEquals(4, store.get(fingerprint).count());
    }
  }

  @Test
  void theRateLimitHoldsBackNewTicketsAndTheNextOccurrenceFilesThemLater() throws Exception {
    try (ErrorReporter reporter = reporter().rateLimit(2, Duration.ofMinutes(1)).build()) {
      assertEquals(ErrorReporter.Outcome.FILED, reporter.report("a", new IllegalStateException("a")));
      assertEquals(ErrorReporter.Outcome.FILED, reporter.report("b", new IllegalArgumentException("b")));
      assertEquals(ErrorReporter.Outcome.RATE_LIMITED, reporter.report("c", new UnsupportedOperationException("c")));
      assertEquals(1, reporter.rateLimitedCount());
      reporter.flush(Duration.ofSeconds(20));
      assertEquals(2, fx.desk.ticketCount());

      clock.advance(Duration.ofMinutes(1));
      assertEquals(ErrorReporter.Outcome.COUNTED, reporter.report("c", new UnsupportedOperationException("c")));
      reporter.flush(Duration.ofSeconds(20));
      assertEquals(3, fx.desk.ticketCount());
      DeskTicket third = fx.desk.tickets().stream()
          .filter(t -> t.subject().contains("UnsupportedOperationException")).findFirst().orElseThrow();
      assertEquals("2", third.customFields().get("error.occurrences"), "both occurrences are on the ticket");
    }
  }

  @Test
  void aTicketTheDeskRefusesForGoodIsFiledAgainByTheNextFailure() throws Exception {
    try (ErrorReporter reporter = reporter().build()) {
      fx.desk.faults().forPath("POST", "/v1/tickets").failNext(1, 400);
      assertEquals(ErrorReporter.Outcome.FILED, reporter.report("job", failure()));
      reporter.flush(Duration.ofSeconds(20));
      assertEquals(0, fx.desk.ticketCount(), "the desk refused the first ticket");

      for (int i = 0; i < 3; i++) {
        clock.advance(Duration.ofSeconds(30));
        assertEquals(ErrorReporter.Outcome.COUNTED, reporter.report("job", failure()));
        reporter.flush(Duration.ofSeconds(20));
      }
      assertEquals(1, fx.desk.ticketCount(), "the next failure filed the refused incident again, once");
      assertEquals("2", fx.desk.tickets().get(0).customFields().get("error.occurrences"));
      assertEquals(4, reporter.occurrences(reporter.openFingerprints().get(0)));
    }
  }

  /** A client whose beforeSubmit hook vetoes every health-check ticket, counting the calls it vetoes. */
  private DeskFixture vetoingHealthChecks(AtomicInteger vetoes) throws Exception {
    return new DeskFixture(data.resolve("vetoing"), Helpline.builder().beforeSubmit(d -> {
      if (!d.subject().contains("HealthCheck")) return d;
      vetoes.incrementAndGet();
      return null;
    }));
  }

  @Test
  void aVetoedTicketDoesNotUseUpTheRateLimit() throws Exception {
    AtomicInteger vetoes = new AtomicInteger();
    try (DeskFixture vetoing = vetoingHealthChecks(vetoes);
        ErrorReporter reporter = ErrorReporter.builder(vetoing.helpline).clock(clock)
            .syncInterval(Duration.ofMinutes(1)).rateLimit(1, Duration.ofHours(1)).build()) {
      assertEquals(ErrorReporter.Outcome.FAILED, reporter.report("HealthCheck", new IllegalStateException("ping")));
      assertEquals(ErrorReporter.Outcome.FILED, reporter.report("billing", new IllegalArgumentException("unrelated")));
      assertEquals(0, reporter.rateLimitedCount());
    }
  }

  @Test
  void aRecurringErrorWhoseTicketIsVetoedIsCountedButNotFiledAgainOnEveryPass() throws Exception {
    AtomicInteger vetoes = new AtomicInteger();
    try (DeskFixture vetoing = vetoingHealthChecks(vetoes);
        ErrorReporter reporter = ErrorReporter.builder(vetoing.helpline).clock(clock)
            .syncInterval(Duration.ofMinutes(1)).build()) {
      for (int second = 0; second < 60; second++) {
        reporter.report("HealthCheck", new IllegalStateException("database ping failed"));
        clock.advance(Duration.ofSeconds(1));
        reporter.sync();
      }
      assertEquals(1, vetoes.get(), "the vetoed incident was not filed again");
      assertEquals(60, reporter.occurrences(reporter.openFingerprints().get(0)));
      assertEquals(ErrorReporter.Outcome.FILED, reporter.report("billing", new IllegalArgumentException("unrelated")),
          "rate-limited so far: " + reporter.rateLimitedCount());
      reporter.flush(Duration.ofSeconds(20));
      assertEquals(1, vetoing.desk.ticketCount());
    }
  }

  @Test
  void contextFromTheMdcIsAttachedAndRedacted() throws Exception {
    try (ErrorReporter reporter = reporter().build()) {
      MDC.put("requestId", "req-42");
      MDC.put("user", "ada@example.com");
      try {
        reporter.report("checkout", new IllegalStateException("payment declined for order 1234"));
      } finally {
        MDC.clear();
      }
      reporter.flush(Duration.ofSeconds(20));
      DeskTicket ticket = fx.desk.tickets().get(0);
      assertEquals("req-42", ticket.customFields().get("error.request_id"));
      assertTrue(ticket.description().contains("Request: req-42"), ticket.description());
      assertTrue(ticket.description().contains("user: [email]"), ticket.description());
      assertFalse(ticket.description().contains("ada@example.com"), ticket.description());
    }
  }

  @Test
  void nothingLoggedOrReportedWhileReportingBecomesATicket() throws Exception {
    ErrorReporter[] self = new ErrorReporter[1];
    try (DeskFixture hooked = new DeskFixture(data.resolve("hooked"), Helpline.builder().beforeSubmit(draft -> {
          // A host hook that fails and reports: it runs inside the report, so it is ignored.
          assertEquals(ErrorReporter.Outcome.IGNORED, self[0].report("hook", new IllegalStateException("nested")));
          return draft;
        }));
        ErrorReporter reporter = ErrorReporter.builder(hooked.helpline).clock(clock)
            .syncInterval(Duration.ofMinutes(1)).build()) {
      self[0] = reporter;
      assertEquals(ErrorReporter.Outcome.FILED, reporter.report("job", failure()));
      reporter.flush(Duration.ofSeconds(20));
      assertEquals(1, hooked.desk.ticketCount());
    }
  }

  @Test
  void badSettingsNameTheFieldAndTheLimit() {
    ErrorReporter.Builder b = ErrorReporter.builder(fx.helpline);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> b.followUpInterval(Duration.ofMillis(10)));
    assertTrue(e.getMessage().contains("followUpInterval"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> b.rateLimit(0, Duration.ofMinutes(1)));
    assertTrue(e.getMessage().contains("rateLimit tickets is 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> b.frames(51));
    assertTrue(e.getMessage().contains("frames is 51"), e.getMessage());
  }

  /** Files {@code event} through a fresh reporter and returns the one ticket the desk got. */
  private DeskTicket fileOne(ErrorEvent event) throws Exception {
    try (ErrorReporter reporter = reporter().build()) {
      assertEquals(ErrorReporter.Outcome.FILED, reporter.report(event));
      reporter.flush(Duration.ofSeconds(20));
    }
    assertEquals(1, fx.desk.ticketCount());
    return fx.desk.tickets().get(0);
  }

  @Test
  void halfAnEmojiInTheFailureStillFilesTheTicketWithAReplacementCharacter() throws Exception {
    String cut = "name \uD83D"; // "name 😀" cut in the middle of its emoji, as a careless substring leaves it
    DeskTicket t = fileOne(ErrorEvent.builder("import").message("import of " + cut + " failed")
        .error(new IllegalStateException("bad " + cut)).context(java.util.Map.of("user", cut, "requestId", cut))
        .build());
    assertTrue(t.subject().endsWith("IllegalStateException: bad name \uFFFD"), t.subject());
    assertTrue(t.description().contains("Logged: import of name \uFFFD failed"), t.description());
    assertTrue(t.description().contains("user: name \uFFFD"), t.description());
    assertTrue(t.description().contains("IllegalStateException: bad name \uFFFD"), t.description());
    assertEquals("name \uFFFD", t.customFields().get("error.request_id"));
  }

  @Test
  void controlCharactersInTheExceptionMessageBecomeSpacesInTheSubject() throws Exception {
    DeskTicket t = fileOne(ErrorEvent.builder("import")
        .error(new IllegalStateException("bad\tvalue\u0007 in row\u2028two")).build());
    assertTrue(t.subject().endsWith("IllegalStateException: bad value  in row two"), t.subject());
  }

  @Test
  void aHugeLoggedMessageIsCutSoTheTicketStaysWithinItsLimits() throws Exception {
    String huge = "word ".repeat(40_000);
    DeskTicket t = fileOne(ErrorEvent.builder("import").error(new IllegalStateException("failed")).message(huge).build());
    String logged = lineStarting(t.description(), "Logged: ").substring("Logged: ".length());
    assertTrue(logged.endsWith(" word…[truncated]") && logged.length() <= 8 * 1024 && logged.length() > 8 * 1024 - 20,
        "cut at 8 KiB, marker included: " + logged.length());
  }

  @Test
  void aFailureWithLongChineseTextIsFiledWithinTheDescriptionLimit() throws Exception {
    // Three UTF-8 bytes a character (four for the emoji's pair): cut by characters, the description is over 64 KiB.
    String body = "上游服务返回错误：订单状态无效。😀 ".repeat(1100);
    DeskTicket t = fileOne(ErrorEvent.builder("sync")
        .error(new RuntimeException(new IllegalStateException("upstream refused: " + body))).message(body)
        .context("order", body).build());
    String d = t.description();
    assertTrue(d.getBytes(StandardCharsets.UTF_8).length <= 64 * 1024, "description bytes: " + d.length());
    String logged = lineStarting(d, "Logged: ");
    assertTrue(logged.endsWith("。😀…[truncated]") && logged.getBytes(StandardCharsets.UTF_8).length <= 8 * 1024 + 8,
        logged.substring(logged.length() - 20));
    assertTrue(lineStarting(d, "  order: ").endsWith("😀…"), "context values are cut by bytes too");
    assertTrue(d.contains("RuntimeException: java.lang.IllegalStateException: upstream refused: 上游服务返回错误"), d);
    assertTrue(d.codePoints().noneMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE),
        "no pair is split");
  }

  // Text is cut to its limits before the client redacts the ticket: a cut must keep no part of a token
  // that the redaction rules recognise only whole (TokenSamples).


  @Test
  void aSubjectCutInsideAnEmailAddressKeepsNoPartOfIt() throws Exception {
    String head = "[svc] import: IllegalStateException: ";
    // The subject is cut to 180 characters, ellipsis included: 179 kept, the last 17 "ada.lovelace@exam".
    String message = filler(179 - head.length() - 17) + EMAIL + " was refused";
    DeskTicket t = fileOne(ErrorEvent.builder("import").error(new IllegalStateException(message)).build());
    assertFalse(t.subject().contains("lovelace") || t.subject().contains("@exam"), t.subject());
    assertTrue(t.subject().startsWith(head) && t.subject().endsWith("a…") && t.subject().length() <= 180, t.subject());
  }

  @Test
  void aContextValueCutInsideAnIbanKeepsNoPartOfIt() throws Exception {
    // Context values are cut at 1,000 characters: the cut falls 17 characters into the IBAN.
    String value = filler(1000 - 17 - 5) + "IBAN " + IBAN + " refused";
    DeskTicket t = fileOne(ErrorEvent.builder("import").error(new IllegalStateException("failed"))
        .context("payment", value).build());
    String shown = lineStarting(t.description(), "  payment: ");
    assertFalse(t.description().contains("DE89") || t.description().contains("3704"), shown);
    assertTrue(shown.endsWith("a IBAN…") && shown.length() <= "  payment: ".length() + 1000, shown);
  }

  @Test
  void aLoggedMessageCutInsideACardNumberKeepsNoPartOfIt() throws Exception {
    // The logged message is cut at 8 KiB: the card number runs across that point.
    String message = filler(8 * 1024 - 17 - 5) + "card " + CARD + " declined";
    DeskTicket t = fileOne(ErrorEvent.builder("checkout").error(new IllegalStateException("failed"))
        .message(message).build());
    String logged = lineStarting(t.description(), "Logged: ");
    assertFalse(t.description().contains("4111") || t.description().contains("1111"), logged.substring(logged.length() - 40));
    assertTrue(logged.endsWith("a card…[truncated]"), logged.substring(logged.length() - 40));
  }

  @Test
  void aStackTraceCutInsideAJwtKeepsNoPartOfIt() throws Exception {
    // The stack trace is cut at 16 KiB; its first line is the exception with its message, which puts
    // the cut 28 characters into the token's header (a header alone is not seen as a token).
    String head = "java.lang.IllegalStateException: ";
    String message = filler(16 * 1024 - 28 - 6 - head.length()) + "token " + JWT + " rejected";
    DeskTicket t = fileOne(ErrorEvent.builder("sign-in").error(new IllegalStateException(message)).build());
    String d = t.description();
    int end = d.indexOf("[truncated]");
    assertTrue(end > 0, "the trace is cut");
    assertFalse(d.contains("eyJ") || d.contains("SflKx"), d.substring(end - 120, end + 11));
    assertTrue(d.substring(0, end).endsWith("a token\n…"), d.substring(end - 120, end + 11));
  }

  private static String lineStarting(String text, String prefix) {
    for (String line : text.split("\n")) {
      if (line.startsWith(prefix)) return line;
    }
    throw new AssertionError("no line starting with '" + prefix + "' in:\n" + text);
  }

  static IllegalStateException failure() {
    try {
      failingImport(7);
      throw new AssertionError("unreachable");
    } catch (IllegalStateException e) {
      return e;
    }
  }

  /** Always the same place; only the batch number in the message differs, which the fingerprint ignores. */
  static void failingImport(int batch) {
    throw new IllegalStateException("import of batch " + batch + " failed: source unavailable");
  }
}
