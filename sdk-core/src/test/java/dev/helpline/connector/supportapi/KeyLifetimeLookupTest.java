package dev.helpline.connector.supportapi;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.DeskException;
import dev.helpline.Ticket;
import dev.helpline.connector.Connector.UploadProgress;
import dev.helpline.connector.NewTicket;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The desk remembers an Idempotency-Key for 24 hours. A retry whose earlier attempt may be older asks for the
 * submission's ticket first; younger retries and first attempts rely on the key and send the create at once.
 */
@Timeout(30)
class KeyLifetimeLookupTest {
  private static final String APP_KEY = "app-key-lifetime-1";
  private static final Instant FIRST = Instant.parse("2026-03-01T08:00:00Z");
  private static final String TICKET_JSON = "{\"id\":\"41\",\"subject\":\"Sync stops\",\"status\":\"new\","
      + "\"priority\":\"normal\",\"createdAt\":\"2026-03-01T08:00:01Z\",\"updatedAt\":\"2026-03-01T08:00:01Z\"}";

  private final MockWebServer server = new MockWebServer();
  private SupportApiConnector connector;

  @BeforeEach
  void setUp() throws IOException {
    server.start();
    connector = SupportApiConnector.builder().baseUrl(server.url("/")).appKey(APP_KEY).build();
  }

  @AfterEach
  void tearDown() throws IOException {
    connector.close();
    server.shutdown();
  }

  private static NewTicket ticket(int attempt, Instant firstAttemptAt, Instant attemptAt) {
    return NewTicket.builder().submissionId("sub-9f2").attempt(attempt).attemptTimes(firstAttemptAt, attemptAt)
        .subject("Sync stops").description("after an hour").createdAt(FIRST.minusSeconds(5)).build();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(10, SECONDS);
    assertNotNull(r, "the desk received no request within 10 s");
    return r;
  }

  @Test
  void declaresTheSupportApisTwentyFourHourKeyLifetime() {
    assertEquals(Duration.ofHours(24), connector.idempotencyKeyLifetime());
  }

  @Test
  void retryOlderThanTheKeyLifetimeFindsTheTicketAndSendsNoCreate() throws Exception {
    server.enqueue(json(200, TICKET_JSON));

    Ticket found = connector.create(ticket(2, FIRST, FIRST.plus(Duration.ofHours(25))), UploadProgress.NONE);

    assertEquals("41", found.id());
    assertEquals("Sync stops", found.subject());
    RecordedRequest lookup = take();
    assertEquals("GET", lookup.getMethod());
    assertEquals("/v1/submissions/sub-9f2", lookup.getPath());
    assertEquals("Bearer " + APP_KEY, lookup.getHeader("Authorization"));
    assertEquals(1, server.getRequestCount(), "no create follows a found ticket");
  }

  @Test
  void retryOlderThanTheKeyLifetimeCreatesWhenTheDeskHasNoTicketForTheSubmission() throws Exception {
    server.enqueue(json(404, "{\"error\":\"not_found\",\"message\":\"No such resource\"}"));
    server.enqueue(json(201, TICKET_JSON).setHeader("Idempotency-Key", "sub-9f2"));

    Ticket created = connector.create(ticket(3, FIRST, FIRST.plus(Duration.ofHours(24))), UploadProgress.NONE);

    assertEquals("41", created.id());
    assertEquals("/v1/submissions/sub-9f2", take().getPath());
    RecordedRequest create = take();
    assertEquals("POST", create.getMethod());
    assertEquals("/v1/tickets", create.getPath());
    assertEquals("sub-9f2", create.getHeader("Idempotency-Key"));
  }

