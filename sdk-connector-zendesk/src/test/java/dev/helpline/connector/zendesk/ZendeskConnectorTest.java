package dev.helpline.connector.zendesk;

import dev.helpline.Article;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.Moshi;
import dev.helpline.Attachment;
import dev.helpline.connector.CapabilityUnsupportedException;
import dev.helpline.DeskException;
import dev.helpline.Message;
import dev.helpline.Priority;
import dev.helpline.Rating;
import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import dev.helpline.connector.Capability;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.TicketPage;
import dev.helpline.connector.Connector.UploadProgress;
import dev.helpline.connector.UserAuth;
import dev.helpline.connector.tck.ManualClock;
import dev.helpline.connector.tck.RecordingLogger;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ZendeskConnectorTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final String ANN_TOKEN = "zdUserOAuthT0ken_ann_4f9a8b7c6d5e";
  private static final long ANN_ID = 1001;
  private static final UserAuth ANN = UserAuth.of(Requester.of("u1", "ann@example.com", "Ann"), ANN_TOKEN);
  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

  private final MockWebServer server = new MockWebServer();
  private final ManualClock clock = new ManualClock(NOW);
  private final FakeZendesk zendesk = new FakeZendesk(clock).user(ANN_ID, "Ann", ANN_TOKEN);
  private final List<ZendeskConnector> connectors = new ArrayList<>();

  @TempDir Path dir;

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(zendesk);
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    connectors.forEach(ZendeskConnector::close);
    server.shutdown();
  }

  private String root() {
    return server.url("/").toString();
  }

  private ZendeskConnector backend() {
    return track(ZendeskConnector.backend(root(), FakeZendesk.AGENT_EMAIL, FakeZendesk.API_TOKEN)
        .customFieldIds(Map.of("app_version", 360001234567L))
        .categoryTypes(Map.of("bug", "incident"))
        .clock(clock).build());
  }

  private ZendeskConnector endUser() {
    return track(ZendeskConnector.endUser(root()).requesterToken(() -> ANN_TOKEN).clock(clock).build());
  }

  private ZendeskConnector track(ZendeskConnector c) {
    connectors.add(c);
    return c;
  }

  private static NewTicket.Builder ticket(String submissionId) {
    return NewTicket.builder().submissionId(submissionId).subject("App crashes on start")
        .description("It crashes when I open it.").priority(Priority.HIGH).category("bug")
        .tags(List.of("android", "v2")).customFields(Map.of("app_version", "2.3.1", "plan", "pro"))
        .requester(Requester.of("u1", "ann@example.com", "Ann")).createdAt(NOW);
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(10, SECONDS);
    assertNotNull(r, "expected another request");
    return r;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(RecordedRequest r) throws IOException {
    return (Map<String, Object>) JSON.fromJson(r.getBody().clone().readUtf8());
  }

  // ---------------------------------------------------------------- backend: Tickets API

  @Test
  void aReadTimeoutSetOnTheBuilderEndsACallTheDeskNeverAnswers() throws Exception {
    try (MockWebServer silent = new MockWebServer()) {
      silent.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
      ZendeskConnector c = track(ZendeskConnector.backend(silent.url("/").toString(), FakeZendesk.AGENT_EMAIL, FakeZendesk.API_TOKEN)
          .okHttpClient(new OkHttpClient.Builder().readTimeout(Duration.ZERO).build()) // reads without a time-out
          .callTimeout(Duration.ofSeconds(20)).readTimeout(Duration.ofMillis(200)).build());
      // Without the setting, the shared client's (none) would hold the call until the whole-call deadline,
      // which ends it with an InterruptedIOException that is not a socket time-out.
      assertThrows(SocketTimeoutException.class, () -> c.create(ticket("sub-silent").build(), UploadProgress.NONE));
    }
  }

  @Test
  void backendCreatesTicketWithBasicTokenAuthIdempotencyKeyAndExternalId() throws Exception {
    Ticket t = backend().create(ticket("sub-1").build(), UploadProgress.NONE);

    RecordedRequest r = take();
    assertEquals("POST", r.getMethod());
    assertEquals("/api/v2/tickets", r.getRequestUrl().encodedPath());
    String basic = Base64.getEncoder().encodeToString(
        (FakeZendesk.AGENT_EMAIL + "/token:" + FakeZendesk.API_TOKEN).getBytes(StandardCharsets.UTF_8));
    assertEquals("Basic " + basic, r.getHeader("Authorization"));
    assertEquals("sub-1", r.getHeader("Idempotency-Key"));
    assertTrue(r.getHeader("Content-Type").startsWith("application/json"));
    String raw = r.getBody().clone().readUtf8();
    assertTrue(raw.contains("\"custom_fields\":[{\"id\":360001234567,\"value\":\"2.3.1\"}]"), raw);
    Map<String, Object> ticket = (Map<String, Object>) json(r).get("ticket");
    assertEquals("App crashes on start", ticket.get("subject"));
    Map<String, Object> comment = (Map<String, Object>) ticket.get("comment");
    String body = (String) comment.get("body");
    assertTrue(body.startsWith("It crashes when I open it."), body);
    assertTrue(body.contains("plan: pro"), "unmapped custom fields go to the footer: " + body);
    assertTrue(body.endsWith("Helpline submission sub-1"), body);
    assertEquals(true, comment.get("public"));
    assertNull(comment.get("uploads"));
    assertEquals(Map.of("name", "Ann", "email", "ann@example.com"), ticket.get("requester"));
    assertEquals("high", ticket.get("priority"));
    assertEquals("incident", ticket.get("type"));
    assertEquals(List.of("android", "v2"), ticket.get("tags"));
    assertEquals("sub-1", ticket.get("external_id"));

    assertEquals(TicketStatus.NEW, t.status());
    assertEquals(Priority.HIGH, t.priority());
    assertEquals("App crashes on start", t.subject());
    assertEquals(NOW, t.createdAt());
    assertEquals(root() + "agent/tickets/" + t.id(), t.url());
    assertEquals(1, zendesk.createCount);
  }

  @Test
  void aFirstAttemptWithFilesMakesNoLookupAndIsProtectedByTheIdempotencyKey() throws Exception {
    NewTicket nt = ticket("sub-first").attempt(1)
        .attachments(List.of(Attachment.ofBytes("log.txt", "text/plain", new byte[] {'l', 'o', 'g'}))).build();

    backend().create(nt, (sent, total) -> {});

    RecordedRequest upload = take();
    assertEquals("POST", upload.getMethod(), "a first attempt cannot have reached Zendesk: no lookup");
    assertEquals("/api/v2/uploads", upload.getRequestUrl().encodedPath());
    RecordedRequest create = take();
    assertEquals("/api/v2/tickets", create.getRequestUrl().encodedPath());
    assertTrue(create.getHeader("Idempotency-Key").startsWith("sub-first."), create.getHeader("Idempotency-Key"));
    assertEquals(2, server.getRequestCount());
    assertEquals(1, zendesk.createCount);
  }

  @Test
  void aLaterAttemptFromAnEarlierProcessLooksUpAndFindsTheTicket() throws Exception {
    NewTicket nt = ticket("sub-again").attempt(1)
        .attachments(List.of(Attachment.ofBytes("log.txt", "text/plain", new byte[] {'l', 'o', 'g'}))).build();
    Ticket first = backend().create(nt, (sent, total) -> {});
    take();
    take();

    // A new connector instance (a new process) sees the attempt counted by the outbox.
    NewTicket again = ticket("sub-again").attempt(2)
        .attachments(List.of(Attachment.ofBytes("log.txt", "text/plain", new byte[] {'l', 'o', 'g'}))).build();
    Ticket found = backend().create(again, (sent, total) -> {});

    RecordedRequest lookup = take();
    assertEquals("GET", lookup.getMethod());
    assertEquals("sub-again", lookup.getRequestUrl().queryParameter("external_id"));
    assertEquals(first.id(), found.id());
    assertEquals(1, zendesk.createCount, "found, not created twice");
  }

  @Test
  void aFirstAttemptWithFilesOfASubmissionOlderThanTheConnectorLooksUpAndFindsTheTicket() throws Exception {
    List<Attachment> files = List.of(Attachment.ofBytes("log.txt", "text/plain", new byte[] {'l', 'o', 'g'}));
    NewTicket.Builder nt = ticket("sub-power").attachments(files).attempt(1);
    Ticket first = backend().create(nt.attemptTimes(NOW, NOW).build(), (sent, total) -> {});
    take();
    take();
    // A power loss took the outbox's unforced record of that attempt: after the restart it is a first attempt again,
    // and new uploads would make a new key that Zendesk does not know.
    clock.advance(Duration.ofMinutes(1));
    ZendeskConnector restarted = backend();

    Ticket again = restarted.create(nt.attemptTimes(clock.instant(), clock.instant()).build(), (sent, total) -> {});

    RecordedRequest lookup = take();
    assertEquals("GET", lookup.getMethod());
    assertEquals("sub-power", lookup.getRequestUrl().queryParameter("external_id"));
    assertEquals(first.id(), again.id());
    assertEquals(1, zendesk.createCount, "found, not created twice");
    assertEquals(3, server.getRequestCount(), "nothing uploaded again");
  }

  @Test
  void aFirstAttemptWithoutFilesOfASubmissionOlderThanTheConnectorIsAnsweredByTheKey() throws Exception {
    NewTicket nt = ticket("sub-keyed").attempt(1).attemptTimes(NOW, NOW).build();
    Ticket first = backend().create(nt, UploadProgress.NONE);
    take();
    clock.advance(Duration.ofMinutes(1));

    Ticket again = backend().create(nt, UploadProgress.NONE);

    assertEquals("POST", take().getMethod(), "the same payload under the same key: Zendesk answers with the ticket");
    assertEquals(first.id(), again.id());
    assertEquals(1, zendesk.createCount);
  }

  @Test
  void aFirstAttemptOfASubmissionOlderThanZendesksKeyLifetimeIsLookedUp() throws Exception {
    NewTicket.Builder nt = ticket("sub-old").createdAt(NOW).attempt(1);
    Ticket first = backend().create(nt.attemptTimes(NOW, NOW).build(), UploadProgress.NONE);
    take();
    clock.advance(Duration.ofHours(3)); // a power loss took the attempt's record; the machine stayed off

    Ticket again = backend().create(nt.attemptTimes(clock.instant(), clock.instant()).build(), UploadProgress.NONE);

    assertEquals("GET", take().getMethod());
    assertEquals(first.id(), again.id());
    assertEquals(1, zendesk.createCount);
  }

  @Test
  void uploadsShareOneTokenAndStreamRawBytesWithTheirContentType() throws Exception {
    Path big = FakeZendesk.bigFile(dir, "crash.log", 5 * 1024 * 1024);
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3};
    AtomicLong lastSent = new AtomicLong();
    AtomicLong lastTotal = new AtomicLong();
    NewTicket nt = ticket("sub-up").attachments(List.of(Attachment.ofFile(big, "text/plain"),
        Attachment.ofBytes("screen shot.png", "image/png", png))).build();

    Ticket t = backend().create(nt, (sent, total) -> {
      lastSent.set(sent);
      lastTotal.set(total);
    });

    RecordedRequest lookup = take();
    assertEquals("GET", lookup.getMethod(), "files not uploaded by this connector: an earlier process may have sent others");
    assertEquals("sub-up", lookup.getRequestUrl().queryParameter("external_id"));
    RecordedRequest first = take();
    assertEquals("/api/v2/uploads", first.getRequestUrl().encodedPath());
    assertEquals("crash.log", first.getRequestUrl().queryParameter("filename"));
    assertNull(first.getRequestUrl().queryParameter("token"));
    assertEquals("text/plain", first.getHeader("Content-Type"));
    assertEquals(5 * 1024 * 1024, first.getBodySize());
    assertTrue(first.getHeader("Authorization").startsWith("Basic "));
    RecordedRequest second = take();
    assertEquals("screen shot.png", second.getRequestUrl().queryParameter("filename"));
    String token = second.getRequestUrl().queryParameter("token");
    assertNotNull(token, "the second file joins the first file's token");
    assertEquals("image/png", second.getHeader("Content-Type"));
    assertArrayEquals(png, second.getBody().clone().readByteArray());
    RecordedRequest create = take();
    Map<String, Object> comment = (Map<String, Object>) ((Map<String, Object>) json(create).get("ticket")).get("comment");
    assertEquals(List.of(token), comment.get("uploads"));
    assertEquals(ZendeskCreate.idempotencyKey("sub-up", token), create.getHeader("Idempotency-Key"));
    assertTrue(create.getHeader("Idempotency-Key").startsWith("sub-up."));

    FakeZendesk.UploadRecord record = zendesk.uploads.get(token);
    assertEquals(List.of("crash.log", "screen shot.png"), record.fileNames);
    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(big)), record.sha256.get(0));
    assertEquals(5L * 1024 * 1024 + png.length, lastTotal.get());
    assertEquals(lastTotal.get(), lastSent.get());
    assertNotNull(t.id());
  }

  @Test
  void uploadTokenIsReusedWhenTheRetryComesWithinItsLifetime() throws Exception {
    ZendeskConnector c = backend();
    zendesk.failNext("POST /api/v2/tickets", FakeZendesk.json(503, "{\"error\":\"ServiceUnavailable\"}"));
    NewTicket nt = ticket("sub-reuse").attachments(List.of(Attachment.ofBytes("a.txt", "text/plain", new byte[] {1}))).build();

    DeskException e = assertThrows(DeskException.class, () -> c.create(nt, UploadProgress.NONE));
    assertTrue(e.isRetryable());
    clock.advance(Duration.ofMinutes(50));
    c.create(nt, UploadProgress.NONE);

    assertEquals(1, zendesk.uploads.size(), "the files were uploaded once");
    assertEquals(1, zendesk.createCount);
  }

  @Test
  void idempotencyKeyNamesThePayloadsUploadToken() {
    assertEquals("sub-1", ZendeskCreate.idempotencyKey("sub-1", null));
    String a = ZendeskCreate.idempotencyKey("sub-1", "tokA");
    assertEquals(a, ZendeskCreate.idempotencyKey("sub-1", "tokA"));
    assertNotEquals(a, ZendeskCreate.idempotencyKey("sub-1", "tokB"));
    assertEquals("sub-1.".length() + 12, a.length());
  }

  @Test
  void expiredUploadTokenIsReplacedByUploadingTheFilesAgain() throws Exception {
    ZendeskConnector c = backend();
    zendesk.failNext("POST /api/v2/tickets", FakeZendesk.json(503, "{\"error\":\"ServiceUnavailable\"}"));
    NewTicket nt = ticket("sub-exp").attachments(List.of(Attachment.ofBytes("a.txt", "text/plain", new byte[] {1}),
        Attachment.ofBytes("b.txt", "text/plain", new byte[] {2}))).build();
    assertThrows(DeskException.class, () -> c.create(nt, UploadProgress.NONE));
    String oldToken = zendesk.uploads.keySet().iterator().next();

    clock.advance(Duration.ofMinutes(61));
    assertTrue(zendesk.expired(zendesk.uploads.get(oldToken)));
    Ticket t = c.create(nt, UploadProgress.NONE);

    assertEquals(2, zendesk.uploads.size(), "a second token after the first expired");
    String newToken = new ArrayList<>(zendesk.uploads.keySet()).get(1);
    assertEquals(List.of("a.txt", "b.txt"), zendesk.uploads.get(newToken).fileNames);
    List<?> sent = (List<?>) ((Map<?, ?>) ((Map<?, ?>) zendesk.tickets.get(Long.parseLong(t.id())).get("request_json"))
        .get("comment")).get("uploads");
    assertEquals(List.of(newToken), sent);
  }

  @Test
  void createRefusingTheUploadTokenUploadsAgainAndSucceedsInTheSameCall() throws Exception {
    zendesk.failNext("POST /api/v2/tickets", FakeZendesk.json(422, "{\"error\":\"RecordInvalid\",\"description\":"
        + "\"Record validation errors\",\"details\":{\"uploads\":[{\"description\":\"Uploads: token is invalid\","
        + "\"error\":\"InvalidValue\"}]}}"));
    NewTicket nt = ticket("sub-bad-token").attachments(List.of(Attachment.ofBytes("a.txt", "text/plain", new byte[] {1}))).build();

    Ticket t = backend().create(nt, UploadProgress.NONE);

    assertEquals(2, zendesk.uploads.size());
    assertEquals(1, zendesk.createCount);
    assertNotNull(t.id());
  }

  @Test
  void ambiguousFailureThenRetryFindsTheTicketByExternalIdAndCreatesNoDuplicate() throws Exception {
    ZendeskConnector c = backend();
    zendesk.failNextAfterWork("POST /api/v2/tickets", FakeZendesk.disconnect());
    NewTicket nt = ticket("sub-amb").build();

    assertThrows(IOException.class, () -> c.create(nt, UploadProgress.NONE));
    assertEquals(1, zendesk.createCount, "the desk created the ticket although the client saw a failure");
    take();
    Ticket t = c.create(nt, UploadProgress.NONE);

    RecordedRequest lookup = take();
    assertEquals("GET", lookup.getMethod());
    assertEquals("/api/v2/tickets", lookup.getRequestUrl().encodedPath());
    assertEquals("sub-amb", lookup.getRequestUrl().queryParameter("external_id"));
    assertEquals(1, zendesk.createCount);
    assertEquals(zendesk.tickets.keySet().iterator().next().toString(), t.id());
    assertEquals(2, server.getRequestCount(), "no second create");
  }

  @Test
  void dropAfterACreateOnAReusedConnectionIsReportedNotSilentlyResent() throws Exception {
    ZendeskConnector c = endUser();
    c.listTickets(ANN, null); // leaves a pooled connection for the create to reuse
    zendesk.failNextAfterWork("POST /api/v2/requests", FakeZendesk.disconnect());

    assertThrows(IOException.class, () -> c.create(ticket("sub-pooled").build(), UploadProgress.NONE));

    assertEquals(1, zendesk.createCount, "OkHttp must not send the create again by itself");
    Ticket t = c.create(ticket("sub-pooled").build(), UploadProgress.NONE);
    assertEquals(1, zendesk.createCount);
    assertEquals(zendesk.tickets.keySet().iterator().next().toString(), t.id());
  }

  @Test
  void freshConnectorRetryingARecentSubmissionIsAnsweredByTheIdempotencyKey() throws Exception {
    NewTicket nt = ticket("sub-replay").build();
    zendesk.failNextAfterWork("POST /api/v2/tickets", FakeZendesk.disconnect());
    assertThrows(IOException.class, () -> backend().create(nt, UploadProgress.NONE));
    take();

    Ticket t = backend().create(nt, UploadProgress.NONE);

    RecordedRequest replay = take();
    assertEquals("POST", replay.getMethod(), "a recent submission is not looked up: its key still holds");
    assertEquals("sub-replay", replay.getHeader("Idempotency-Key"));
    assertEquals(1, zendesk.createCount);
    assertEquals(zendesk.tickets.keySet().iterator().next().toString(), t.id());
  }

  @Test
  void submissionOlderThanTheRecentWindowIsLookedUpEvenByAFreshConnector() throws Exception {
    NewTicket nt = ticket("sub-restart").build();
    Ticket first = backend().create(nt, UploadProgress.NONE);
    take();
    clock.advance(Duration.ofHours(3));

    Ticket again = backend().create(nt, UploadProgress.NONE);

    assertEquals("GET", take().getMethod());
    assertEquals(first.id(), again.id());
    assertEquals(1, zendesk.createCount);
  }

  @Test
  void retryWhoseFirstAttemptOutlivedZendesksKeyIsLookedUpHoweverLongTheRecentWindow() throws Exception {
    NewTicket.Builder nt = ticket("sub-late").createdAt(NOW);
    ZendeskConnector earlier = track(ZendeskConnector.backend(root(), FakeZendesk.AGENT_EMAIL, FakeZendesk.API_TOKEN)
        .recentWindow(Duration.ofDays(7)).clock(clock).build());
    Ticket first = earlier.create(nt.attempt(1).attemptTimes(NOW, NOW).build(), UploadProgress.NONE);
    take();
    clock.advance(Duration.ofHours(3));
    ZendeskConnector restarted = track(ZendeskConnector.backend(root(), FakeZendesk.AGENT_EMAIL, FakeZendesk.API_TOKEN)
        .recentWindow(Duration.ofDays(7)).clock(clock).build());

    Ticket again = restarted.create(nt.attempt(2).attemptTimes(NOW, NOW.plus(Duration.ofHours(3))).build(),
        UploadProgress.NONE);

    assertEquals(Duration.ofHours(2), restarted.idempotencyKeyLifetime());
    assertEquals("GET", take().getMethod(), "past Zendesk's 2-hour key lifetime the key no longer protects it");
    assertEquals(first.id(), again.id());
    assertEquals(1, zendesk.createCount);
  }

  @Test
  void freshSubmissionIsNotLookedUp() throws Exception {
    backend().create(ticket("sub-fresh").build(), UploadProgress.NONE);
    assertEquals("POST", take().getMethod());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void tooManyRequestsWithPlainTextBodyIsRetryableWithRetryAfter() {
    zendesk.failNext("POST /api/v2/tickets", new MockResponse().setResponseCode(429).setHeader("Retry-After", "93")
        .setHeader("Content-Type", "text/plain").setBody("Rate limit for ticket updates exceeded, please wait before updating this ticket again"));

    DeskException e = assertThrows(DeskException.class, () -> backend().create(ticket("sub-429").build(), UploadProgress.NONE));

    assertEquals(429, e.httpStatus());
    assertTrue(e.isRetryable());
    assertEquals(Duration.ofSeconds(93), e.retryAfter());
    assertTrue(e.getMessage().contains("Rate limit"), e.getMessage());
  }

  @Test
  void recordInvalidBecomesAPermanentRefusalNamingTheFields() {
    NewTicket nt = ticket("sub-422").subject("  ").requester(Requester.of(null, "not-an-email", "Ann")).build();

    DeskException e = assertThrows(DeskException.class, () -> backend().create(nt, UploadProgress.NONE));

    assertEquals(422, e.httpStatus());
    assertFalse(e.isRetryable());
    assertEquals("RecordInvalid", e.errorCode());
    assertEquals("requester", e.field());
    assertEquals("RecordInvalid: requester: Email is invalid; subject: cannot be blank", e.deskMessage());
    assertTrue(e.getMessage().contains("requester: Email is invalid"), e.getMessage());
  }

  @Test
  void documentedRecordInvalidExampleNamesEveryField() {
    byte[] body = FakeZendesk.resource("error-record-invalid.json").getBytes(StandardCharsets.UTF_8);
    DeskException e = ZendeskErrors.toDeskException(422, "Unprocessable Entity", body, null, clock);
    assertEquals("RecordInvalid: requester: Email is invalid; subject: cannot be blank", e.deskMessage());
    assertEquals("requester", e.field());
  }

  @Test
  void forbiddenWithTitledErrorObjectKeepsTitleAndMessage() {
    byte[] body = FakeZendesk.resource("error-forbidden.json").getBytes(StandardCharsets.UTF_8);
    DeskException e = ZendeskErrors.toDeskException(403, "Forbidden", body, null, clock);
    assertEquals("Forbidden", e.errorCode());
    assertTrue(e.deskMessage().startsWith("You do not have access"), e.deskMessage());
  }

  @Test
  void wrongApiTokenIsUnauthorizedAndPermanent() {
    ZendeskConnector c = track(ZendeskConnector.backend(root(), FakeZendesk.AGENT_EMAIL, "wrong-token-123").clock(clock).build());

    DeskException e = assertThrows(DeskException.class, () -> c.create(ticket("sub-401").build(), UploadProgress.NONE));

    assertEquals(401, e.httpStatus());
    assertFalse(e.isRetryable());
    assertEquals("Couldn't authenticate you", e.deskMessage());
    assertFalse(e.getMessage().contains("wrong-token-123"));
  }

  @Test
  void apiTokenAndUserTokenNeverAppearInExceptionMessagesOrToString() throws Exception {
    String basic = Base64.getEncoder().encodeToString(
        (FakeZendesk.AGENT_EMAIL + "/token:" + FakeZendesk.API_TOKEN).getBytes(StandardCharsets.UTF_8));
    String echo = "{\"error\":\"Unauthorized\",\"description\":\"bad credentials " + FakeZendesk.API_TOKEN + " / "
        + FakeZendesk.AGENT_EMAIL + "/token:" + FakeZendesk.API_TOKEN + " / Basic " + basic + "\"}";
    zendesk.failNext("POST /api/v2/tickets", FakeZendesk.json(401, echo));
    zendesk.failNext("GET /api/v2/requests/{id}", new MockResponse().setResponseCode(403).setBody("Forbidden: Bearer " + ANN_TOKEN));
    zendesk.failNext("POST /api/v2/uploads", FakeZendesk.json(401, "{\"error\":{\"title\":\"" + FakeZendesk.API_TOKEN
        + "\",\"message\":\"token " + FakeZendesk.API_TOKEN + "\"}}"));
    RecordingLogger logger = new RecordingLogger();
    ZendeskConnector b = track(ZendeskConnector.backend(root(), FakeZendesk.AGENT_EMAIL, FakeZendesk.API_TOKEN)
        .clock(clock).logger(logger).build());
    ZendeskConnector u = track(ZendeskConnector.endUser(root()).requesterToken(() -> ANN_TOKEN).clock(clock)
        .logger(logger).build());

    List<Throwable> failures = new ArrayList<>();
    failures.add(assertThrows(DeskException.class, () -> b.create(ticket("sub-sec").build(), UploadProgress.NONE)));
    failures.add(assertThrows(DeskException.class, () -> u.getTicket(ANN, "42", null)));
    failures.add(assertThrows(DeskException.class, () -> b.create(ticket("sub-sec2")
        .attachments(List.of(Attachment.ofBytes("a", "text/plain", new byte[1]))).build(), UploadProgress.NONE)));
    failures.add(assertThrows(IllegalArgumentException.class, () -> u.getTicket(UserAuth.of(ANN.requester(), "bad\ntoken"), "1", null)));

    // Successful calls log too: a create with files, a lookup after an ambiguous failure, reads.
    zendesk.failNextAfterWork("POST /api/v2/requests", FakeZendesk.disconnect());
    NewTicket withFile = ticket("sub-sec3").attachments(List.of(Attachment.ofBytes("a", "text/plain", new byte[1]))).build();
    failures.add(assertThrows(IOException.class, () -> u.create(withFile, UploadProgress.NONE)));
    Ticket t3 = u.create(withFile, UploadProgress.NONE);
    u.messages(ANN, t3.id());
    b.create(ticket("sub-sec4").build(), UploadProgress.NONE);

    assertTrue(logger.lines().size() >= 5, "the connector logged " + logger.lines());
    assertTrue(logger.lines().stream().anyMatch(l -> l.contains("Unauthorized") && l.contains("***")), logger.lines().toString());
    List<String> texts = new ArrayList<>(logger.lines());
    for (Throwable t : failures) texts.add(t.getMessage() + " " + t);
    for (String text : texts) {
      for (String secret : List.of(FakeZendesk.API_TOKEN, basic, ANN_TOKEN, "bad\ntoken")) {
        assertFalse(text.contains(secret), "secret in: " + text);
      }
    }
    for (Object o : List.of(b, u, ANN)) {
      assertFalse(o.toString().contains(FakeZendesk.API_TOKEN));
      assertFalse(o.toString().contains(ANN_TOKEN));
    }
  }

  @Test
  void responseBodiesAreReadWithASizeCap() {
    ZendeskConnector c = track(ZendeskConnector.backend(root(), FakeZendesk.AGENT_EMAIL, FakeZendesk.API_TOKEN)
        .maxResponseBytes(64).clock(clock).build());
    IOException e = assertThrows(IOException.class, () -> c.create(ticket("sub-big").build(), UploadProgress.NONE));
    assertTrue(e.getMessage().contains("exceeds 64 bytes"), e.getMessage());
  }

  // ---------------------------------------------------------------- end user: Requests API

  @Test
  void endUserCreatesARequestAsTheUserWithBearerToken() throws Exception {
    Ticket t = endUser().create(ticket("sub-eu").build(), UploadProgress.NONE);

    RecordedRequest lookup = take();
    assertEquals("GET", lookup.getMethod(), "without an idempotency key every create is looked up first");
    assertEquals("/api/v2/requests", lookup.getRequestUrl().encodedPath());
    assertEquals("Bearer " + ANN_TOKEN, lookup.getHeader("Authorization"));
    RecordedRequest r = take();
    assertEquals("/api/v2/requests", r.getRequestUrl().encodedPath());
    assertEquals("Bearer " + ANN_TOKEN, r.getHeader("Authorization"));
    assertNull(r.getHeader("Idempotency-Key"));
    Map<String, Object> request = (Map<String, Object>) json(r).get("request");
    assertEquals("App crashes on start", request.get("subject"));
    assertEquals("high", request.get("priority"));
    assertNull(request.get("tags"), "end users cannot set tags");
    assertNull(request.get("external_id"), "the Requests API has no external id");
    assertNull(request.get("requester"), "the token names the requester");
    assertTrue(((String) ((Map<?, ?>) request.get("comment")).get("body")).endsWith("Helpline submission sub-eu"));
    assertEquals(root() + "hc/requests/" + t.id(), t.url());
    assertEquals(ANN_ID, zendesk.tickets.get(Long.parseLong(t.id())).get("requester_id"));
  }

  @Test
  void endUserRetryAfterAmbiguousFailureFindsTheRequestByItsFooter() throws Exception {
    ZendeskConnector c = endUser();
    NewTicket nt = ticket("sub-eu-amb").build();
    endUser().create(ticket("another-submission").build(), UploadProgress.NONE);
    zendesk.failNextAfterWork("POST /api/v2/requests", FakeZendesk.disconnect());

    assertThrows(IOException.class, () -> c.create(nt, UploadProgress.NONE));
    assertEquals(2, zendesk.createCount, "the desk created the request although the client saw a failure");
    Ticket t = c.create(nt, UploadProgress.NONE);

    assertEquals(2, zendesk.createCount);
    Map<String, Object> stored = zendesk.tickets.get(Long.parseLong(t.id()));
    assertTrue(((String) stored.get("description")).endsWith("Helpline submission sub-eu-amb"));
  }

  @Test
  void endUserLookupTakesNoRequestWhoseSubmissionIdOnlyStartsWithTheOneSought() throws Exception {
    ZendeskConnector c = endUser();
    Ticket longer = c.create(ticket("order-12").build(), UploadProgress.NONE);

    Ticket shorter = c.create(ticket("order-1").build(), UploadProgress.NONE);

    assertNotEquals(longer.id(), shorter.id(), "order-1 is a submission of its own");
    assertEquals(2, zendesk.createCount);
  }

  @Test
  void anEndUserWhoMayNotListTheirRequestsStillFilesOne() throws Exception {
    // Zendesk answers 403 when an end user whose e-mail address is not verified lists their requests.
    zendesk.failNext("GET /api/v2/requests", FakeZendesk.json(403, FakeZendesk.resource("error-forbidden.json")));
    RecordingLogger logger = new RecordingLogger();
    ZendeskConnector c = track(ZendeskConnector.endUser(root()).requesterToken(() -> ANN_TOKEN).clock(clock)
        .logger(logger).build());

    Ticket t = c.create(ticket("sub-unverified").build(), UploadProgress.NONE);

    assertEquals(1, zendesk.createCount);
    assertEquals(ANN_ID, zendesk.tickets.get(Long.parseLong(t.id())).get("requester_id"));
    assertTrue(logger.lines().stream().anyMatch(l -> l.contains("403") && l.contains("sub-unverified")),
        logger.lines().toString());
  }

  @Test
  void endUserWithoutATokenAtDeliveryCreatesAnonymouslyWithoutLookup() throws Exception {
    ZendeskConnector c = track(ZendeskConnector.endUser(root()).requesterToken(() -> null).clock(clock).build());

    c.create(ticket("sub-signed-out").build(), UploadProgress.NONE);

    RecordedRequest r = take();
    assertEquals("POST", r.getMethod());
    assertNull(r.getHeader("Authorization"));
    assertEquals(Map.of("name", "Ann", "email", "ann@example.com"), ((Map<?, ?>) json(r).get("request")).get("requester"));
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void malformedSuccessBodyIsAnIOExceptionWithThePath() {
    zendesk.failNext("POST /api/v2/tickets", FakeZendesk.json(201, "{\"ticket\":{\"id\":true}}"));
    IOException e = assertThrows(IOException.class, () -> backend().create(ticket("sub-bad-json").build(), UploadProgress.NONE));
    assertTrue(e.getMessage().startsWith("malformed response from desk"), e.getMessage());
    assertTrue(e.getMessage().contains("$.ticket.id"), e.getMessage());
  }

  @Test
  void anonymousModeSendsTheRequesterWithoutAuthAndCannotRead() throws Exception {
    ZendeskConnector c = track(ZendeskConnector.anonymous(root()).clock(clock).build());
    assertEquals(EnumSet.of(Capability.CREATE, Capability.ATTACHMENTS), c.capabilities());

    Ticket t = c.create(ticket("sub-anon").build(), UploadProgress.NONE);

    RecordedRequest r = take();
    assertNull(r.getHeader("Authorization"));
    Map<String, Object> request = (Map<String, Object>) json(r).get("request");
    assertEquals(Map.of("name", "Ann", "email", "ann@example.com"), request.get("requester"));
    assertEquals(TicketStatus.NEW, t.status());
    assertThrows(CapabilityUnsupportedException.class, () -> c.getTicket(ANN, t.id(), null));
    assertThrows(CapabilityUnsupportedException.class, () -> c.rate(ANN, t.id(), Rating.of(5)));
  }

  @Test
  void anonymousRequestWithoutRequesterEmailIsRefusedBeforeAnyRequest() {
    ZendeskConnector c = track(ZendeskConnector.anonymous(root()).build());
    DeskException e = assertThrows(DeskException.class,
        () -> c.create(ticket("sub-noemail").requester(Requester.of("u1", null, "Ann")).build(), UploadProgress.NONE));
    assertFalse(e.isRetryable());
    assertEquals("requester", e.field());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void capabilitiesFollowTheMode() {
    assertEquals(EnumSet.of(Capability.CREATE, Capability.ATTACHMENTS, Capability.IDEMPOTENT_CREATE,
        Capability.FIND_BY_SUBMISSION), backend().capabilities());
    assertEquals(EnumSet.of(Capability.CREATE, Capability.ATTACHMENTS, Capability.FIND_BY_SUBMISSION, Capability.GET_TICKET,
        Capability.LIST_TICKETS, Capability.MESSAGES, Capability.REPLY, Capability.RATE), endUser().capabilities());
    ZendeskConnector withoutCreationToken = track(ZendeskConnector.endUser(root()).build());
    assertFalse(withoutCreationToken.capabilities().contains(Capability.FIND_BY_SUBMISSION));
    assertTrue(withoutCreationToken.capabilities().contains(Capability.RATE));
    assertEquals("Zendesk", backend().name());
  }

  @Test
  void aLongConversationIsReadPastItsFirstPageAndTheReplyFoundAtItsEnd() throws Exception {
    ZendeskConnector c = endUser();
    Ticket created = c.create(ticket("sub-long").build(), UploadProgress.NONE);
    long id = Long.parseLong(created.id());
    for (int i = 1; i <= 120; i++) zendesk.agentReplies(id, "Answer " + i, true);

    List<Message> messages = c.messages(ANN, created.id());
    assertEquals(121, messages.size(), "the report and every answer, over two pages");
    assertEquals("Answer 120", messages.get(120).body());

    Message reply = c.reply(ANN, created.id(), "Still broken", List.of());
    assertEquals("Still broken", reply.body(), "the new comment is on the second page");
  }

  @Test
  void endUserReadsFollowsRepliesSolvesAndRates() throws Exception {
    ZendeskConnector c = endUser();
    Ticket created = c.create(ticket("sub-flow").build(), UploadProgress.NONE);
    long id = Long.parseLong(created.id());
    zendesk.agentReplies(id, "Please try restarting the app.", true);
    zendesk.agentReplies(id, "internal note", false);
    zendesk.setStatus(id, "pending", false);

    assertEquals(TicketStatus.PENDING, c.getTicket(ANN, created.id(), null).ticket().status());
    List<Message> messages = c.messages(ANN, created.id());
    assertEquals(2, messages.size(), "internal notes are not messages");
    assertEquals(Message.Author.REQUESTER, messages.get(0).author());
    assertEquals(Message.Author.AGENT, messages.get(1).author());
    assertEquals("Sam Agent", messages.get(1).authorName());
    assertEquals("Please try restarting the app.", messages.get(1).body());

    Message reply = c.reply(ANN, created.id(), "Restarting helped, thanks",
        List.of(Attachment.ofBytes("after.txt", "text/plain", "ok".getBytes(StandardCharsets.UTF_8))));
    assertEquals("Restarting helped, thanks", reply.body());
    assertEquals(Message.Author.REQUESTER, reply.author());
    assertEquals("after.txt", reply.attachments().get(0).fileName());
    assertEquals(2, reply.attachments().get(0).size());
    RecordedRequest put = lastRequest("PUT");
    Map<?, ?> comment = (Map<?, ?>) ((Map<?, ?>) json(put).get("request")).get("comment");
    assertEquals("Restarting helped, thanks", comment.get("body"));
    assertEquals(1, ((List<?>) comment.get("uploads")).size());

    DeskException notYet = assertThrows(DeskException.class, () -> c.markSolved(ANN, created.id()));
    assertEquals("status", notYet.field());
    zendesk.setStatus(id, "open", true);
    assertEquals(TicketStatus.SOLVED, c.markSolved(ANN, created.id()).status());

    c.rate(ANN, created.id(), Rating.of(5, "Quick help"));
    RecordedRequest rate = lastRequest("POST");
    assertEquals("/api/v2/tickets/" + id + "/satisfaction_rating", rate.getRequestUrl().encodedPath());
    assertEquals("Bearer " + ANN_TOKEN, rate.getHeader("Authorization"));
    assertEquals(Map.of("satisfaction_rating", Map.of("score", "good", "comment", "Quick help")), json(rate));
    c.rate(ANN, created.id(), Rating.of(3));
    assertEquals(Map.of("satisfaction_rating", Map.of("score", "bad")), json(lastRequest("POST")));
  }

  private RecordedRequest lastRequest(String method) throws InterruptedException {
    RecordedRequest found = null;
    RecordedRequest r;
    while ((r = server.takeRequest(100, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
      if (r.getMethod().equals(method)) found = r;
    }
    assertNotNull(found, "no " + method + " request");
    return found;
  }

  @Test
  void ratingScoresMapToGoodAndBad() {
    assertEquals("bad", ZendeskJson.score(Rating.of(1)));
    assertEquals("bad", ZendeskJson.score(Rating.of(2)));
    assertEquals("bad", ZendeskJson.score(Rating.of(3)));
    assertEquals("good", ZendeskJson.score(Rating.of(4)));
    assertEquals("good", ZendeskJson.score(Rating.of(5)));
  }

  @Test
  void listTicketsPagesNewestFirst() throws Exception {
    ZendeskConnector c = endUser();
    for (int i = 0; i < 27; i++) {
      c.create(ticket("sub-list-" + i).subject("Ticket " + i).build(), UploadProgress.NONE);
    }

    TicketPage first = c.listTickets(ANN, null);
    assertEquals(25, first.tickets().size());
    assertEquals("Ticket 26", first.tickets().get(0).subject());
    assertEquals("2", first.nextCursor());
    TicketPage second = c.listTickets(ANN, first.nextCursor());
    assertEquals(2, second.tickets().size());
    assertEquals("Ticket 0", second.tickets().get(1).subject());
    assertNull(second.nextCursor());
    assertThrows(IllegalArgumentException.class, () -> c.listTickets(ANN, "../admin"));
  }

  @Test
  void otherUsersRequestIsRecordNotFound() throws Exception {
    Ticket t = backend().create(ticket("sub-other").requester(Requester.ofEmail("bob@example.com")).build(), UploadProgress.NONE);

    DeskException e = assertThrows(DeskException.class, () -> endUser().getTicket(ANN, t.id(), null));

    assertEquals(404, e.httpStatus());
    assertEquals("RecordNotFound", e.errorCode());
    assertEquals("Not found", e.deskMessage());
  }

  @Test
  void readsNeedAUserTokenAndANumericId() {
    ZendeskConnector c = endUser();
    assertThrows(IllegalArgumentException.class, () -> c.messages(UserAuth.of(ANN.requester(), null), "1"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.getTicket(ANN, "1/../2", null));
    assertTrue(e.getMessage().contains("ticketId"));
  }

  @Test
  void statusesMapIncludingHoldAndUnknown() throws Exception {
    assertEquals(TicketStatus.NEW, ZendeskJson.status("new"));
    assertEquals(TicketStatus.OPEN, ZendeskJson.status("open"));
    assertEquals(TicketStatus.PENDING, ZendeskJson.status("pending"));
    assertEquals(TicketStatus.ON_HOLD, ZendeskJson.status("hold"));
    assertEquals(TicketStatus.SOLVED, ZendeskJson.status("solved"));
    assertEquals(TicketStatus.CLOSED, ZendeskJson.status("closed"));
    assertEquals(TicketStatus.UNKNOWN, ZendeskJson.status("archived"));

    ZendeskConnector c = endUser();
    Ticket t = c.create(ticket("sub-hold").build(), UploadProgress.NONE);
    zendesk.setStatus(Long.parseLong(t.id()), "hold", false);
    assertEquals(TicketStatus.ON_HOLD, c.getTicket(ANN, t.id(), null).ticket().status());
    zendesk.setStatus(Long.parseLong(t.id()), "deleted", false);
    assertEquals(TicketStatus.UNKNOWN, c.getTicket(ANN, t.id(), null).ticket().status());
  }

  @Test
  void documentedCommentsExampleKeepsPublicCommentsWithAuthors() throws IOException {
    String body = FakeZendesk.resource("request-comments.json");
    List<Message> messages = ZendeskComments.read(JsonReader.of(new Buffer().writeUtf8(body)));

    assertEquals(3, messages.size());
    assertEquals(Message.Author.REQUESTER, messages.get(0).author());
    assertEquals("Ann Requester", messages.get(0).authorName());
    assertEquals(Message.Author.AGENT, messages.get(1).author());
    assertEquals("Please try restarting the app.", messages.get(1).body());
    assertEquals("screenshot.png", messages.get(1).attachments().get(0).fileName());
    assertEquals("image/png", messages.get(1).attachments().get(0).mediaType());
    assertEquals(2532, messages.get(1).attachments().get(0).size());
    assertEquals(Message.Author.SYSTEM, messages.get(2).author());
    assertEquals(Instant.parse("2009-07-20T22:55:29Z"), messages.get(0).createdAt());
  }

  @Test
  void buildDoesNoIoAndAcceptsASubdomain() {
    ZendeskConnector c = ZendeskConnector.backend("acme", "bot@acme.com", "secret-token").build();
    assertEquals("ZendeskConnector{backend, https://acme.zendesk.com/}", c.toString());
    c.close();
    assertThrows(IllegalArgumentException.class, () -> ZendeskConnector.endUser("not a url at all"));
    assertThrows(IllegalArgumentException.class, () -> ZendeskConnector.backend("acme", "nobody", "t"));
    assertThrows(IllegalStateException.class, () -> ZendeskConnector.anonymous("acme").requesterToken(() -> "t"));
    assertThrows(IllegalArgumentException.class, () -> ZendeskConnector.backend("acme", "a@b.c", "t")
        .categoryTypes(Map.of("bug", "defect")));
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void articleSourceSearchesTheAccountsHelpCenter() throws Exception {
    List<Article> found = endUser().articleSource().search("reset password", "en-US", 3);
    assertEquals("Reset your password", found.get(0).title());
    RecordedRequest r = take();
    assertEquals("/api/v2/help_center/articles/search", r.getRequestUrl().encodedPath());
    assertNull(r.getHeader("Authorization"), "Help Center search is anonymous");
    assertNotEquals(0, found.size());
  }
}
