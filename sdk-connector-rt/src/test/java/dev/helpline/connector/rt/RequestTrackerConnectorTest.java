package dev.helpline.connector.rt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Attachment;
import dev.helpline.DeskException;
import dev.helpline.Message;
import dev.helpline.Priority;
import dev.helpline.Message.RemoteFile;
import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.UploadProgress;
import dev.helpline.connector.UserAuth;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Request Tracker specifics, against a real RT: files, queues, deduplication, setup problems, errors. */
@ExtendWith(RealRt.class)
@Timeout(180)
class RequestTrackerConnectorTest {
  private static final AtomicLong SEQUENCE = new AtomicLong();
  private static RealRt.Server rt;
  private final List<RequestTrackerConnector> opened = new ArrayList<>();

  @BeforeAll
  static void server(RealRt.Server server) {
    rt = server;
  }

  @AfterEach
  void close() {
    opened.forEach(RequestTrackerConnector::close);
  }

  private RequestTrackerConnector.Builder builder() {
    return RequestTrackerConnector.builder().baseUrl(rt.rootUrl()).token(rt.serviceToken);
  }

  private RequestTrackerConnector open(RequestTrackerConnector.Builder b) {
    RequestTrackerConnector c = b.build();
    opened.add(c);
    return c;
  }

  private static Requester fresh() {
    return Requester.ofEmail("rt-" + System.currentTimeMillis() + "-" + SEQUENCE.incrementAndGet() + "-"
        + UUID.randomUUID().toString().substring(0, 6) + "@example.com");
  }