  @Test
  void retryWithinTheKeyLifetimeReliesOnTheKeyAndLooksNothingUp() throws Exception {
    server.enqueue(json(200, TICKET_JSON).setHeader("Idempotent-Replayed", "true"));

    connector.create(ticket(2, FIRST, FIRST.plus(Duration.ofHours(23))), UploadProgress.NONE);

    RecordedRequest only = take();
    assertEquals("POST", only.getMethod());
    assertEquals("/v1/tickets", only.getPath());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void firstAttemptOfASubmissionYoungerThanTheKeyLifetimeLooksNothingUp() throws Exception {
    server.enqueue(json(201, TICKET_JSON));
    NewTicket first = NewTicket.builder().submissionId("sub-9f2").attempt(1).subject("Sync stops")
        .createdAt(FIRST.minus(Duration.ofHours(23))).attemptTimes(FIRST, FIRST).build();

    connector.create(first, UploadProgress.NONE);

    assertEquals("POST", take().getMethod());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void firstAttemptOfASubmissionOlderThanTheKeyLifetimeFindsTheTicketAPowerLossHidFromTheOutbox() throws Exception {
    // The attempt record of a desk with keys is not forced: a power loss after the desk created the ticket can take
    // it, and when the machine stays off longer than the key lifetime, the key no longer answers the retry.
    server.enqueue(json(200, TICKET_JSON));
    NewTicket first = NewTicket.builder().submissionId("sub-9f2").attempt(1).subject("Sync stops")
        .createdAt(FIRST.minus(Duration.ofDays(2))).attemptTimes(FIRST, FIRST).build();

    Ticket found = connector.create(first, UploadProgress.NONE);

    assertEquals("41", found.id());
    assertEquals("/v1/submissions/sub-9f2", take().getPath());
    assertEquals(1, server.getRequestCount(), "no create follows a found ticket");
  }

  @Test
  void retryWhoseFirstAttemptTimeIsUnknownLooksUpFirst() throws Exception {
    // An entry attempted by a version that did not record the time: it may be older than the key.
    server.enqueue(json(200, TICKET_JSON));

    Ticket found = connector.create(ticket(2, null, FIRST), UploadProgress.NONE);

    assertEquals("41", found.id());
    assertEquals("GET", take().getMethod());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aFailedLookupIsRetryableAndSendsNoCreate() throws Exception {
    server.enqueue(json(503, "{\"error\":\"server_error\",\"message\":\"busy\"}"));

    DeskException e = assertThrows(DeskException.class,
        () -> connector.create(ticket(2, FIRST, FIRST.plus(Duration.ofDays(2))), UploadProgress.NONE));

    assertEquals(503, e.httpStatus());
    assertTrue(e.isRetryable());
    assertEquals(1, server.getRequestCount(), "without an answer to the lookup nothing is created");
    assertFalse(e.getMessage().contains(APP_KEY));
  }

  @Test
  void theAgeIsMeasuredBetweenTheRecordedAttemptsNotByTheSubmissionsAge() {
    Instant created = FIRST.minus(Duration.ofDays(3));
    NewTicket queuedLongButAttemptedLately = NewTicket.builder().submissionId("s").subject("x").createdAt(created)
        .attempt(2).attemptTimes(FIRST, FIRST.plus(Duration.ofMinutes(10))).build();
    assertFalse(queuedLongButAttemptedLately.earlierAttemptMayBeOlderThan(Duration.ofHours(24)));
    NewTicket clockSetBack = NewTicket.builder().submissionId("s").subject("x").createdAt(created)
        .attempt(2).attemptTimes(FIRST, FIRST.minus(Duration.ofHours(1))).build();
    assertTrue(clockSetBack.earlierAttemptMayBeOlderThan(Duration.ofHours(24)), "an unknown age is taken as old");
    NewTicket unknownAttempt = NewTicket.builder().submissionId("s").subject("x").createdAt(created).build();
    assertNull(unknownAttempt.firstAttemptAt());
    assertTrue(unknownAttempt.earlierAttemptMayBeOlderThan(Duration.ofHours(24)));
  }

  @Test
  void onAFirstAttemptTheAgeIsTheSubmissionsForAPowerLossMayHaveTakenAnAttemptsRecord() {
    NewTicket.Builder first = NewTicket.builder().submissionId("s").subject("x").attempt(1);
    Duration day = Duration.ofHours(24);
    assertFalse(first.createdAt(FIRST.minus(Duration.ofHours(23))).attemptTimes(FIRST, FIRST).build()
        .earlierAttemptMayBeOlderThan(day));
    assertTrue(first.createdAt(FIRST.minus(day)).attemptTimes(FIRST, FIRST).build().earlierAttemptMayBeOlderThan(day));
    assertFalse(first.createdAt(FIRST.plus(Duration.ofHours(1))).attemptTimes(FIRST, FIRST).build()
        .earlierAttemptMayBeOlderThan(day), "a clock set back since the submission is no sign of a lost attempt");
    assertFalse(first.createdAt(FIRST.minus(Duration.ofDays(30))).attemptTimes(null, null).build()
        .earlierAttemptMayBeOlderThan(day), "without this attempt's time a first attempt is trusted");
  }
}
