package dev.helpline.connector.jsm;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.helpline.connector.Connector;
import dev.helpline.connector.ConnectorFactory;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.UploadProgress;
import dev.helpline.connector.UserAuth;
import dev.helpline.connector.tck.ManualClock;
import dev.helpline.connector.tck.RecordingLogger;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
class JsmConnectorTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final Requester ANN = Requester.of("u1", "ann@example.com", "Ann");
  private static final UserAuth ANN_AUTH = UserAuth.of(ANN, null);

  private final MockWebServer server = new MockWebServer();
  private final ManualClock clock = new ManualClock(NOW);
  private final FakeJsm jsm = new FakeJsm(clock);
  private final List<JsmConnector> connectors = new ArrayList<>();

  @TempDir Path dir;

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(jsm);
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    connectors.forEach(JsmConnector::close);
    server.shutdown();
  }

  private JsmConnector.Builder builder() {
    return JsmConnector.basic(server.url("/").toString(), FakeJsm.EMAIL, FakeJsm.API_TOKEN).clock(clock)
        .serviceDesk(FakeJsm.SERVICE_DESK, FakeJsm.REQUEST_TYPE).submissionField(FakeJsm.SUBMISSION_FIELD)
        .customFields(Map.of("app_version", "customfield_10060"));
  }

  private JsmConnector connector() {
    return track(builder().build());
  }

  private JsmConnector track(JsmConnector c) {
    connectors.add(c);
    return c;
  }

  private static NewTicket.Builder ticket(String submissionId) {
    return NewTicket.builder().submissionId(submissionId).subject("App crashes on start")
        .description("It crashes when I open it.").priority(Priority.HIGH).category("bug")
        .tags(List.of("android")).customFields(Map.of("app_version", "2.3.1", "plan", "pro"))
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
  void aReadTimeoutSetOnTheBuilderEndsACallTheDeskNeverAnswers() throws Exception {
    try (MockWebServer silent = new MockWebServer()) {
      silent.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
      JsmConnector c = track(JsmConnector.basic(silent.url("/").toString(), FakeJsm.EMAIL, FakeJsm.API_TOKEN)
          .serviceDesk(FakeJsm.SERVICE_DESK, FakeJsm.REQUEST_TYPE).submissionField(FakeJsm.SUBMISSION_FIELD)
          .okHttpClient(new OkHttpClient.Builder().readTimeout(Duration.ZERO).build()) // reads without a time-out
          .callTimeout(Duration.ofSeconds(20)).readTimeout(Duration.ofMillis(200)).build());
      // Without the setting, the shared client's (none) would hold the call until the whole-call deadline,
      // which ends it with an InterruptedIOException that is not a socket time-out.
      assertThrows(SocketTimeoutException.class, () -> c.create(ticket("sub-silent").build(), UploadProgress.NONE));
    }
  }

  @Test
  void createRaisesTheRequestOnBehalfOfACustomerFoundOrMadeByEmail() throws Exception {
    JsmConnector c = connector();
    Ticket t = c.create(ticket("sub-1").build(), UploadProgress.NONE);

    RecordedRequest find = take();
    assertEquals("/rest/servicedeskapi/servicedesk/1/customer", find.getRequestUrl().encodedPath());
    assertEquals("ann@example.com", find.getRequestUrl().queryParameter("query"));
    assertEquals("opt-in", find.getHeader("X-ExperimentalApi"));
    assertEquals(FakeJsm.basic(), find.getHeader("Authorization"));
    assertEquals(Map.of("email", "ann@example.com", "displayName", "Ann"), json(take()));
    String accountId = jsm.customers.keySet().iterator().next();
    assertEquals(Map.of("accountIds", List.of(accountId)), json(take()));
    RecordedRequest create = take();
    assertEquals("/rest/servicedeskapi/request", create.getRequestUrl().encodedPath());
    Map<String, Object> body = json(create);
    assertEquals("1", body.get("serviceDeskId"));
    assertEquals("10", body.get("requestTypeId"));
    assertEquals(accountId, body.get("raiseOnBehalfOf"));
    Map<?, ?> fields = (Map<?, ?>) body.get("requestFieldValues");
    assertEquals("App crashes on start", fields.get("summary"));
    assertEquals("sub-1", fields.get(FakeJsm.SUBMISSION_FIELD));
    assertEquals("2.3.1", fields.get("customfield_10060"));
    String description = (String) fields.get("description");
    assertTrue(description.startsWith("It crashes when I open it.\n\n--\nPriority: high\nCategory: bug\nTags: android\nplan: pro\n"), description);
    assertTrue(description.endsWith("Helpline submission sub-1"), description);
    assertEquals("HELP-1", t.id());
    assertEquals(TicketStatus.NEW, t.status());
    assertNull(t.priority(), "a request type has no priority unless configured");
    assertEquals("https://acme.atlassian.net/servicedesk/customer/portal/1/HELP-1", t.url());

    c.create(ticket("sub-2").build(), UploadProgress.NONE);
    assertEquals("/rest/servicedeskapi/request", take().getRequestUrl().encodedPath(), "the customer's account id is cached");
  }

  @Test
  void aCustomerWhoHasAnAccountOnTheSiteButNotOnThisDeskIsAddedToItAndRaisedFor() throws Exception {
    // Ann is a customer of another service project: Jira refuses to make a second account for her e-mail.
    String ann = jsm.siteCustomer("ann@example.com", "Ann");
    jsm.siteCustomer("ann@example.com.evil.test", "Ann's namesake");
    Ticket t = connector().create(ticket("sub-known").build(), UploadProgress.NONE);

    assertEquals(ann, jsm.requests.get(t.id()).get("reporter"));
    assertEquals(List.of(ann), jsm.deskCustomers, "added to this service desk");
    assertEquals(2, jsm.customers.size(), "no second account was made");
    assertEquals(t.id(), connector().listTickets(ANN_AUTH, null).tickets().get(0).id(), "she can follow it");
  }

  @Test
  void aDescriptionLongerThanJirasFieldLimitIsShortenedKeepingTheFooterAndTheSubmissionLine() throws Exception {
    // Helpline takes 64 KiB of description by default; a Jira text field holds 32,767 characters.
    String description = "Steps:\n" + "tap the button and wait ".repeat(2000) + "END-OF-DESCRIPTION";
    Ticket t = connector().create(ticket("sub-long").description(description).build(), UploadProgress.NONE);

    assertEquals(1, jsm.createCount);
    String sent = (String) ((Map<?, ?>) jsm.requests.get(t.id()).get("fields")).get("description");
    assertTrue(sent.length() <= 32_767, "description of " + sent.length() + " characters");
    assertTrue(sent.startsWith("Steps:\ntap the button and wait tap"), sent.substring(0, 40));
    assertFalse(sent.contains("END-OF-DESCRIPTION"));
    assertTrue(sent.contains("\n--\nPriority: high\nCategory: bug\nTags: android\nplan: pro\n"), "the footer is kept");
    assertTrue(sent.endsWith("Helpline submission sub-long"));
  }

  @Test
  void unmappedCustomFieldsTooLongForJirasDescriptionAreShortenedButTheSubmissionLineIsKept() throws Exception {
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 10; i++) fields.put("log" + i, "line of a log ".repeat(290)); // 10 x 4,060 characters
    Ticket t = connector().create(ticket("sub-footer").description("x ".repeat(16_000)).customFields(fields).build(),
        UploadProgress.NONE);

    String sent = (String) ((Map<?, ?>) jsm.requests.get(t.id()).get("fields")).get("description");
    assertTrue(sent.length() <= 32_767, "description of " + sent.length() + " characters");
    assertTrue(sent.startsWith("x x x"));
    assertTrue(sent.contains("\n--\nPriority: high\n"));
    assertTrue(sent.endsWith("\nHelpline submission sub-footer"));
  }

  @Test
  void aSubjectLongerThanJirasSummaryLimitIsShortened() throws Exception {
    // 156 characters to Helpline (under its default limit of 200), 306 UTF-16 units to Jira.
    String subject = "Crash " + "\uD83D\uDE00".repeat(150);
    Ticket t = connector().create(ticket("sub-emoji").subject(subject).build(), UploadProgress.NONE);

    String sent = (String) ((Map<?, ?>) jsm.requests.get(t.id()).get("fields")).get("summary");
    assertTrue(sent.length() <= 255, "summary of " + sent.length() + " units");
    assertTrue(sent.startsWith("Crash \uD83D\uDE00\uD83D\uDE00"), sent);
    assertTrue(sent.endsWith("\u2026"), sent);
    assertEquals(-1, dev.helpline.internal.text.Surrogates.firstUnpaired(sent), "no half emoji");
    assertEquals(sent, t.subject());
  }

  @Test
  void aFirstAttemptWithFilesIsCreatedWithoutASearch() throws Exception {
    connector().create(ticket("sub-first").attempt(1)
        .attachments(List.of(Attachment.ofBytes("log.txt", "text/plain", new byte[] {'l', 'o', 'g'}))).build(),
        (sent, total) -> {});

    List<RecordedRequest> all = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(200, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) all.add(r);
    assertTrue(all.stream().noneMatch(x -> x.getPath().startsWith("/rest/api/3/search/jql")),
        "never attempted before: the desk cannot have it, no search");
    assertTrue(all.stream().anyMatch(x -> x.getMethod().equals("POST") && x.getPath().endsWith("/request")),
        "created: " + all.stream().map(RecordedRequest::getPath).toList());
  }

  @Test
  void aLaterAttemptSearchesForTheSubmission() throws Exception {
    JsmConnector c = connector();
    NewTicket again = ticket("sub-again").attempt(2).build();
    // An earlier process made the first attempt, maybe just before this connector was built: until the search
    // shows whatever it created, nothing is created.
    Connector.SearchLagException lag = assertThrows(Connector.SearchLagException.class,
        () -> c.create(again, (sent, total) -> {}));
    assertEquals(JsmConnector.SEARCH_LAG, lag.retryAfter());
    assertEquals(0, jsm.createCount);
    clock.advance(lag.retryAfter());
    c.create(again, (sent, total) -> {});

    List<String> paths = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(200, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
      paths.add(r.getMethod() + " " + r.getPath());
    }
    int search = -1;
    int create = -1;
    for (int i = 0; i < paths.size(); i++) {
      if (search < 0 && paths.get(i).startsWith("GET /rest/api/3/search/jql")) search = i;
      if (create < 0 && paths.get(i).startsWith("POST") && paths.get(i).endsWith("/request")) create = i;
    }
    assertTrue(search >= 0 && search < create, "attempted before: searched before the create, got " + paths);
  }

  @Test
  void filesAreStreamedAsTemporaryAttachmentsThenAttachedPublicly() throws Exception {
    Path big = dir.resolve("crash.log");
    byte[] bytes = new byte[5 * 1024 * 1024];
    new Random(7).nextBytes(bytes);
    Files.write(big, bytes);
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
    bytes = null; // the test holds no copy of the file while it is sent
    List<long[]> progress = new ArrayList<>();

    Ticket t = connector().create(ticket("sub-files").attachments(List.of(Attachment.ofFile(big, "text/plain"))).build(),
        (sent, total) -> progress.add(new long[] {sent, total}));

    List<RecordedRequest> all = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(200, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) all.add(r);
    RecordedRequest search = all.stream().filter(x -> x.getPath().startsWith("/rest/api/3/search/jql")).findFirst().orElseThrow();
    assertEquals("project = 10001 AND cf[10050] ~ \"\\\"sub-files\\\"\"", search.getRequestUrl().queryParameter("jql"));
    RecordedRequest upload = all.stream().filter(x -> x.getPath().endsWith("/attachTemporaryFile")).findFirst().orElseThrow();
    assertEquals("no-check", upload.getHeader("X-Atlassian-Token"));
    assertEquals(String.valueOf(upload.getBodySize()), upload.getHeader("Content-Length"),
        "the multipart length is known up front: the file is streamed, not chunked or collected");
    assertArrayEquals(digest, jsm.fileDigests.get("crash.log"));
    assertTrue(progress.size() > 50, "progress in steps while streaming: " + progress.size());
    assertEquals(upload.getBodySize(), progress.get(progress.size() - 1)[0]);
    RecordedRequest attach = all.get(all.size() - 1);
    assertEquals("/rest/servicedeskapi/request/HELP-1/attachment", attach.getRequestUrl().encodedPath());
    assertEquals(true, json(attach).get("public"));
    assertEquals(1, ((List<?>) json(attach).get("temporaryAttachmentIds")).size());
    Message first = connector().messages(ANN_AUTH, t.id()).get(0);
    assertEquals("crash.log", first.attachments().get(0).fileName());
    assertEquals(5 * 1024 * 1024, first.attachments().get(0).size());
  }

  @Test
  void failedAttachAfterTheCreateIsFinishedByTheRetryWithoutASecondRequest() throws Exception {
    JsmConnector c = connector();
    jsm.failNext("POST /rest/servicedeskapi/request/{key}/attachment", FakeJsm.json(503, "{\"errorMessage\":\"Service unavailable\"}"));
    NewTicket nt = ticket("sub-attach").attachments(List.of(Attachment.ofBytes("a.txt", "text/plain", new byte[] {1}),
        Attachment.ofBytes("b.txt", "text/plain", new byte[] {2}))).build();

    assertTrue(assertThrows(DeskException.class, () -> c.create(nt, UploadProgress.NONE)).isRetryable());
    Ticket t = c.create(nt, UploadProgress.NONE);

    assertEquals(1, jsm.createCount);
    assertEquals(List.of("a.txt", "b.txt"), connector().messages(ANN_AUTH, t.id()).get(0).attachments().stream()
        .map(dev.helpline.Message.RemoteFile::fileName).collect(java.util.stream.Collectors.toList()));
  }

  @Test
  void lostAnswerThenRetryFindsTheRequestWithJqlAndCreatesNoDuplicate() throws Exception {
    JsmConnector c = connector();
    jsm.failNextAfterWork("POST /rest/servicedeskapi/request", FakeJsm.disconnect());
    NewTicket nt = ticket("sub-lost").build();

    assertThrows(IOException.class, () -> c.create(nt, UploadProgress.NONE));
    assertEquals(1, jsm.createCount, "the request exists although the client saw a failure");
    Ticket t = c.create(nt, UploadProgress.NONE);

    assertEquals(1, jsm.createCount);
    assertEquals(1, jsm.searchCount);
    assertEquals("HELP-1", t.id());
  }

  /** Jira's JQL search shows a request only a while after its create: a retry before then must not create again. */
  @Test
  void aLostAnswerIsNotCreatedAgainWhileTheSearchMayNotShowTheRequestYet() throws Exception {
    jsm.searchLag = Duration.ofSeconds(90);
    JsmConnector c = connector();
    jsm.failNextAfterWork("POST /rest/servicedeskapi/request", FakeJsm.disconnect());
    NewTicket nt = ticket("sub-lagging").build();
    assertThrows(IOException.class, () -> c.create(nt, UploadProgress.NONE));
    clock.advance(Duration.ofSeconds(10));

    Connector.SearchLagException lag = assertThrows(Connector.SearchLagException.class,
        () -> c.create(nt, UploadProgress.NONE));
    assertEquals(JsmConnector.SEARCH_LAG.minusSeconds(10), lag.retryAfter());
    assertEquals(1, jsm.createCount, "not created again while the search may not show it");

    clock.advance(lag.retryAfter());
    assertEquals("HELP-1", c.create(nt, UploadProgress.NONE).id());
    assertEquals(1, jsm.createCount);
  }

  /**
   * A retry after attempts that created nothing (the customer lookup before the create rate-limited, then the create
   * itself) neither searches nor waits.
   */
  @Test
  void aRetryAfterRateLimitsIsCreatedAtOnceWithoutASearch() throws Exception {
    jsm.searchLag = Duration.ofSeconds(90);
    JsmConnector c = connector();
    jsm.failNext("GET /rest/servicedeskapi/servicedesk/{id}/customer", rateLimited());
    assertThrows(DeskException.class, () -> c.create(ticket("sub-limited").attempt(1).build(), UploadProgress.NONE));
    jsm.failNext("POST /rest/servicedeskapi/request", rateLimited());
    assertThrows(DeskException.class, () -> c.create(ticket("sub-limited").attempt(2).build(), UploadProgress.NONE));
    clock.advance(Duration.ofSeconds(12));

    assertEquals("HELP-1", c.create(ticket("sub-limited").attempt(3).build(), UploadProgress.NONE).id());

    assertEquals(0, jsm.searchCount, "Jira answered 429 each time: it created nothing to look for");
    assertEquals(1, jsm.createCount);
  }

  private static MockResponse rateLimited() {
    return FakeJsm.json(429, "{\"errorMessage\":\"Rate limit exceeded.\"}").setHeader("Retry-After", "12");
  }

  @Test
  void submissionOlderThanTheRecentWindowIsSearchedEvenByAFreshConnector() throws Exception {
    Ticket first = connector().create(ticket("sub-old").build(), UploadProgress.NONE);
    clock.advance(Duration.ofHours(1));

    Ticket again = connector().create(ticket("sub-old").build(), UploadProgress.NONE);

    assertEquals(first.id(), again.id());
    assertEquals(1, jsm.createCount);
  }

  @Test
  void tooManyRequestsIsRetryableWithRetryAfterAndTheRateLimitHeaders() {
    jsm.failNext("POST /rest/servicedeskapi/request", FakeJsm.json(429, "{\"errorMessage\":\"Rate limit exceeded.\"}")
        .setHeader("Retry-After", "12").setHeader("X-RateLimit-Limit", "100").setHeader("X-RateLimit-Remaining", "0"));

    DeskException e = assertThrows(DeskException.class, () -> connector().create(ticket("sub-429").build(), UploadProgress.NONE));

    assertEquals(429, e.httpStatus());
    assertTrue(e.isRetryable());
    assertEquals(Duration.ofSeconds(12), e.retryAfter());
    assertEquals("Rate limit exceeded. (rate limit: 0 of 100 left)", e.deskMessage());
  }

  @Test
  void validationFailureNamesEveryFieldAndIsPermanent() {
    JsmConnector c = track(builder().customFields(Map.of("app_version", "customfield_99999")).build());

    DeskException e = assertThrows(DeskException.class, () -> c.create(ticket("sub-400").subject(" ").build(), UploadProgress.NONE));

    assertEquals(400, e.httpStatus());
    assertFalse(e.isRetryable());
    assertEquals("summary", e.field());
    assertEquals("summary: You must specify a summary of the issue.; customfield_99999: Field 'customfield_99999' cannot be set."
        + " It is not on the appropriate screen, or unknown.", e.deskMessage());
  }

  @Test
  void wrongTokenIsUnauthorizedAndPermanent() {
    JsmConnector c = track(JsmConnector.basic(server.url("/").toString(), FakeJsm.EMAIL, "wrong-token")
        .serviceDesk("1", "10").submissionField(FakeJsm.SUBMISSION_FIELD).build());

    DeskException e = assertThrows(DeskException.class, () -> c.create(ticket("sub-401").build(), UploadProgress.NONE));

    assertEquals(401, e.httpStatus());
    assertFalse(e.isRetryable());
    assertEquals("Client must be authenticated to access this resource.", e.deskMessage());
  }

  @Test
  void tokenNeverAppearsInExceptionMessagesLogsOrToString() throws Exception {
    String basic = FakeJsm.basic().substring(6);
    String credentials = FakeJsm.EMAIL + ":" + FakeJsm.API_TOKEN;
    jsm.failNext("POST /rest/servicedeskapi/request", FakeJsm.json(401, "{\"errorMessages\":[\"token " + FakeJsm.API_TOKEN
        + " rejected\"],\"errors\":{\"auth\":\"" + credentials + " / Basic " + basic + "\"}}"));
    jsm.failNext("GET /rest/servicedeskapi/request/{key}", new MockResponse().setResponseCode(403).setBody("no " + FakeJsm.API_TOKEN));
    jsm.failNext("GET /rest/api/3/search/jql", FakeJsm.json(400, "{\"errorMessage\":\"" + FakeJsm.API_TOKEN + "\"}"));
    RecordingLogger logger = new RecordingLogger();
    JsmConnector c = track(builder().logger(logger).build());

    List<Throwable> failures = new ArrayList<>();
    failures.add(assertThrows(DeskException.class, () -> c.create(ticket("sub-sec").build(), UploadProgress.NONE)));
    Ticket t = c.create(ticket("sub-sec2").build(), UploadProgress.NONE);
    failures.add(assertThrows(DeskException.class, () -> c.getTicket(ANN_AUTH, t.id(), null)));
    failures.add(assertThrows(DeskException.class, () -> c.create(ticket("sub-sec3")
        .attachments(List.of(Attachment.ofBytes("a.txt", "text/plain", new byte[1]))).build(), UploadProgress.NONE)));
    c.messages(ANN_AUTH, t.id());

    assertTrue(logger.lines().size() >= 4, "the connector logged " + logger.lines());
    assertTrue(logger.lines().stream().anyMatch(l -> l.contains("***")), logger.lines().toString());
    List<String> texts = new ArrayList<>(logger.lines());
    for (Throwable f : failures) texts.add(f.getMessage() + " " + f);
    texts.add(c.toString());
    for (String text : texts) {
      for (String secret : List.of(FakeJsm.API_TOKEN, basic, credentials)) assertFalse(text.contains(secret), "secret in: " + text);
    }
  }

  @Test
  void statusCategoriesMap() throws Exception {
    assertEquals(TicketStatus.NEW, JsmJson.status("NEW"));
    assertEquals(TicketStatus.OPEN, JsmJson.status("INDETERMINATE"));
    assertEquals(TicketStatus.OPEN, JsmJson.status("indeterminate"));
    assertEquals(TicketStatus.SOLVED, JsmJson.status("DONE"));
    assertEquals(TicketStatus.UNKNOWN, JsmJson.status("UNDEFINED"));
    JsmConnector c = connector();
    Ticket t = c.create(ticket("sub-status").build(), UploadProgress.NONE);
    jsm.setStatus(t.id(), "Waiting for customer", "INDETERMINATE");
    assertEquals(TicketStatus.OPEN, c.getTicket(ANN_AUTH, t.id(), null).ticket().status());
    jsm.setStatus(t.id(), "Closed", "DONE");
    assertEquals(TicketStatus.SOLVED, c.listTickets(ANN_AUTH, null).tickets().get(0).status(), "from JQL's statusCategory.key");
  }

  @Test
  void replyIsAPublicCommentThatReadsBackAsTheCustomersAndInternalCommentsStayHidden() throws Exception {
    JsmConnector c = connector();
    Ticket t = c.create(ticket("sub-reply").build(), UploadProgress.NONE);
    jsm.agentComments(t.id(), "internal: check the logs", false);
    jsm.agentComments(t.id(), "Please restart the app.", true);

    Message reply = c.reply(ANN_AUTH, t.id(), "Restarting did not help", List.of());
    List<Message> messages = c.messages(ANN_AUTH, t.id());

    assertEquals(Message.Author.REQUESTER, reply.author());
    assertEquals("Restarting did not help", reply.body());
    assertEquals(3, messages.size(), messages.toString());
    assertEquals(Message.Author.AGENT, messages.get(1).author());
    assertEquals("Sam Agent", messages.get(1).authorName());
    assertEquals(Message.Author.REQUESTER, messages.get(2).author());
    assertEquals("Ann", messages.get(2).authorName());
    assertEquals(reply.id(), messages.get(2).id());
    RecordedRequest comment = null;
    RecordedRequest r;
    while ((r = server.takeRequest(100, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
      if (r.getMethod().equals("POST") && r.getPath().endsWith("/comment")) comment = r;
    }
    assertEquals(Map.of("body", "Restarting did not help" + JsmJson.REPLY_FOOTER, "public", true), json(comment));
  }

  @Test
  void filesOfInternalCommentsAreNotShownToTheCustomer() throws Exception {
    JsmConnector c = connector();
    Ticket t = c.create(ticket("sub-internal-file").build(), UploadProgress.NONE);
    jsm.agentCommentsWithFile(t.id(), "internal: the customer's database dump", false, "dump.sql");
    jsm.agentCommentsWithFile(t.id(), "Here is the fix.", true, "fix.txt");

    List<Message> messages = c.messages(ANN_AUTH, t.id());

    assertEquals(2, messages.size(), messages.toString());
    assertEquals(List.of(), messages.get(0).attachments(), "the description carries no file of a comment");
    assertEquals("fix.txt", messages.get(1).attachments().get(0).fileName());
    for (Message m : messages) {
      assertFalse(m.body().contains("database dump"), m.body());
      for (Message.RemoteFile f : m.attachments()) assertFalse(f.fileName().equals("dump.sql"), messages.toString());
    }
  }

  @Test
  void aConversationIsReadWholeWhenJiraServesSmallerPagesThanAskedFor() throws Exception {
    JsmConnector c = connector();
    Ticket t = c.create(ticket("sub-long").build(), UploadProgress.NONE);
    jsm.commentPageCap = 50;
    for (int i = 1; i <= 120; i++) jsm.agentComments(t.id(), "Answer " + i, true);

    List<Message> messages = c.messages(ANN_AUTH, t.id());

    assertEquals(121, messages.size(), "the description and every comment");
    for (int i = 1; i <= 120; i++) assertEquals("Answer " + i, messages.get(i).body());
  }

  @Test
  void everyFileOfTheRequestIsShownWhenJiraListsThemOverSeveralPages() throws Exception {
    JsmConnector c = connector();
    List<Attachment> files = new ArrayList<>();
    for (int i = 0; i < 60; i++) files.add(Attachment.ofBytes("f" + i + ".txt", "text/plain", new byte[] {(byte) i}));
    Ticket t = c.create(ticket("sub-many-files").attachments(files).build(), UploadProgress.NONE);
    jsm.attachmentPageCap = 50;

    List<Message.RemoteFile> shown = c.messages(ANN_AUTH, t.id()).get(0).attachments();

    assertEquals(60, shown.size());
    assertEquals("f59.txt", shown.get(59).fileName());
  }

  @Test
  void ratingIsOfferedOnlyWithFeedbackRightsAndSendsCsat() throws Exception {
    JsmConnector plain = connector();
    Ticket t = plain.create(ticket("sub-rate").build(), UploadProgress.NONE);
    assertFalse(plain.capabilities().contains(Capability.RATE));
    assertThrows(CapabilityUnsupportedException.class, () -> plain.rate(ANN_AUTH, t.id(), Rating.of(5)));

    JsmConnector app = track(builder().feedback(true).build());
    assertTrue(app.capabilities().contains(Capability.RATE));
    DeskException refused = assertThrows(DeskException.class, () -> app.rate(ANN_AUTH, t.id(), Rating.of(4)));
    assertEquals(403, refused.httpStatus());
    jsm.connectApp = true;
    app.rate(ANN_AUTH, t.id(), Rating.of(4, "Quick"));
    assertEquals(Map.of("type", "csat", "rating", 4.0, "comment", Map.of("body", "Quick")), jsm.feedback.get(0));
  }

  @Test
  void anotherCustomerCannotReadAndIdsAreChecked() throws Exception {
    JsmConnector c = connector();
    Ticket t = c.create(ticket("sub-mine").build(), UploadProgress.NONE);
    c.create(ticket("sub-bob").requester(Requester.ofEmail("bob@example.com")).build(), UploadProgress.NONE);
    UserAuth bob = UserAuth.of(Requester.ofEmail("bob@example.com"), null);

    assertEquals(404, assertThrows(DeskException.class, () -> c.getTicket(bob, t.id(), null)).httpStatus());
    assertEquals(1, c.listTickets(bob, null).tickets().size());
    assertThrows(IllegalArgumentException.class, () -> c.getTicket(ANN_AUTH, "HELP-1/../2", null));
    assertThrows(IllegalArgumentException.class, () -> c.getTicket(UserAuth.of(Requester.of("u", null, "x"), null), t.id(), null));
  }

  @Test
  void missingRequesterEmailIsRefusedBeforeAnyRequest() {
    DeskException e = assertThrows(DeskException.class, () -> connector().create(
        ticket("sub-anon").requester(Requester.of("u1", null, "Ann")).build(), UploadProgress.NONE));
    assertEquals("raiseOnBehalfOf", e.field());
    assertFalse(e.isRetryable());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void malformedSuccessBodyIsAnIOExceptionWithThePath() throws Exception {
    connector().create(ticket("sub-first").build(), UploadProgress.NONE);
    jsm.failNext("POST /rest/servicedeskapi/request", FakeJsm.json(201, "{\"issueKey\":42}"));
    IOException e = assertThrows(IOException.class, () -> connector().create(ticket("sub-bad").build(), UploadProgress.NONE));
    assertTrue(e.getMessage().startsWith("malformed response from desk"), e.getMessage());
    assertTrue(e.getMessage().contains("$.issueKey"), e.getMessage());
  }

  @Test
  void deskUrlWithTheJsmSchemeTakesBasicOrBearerCredentials() throws Exception {
    String url = "jsm+" + server.url("/") + "?serviceDeskId=1&requestTypeId=10&submissionField=customfield_10050";
    try (Connector c = ConnectorFactory.connect(url, FakeJsm.EMAIL + ":" + FakeJsm.API_TOKEN)) {
      assertEquals("Jira Service Management", c.name());
      assertEquals(UserAuth.Requirement.REQUESTER, c.userAuthRequirement());
      c.create(ticket("sub-basic").build(), UploadProgress.NONE);
    }
    assertEquals(FakeJsm.basic(), take().getHeader("Authorization"));
    try (Connector c = ConnectorFactory.connect(url, FakeJsm.API_TOKEN)) {
      c.create(ticket("sub-bearer").build(), UploadProgress.NONE);
    }
    RecordedRequest r;
    RecordedRequest last = null;
    while ((r = server.takeRequest(100, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) last = r;
    assertEquals("Bearer " + FakeJsm.API_TOKEN, last.getHeader("Authorization"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConnectorFactory.connect("jsm+https://acme.atlassian.net", "a@b.c:t"));
    assertTrue(e.getMessage().contains("serviceDeskId"), e.getMessage());
    assertFalse(e.getMessage().contains("a@b.c:t"));
    assertThrows(IllegalStateException.class, () -> JsmConnector.bearer("https://acme.atlassian.net", "t").build());
    assertThrows(IllegalArgumentException.class, () -> JsmConnector.bearer("https://acme.atlassian.net", "t").submissionField("summary"));
  }
}