  private static NewTicket.Builder draft(Requester requester, String subject) {
    return NewTicket.builder().submissionId(UUID.randomUUID().toString()).subject(subject)
        .description("It broke.").requester(requester).createdAt(Instant.now());
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] download(RequestTrackerConnector c, Requester r, String ticketId, RemoteFile f) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long n = c.download(UserAuth.of(r, null), ticketId, f.id(), out);
    assertEquals(out.size(), n);
    return out.toByteArray();
  }

  private static RemoteFile file(Message m, String name) {
    return m.attachments().stream().filter(f -> f.fileName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError(name + " not in " + m.attachments()));
  }

  @Test
  void screenshotLogAndDiagnosticsRoundTripByteForByte() throws Exception {
    RequestTrackerConnector c = open(builder());
    Requester alice = fresh();
    byte[] png = random(200_000, 1);
    System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, png, 0, 8);
    byte[] log = "12:00 INFO ok\n12:01 ERROR Ünïcödé failure ✓\n".getBytes(StandardCharsets.UTF_8);
    byte[] diagnostics = "{\"os\":\"Linux\",\"memory\":{\"free\":123}}".getBytes(StandardCharsets.UTF_8);
    Ticket t = c.create(draft(alice, "Three files").attachments(List.of(
        Attachment.ofBytes("screenshot.png", "image/png", png),
        Attachment.ofBytes("app.log", "text/plain", log),
        Attachment.ofBytes("diagnostics.json", "application/json", diagnostics))).build(), UploadProgress.NONE);

    Message first = c.messages(UserAuth.of(alice, null), t.id()).get(0);
    assertEquals("image/png", file(first, "screenshot.png").mediaType());
    assertArrayEquals(png, download(c, alice, t.id(), file(first, "screenshot.png")));
    assertArrayEquals(log, download(c, alice, t.id(), file(first, "app.log")));
    assertArrayEquals(diagnostics, download(c, alice, t.id(), file(first, "diagnostics.json")));
  }

  @Test
  void fiveMebibyteFileIsStreamedAndRoundTripsByteForByte(@TempDir Path dir) throws Exception {
    RequestTrackerConnector c = open(builder().readTimeout(java.time.Duration.ofSeconds(120)));
    Requester alice = fresh();
    byte[] big = random(5 * 1024 * 1024, 5);
    Path path = dir.resolve("heap.bin");
    Files.write(path, big);
    long[] last = {0, 0};
    Ticket t = c.create(draft(alice, "Big file").attachments(List.of(Attachment.ofFile(path, "application/octet-stream")))
        .build(), (sent, total) -> {
          last[0] = sent;
          last[1] = total;
        });
    assertTrue(last[1] > big.length * 4L / 3, "the total counts the base64 text: " + last[1]);
    assertEquals(last[1], last[0], "progress reaches the total");

    Message first = c.messages(UserAuth.of(alice, null), t.id()).get(0);
    RemoteFile f = file(first, "heap.bin");
    assertEquals(big.length, f.size());
    assertArrayEquals(big, download(c, alice, t.id(), f));
  }

  @Test
  void categoryChoosesTheQueueAndOthersGoToTheDefault() throws Exception {
    RequestTrackerConnector c = open(builder().queueForCategory("billing", "Billing"));
    String billing = rt.get("queue/Billing").replaceAll("(?s).*?\"id\"\\s*:\\s*(\\d+).*", "$1");
    Ticket invoice = c.create(draft(fresh(), "Invoice wrong").category("billing").build(), UploadProgress.NONE);
    Ticket crash = c.create(draft(fresh(), "Crash").category("bugs").build(), UploadProgress.NONE);
    assertEquals(List.of(invoice.id()), rt.search("id = " + invoice.id() + " AND Queue = 'Billing'"));
    assertEquals(List.of(crash.id()), rt.search("id = " + crash.id() + " AND Queue = 'General'"));
    assertFalse(billing.isEmpty());
    assertTrue(c.warnings().isEmpty(), c.warnings().toString());
  }

  @Test
  void priorityDiagnosticsSummaryAndSubmissionIdReachRt() throws Exception {
    RequestTrackerConnector c = open(builder());
    Requester alice = fresh();
    NewTicket draft = draft(alice, "Urgent").priority(Priority.URGENT)
        .diagnosticsSummary("OS: Linux 6.1\nApp: 2.3.4 (build 77)")
        .customFields(Map.of("NoSuchField", "ignored by RT")).build();
    Ticket t = c.create(draft, UploadProgress.NONE);
    assertEquals(Priority.URGENT, t.priority());
    String raw = rt.get("ticket/" + t.id());
    assertTrue(raw.matches("(?s).*\"Priority\"\\s*:\\s*\"?100\"?.*"), raw);
    assertEquals(List.of(t.id()), rt.search("'CF.{Helpline-Submission}' = '" + draft.submissionId() + "'"));
    String body = c.messages(UserAuth.of(alice, null), t.id()).get(0).body();
    assertTrue(body.startsWith("It broke."), body);
    assertTrue(body.contains("App: 2.3.4 (build 77)"), body);
    assertNotNull(t.url());
    assertTrue(t.url().startsWith(rt.rootUrl()), "links are built from our base, not RT's WebBaseURL: " + t.url());
  }

  @Test
  void commentsStayInternal() throws Exception {
    RequestTrackerConnector c = open(builder());
    Requester alice = fresh();
    Ticket t = c.create(draft(alice, "Internal notes").build(), UploadProgress.NONE);
    rt.comment(t.id(), "Customer seems confused, escalate");
    rt.correspond(t.id(), "We are looking into it");
    List<Message> messages = c.messages(UserAuth.of(alice, null), t.id());
    assertEquals(2, messages.size(), messages.toString());
    for (Message m : messages) assertFalse(m.body().contains("escalate"), m.body());
    assertEquals(Message.Author.AGENT, messages.get(1).author());
    assertEquals("root", messages.get(1).authorName());
  }

  @Test
  void anAgentsHtmlReplyReadsAsPlainText() throws Exception {
    RequestTrackerConnector c = open(builder());
    Requester alice = fresh();
    Ticket t = c.create(draft(alice, "Rich text answer").build(), UploadProgress.NONE);
    // RT's web UI stores an agent's reply as HTML only: its rich-text editor is on by default.
    rt.correspond(t.id(), "<p>Please update to <b>2.4</b> &amp; restart.</p><p>Thanks, Bob</p>", "text/html");
    List<Message> messages = c.messages(UserAuth.of(alice, null), t.id());
    assertEquals(2, messages.size(), messages.toString());
    assertEquals(Message.Author.AGENT, messages.get(1).author());
    assertEquals("Please update to 2.4 & restart.\n\nThanks, Bob", messages.get(1).body());
  }

  @Test
  void fileNamesOutsideAsciiReachRtIntact() throws Exception {
    RequestTrackerConnector c = open(builder());
    Requester alice = fresh();
    byte[] png = random(1000, 3);
    byte[] cv = "Lebenslauf".getBytes(StandardCharsets.UTF_8);
    Ticket t = c.create(draft(alice, "Files with accents").attachments(List.of(
        Attachment.ofBytes("résumé.txt", "text/plain", cv),
        Attachment.ofBytes("Снимок экрана ✓.png", "image/png", png))).build(), UploadProgress.NONE);
    UserAuth auth = UserAuth.of(alice, null);
    Message first = c.messages(auth, t.id()).get(0);
    assertArrayEquals(cv, download(c, alice, t.id(), file(first, "résumé.txt")));
    assertArrayEquals(png, download(c, alice, t.id(), file(first, "Снимок экрана ✓.png")));

    byte[] log = "trace".getBytes(StandardCharsets.UTF_8);
    Message reply = c.reply(auth, t.id(), "One more", List.of(Attachment.ofBytes("日志 ✓.log", "text/plain", log)));
    assertEquals("日志 ✓.log", reply.attachments().get(0).fileName());
    assertArrayEquals(log, download(c, alice, t.id(), file(c.messages(auth, t.id()).get(1), "日志 ✓.log")));
  }

  @Test
  void anEmptyFileDoesNotStopTheTicketOrTheReply() throws Exception {
    RequestTrackerConnector c = open(builder());
    Requester alice = fresh();
    byte[] png = random(1000, 4);
    Ticket t = c.create(draft(alice, "Empty log").attachments(List.of(
        Attachment.ofBytes("app.log", "text/plain", new byte[0]),
        Attachment.ofBytes("screenshot.png", "image/png", png))).build(), UploadProgress.NONE);
    UserAuth auth = UserAuth.of(alice, null);
    Message first = c.messages(auth, t.id()).get(0);
    assertArrayEquals(png, download(c, alice, t.id(), file(first, "screenshot.png")));
    assertEquals(1, first.attachments().size(), first.attachments().toString());

    Message reply = c.reply(auth, t.id(), "Here is the log", List.of(Attachment.ofBytes("empty.log", "text/plain", new byte[0])));
    assertEquals("Here is the log", reply.body());
    assertEquals(List.of(), reply.attachments());
  }

  @Test
  void everyRtStatusIsMapped() throws Exception {
    RequestTrackerConnector c = open(builder());
    Requester alice = fresh();
    Ticket t = c.create(draft(alice, "Status walk").build(), UploadProgress.NONE);
    assertEquals(TicketStatus.NEW, t.status());
    String[][] walk = {{"open", "OPEN"}, {"stalled", "ON_HOLD"}, {"resolved", "SOLVED"}, {"open", "OPEN"},
        {"rejected", "REJECTED"}, {"deleted", "CLOSED"}};
    for (String[] step : walk) {
      rt.setStatus(t.id(), step[0]);
      assertEquals(TicketStatus.valueOf(step[1]), c.getTicket(UserAuth.of(alice, null), t.id(), null).ticket().status(), step[0]);
    }
  }

  @Test
  void retryAfterAnAnsweredButLostCreateFindsTheFirstTicket() throws Exception {
    AtomicBoolean loseNextCreateAnswer = new AtomicBoolean(true);
    OkHttpClient losing = new OkHttpClient.Builder().addInterceptor(chain -> {
      Response response = chain.proceed(chain.request());
      boolean create = chain.request().method().equals("POST") && chain.request().url().encodedPath().endsWith("/ticket");
      if (create && response.code() == 201 && loseNextCreateAnswer.getAndSet(false)) {
        response.close();
        throw new IOException("connection reset (simulated after RT created the ticket)");
      }
      return response;
    }).build();
    RequestTrackerConnector c = open(builder().okHttpClient(losing));
    Requester alice = fresh();
    NewTicket draft = draft(alice, "Lost answer").build();

    assertThrows(IOException.class, () -> c.create(draft, UploadProgress.NONE));
    List<String> afterFailure = rt.search("'CF.{Helpline-Submission}' = '" + draft.submissionId() + "'");
    assertEquals(1, afterFailure.size(), "the request reached RT");

    Ticket retried = c.create(draft, UploadProgress.NONE);
    assertEquals(afterFailure.get(0), retried.id());
    assertEquals(afterFailure, rt.search("'CF.{Helpline-Submission}' = '" + draft.submissionId() + "'"));
    assertEquals(afterFailure, rt.search("Requestor.EmailAddress = '" + alice.email() + "'"));
    losing.dispatcher().executorService().shutdown();
  }

  @Test
  void createdTicketThatCannotBeReadBackIsStillReportedCreated() throws Exception {
    AtomicBoolean created = new AtomicBoolean();
    AtomicBoolean failedRead = new AtomicBoolean();
    OkHttpClient flaky = new OkHttpClient.Builder().addInterceptor(chain -> {
      String path = chain.request().url().encodedPath();
      if (created.get() && path.matches(".*/ticket/\\d+") && !failedRead.getAndSet(true)) {
        throw new IOException("connection reset (simulated while reading the new ticket back)");
      }
      Response response = chain.proceed(chain.request());
      if (chain.request().method().equals("POST") && path.endsWith("/ticket")) created.set(true);
      return response;
    }).build();
    RequestTrackerConnector c = open(builder().okHttpClient(flaky).queueForCategory("triage", "Triage"));
    Requester alice = fresh();
    Ticket t = c.create(draft(alice, "Read back fails").category("triage").priority(Priority.HIGH).build(),
        UploadProgress.NONE);
    assertTrue(failedRead.get(), "the read-back was made to fail");
    assertEquals(List.of(t.id()), rt.search("Requestor.EmailAddress = '" + alice.email() + "'"));
    assertEquals("Read back fails", t.subject());
    assertEquals(TicketStatus.NEW, t.status());
    assertEquals(Priority.HIGH, t.priority());
    flaky.dispatcher().executorService().shutdown();
  }

  @Test
  void queueWithoutTheSubmissionFieldIsReportedAndStillDelivered() throws Exception {
    RequestTrackerConnector c = open(builder().queueForCategory("triage", "Triage"));
    assertTrue(c.warnings().isEmpty(), "build() does no I/O, so nothing is known yet");
    Requester alice = fresh();
    Ticket t = c.create(draft(alice, "Unprotected queue").category("triage").build(), UploadProgress.NONE);
    assertEquals(List.of(t.id()), rt.search("id = " + t.id() + " AND Queue = 'Triage'"));
    List<String> warnings = c.warnings();
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("Helpline-Submission") && warnings.get(0).contains("'Triage'"), warnings.get(0));
    assertEquals("Unprotected queue", c.getTicket(UserAuth.of(alice, null), t.id(), null).ticket().subject());
  }

  @Test
  void serviceAccountThatCannotSetTheFieldIsReported() throws Exception {
    assertNotNull(rt.serviceTokenWithoutFieldRight, "scripts/rt-server.sh provides RT_SVC_NOCF_TOKEN");
    RequestTrackerConnector c = open(RequestTrackerConnector.builder().baseUrl(rt.rootUrl())
        .token(rt.serviceTokenWithoutFieldRight));
    Requester alice = fresh();
    Ticket t = c.create(draft(alice, "Field silently dropped").build(), UploadProgress.NONE);
    assertEquals(List.of(t.id()), rt.search("Requestor.EmailAddress = '" + alice.email() + "'"), "still delivered");
    assertEquals(1, c.warnings().size(), c.warnings().toString());
    assertTrue(c.warnings().get(0).contains("SetInitialCustomField"), c.warnings().get(0));
  }

  @Test
  void setupCheckReportsEveryConfiguredQueueUpFront() throws Exception {
    RequestTrackerConnector ok = open(builder().queueForCategory("billing", "Billing"));
    assertEquals(List.of(), ok.checkSetup());
    RequestTrackerConnector c = open(builder().queueForCategory("triage", "Triage").queueForCategory("x", "Nowhere"));
    List<String> warnings = c.checkSetup();
    assertEquals(2, warnings.size(), warnings.toString());
    assertTrue(warnings.stream().anyMatch(w -> w.contains("'Triage'") && w.contains("Helpline-Submission")), warnings.toString());
    assertTrue(warnings.stream().anyMatch(w -> w.contains("'Nowhere'") && w.contains("SeeQueue")), warnings.toString());
  }

  @Test
  void missingQueueIsReportedAndRtsRefusalIsPermanent() {
    RequestTrackerConnector c = open(builder().defaultQueue("No Such Queue"));
    DeskException e = assertThrows(DeskException.class,
        () -> c.create(draft(fresh(), "Nowhere").build(), UploadProgress.NONE));
    assertFalse(e.isRetryable(), e.toString());
    assertTrue(c.warnings().get(0).contains("No Such Queue"), c.warnings().toString());
  }

  @Test
  void badCredentialsAreAPermanent401WithoutTheToken() {
    String wrong = "1-14-00000000000000000000000000000000";
    RequestTrackerConnector c = open(RequestTrackerConnector.builder().baseUrl(rt.rootUrl()).token(wrong));
    DeskException e = assertThrows(DeskException.class,
        () -> c.create(draft(fresh(), "Nope").build(), UploadProgress.NONE));
    assertEquals(401, e.httpStatus());
    assertFalse(e.isRetryable());
    assertFalse(e.getMessage().contains(wrong));
    assertFalse(c.toString().contains(wrong), c.toString());
    DeskException read = assertThrows(DeskException.class, () -> c.getTicket(UserAuth.of(fresh(), null), "1", null));
    assertEquals(401, read.httpStatus());
  }

  @Test
  void basicAuthWorksToo() throws Exception {
    RequestTrackerConnector c = open(RequestTrackerConnector.builder().baseUrl(rt.restUrl()).basicAuth("root", "password"));
    Requester alice = fresh();
    Ticket t = c.create(draft(alice, "Via basic auth").build(), UploadProgress.NONE);
    assertEquals("Via basic auth", c.getTicket(UserAuth.of(alice, null), t.id(), null).ticket().subject());
    assertFalse(c.toString().contains("password"));
  }

  @Test
  void rtDownIsATransportFailure() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    RequestTrackerConnector c = open(RequestTrackerConnector.builder().baseUrl("http://127.0.0.1:" + port + "/")
        .token(rt.serviceToken).connectTimeout(java.time.Duration.ofSeconds(2)));
    assertThrows(IOException.class, () -> c.create(draft(fresh(), "Down").build(), UploadProgress.NONE));
    assertThrows(IOException.class, () -> c.listTickets(UserAuth.of(fresh(), null), null));
  }

  @Test
  void baseUrlMayBeTheRootOrTheRestBase() throws Exception {
    Requester alice = fresh();
    Ticket t = open(builder()).create(draft(alice, "Two ways in").build(), UploadProgress.NONE);
    for (String base : List.of(rt.rootUrl(), rt.rootUrl().replaceAll("/$", ""), rt.restUrl(), rt.restUrl() + "/")) {
      RequestTrackerConnector c = open(RequestTrackerConnector.builder().baseUrl(base).token(rt.serviceToken));
      assertEquals("Two ways in", c.getTicket(UserAuth.of(alice, null), t.id(), null).ticket().subject(), base);
      assertEquals(1, c.listTickets(UserAuth.of(alice, null), null).tickets().size(), base);
    }
  }

  @Test
  void listingPagesWithPageNumberCursors() throws Exception {
    RequestTrackerConnector c = open(builder().pageSize(2));
    Requester alice = fresh();
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 3; i++) created.add(c.create(draft(alice, "Page " + i).build(), UploadProgress.NONE).id());
    UserAuth auth = UserAuth.of(alice, null);
    dev.helpline.connector.Connector.TicketPage first = c.listTickets(auth, null);
    assertEquals(List.of(created.get(2), created.get(1)), first.tickets().stream().map(Ticket::id).collect(java.util.stream.Collectors.toList()));
    assertEquals("2", first.nextCursor());
    dev.helpline.connector.Connector.TicketPage second = c.listTickets(auth, first.nextCursor());
    assertEquals(List.of(created.get(0)), second.tickets().stream().map(Ticket::id).collect(java.util.stream.Collectors.toList()));
    assertEquals(null, second.nextCursor());
    assertEquals("Page 0", second.tickets().get(0).subject());
    assertEquals(TicketStatus.NEW, second.tickets().get(0).status());
    assertEquals(Priority.NORMAL, second.tickets().get(0).priority());
    assertNotNull(second.tickets().get(0).createdAt());
  }

  @Test
  void anotherRequesterCannotDownloadTheFiles() throws Exception {
    RequestTrackerConnector c = open(builder());
    Requester alice = fresh();
    Requester mallory = fresh();
    Ticket t = c.create(draft(alice, "Secret file")
        .attachments(List.of(Attachment.ofBytes("secret.txt", "text/plain", new byte[] {1, 2, 3}))).build(), UploadProgress.NONE);
    Ticket own = c.create(draft(mallory, "Mallory's own").build(), UploadProgress.NONE);
    RemoteFile secret = file(c.messages(UserAuth.of(alice, null), t.id()).get(0), "secret.txt");

    DeskException direct = assertThrows(DeskException.class,
        () -> c.download(UserAuth.of(mallory, null), t.id(), secret.id(), new ByteArrayOutputStream()));
    assertEquals(404, direct.httpStatus());
    DeskException viaOwnTicket = assertThrows(DeskException.class,
        () -> c.download(UserAuth.of(mallory, null), own.id(), secret.id(), new ByteArrayOutputStream()));
    assertEquals(404, viaOwnTicket.httpStatus());
  }
}
