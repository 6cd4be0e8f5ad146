package dev.helpline.connector.freshdesk;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.Moshi;
import dev.helpline.Attachment;
import dev.helpline.AppInfo;
import dev.helpline.DeskException;
import dev.helpline.Message;
import dev.helpline.Helpline;
import dev.helpline.Priority;
import dev.helpline.Rating;
import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.Submission;
import dev.helpline.TicketStatus;
import dev.helpline.TicketDraft;
import dev.helpline.connector.Connector;
import dev.helpline.connector.ConnectorFactory;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.UploadProgress;
import dev.helpline.connector.UserAuth;
import dev.helpline.connector.tck.ManualClock;
import dev.helpline.connector.tck.RecordingLogger;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class FreshdeskConnectorTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final Requester ANN = Requester.of("u1", "ann@example.com", "Ann");
  private static final UserAuth ANN_AUTH = UserAuth.of(ANN, null);

  private final MockWebServer server = new MockWebServer();
  private final ManualClock clock = new ManualClock(NOW);
  private final FakeFreshdesk freshdesk = new FakeFreshdesk(clock);
  private final List<FreshdeskConnector> connectors = new ArrayList<>();

  @TempDir Path dir;

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(freshdesk);
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    connectors.forEach(FreshdeskConnector::close);
    server.shutdown();
  }

  private FreshdeskConnector.Builder builder() {
    return FreshdeskConnector.builder(server.url("/").toString(), FakeFreshdesk.API_KEY).clock(clock)
        .customFields(Map.of("app_version", "cf_app_version")).categoryTypes(Map.of("bug", "Problem"));
  }

  private FreshdeskConnector connector() {
    return track(builder().build());
  }

  private FreshdeskConnector track(FreshdeskConnector c) {
    connectors.add(c);
    return c;
  }

  private static NewTicket.Builder ticket(String submissionId) {
    return NewTicket.builder().submissionId(submissionId).subject("App crashes on start")
        .description("It crashes when I open it.\nEvery time.").priority(Priority.HIGH).category("bug")
        .tags(List.of("android", "v2")).customFields(Map.of("app_version", "2.3.1", "plan", "pro"))
        .requester(ANN).createdAt(NOW);
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(10, SECONDS);
    assertNotNull(r, "expected another request");
    return r;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(RecordedRequest r) throws IOException {
    return (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class).fromJson(r.getBody().clone().readUtf8());
  }

  @Test
  void createSendsJsonWithTheApiKeyNumericValuesAndTheSubmissionField() throws Exception {
    Ticket t = connector().create(ticket("sub-1").build(), UploadProgress.NONE);

    RecordedRequest r = take();
    assertEquals("POST", r.getMethod(), "a fresh submission without files is not searched first");
    assertEquals("/api/v2/tickets", r.getRequestUrl().encodedPath());
    assertEquals("Basic " + Base64.getEncoder().encodeToString((FakeFreshdesk.API_KEY + ":X").getBytes(StandardCharsets.UTF_8)),
        r.getHeader("Authorization"));
    assertTrue(r.getHeader("Content-Type").startsWith("application/json"));
    Map<String, Object> body = json(r);
    assertEquals("ann@example.com", body.get("email"));
    assertEquals("Ann", body.get("name"));
    assertEquals(3.0, body.get("priority"), "HIGH is Freshdesk's 3");
    assertEquals(2.0, body.get("status"), "created Open");
    assertEquals("Problem", body.get("type"));
    assertEquals(List.of("android", "v2"), body.get("tags"));
    assertEquals(Map.of("cf_app_version", "2.3.1", "cf_helpline_submission", "sub-1"), body.get("custom_fields"));
    String description = (String) body.get("description");
    assertTrue(description.startsWith("It crashes when I open it.<br>Every time."), description);
    assertTrue(description.contains("plan: pro"), "unmapped fields go to the footer: " + description);
    assertTrue(description.endsWith("Helpline submission sub-1"), description);
    assertEquals(TicketStatus.OPEN, t.status());
    assertEquals(Priority.HIGH, t.priority());
    assertEquals(NOW, t.createdAt());
    assertEquals(server.url("/support/tickets/" + t.id()).toString(), t.url());
  }

  @Test
  void aFirstAttemptWithFilesIsCreatedWithoutASearch() throws Exception {
    NewTicket nt = ticket("sub-first").attempt(1)
        .attachments(List.of(Attachment.ofBytes("log.txt", "text/plain", new byte[] {'l', 'o', 'g'}))).build();

    connector().create(nt, (sent, total) -> {});

    RecordedRequest create = take();
    assertEquals("POST", create.getMethod(), "never attempted before: Freshdesk cannot have it, no search");
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aLaterAttemptSearchesAndFindsTheTicketAnEarlierProcessCreated() throws Exception {
    Ticket first = connector().create(ticket("sub-again").attempt(1).build(), (sent, total) -> {});
    take();

    Ticket found = connector().create(ticket("sub-again").attempt(2).build(), (sent, total) -> {});

    RecordedRequest search = take();
    assertEquals("/api/v2/search/tickets", search.getRequestUrl().encodedPath(),
        "attempted before, young and without files: searched all the same");
    assertEquals(first.id(), found.id());
    assertEquals(2, server.getRequestCount(), "found, not created twice");
  }

  @Test
  void filesGoAsStreamedMultipartAfterASearchForTheSubmission() throws Exception {
    Path big = dir.resolve("crash.log");
    byte[] bytes = new byte[5 * 1024 * 1024];
    new Random(42).nextBytes(bytes);
    Files.write(big, bytes);
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};
    List<long[]> progress = new ArrayList<>();
    NewTicket nt = ticket("sub-files").attachments(List.of(Attachment.ofFile(big, "text/plain"),
        Attachment.ofBytes("screen.png", "image/png", png))).build();
    bytes = null; // the test holds no copy of the file while it is sent

    Ticket t = connector().create(nt, (sent, total) -> progress.add(new long[] {sent, total}));

    RecordedRequest search = take();
    assertEquals("/api/v2/search/tickets", search.getRequestUrl().encodedPath());
    assertEquals("\"cf_helpline_submission:'sub-files'\"", search.getRequestUrl().queryParameter("query"));
    RecordedRequest create = take();
    assertTrue(create.getHeader("Content-Type").startsWith("multipart/form-data; boundary="), create.getHeader("Content-Type"));
    assertEquals(String.valueOf(create.getBodySize()), create.getHeader("Content-Length"),
        "the multipart length is known up front: files are streamed, not chunked or collected");
    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(big)), freshdesk.fileDigests.get("crash.log"));
    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(png), freshdesk.fileDigests.get("screen.png"));
    assertTrue(progress.size() > 50, "progress in steps while streaming: " + progress.size());
    long[] last = progress.get(progress.size() - 1);
    assertEquals(create.getBodySize(), last[0]);
    assertEquals(create.getBodySize(), last[1]);
    List<Message> messages = connector().messages(ANN_AUTH, t.id());
    assertEquals(List.of("crash.log", "screen.png"), List.of(messages.get(0).attachments().get(0).fileName(),
        messages.get(0).attachments().get(1).fileName()));
    assertEquals(5 * 1024 * 1024, messages.get(0).attachments().get(0).size());
  }

  @Test
  void attachmentSizesAreReadFromTheFileSizeFieldFreshdeskDocumentsForTicketsAndNotes() throws Exception {
    FreshdeskConnector c = connector();
    Ticket t = c.create(ticket("sub-file-size").build(), UploadProgress.NONE);
    long requester = freshdesk.contacts.get("ann@example.com");
    // The attachment objects of "Create a Ticket With Attachment" and "Create a Note With Attachment" name the size file_size.
    freshdesk.failNext("GET /api/v2/tickets/{id}", FakeFreshdesk.json(200, "{\"id\":" + t.id() + ",\"subject\":\"App crashes\","
        + "\"status\":2,\"priority\":3,\"requester_id\":" + requester + ",\"description_text\":\"It crashes.\","
        + "\"created_at\":\"2026-11-24T10:00:00Z\",\"updated_at\":\"2026-11-24T10:00:00Z\",\"custom_fields\":{},"
        + "\"requester\":{\"email\":\"ann@example.com\",\"id\":" + requester + ",\"name\":\"Ann\"},"
        + "\"attachments\":[{\"id\":4004881085,\"content_type\":\"image/jpeg\",\"file_size\":44115,\"name\":\"attachment1.jpg\","
        + "\"attachment_url\":\"https://cdn.freshdesk.com/data/helpdesk/attachments/production/4004881085/original/attachment1.jpg\","
        + "\"created_at\":\"2014-07-28T16:20:03+05:30\",\"updated_at\":\"2014-07-28T16:20:03+05:30\"}]}"));

    List<Message> messages = c.messages(ANN_AUTH, t.id());

    assertEquals("attachment1.jpg", messages.get(0).attachments().get(0).fileName());
    assertEquals(44115, messages.get(0).attachments().get(0).size());
  }

  @Test
  void attachmentsOverTwentyMegabytesAreRefusedBeforeAnyRequest() throws Exception {
    Path huge = dir.resolve("huge.bin");
    try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(FreshdeskConnector.MAX_ATTACHMENT_BYTES - 10);
    }
    NewTicket nt = ticket("sub-huge").attachments(List.of(Attachment.ofFile(huge, "application/octet-stream"),
        Attachment.ofBytes("b.txt", "text/plain", new byte[11]))).build();

    DeskException e = assertThrows(DeskException.class, () -> connector().create(nt, UploadProgress.NONE));

    assertEquals(413, e.httpStatus());
    assertEquals("attachments", e.field());
    assertFalse(e.isRetryable());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void lostAnswerThenRetryFindsTheTicketAndCreatesNoDuplicate() throws Exception {
    FreshdeskConnector c = connector();
    freshdesk.failNextAfterWork("POST /api/v2/tickets", FakeFreshdesk.disconnect());
    NewTicket nt = ticket("sub-lost").build();

    assertThrows(IOException.class, () -> c.create(nt, UploadProgress.NONE));
    assertEquals(1, freshdesk.createCount, "Freshdesk created the ticket although the client saw a failure");
    Ticket t = c.create(nt, UploadProgress.NONE);

    assertEquals(1, freshdesk.createCount);
    assertEquals(1, freshdesk.searchCount);
    assertEquals(freshdesk.tickets.keySet().iterator().next().toString(), t.id());
  }

  /** Freshdesk's search shows a ticket minutes after its create: a retry before then must not create again. */
  @Test
  void aLostAnswerIsNotCreatedAgainWhileTheSearchMayNotShowTheTicketYet() throws Exception {
    freshdesk.searchLag = Duration.ofMinutes(3);
    FreshdeskConnector c = connector();
    freshdesk.failNextAfterWork("POST /api/v2/tickets", FakeFreshdesk.disconnect());
    NewTicket nt = ticket("sub-lagging").build();
    assertThrows(IOException.class, () -> c.create(nt, UploadProgress.NONE));
    clock.advance(Duration.ofSeconds(30));

    Connector.SearchLagException lag = assertThrows(Connector.SearchLagException.class,
        () -> c.create(nt, UploadProgress.NONE));
    assertEquals(FreshdeskConnector.SEARCH_LAG.minusSeconds(30), lag.retryAfter());
    assertEquals(1, freshdesk.createCount, "not created again while the search may not show it");
    NewTicket counted = ticket("sub-lagging").attempt(3).build();
    assertThrows(Connector.SearchLagException.class, () -> connector().create(counted, UploadProgress.NONE),
        "nor by a connector that never sent it, while the outbox counts an earlier attempt");

    clock.advance(lag.retryAfter());
    Ticket t = c.create(nt, UploadProgress.NONE);
    assertEquals(1, freshdesk.createCount);
    assertEquals(freshdesk.tickets.keySet().iterator().next().toString(), t.id());
  }

  /** A retry after answers that show Freshdesk created nothing (a rate limit, no connection) neither searches nor waits. */
  @Test
  void aRetryAfterARateLimitIsCreatedAtOnceWithoutASearch() throws Exception {
    freshdesk.searchLag = Duration.ofMinutes(3);
    FreshdeskConnector c = connector();
    freshdesk.failNext("POST /api/v2/tickets", FakeFreshdesk.json(429, "{\"message\":\"You have exceeded the limit\"}")
        .setHeader("Retry-After", "47"));
    assertThrows(DeskException.class, () -> c.create(ticket("sub-limited").attempt(1).build(), UploadProgress.NONE));
    clock.advance(Duration.ofSeconds(47));

    Ticket t = c.create(ticket("sub-limited").attempt(2).build(), UploadProgress.NONE);

    assertEquals(0, freshdesk.searchCount, "Freshdesk answered 429: it created nothing to look for");
    assertEquals(1, freshdesk.createCount);
    assertEquals(freshdesk.tickets.keySet().iterator().next().toString(), t.id());
    NewTicket elsewhere = ticket("sub-elsewhere").attempt(2).build();
    for (int i = 0; i < 2; i++) {
      assertThrows(Connector.SearchLagException.class, () -> c.create(elsewhere, UploadProgress.NONE),
          "an earlier attempt this connector did not make may have created it, however often it is asked");
    }
    assertEquals(1, freshdesk.createCount);
  }

  /**
   * The whole client against a Freshdesk whose search shows a ticket only minutes after its create: the answer to
   * the first create is lost, the retry that comes at once finds nothing yet and waits, and the ticket is filed once.
   */
  @Test
  void aLostAnswerIsFiledOnceAlthoughTheSearchLagsBehindTheCreate() throws Exception {
    freshdesk.searchLag = Duration.ofMinutes(3);
    freshdesk.failNextAfterWork("POST /api/v2/tickets", FakeFreshdesk.disconnect());
    BlockingQueue<Throwable> retries = new LinkedBlockingQueue<>();
    BlockingQueue<Instant> planned = new LinkedBlockingQueue<>();
    try (FreshdeskConnector connector = builder().build();
        Helpline helpline = Helpline.builder().app(AppInfo.of("Acme Notes", "4.2.0")).connector(connector)
            .dataDirectory(dir).clock(clock)
            .addDeliveryListener(new Submission.Listener() {
              @Override public void onRetrying(Submission s, Instant next, Throwable cause) {
                planned.add(next);
                retries.add(cause);
              }
            }).build()) {
      Submission submission = helpline.submit(TicketDraft.builder().subject("Sync stops at 99%")
          .description("It never finishes.").requester(Requester.ofEmail("ann@example.com"))
          .includeDiagnostics(false).build());
      assertInstanceOf(IOException.class, retries.poll(30, SECONDS), "the answer to the create was lost");
      assertEquals(1, freshdesk.createCount);

      helpline.flush().get(30, SECONDS); // at once: Freshdesk's search does not show the ticket yet
      assertInstanceOf(Connector.SearchLagException.class, retries.poll(30, SECONDS));
      assertEquals(1, freshdesk.createCount, "not created again");
      assertFalse(submission.delivery().isDone());
      planned.remove();
      Instant afterTheLag = planned.remove();
      assertEquals(clock.instant().plus(FreshdeskConnector.SEARCH_LAG), afterTheLag);
      assertEquals(afterTheLag, helpline.submissions().get(0).nextAttemptAt(), "the wait, kept in memory, is shown");

      clock.advance(FreshdeskConnector.SEARCH_LAG);
      helpline.flush().get(30, SECONDS);
      Ticket ticket = submission.delivery().get(30, SECONDS);
      assertEquals(1, freshdesk.createCount);
      assertEquals(String.valueOf(freshdesk.tickets.keySet().iterator().next()), ticket.id());
    }
  }

  @Test
  void dropAfterACreateOnAReusedConnectionIsReportedNotSilentlyResent() throws Exception {
    FreshdeskConnector c = connector();
    c.listTickets(ANN_AUTH, null); // a 400 (no such contact) that leaves a pooled connection
    freshdesk.failNextAfterWork("POST /api/v2/tickets", FakeFreshdesk.disconnect());

    assertThrows(IOException.class, () -> c.create(ticket("sub-pooled").build(), UploadProgress.NONE));

    assertEquals(1, freshdesk.createCount, "OkHttp must not send the create again by itself");
  }

  @Test
  void aReadTimeoutSetOnTheBuilderEndsACallTheDeskNeverAnswers() throws Exception {
    try (MockWebServer silent = new MockWebServer()) {
      silent.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
      FreshdeskConnector c = track(FreshdeskConnector.builder(silent.url("/").toString(), FakeFreshdesk.API_KEY)
          .okHttpClient(new OkHttpClient.Builder().readTimeout(Duration.ZERO).build()) // reads without a time-out
          .callTimeout(Duration.ofSeconds(20)).readTimeout(Duration.ofMillis(200)).build());
      // Without the setting, the shared client's (none) would hold the call until the whole-call deadline,
      // which ends it with an InterruptedIOException that is not a socket time-out.
      assertThrows(SocketTimeoutException.class, () -> c.create(ticket("sub-silent").build(), UploadProgress.NONE));
    }
  }

  @Test
  void submissionOlderThanTheRecentWindowIsSearchedEvenByAFreshConnector() throws Exception {
    Ticket first = connector().create(ticket("sub-old").build(), UploadProgress.NONE);
    clock.advance(Duration.ofHours(3));

    Ticket again = connector().create(ticket("sub-old").build(), UploadProgress.NONE);

    assertEquals(first.id(), again.id());
    assertEquals(1, freshdesk.createCount);
    assertEquals(1, freshdesk.searchCount);
  }

  @Test
  void tooManyRequestsIsRetryableWithRetryAfterAndTheRateLimitHeaders() {
    freshdesk.failNext("POST /api/v2/tickets", FakeFreshdesk.json(429, "{\"message\":\"You have exceeded the limit of requests per minute\"}")
        .setHeader("Retry-After", "47").setHeader("X-RateLimit-Total", "200").setHeader("X-RateLimit-Remaining", "0"));

    DeskException e = assertThrows(DeskException.class, () -> connector().create(ticket("sub-429").build(), UploadProgress.NONE));

    assertEquals(429, e.httpStatus());
    assertTrue(e.isRetryable());
    assertEquals(Duration.ofSeconds(47), e.retryAfter());
    assertTrue(e.deskMessage().contains("exceeded the limit"), e.deskMessage());
    assertTrue(e.deskMessage().contains("0 of 200 calls left"), e.deskMessage());
  }

  @Test
  void validationFailureNamesEveryFieldAndIsPermanent() {
    NewTicket nt = ticket("sub-400").subject(" ").requester(Requester.of(null, "ann@nowhere", "Ann")).build();

    DeskException e = assertThrows(DeskException.class, () -> connector().create(nt, UploadProgress.NONE));

    assertEquals(400, e.httpStatus());
    assertFalse(e.isRetryable());
    assertEquals("email", e.field());
    assertEquals("invalid_value", e.errorCode());
    assertEquals("Validation failed: email: It should be in the 'valid email address' format; "
        + "subject: It should not be blank as this is a mandatory field", e.deskMessage());
  }

  @Test
  void customFieldTheAccountLacksIsNamedInTheRefusal() {
    FreshdeskConnector c = track(builder().submissionField("cf_helpline_id").build());

    DeskException e = assertThrows(DeskException.class, () -> c.create(ticket("sub-cf").build(), UploadProgress.NONE));

    assertEquals("cf_helpline_id", e.field());
    assertTrue(e.deskMessage().contains("cf_helpline_id: Unexpected/invalid field"), e.deskMessage());
  }

  @Test
  void wrongApiKeyIsUnauthorizedAndPermanent() {
    FreshdeskConnector c = track(FreshdeskConnector.builder(server.url("/").toString(), "wrong-key-123").build());

    DeskException e = assertThrows(DeskException.class, () -> c.create(ticket("sub-401").build(), UploadProgress.NONE));

    assertEquals(401, e.httpStatus());
    assertFalse(e.isRetryable());
    assertEquals("invalid_credentials", e.errorCode());
    assertEquals("You have to be logged in to perform this action.", e.deskMessage());
  }

  @Test
  void apiKeyNeverAppearsInExceptionMessagesLogsOrToString() throws Exception {
    String basic = Base64.getEncoder().encodeToString((FakeFreshdesk.API_KEY + ":X").getBytes(StandardCharsets.UTF_8));
    freshdesk.failNext("POST /api/v2/tickets", FakeFreshdesk.json(401, "{\"code\":\"invalid_credentials\",\"message\":\"key "
        + FakeFreshdesk.API_KEY + " / Basic " + basic + " is not valid\"}"));
    freshdesk.failNext("GET /api/v2/tickets/{id}", new MockResponse().setResponseCode(403).setBody("denied for " + FakeFreshdesk.API_KEY));
    freshdesk.failNext("GET /api/v2/search/tickets", FakeFreshdesk.json(400, "{\"description\":\"Validation failed\",\"errors\":"
        + "[{\"field\":\"" + FakeFreshdesk.API_KEY + "\",\"message\":\"bad " + basic + "\",\"code\":\"invalid_value\"}]}"));
    RecordingLogger logger = new RecordingLogger();
    FreshdeskConnector c = track(builder().logger(logger).build());

    List<Throwable> failures = new ArrayList<>();
    failures.add(assertThrows(DeskException.class, () -> c.create(ticket("sub-sec").build(), UploadProgress.NONE)));
    failures.add(assertThrows(DeskException.class, () -> c.getTicket(ANN_AUTH, "5", null)));
    failures.add(assertThrows(DeskException.class, () -> c.create(ticket("sub-sec2")
        .attachments(List.of(Attachment.ofBytes("a.txt", "text/plain", new byte[1]))).build(), UploadProgress.NONE)));
    Ticket t = c.create(ticket("sub-sec3").build(), UploadProgress.NONE);
    c.messages(ANN_AUTH, t.id());

    assertTrue(logger.lines().size() >= 4, "the connector logged " + logger.lines());
    assertTrue(logger.lines().stream().anyMatch(l -> l.contains("***")), logger.lines().toString());
    List<String> texts = new ArrayList<>(logger.lines());
    for (Throwable f : failures) texts.add(f.getMessage() + " " + f);
    texts.add(c.toString());
    for (String text : texts) {
      assertFalse(text.contains(FakeFreshdesk.API_KEY), "API key in: " + text);
      assertFalse(text.contains(basic), "encoded credentials in: " + text);
    }
  }

  @Test
  void statusesAndPrioritiesMapToFreshdesksNumbers() throws Exception {
    assertEquals(TicketStatus.OPEN, FreshdeskJson.status(2));
    assertEquals(TicketStatus.PENDING, FreshdeskJson.status(3));
    assertEquals(TicketStatus.SOLVED, FreshdeskJson.status(4));
    assertEquals(TicketStatus.CLOSED, FreshdeskJson.status(5));
    assertEquals(TicketStatus.UNKNOWN, FreshdeskJson.status(6), "custom statuses");
    for (Priority p : Priority.values()) assertEquals(p, FreshdeskJson.priority((long) FreshdeskJson.priority(p)));
    assertEquals(List.of(1, 2, 3, 4), List.of(FreshdeskJson.priority(Priority.LOW), FreshdeskJson.priority(Priority.NORMAL),
        FreshdeskJson.priority(Priority.HIGH), FreshdeskJson.priority(Priority.URGENT)));

    FreshdeskConnector c = connector();
    Ticket t = c.create(ticket("sub-status").build(), UploadProgress.NONE);
    freshdesk.setStatus(Long.parseLong(t.id()), 3);
    assertEquals(TicketStatus.PENDING, c.getTicket(ANN_AUTH, t.id(), null).ticket().status());
    freshdesk.setStatus(Long.parseLong(t.id()), 5);
    assertEquals(TicketStatus.CLOSED, c.getTicket(ANN_AUTH, t.id(), null).ticket().status());
  }

  @Test
  void privateNotesStayOutOfTheConversationAndAgentsAreAgents() throws Exception {
    FreshdeskConnector c = connector();
    Ticket t = c.create(ticket("sub-conv").build(), UploadProgress.NONE);
    freshdesk.agentReplies(Long.parseLong(t.id()), "Please restart the app.", false);
    freshdesk.agentReplies(Long.parseLong(t.id()), "internal: probably the cache", true);

    List<Message> messages = c.messages(ANN_AUTH, t.id());

    assertEquals(2, messages.size(), messages.toString());
    assertEquals(Message.Author.REQUESTER, messages.get(0).author());
    assertEquals("Ann", messages.get(0).authorName());
    assertTrue(messages.get(0).body().startsWith("It crashes when I open it.\nEvery time."), messages.get(0).body());
    assertEquals(Message.Author.AGENT, messages.get(1).author());
    assertEquals("Please restart the app.", messages.get(1).body());
  }

  @Test
  void anIncomingReplyFromAColleagueOnCcIsNotAnAgentsAnswer() throws Exception {
    FreshdeskConnector c = connector();
    Ticket t = c.create(ticket("sub-cc").build(), UploadProgress.NONE);
    freshdesk.agentReplies(Long.parseLong(t.id()), "Which version?", false);
    freshdesk.contactReplies(Long.parseLong(t.id()), "bob@example.com", "Version 2.3.1, same for me");

    List<Message> messages = c.messages(ANN_AUTH, t.id());

    assertEquals(3, messages.size(), messages.toString());
    assertEquals(Message.Author.AGENT, messages.get(1).author());
    assertEquals(Message.Author.REQUESTER, messages.get(2).author(), "mail from outside the desk is no agent's answer");
    assertEquals(null, messages.get(2).authorName(), "the requester's name belongs to the requester only");
    assertEquals("Version 2.3.1, same for me", messages.get(2).body());
  }

  @Test
  void aRequesterFilingFromAnotherAddressOfTheirContactFollowsTheirTickets() throws Exception {
    FreshdeskConnector c = connector();
    Ticket first = c.create(ticket("sub-primary").build(), UploadProgress.NONE);
    freshdesk.addOtherEmail("ann@example.com", "ann@work.example.com");
    UserAuth annAtWork = UserAuth.of(Requester.of("u1", "Ann@Work.example.com", "Ann"), null);
    Ticket t = c.create(ticket("sub-other-address").requester(annAtWork.requester()).build(), UploadProgress.NONE);

    assertEquals(List.of(t.id(), first.id()), c.listTickets(annAtWork, null).tickets().stream().map(Ticket::id)
        .collect(java.util.stream.Collectors.toList()), "Freshdesk lists the contact's tickets by either address");
    assertEquals(t.id(), c.getTicket(annAtWork, t.id(), null).ticket().id());
    assertEquals(first.id(), c.getTicket(annAtWork, first.id(), null).ticket().id());
    assertEquals(Message.Author.REQUESTER, c.reply(annAtWork, t.id(), "Still crashing", List.of()).author());
    assertEquals(2, c.messages(annAtWork, t.id()).size());
    UserAuth bob = UserAuth.of(Requester.ofEmail("bob@example.com"), null);
    assertEquals(404, assertThrows(DeskException.class, () -> c.getTicket(bob, t.id(), null)).httpStatus());
  }

  @Test
  void aTicketTheAgentsDeletedOrMarkedAsSpamIsNotFoundAsInTheList() throws Exception {
    FreshdeskConnector c = connector();
    Ticket trashed = c.create(ticket("sub-trash").build(), UploadProgress.NONE);
    Ticket spam = c.create(ticket("sub-spam").build(), UploadProgress.NONE);
    Ticket kept = c.create(ticket("sub-kept").build(), UploadProgress.NONE);
    freshdesk.trash(Long.parseLong(trashed.id()), "deleted");
    freshdesk.trash(Long.parseLong(spam.id()), "spam");

    assertEquals(List.of(kept.id()), c.listTickets(ANN_AUTH, null).tickets().stream().map(Ticket::id)
        .collect(java.util.stream.Collectors.toList()));
    for (Ticket t : List.of(trashed, spam)) {
      assertEquals(404, assertThrows(DeskException.class, () -> c.getTicket(ANN_AUTH, t.id(), null)).httpStatus());
      assertEquals(404, assertThrows(DeskException.class, () -> c.messages(ANN_AUTH, t.id())).httpStatus());
      assertEquals(404, assertThrows(DeskException.class, () -> c.reply(ANN_AUTH, t.id(), "Hello?", List.of())).httpStatus());
    }
    assertEquals(kept.id(), c.getTicket(ANN_AUTH, kept.id(), null).ticket().id());
    assertTrue(freshdesk.conversations.isEmpty(), "no note on a deleted or spam ticket");
  }

  @Test
  void aTicketOlderThanThirtyDaysIsStillListed() throws Exception {
    FreshdeskConnector c = connector();
    Ticket old = c.create(ticket("sub-old").build(), UploadProgress.NONE);
    clock.advance(Duration.ofDays(45));
    Ticket recent = c.create(ticket("sub-recent").build(), UploadProgress.NONE);

    List<Ticket> listed = c.listTickets(ANN_AUTH, null).tickets();

    assertEquals(List.of(recent.id(), old.id()), listed.stream().map(Ticket::id).collect(java.util.stream.Collectors.toList()));
  }

  @Test
  void aLongConversationIsPagedOnTheAccountsOwnHostWhateverHostTheLinkNames() throws Exception {
    FreshdeskConnector c = connector();
    Ticket t = c.create(ticket("sub-pages").build(), UploadProgress.NONE);
    for (int i = 1; i <= 130; i++) {
      freshdesk.agentReplies(Long.parseLong(t.id()), "reply " + i, false);
    }
    try (MockWebServer elsewhere = new MockWebServer()) {
      elsewhere.start();
      freshdesk.linkOrigin = elsewhere.url("/");

      List<Message> messages = c.messages(ANN_AUTH, t.id());

      assertEquals(131, messages.size());
      assertEquals("reply 130", messages.get(130).body());
      assertEquals(0, elsewhere.getRequestCount(), "the API key went to the host the Link header named");
    }
  }

  @Test
  void aReplyWhoseFilesWouldTakeTheTicketOverTwentyMegabytesIsRefusedBeforeItIsSent() throws Exception {
    Path log = dir.resolve("crash.log");
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
      f.setLength(8L * 1024 * 1024);
    }
    Path dump = dir.resolve("heap.bin");
    try (RandomAccessFile f = new RandomAccessFile(dump.toFile(), "rw")) {
      f.setLength(9L * 1024 * 1024);
    }
    FreshdeskConnector c = connector();
    Ticket t = c.create(ticket("sub-total").attachments(List.of(Attachment.ofFile(log, "text/plain"))).build(), UploadProgress.NONE);
    c.reply(ANN_AUTH, t.id(), "And the heap dump", List.of(Attachment.ofFile(dump, "application/octet-stream")));
    int requests = server.getRequestCount();

    DeskException e = assertThrows(DeskException.class, () -> c.reply(ANN_AUTH, t.id(), "And another one",
        List.of(Attachment.ofFile(dump, "application/octet-stream"))));

    assertEquals(413, e.httpStatus());
    assertEquals("attachments", e.field());
    assertFalse(e.isRetryable());
    assertTrue(e.deskMessage().contains("ticket"), e.deskMessage());
    assertEquals(1, freshdesk.conversations.get(Long.parseLong(t.id())).size(), "no second note");
    for (int i = 0; i < requests; i++) take();
    for (int i = requests; i < server.getRequestCount(); i++) assertEquals("GET", take().getMethod(), "only reads after the refusal");
    c.reply(ANN_AUTH, t.id(), "Just text", List.of());
  }

  @Test
  void replyIsAPublicIncomingNoteWrittenAsTheRequestersContact() throws Exception {
    FreshdeskConnector c = connector();
    Ticket t = c.create(ticket("sub-reply").build(), UploadProgress.NONE);
    take();

    Message reply = c.reply(ANN_AUTH, t.id(), "Restarting <did not> help & more",
        List.of(Attachment.ofBytes("after.txt", "text/plain", "ok".getBytes(StandardCharsets.UTF_8))));

    take(); // the ownership read
    assertEquals("/api/v2/tickets/" + t.id() + "/conversations", take().getRequestUrl().encodedPath(), "the ticket's files so far");
    RecordedRequest note = take();
    assertEquals("/api/v2/tickets/" + t.id() + "/notes", note.getRequestUrl().encodedPath());
    String form = note.getBody().clone().readUtf8();
    assertTrue(form.contains("name=\"incoming\"\r\nContent-Length: 4\r\n\r\ntrue"), form);
    assertTrue(form.contains("name=\"private\"\r\nContent-Length: 5\r\n\r\nfalse"), form);
    assertTrue(form.contains("Restarting &lt;did not&gt; help &amp; more"), form);
    assertEquals(Message.Author.REQUESTER, reply.author());
    assertEquals("Restarting <did not> help & more", reply.body());
    assertEquals("after.txt", reply.attachments().get(0).fileName());
    Map<String, Object> stored = freshdesk.conversations.get(Long.parseLong(t.id())).get(0);
    assertEquals(freshdesk.contacts.get("ann@example.com"), stored.get("user_id"));
  }

  @Test
  void ratingGoesToTheDefaultQuestionOnFreshdesksScale() throws Exception {
    FreshdeskConnector c = connector();
    Ticket t = c.create(ticket("sub-rate").build(), UploadProgress.NONE);

    c.rate(ANN_AUTH, t.id(), Rating.of(5, "Quick and kind"));
    c.rate(ANN_AUTH, t.id(), Rating.of(1));

    assertEquals(Map.of("default_question", 103.0), freshdesk.ratings.get(0).get("ratings"));
    assertEquals("Quick and kind", freshdesk.ratings.get(0).get("feedback"));
    assertEquals(Map.of("default_question", -103.0), freshdesk.ratings.get(1).get("ratings"));
    assertEquals(List.of(-103, -102, 100, 102, 103), List.of(FreshdeskJson.surveyValue(Rating.of(1)),
        FreshdeskJson.surveyValue(Rating.of(2)), FreshdeskJson.surveyValue(Rating.of(3)),
        FreshdeskJson.surveyValue(Rating.of(4)), FreshdeskJson.surveyValue(Rating.of(5))));
  }

  @Test
  void aRatingTakesTheNearestValueTheAccountsSurveyAccepts() throws Exception {
    FreshdeskConnector c = connector();
    Ticket t = c.create(ticket("sub-scale").build(), UploadProgress.NONE);

    for (int score = 1; score <= 5; score++) c.rate(ANN_AUTH, t.id(), Rating.of(score));
    freshdesk.acceptedRatings = List.of(-103, -102, -101, 100, 101, 102, 103);
    c.rate(ANN_AUTH, t.id(), Rating.of(4));
    freshdesk.acceptedRatings = List.of(-103, 103);
    c.rate(ANN_AUTH, t.id(), Rating.of(2));

    List<Object> sent = new ArrayList<>();
    for (Map<String, Object> r : freshdesk.ratings) sent.add(((Map<?, ?>) r.get("ratings")).get("default_question"));
    assertEquals(List.of(-103.0, -103.0, 100.0, 103.0, 103.0, 102.0, -103.0), sent,
        "Freshdesk's three-point default survey, then a seven-point and a two-point one");
  }

  @Test
  void anotherRequesterCannotRateOrReadAndNothingIsSent() throws Exception {
    FreshdeskConnector c = connector();
    Ticket t = c.create(ticket("sub-other").build(), UploadProgress.NONE);
    UserAuth bob = UserAuth.of(Requester.ofEmail("bob@example.com"), null);

    assertEquals(404, assertThrows(DeskException.class, () -> c.rate(bob, t.id(), Rating.of(5))).httpStatus());
    assertTrue(freshdesk.ratings.isEmpty());
    assertThrows(IllegalArgumentException.class, () -> c.getTicket(UserAuth.of(Requester.of("u9", null, "No Mail"), null), t.id(), null));
    assertThrows(IllegalArgumentException.class, () -> c.getTicket(ANN_AUTH, "1/../2", null));
  }

  @Test
  void missingRequesterEmailIsRefusedBeforeAnyRequest() {
    DeskException e = assertThrows(DeskException.class, () -> connector().create(
        ticket("sub-anon").requester(Requester.of("u1", null, "Ann")).build(), UploadProgress.NONE));
    assertEquals("email", e.field());
    assertFalse(e.isRetryable());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void malformedSuccessBodyIsAnIOExceptionWithThePath() {
    freshdesk.failNext("POST /api/v2/tickets", FakeFreshdesk.json(201, "{\"id\":\"x1\",\"status\":2}"));
    IOException e = assertThrows(IOException.class, () -> connector().create(ticket("sub-bad").build(), UploadProgress.NONE));
    assertTrue(e.getMessage().startsWith("malformed response from desk"), e.getMessage());
    assertTrue(e.getMessage().contains("$.id"), e.getMessage());
  }

  @Test
  void deskUrlWithTheFreshdeskSchemeFindsThisConnector() throws Exception {
    try (Connector c = ConnectorFactory.connect("freshdesk+" + server.url("/") + "?submissionField=cf_helpline_submission",
        FakeFreshdesk.API_KEY)) {
      assertEquals("Freshdesk", c.name());
      assertEquals(UserAuth.Requirement.REQUESTER, c.userAuthRequirement());
      assertNotNull(c.create(ticket("sub-factory").build(), UploadProgress.NONE).id());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConnectorFactory.connect("freshdesk+https://acme.freshdesk.com", null));
    assertTrue(e.getMessage().contains("API key"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ConnectorFactory.connect(
        "freshdesk+https://acme.freshdesk.com/?submissionField=Bad-Name", "key"));
    assertEquals("FreshdeskConnector{https://acme.freshdesk.com/}", FreshdeskConnector.builder("acme", "k").build().toString());
  }
}
