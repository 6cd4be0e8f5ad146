package dev.helpline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.helpline.testkit.TicketsApiTest.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /v1/submissions/{submissionId}}: the ticket a submission created, for the app that created it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SubmissionLookupTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-05-04T12:00:00Z"));
  private TestDesk desk;
  private Api api;

  @BeforeEach
  void start() throws IOException {
    desk = TestDesk.builder().clock(clock).idempotencyTtl(Duration.ofHours(24)).start();
    api = new Api(desk);
  }

  @AfterEach
  void stop() {
    desk.close();
  }

  @Test
  void aCreatedTicketIsFoundByItsSubmissionIdWithTheAppKey() throws IOException {
    String id = api.createFor("sub-a1", "Printer on fire", "user-1", "ada@example.com");

    Api.Result r = api.get("/v1/submissions/sub-a1", desk.appKey());

    assertEquals(200, r.code, r.toString());
    assertEquals(id, r.json().get("id"));
    assertEquals("Printer on fire", r.json().get("subject"));
    assertEquals("\"1\"", r.header("ETag"));
  }

  @Test
  void aSubmissionTheDeskNeverSawIsNotFound() throws IOException {
    api.createFor("sub-a1", "S", "user-1", null);

    Api.Result r = api.get("/v1/submissions/sub-zz", desk.appKey());

    assertEquals(404, r.code);
    assertEquals("not_found", r.json().get("error"));
  }

  @Test
  void theTicketIsStillFoundAfterTheDeskForgotTheKeyAndTheOldestWinsOverALaterDuplicate() throws IOException {
    String first = api.createFor("sub-b2", "Sync stops", "user-1", null);
    clock.advance(Duration.ofHours(25));
    // A client without the lookup: the key is forgotten, so the same submission makes a second ticket.
    String duplicate = api.createFor("sub-b2", "Sync stops", "user-1", null);

    Api.Result r = api.get("/v1/submissions/sub-b2", desk.appKey());

    assertEquals(2, desk.ticketCount());
    assertFalse(first.equals(duplicate));
    assertEquals(200, r.code, r.toString());
    assertEquals(first, r.json().get("id"));
  }

  @Test
  void anotherAppsKeyIsRefusedAndLearnsNothingAboutTheTicket() throws IOException {
    api.createFor("sub-c3", "Salary export for ACME", "user-1", null);

    Api.Result r = api.get("/v1/submissions/sub-c3", "app_someone_else");

    assertEquals(401, r.code);
    assertEquals("unauthorized", r.json().get("error"));
    assertFalse(r.text().contains("Salary"), r.text());
    assertFalse(r.text().contains("\"id\""), r.text());
  }

  @Test
  void aUserTokenCannotLookUpSubmissionsNotEvenItsOwn() throws IOException {
    api.createFor("sub-d4", "Mine", "user-1", null);
    api.createFor("sub-d5", "Theirs", "user-2", null);

    Api.Result own = api.get("/v1/submissions/sub-d4", desk.issueUserToken("user-1", null, Duration.ofHours(1)));
    Api.Result other = api.get("/v1/submissions/sub-d5", desk.issueUserToken("user-1", null, Duration.ofHours(1)));

    assertEquals(401, own.code, "users read their tickets through /v1/tickets, not by submission id");
    assertEquals(401, other.code);
    assertFalse(other.text().contains("Theirs"), other.text());
  }

  @Test
  void withoutAKeyTheLookupIsRefused() throws IOException {
    api.createFor("sub-e6", "S", "user-1", null);

    assertEquals(401, api.get("/v1/submissions/sub-e6", null).code);
  }
}
