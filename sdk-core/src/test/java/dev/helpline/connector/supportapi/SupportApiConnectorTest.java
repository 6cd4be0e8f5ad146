package dev.helpline.connector.supportapi;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.JsonReader;
import dev.helpline.Attachment;
import dev.helpline.DeskException;
import dev.helpline.Message;
import dev.helpline.Priority;
import dev.helpline.Rating;
import dev.helpline.Message.RemoteFile;
import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import dev.helpline.connector.Capability;
import dev.helpline.connector.Connector.ConditionalTicket;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.TicketPage;
import dev.helpline.connector.Connector.UploadProgress;
import dev.helpline.connector.UserAuth;
import dev.helpline.connector.supportapi.internal.SupportApiJson;
import dev.helpline.internal.http.TlsInitWatch;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.MultipartReader;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SupportApiConnectorTest {
  private static final String APP_KEY = "app-key-7f3a9c1e2b";
  private static final String USER_TOKEN = "v1.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJlLXNlY3JldA";
  private static final UserAuth USER = UserAuth.of(Requester.of("u1", "ann@example.com", "Ann"), USER_TOKEN);
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  private static final String TICKET_JSON = "{\"id\":\"1\",\"subject\":\"App crashes on start\",\"description\":\"It crashes\","
      + "\"status\":\"new\",\"priority\":\"high\",\"category\":\"bug\",\"tags\":[\"android\"],\"customFields\":{\"plan\":\"pro\"},"
      + "\"requester\":{\"id\":\"u1\",\"email\":\"ann@example.com\",\"name\":\"Ann\"},"
      + "\"createdAt\":\"2026-11-24T10:00:00Z\",\"updatedAt\":\"2026-11-24T10:05:00+01:00\","
      + "\"attachments\":[{\"id\":\"a1\",\"fileName\":\"log.txt\",\"mediaType\":\"text/plain\",\"size\":5,\"url\":\"/v1/tickets/1/attachments/a1\"}]}";

  private final MockWebServer server = new MockWebServer();
  private SupportApiConnector connector;

  @BeforeEach
  void setUp() throws IOException {
    server.start();
    connector = connectorBuilder().build();
  }

  @AfterEach
  void tearDown() throws IOException {
    connector.close();
    server.shutdown();
  }

  private SupportApiConnector.Builder connectorBuilder() {
    return SupportApiConnector.builder()
        .baseUrl(server.url("/"))
        .appKey(APP_KEY)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static NewTicket.Builder ticket() {
    return NewTicket.builder()
        .submissionId("sub-123")
        .attempt(1)
        .subject("App crashes on start")
        .description("It crashes")
        .priority(Priority.HIGH)
        .tags(List.of("android", "crash"))
        .customFields(Map.of("plan", "pro"))
        .requester(Requester.of("u1", "ann@example.com", "Ann"))
        .diagnosticsSummary("Android 14, 2 GB free")
        .createdAt(NOW);
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest request = server.takeRequest(10, SECONDS);
    assertNotNull(request, "the server received no request within 10 s");
    return request;
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
  }

  private static MockResponse error(int code, String error, String message) {
    return json(code, "{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}");
  }

  /** The parts of a recorded multipart request, in order. */
  private static List<Part> parts(RecordedRequest request) throws IOException {
    MediaType type = MediaType.get(request.getHeader("Content-Type"));
    assertEquals("multipart", type.type());
    assertEquals("form-data", type.subtype());
    List<Part> parts = new ArrayList<>();
    try (MultipartReader reader = new MultipartReader(request.getBody(), type.parameter("boundary"))) {
      MultipartReader.Part part;
      while ((part = reader.nextPart()) != null) {
        parts.add(new Part(part.headers(), part.body().readByteArray()));
        part.close();
      }
    }
    return parts;
  }

  private static final class Part {
    final Headers headers;
    final byte[] body;

    Part(Headers headers, byte[] body) {
      this.headers = headers;
      this.body = body;
    }

    String utf8() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parseJson(String json) throws IOException {
    return (Map<String, Object>) JsonReader.of(new Buffer().writeUtf8(json)).readJsonValue();
  }

  // ---- create

  @Test
  void create201SendsMultipartWithHeadersAndReturnsTicket() throws Exception {
    server.enqueue(json(201, TICKET_JSON).setHeader("ETag", "\"1\""));
    byte[] log = "hello".getBytes(StandardCharsets.UTF_8);
    NewTicket newTicket = ticket().attachments(List.of(Attachment.ofBytes("log.txt", "text/plain", log))).build();

    Ticket created = connector.create(newTicket, UploadProgress.NONE);

    assertEquals("1", created.id());
    assertEquals("App crashes on start", created.subject());
    assertEquals(TicketStatus.NEW, created.status());
    assertEquals(Priority.HIGH, created.priority());
    assertEquals(NOW, created.createdAt());
    assertEquals(Instant.parse("2026-11-24T09:05:00Z"), created.updatedAt());

    RecordedRequest request = take();
    assertEquals("POST", request.getMethod());
    assertEquals("/v1/tickets", request.getPath());
    assertEquals("Bearer " + APP_KEY, request.getHeader("Authorization"));
    assertEquals("sub-123", request.getHeader("Idempotency-Key"));
    assertEquals("helpline-java/0.1.0", request.getHeader("User-Agent"));
    assertNull(request.getHeader("Transfer-Encoding"), "a multipart body of known length is not chunked");
    assertEquals(String.valueOf(request.getBodySize()), request.getHeader("Content-Length"));

    List<Part> parts = parts(request);
    assertEquals(2, parts.size());
    Part ticketPart = parts.get(0);
    assertEquals("form-data; name=\"ticket\"", ticketPart.headers.get("Content-Disposition"));
    assertEquals("application/json", ticketPart.headers.get("Content-Type"));
    Map<String, Object> sent = parseJson(ticketPart.utf8());
    assertEquals("App crashes on start", sent.get("subject"));
    assertEquals("It crashes", sent.get("description"));
    assertTrue(sent.containsKey("category"), "category is sent as null, not left out");
    assertNull(sent.get("category"));
    assertEquals("high", sent.get("priority"));
    assertEquals(List.of("android", "crash"), sent.get("tags"));
    assertEquals(Map.of("plan", "pro"), sent.get("customFields"));
    assertEquals(Map.of("id", "u1", "email", "ann@example.com", "name", "Ann"), sent.get("requester"));
    assertEquals("Android 14, 2 GB free", sent.get("diagnosticsSummary"));
    assertEquals("2026-11-24T10:00:00Z", sent.get("createdAt"));
    assertEquals(9, sent.size(), "no fields beyond the contract: " + sent.keySet());

    Part attachment = parts.get(1);
    assertEquals("form-data; name=\"attachment\"; filename=\"log.txt\"", attachment.headers.get("Content-Disposition"));
    assertEquals("text/plain", attachment.headers.get("Content-Type"));
    assertArrayEquals(log, attachment.body);
  }

  @Test
  void createWithoutRequesterOrAttachmentsSendsNullRequesterAndOnePart() throws Exception {
    server.enqueue(json(201, TICKET_JSON));
    connector.create(ticket().requester(null).diagnosticsSummary(null).build(), UploadProgress.NONE);

    List<Part> parts = parts(take());
    assertEquals(1, parts.size());
    Map<String, Object> sent = parseJson(parts.get(0).utf8());
    assertTrue(sent.containsKey("requester"));
    assertNull(sent.get("requester"));
    assertTrue(sent.containsKey("diagnosticsSummary"));
    assertNull(sent.get("diagnosticsSummary"));
  }

  @Test
  void replay200ReturnsTheTicketCreatedTheFirstTime() throws Exception {
    server.enqueue(json(201, TICKET_JSON));
    server.enqueue(json(200, TICKET_JSON).setHeader("Idempotent-Replayed", "true"));
    NewTicket newTicket = ticket().build();

    Ticket first = connector.create(newTicket, UploadProgress.NONE);
    Ticket replayed = connector.create(newTicket, UploadProgress.NONE);

    assertEquals(first, replayed);
    assertEquals("sub-123", take().getHeader("Idempotency-Key"));
    assertEquals("sub-123", take().getHeader("Idempotency-Key"));
  }

  @Test
  void fiveMebibyteFileAttachmentIsStreamedExactlyAndProgressReachesTotal(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("capture.bin");
    byte[] chunk = new byte[64 * 1024];
    Random random = new Random(42);
    MessageDigest sentDigest = MessageDigest.getInstance("SHA-256");
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int i = 0; i < 80; i++) {
        random.nextBytes(chunk);
        sentDigest.update(chunk);
        out.write(chunk);
      }
    }
    assertEquals(5L * 1024 * 1024, Files.size(file));
    server.enqueue(json(201, TICKET_JSON));
    List<long[]> reports = new CopyOnWriteArrayList<>();

    connector.create(ticket().attachments(List.of(Attachment.ofFile(file, "application/octet-stream"))).build(),
        (sent, total) -> reports.add(new long[] {sent, total}));

    RecordedRequest request = take();
    List<Part> parts = parts(request);
    assertEquals(2, parts.size());
    assertEquals("form-data; name=\"attachment\"; filename=\"capture.bin\"", parts.get(1).headers.get("Content-Disposition"));
    assertEquals("application/octet-stream", parts.get(1).headers.get("Content-Type"));
    assertEquals(5L * 1024 * 1024, parts.get(1).body.length);
    assertArrayEquals(sentDigest.digest(), MessageDigest.getInstance("SHA-256").digest(parts.get(1).body));

    assertFalse(reports.isEmpty());
    long[] last = reports.get(reports.size() - 1);
    assertEquals(request.getBodySize(), last[0], "progress reaches every byte of the request body");
    assertEquals(request.getBodySize(), last[1], "the total is known up front");
    for (int i = 1; i < reports.size(); i++) {
      assertTrue(reports.get(i)[0] > reports.get(i - 1)[0], "progress only moves forward");
    }
    // Throttled: about one report per 64 KiB, not one per write.
    assertTrue(reports.size() <= request.getBodySize() / (64 * 1024) + 3, "reports: " + reports.size());
  }

  @Test
  void nonAsciiFileNameIsSentAsUtf8() throws Exception {
    server.enqueue(json(201, TICKET_JSON));
    byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
    connector.create(ticket().attachments(List.of(Attachment.ofBytes("Bildschirmfoto \u00e4.png", "image/png", png))).build(),
        UploadProgress.NONE);

    Buffer body = take().getBody();
    String raw = body.clone().readString(StandardCharsets.UTF_8);
    assertTrue(raw.contains("filename=\"Bildschirmfoto \u00e4.png\""), "file name is sent as UTF-8");
  }

  @Test
  void attachmentFileThatCannotBeReadFailsWithIOExceptionBeforeSending(@TempDir Path dir) {
    Attachment missing = Attachment.ofFile(dir.resolve("gone.log"), "text/plain");
    assertThrows(IOException.class, () -> connector.create(ticket().attachments(List.of(missing)).build(), UploadProgress.NONE));
    assertEquals(0, server.getRequestCount());
  }

  // ---- desk refusals

  private DeskException refusedCreate(MockResponse response) throws InterruptedException {
    server.enqueue(response);
    DeskException e = assertThrows(DeskException.class, () -> connector.create(ticket().build(), UploadProgress.NONE));
    take();
    return e;
  }

  @Test
  void http400WithFieldIsPermanentAndNamesTheField() throws Exception {
    DeskException e = refusedCreate(json(400,
        "{\"error\":\"invalid_request\",\"message\":\"subject must not be blank\",\"field\":\"subject\"}"));
    assertEquals(400, e.httpStatus());
    assertEquals("invalid_request", e.errorCode());
    assertEquals("subject must not be blank", e.deskMessage());
    assertEquals("subject", e.field());
    assertFalse(e.isRetryable());
    assertEquals("desk refused the request: HTTP 400 invalid_request (field subject): subject must not be blank", e.getMessage());
  }

  @Test
  void http401IsPermanent() throws Exception {
    DeskException e = refusedCreate(error(401, "unauthorized", "unknown app key"));
    assertEquals(401, e.httpStatus());
    assertEquals("unauthorized", e.errorCode());
    assertEquals("unknown app key", e.deskMessage());
    assertNull(e.field());
    assertFalse(e.isRetryable());
  }

  @Test
  void http404OnReadIsPermanent() {
    server.enqueue(error(404, "not_found", "no such ticket"));
    DeskException e = assertThrows(DeskException.class, () -> connector.getTicket(USER, "99", null));
    assertEquals(404, e.httpStatus());
    assertEquals("not_found", e.errorCode());
    assertFalse(e.isRetryable());
  }

  @Test
  void http409IdempotencyConflictIsPermanent() throws Exception {
    DeskException e = refusedCreate(error(409, "idempotency_conflict", "key reused with another payload"));
    assertEquals(409, e.httpStatus());
    assertEquals("idempotency_conflict", e.errorCode());
    assertFalse(e.isRetryable());
  }

  @Test
  void http422IsPermanent() throws Exception {
    DeskException e = refusedCreate(error(422, "invalid_request", "cannot process"));
    assertEquals(422, e.httpStatus());
    assertFalse(e.isRetryable());
  }

  @Test
  void http429WithRetryAfterSecondsIsRetryable() throws Exception {
    DeskException e = refusedCreate(error(429, "rate_limited", "slow down").setHeader("Retry-After", "120"));
    assertEquals(429, e.httpStatus());
    assertEquals("rate_limited", e.errorCode());
    assertTrue(e.isRetryable());
    assertEquals(Duration.ofSeconds(120), e.retryAfter());
  }

  @Test
  void http429WithRetryAfterHttpDateIsMeasuredFromTheClock() throws Exception {
    // NOW is 10:00:00 UTC; the desk asks to wait until 10:01:30.
    DeskException e = refusedCreate(error(429, "rate_limited", "slow down")
        .setHeader("Retry-After", "Tue, 24 Nov 2026 10:01:30 GMT"));
    assertTrue(e.isRetryable());
    assertEquals(Duration.ofSeconds(90), e.retryAfter());
  }

  @Test
  void http500IsRetryable() throws Exception {
    DeskException e = refusedCreate(error(500, "server_error", "boom"));
    assertEquals(500, e.httpStatus());
    assertEquals("server_error", e.errorCode());
    assertTrue(e.isRetryable());
    assertNull(e.retryAfter());
  }

  @Test
  void http503WithRetryAfterIsRetryable() throws Exception {
    DeskException e = refusedCreate(error(503, "server_error", "maintenance").setHeader("Retry-After", "30"));
    assertEquals(503, e.httpStatus());
    assertTrue(e.isRetryable());
    assertEquals(Duration.ofSeconds(30), e.retryAfter());
  }

  @Test
  void nonJsonErrorBodyUsesReasonPhraseNotTheMarkup() throws Exception {
    DeskException e = refusedCreate(new MockResponse().setStatus("HTTP/1.1 502 Bad Gateway")
        .setHeader("Content-Type", "text/html").setBody("<html><body><h1>502 Bad Gateway</h1>" + "x".repeat(5000) + "</body></html>"));
    assertEquals(502, e.httpStatus());
    assertNull(e.errorCode());
    assertEquals("Bad Gateway", e.deskMessage());
    assertTrue(e.isRetryable());
  }

  @Test
  void longPlainTextErrorBodyIsShortenedNeverWhole() throws Exception {
    String text = "upstream failed " + "because ".repeat(5000);
    DeskException e = refusedCreate(new MockResponse().setStatus("HTTP/1.1 500 Internal Server Error")
        .setHeader("Content-Type", "text/plain").setBody(text));
    assertTrue(e.deskMessage().startsWith("Internal Server Error: upstream failed because"), e.deskMessage());
    assertTrue(e.deskMessage().length() <= 500, "length " + e.deskMessage().length());
    assertTrue(e.getMessage().length() < 600, "length " + e.getMessage().length());
  }

  @Test
  void emptyErrorBodyUsesReasonPhrase() throws Exception {
    DeskException e = refusedCreate(new MockResponse().setStatus("HTTP/1.1 403 Forbidden"));
    assertEquals(403, e.httpStatus());
    assertEquals("Forbidden", e.deskMessage());
    assertNull(e.errorCode());
  }

  @Test
  void hugeErrorBodyStillYieldsDeskExceptionNotTransportFailure() throws Exception {
    String message = "m".repeat(2_000_000);
    DeskException e = refusedCreate(json(400, "{\"error\":\"invalid_request\",\"message\":\"" + message + "\"}"));
    assertEquals(400, e.httpStatus());
    assertTrue(e.deskMessage().length() <= 500);
  }

  // ---- transport failures

  @Test
  void disconnectAtStartIsIOException() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START));
    assertThrows(IOException.class, () -> connector.create(ticket().build(), UploadProgress.NONE));
  }

  @Test
  void aReplyIsNeverResentSilentlyAfterTheConnectionDrops() throws IOException {
    // A pooled connection that dies after the reply went out: OkHttp would silently retry a
    // repeatable body on a fresh connection, posting the reply twice.
    server.enqueue(json(200, TICKET_JSON));
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    server.enqueue(json(201, "{\"id\":\"m9\",\"author\":\"requester\",\"body\":\"again\",\"attachments\":[]}"));
    connector.getTicket(USER, "1", null);
    assertThrows(IOException.class, () -> connector.reply(USER, "1", "Still broken", Collections.emptyList()));
    assertEquals(2, server.getRequestCount(), "the reply must not be posted twice");
  }

  @Test
  void disconnectMidBodyIsIOException() {
    server.enqueue(json(200, TICKET_JSON.replace("It crashes", "x".repeat(100_000)))
        .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
    assertThrows(IOException.class, () -> connector.getTicket(USER, "1", null));
  }

  @Test
  void stalledHeadersHitTheReadTimeout() {
    SupportApiConnector impatient = connectorBuilder().readTimeout(Duration.ofMillis(200)).build();
    server.enqueue(json(200, TICKET_JSON).setHeadersDelay(5, TimeUnit.SECONDS));
    assertThrows(InterruptedIOException.class, () -> impatient.getTicket(USER, "1", null));
    impatient.close();
  }

  @Test
  void stalledBodyHitsTheReadTimeout() {
    SupportApiConnector impatient = connectorBuilder().readTimeout(Duration.ofMillis(200)).build();
    server.enqueue(json(200, TICKET_JSON).setBodyDelay(5, TimeUnit.SECONDS));
    assertThrows(InterruptedIOException.class, () -> impatient.listTickets(USER, null));
    impatient.close();
  }

  // ---- malformed and oversized answers

  @Test
  void wrongJsonTypeIsMalformedResponseWithThePath() {
    server.enqueue(json(200, "{\"id\":\"1\",\"subject\":\"s\",\"status\":3}"));
    IOException e = assertThrows(IOException.class, () -> connector.getTicket(USER, "1", null));
    assertEquals("malformed response from desk: Expected a string but was NUMBER at path $.status", e.getMessage());
  }

  @Test
  void brokenJsonSyntaxIsMalformedResponse() {
    server.enqueue(json(200, "{\"tickets\":[{\"id\":\"1\",,]}"));
    IOException e = assertThrows(IOException.class, () -> connector.listTickets(USER, null));
    assertTrue(e.getMessage().startsWith("malformed response from desk: "), e.getMessage());
    assertTrue(e.getMessage().contains("$.tickets[0]"), e.getMessage());
  }

  @Test
  void missingTicketIdIsMalformedResponse() {
    server.enqueue(json(200, "{\"tickets\":[{\"subject\":\"s\",\"status\":\"new\"}],\"nextCursor\":null}"));
    IOException e = assertThrows(IOException.class, () -> connector.listTickets(USER, null));
    assertEquals("malformed response from desk: Required value 'id' missing at $.tickets[0]", e.getMessage());
  }

  @Test
  void badTimestampIsMalformedResponseWithThePath() {
    server.enqueue(json(200, "{\"id\":\"1\",\"subject\":\"s\",\"status\":\"new\",\"createdAt\":\"yesterday\"}"));
    IOException e = assertThrows(IOException.class, () -> connector.getTicket(USER, "1", null));
    assertEquals("malformed response from desk: Expected an ISO-8601 timestamp with offset at path $.createdAt",
        e.getMessage());
  }

  @Test
  void bodyLargerThanDefaultLimitFailsNamingTheLimit() {
    String padding = "x".repeat(1024 * 1024);
    server.enqueue(json(200, TICKET_JSON.replace("It crashes", padding)));
    IOException e = assertThrows(IOException.class, () -> connector.getTicket(USER, "1", null));
    assertEquals("response body exceeds 1048576 bytes", e.getMessage());
  }

  @Test
  void chunkedBodyLargerThanConfiguredLimitFails() {
    SupportApiConnector small = connectorBuilder().maxResponseBytes(1000).build();
    MockResponse response = json(200, "").setChunkedBody(TICKET_JSON.replace("It crashes", "x".repeat(5000)), 256);
    server.enqueue(response);
    IOException e = assertThrows(IOException.class, () -> small.getTicket(USER, "1", null));
    assertEquals("response body exceeds 1000 bytes", e.getMessage());
    small.close();
  }

  @Test
  void unknownStatusAndUnknownFieldsAreTolerated() throws Exception {
    server.enqueue(json(200, "{\"id\":\"7\",\"subject\":\"s\",\"status\":\"escalated_to_mars\",\"priority\":\"blocker\","
        + "\"future\":{\"nested\":[1,2,{\"a\":null}]},\"createdAt\":null}"));
    Ticket t = connector.getTicket(USER, "7", null).ticket();
    assertNotNull(t);
    assertEquals("7", t.id());
    assertEquals(TicketStatus.UNKNOWN, t.status());
    assertNull(t.priority());
    assertNull(t.createdAt());
  }

  @Test
  void everyKnownStatusIsMapped() {
    assertEquals(TicketStatus.NEW, SupportApiJson.status("new"));
    assertEquals(TicketStatus.OPEN, SupportApiJson.status("open"));
    assertEquals(TicketStatus.PENDING, SupportApiJson.status("pending"));
    assertEquals(TicketStatus.ON_HOLD, SupportApiJson.status("on_hold"));
    assertEquals(TicketStatus.SOLVED, SupportApiJson.status("solved"));
    assertEquals(TicketStatus.CLOSED, SupportApiJson.status("closed"));
    assertEquals(TicketStatus.REJECTED, SupportApiJson.status("rejected"));
    assertEquals(TicketStatus.UNKNOWN, SupportApiJson.status("OPEN"));
  }

  // ---- reads

  @Test
  void conditionalGet304KeepsTheEtag() throws Exception {
    server.enqueue(json(200, TICKET_JSON).setHeader("ETag", "\"3\""));
    server.enqueue(new MockResponse().setResponseCode(304).setHeader("ETag", "\"3\""));

    ConditionalTicket first = connector.getTicket(USER, "1", null);
    assertFalse(first.notModified());
    assertEquals("\"3\"", first.etag());
    assertEquals("1", first.ticket().id());

    ConditionalTicket second = connector.getTicket(USER, "1", first.etag());
    assertTrue(second.notModified());
    assertNull(second.ticket());
    assertEquals("\"3\"", second.etag());

    RecordedRequest r1 = take();
    assertEquals("GET", r1.getMethod());
    assertEquals("/v1/tickets/1", r1.getPath());
    assertEquals("Bearer " + USER_TOKEN, r1.getHeader("Authorization"));
    assertNull(r1.getHeader("If-None-Match"));
    RecordedRequest r2 = take();
    assertEquals("\"3\"", r2.getHeader("If-None-Match"));
  }

  @Test
  void notModifiedWithoutEtagHeaderKeepsTheCallersEtag() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(304));
    ConditionalTicket answer = connector.getTicket(USER, "1", "\"5\"");
    assertTrue(answer.notModified());
    assertEquals("\"5\"", answer.etag());
  }

  @Test
  void ticketIdIsEncodedAsOnePathSegment() throws Exception {
    server.enqueue(json(200, TICKET_JSON));
    connector.getTicket(USER, "a/b c", null);
    assertEquals("/v1/tickets/a%2Fb%20c", take().getPath());
  }

  @Test
  void listPagingPassesTheCursorThrough() throws Exception {
    server.enqueue(json(200, "{\"tickets\":[" + TICKET_JSON + "," + TICKET_JSON.replace("\"id\":\"1\"", "\"id\":\"2\"")
        + "],\"nextCursor\":\"opaque+/=cursor\"}"));
    server.enqueue(json(200, "{\"tickets\":[],\"nextCursor\":null}"));

    TicketPage first = connector.listTickets(USER, null);
    assertEquals(2, first.tickets().size());
    assertEquals("1", first.tickets().get(0).id());
    assertEquals("2", first.tickets().get(1).id());
    assertEquals("opaque+/=cursor", first.nextCursor());

    TicketPage last = connector.listTickets(USER, first.nextCursor());
    assertTrue(last.tickets().isEmpty());
    assertNull(last.nextCursor());

    RecordedRequest r1 = take();
    assertEquals("/v1/tickets", r1.getPath());
    assertEquals("Bearer " + USER_TOKEN, r1.getHeader("Authorization"));
    RecordedRequest r2 = take();
    assertEquals("opaque+/=cursor", r2.getRequestUrl().queryParameter("cursor"));
  }

  @Test
  void messagesStartWithTheOriginalReportThenTheRepliesOldestFirst() throws Exception {
    server.enqueue(json(200, TICKET_JSON));
    server.enqueue(json(200, "{\"messages\":["
        + "{\"id\":\"m1\",\"author\":\"agent\",\"authorName\":\"Sam\",\"body\":\"Try again\",\"createdAt\":\"2026-11-24T11:00:00Z\","
        + "\"attachments\":[{\"id\":\"a2\",\"fileName\":\"fix.txt\",\"mediaType\":\"text/plain\",\"size\":12,\"url\":\"/v1/tickets/1/attachments/a2\"}]},"
        + "{\"id\":\"m2\",\"author\":\"requester\",\"authorName\":null,\"body\":\"Works\",\"createdAt\":\"2026-11-24T12:00:00Z\",\"attachments\":[]},"
        + "{\"id\":\"m3\",\"author\":\"robot\",\"body\":\"Closed automatically\",\"attachments\":[]}]}"));

    List<Message> conversation = connector.messages(USER, "1");

    assertEquals(4, conversation.size());
    Message opening = conversation.get(0);
    assertEquals("ticket-1", opening.id());
    assertEquals(Message.Author.REQUESTER, opening.author());
    assertEquals("Ann", opening.authorName());
    assertEquals("It crashes", opening.body());
    assertEquals(Instant.parse("2026-11-24T10:00:00Z"), opening.createdAt());
    assertEquals("log.txt", opening.attachments().get(0).fileName());
    assertEquals(server.url("/v1/tickets/1/attachments/a1").toString(), opening.attachments().get(0).url());

    List<Message> messages = conversation.subList(1, 4);
    Message m1 = messages.get(0);
    assertEquals("m1", m1.id());
    assertEquals(Message.Author.AGENT, m1.author());
    assertEquals("Sam", m1.authorName());
    assertEquals("Try again", m1.body());
    assertEquals(Instant.parse("2026-11-24T11:00:00Z"), m1.createdAt());
    RemoteFile file = m1.attachments().get(0);
    assertEquals("a2", file.id());
    assertEquals("fix.txt", file.fileName());
    assertEquals("text/plain", file.mediaType());
    assertEquals(12, file.size());
    assertEquals(server.url("/v1/tickets/1/attachments/a2").toString(), file.url());
    assertEquals(Message.Author.REQUESTER, messages.get(1).author());
    assertNull(messages.get(1).authorName());
    assertEquals(Message.Author.SYSTEM, messages.get(2).author());

    assertEquals("/v1/tickets/1", take().getPath());
    RecordedRequest request = take();
    assertEquals("/v1/tickets/1/messages", request.getRequestUrl().encodedPath());
    assertEquals("20", request.getRequestUrl().queryParameter("limit"), "a page of messages, which a desk may ignore");
    assertNull(request.getRequestUrl().queryParameter("cursor"));
    assertEquals("Bearer " + USER_TOKEN, request.getHeader("Authorization"));
  }

  @Test
  void replySendsMessagePartAndAttachments() throws Exception {
    server.enqueue(json(201, "{\"id\":\"m9\",\"author\":\"requester\",\"authorName\":\"Ann\",\"body\":\"Here is the log\","
        + "\"createdAt\":\"2026-11-24T13:00:00Z\",\"attachments\":[{\"id\":\"a3\",\"fileName\":\"app.log\",\"mediaType\":\"text/plain\",\"size\":3,\"url\":\"/v1/tickets/1/attachments/a3\"}]}"));
    byte[] bytes = "abc".getBytes(StandardCharsets.UTF_8);

    Message reply = connector.reply(USER, "1", "Here is the log", List.of(Attachment.ofBytes("app.log", "text/plain", bytes)));

    assertEquals("m9", reply.id());
    assertEquals(Message.Author.REQUESTER, reply.author());
    assertEquals(1, reply.attachments().size());
    RecordedRequest request = take();
    assertEquals("POST", request.getMethod());
    assertEquals("/v1/tickets/1/messages", request.getPath());
    assertEquals("Bearer " + USER_TOKEN, request.getHeader("Authorization"));
    assertNull(request.getHeader("Idempotency-Key"));
    List<Part> parts = parts(request);
    assertEquals(2, parts.size());
    assertEquals("form-data; name=\"message\"", parts.get(0).headers.get("Content-Disposition"));
    assertEquals("application/json", parts.get(0).headers.get("Content-Type"));
    assertEquals(Map.of("body", "Here is the log"), parseJson(parts.get(0).utf8()));
    assertEquals("form-data; name=\"attachment\"; filename=\"app.log\"", parts.get(1).headers.get("Content-Disposition"));
    assertEquals("text/plain", parts.get(1).headers.get("Content-Type"));
    assertArrayEquals(bytes, parts.get(1).body);
  }

  @Test
  void blankReplyIsRejectedBeforeSending() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> connector.reply(USER, "1", "  ", List.of()));
    assertTrue(e.getMessage().contains("body"), e.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void rateSendsScoreAndCommentAsJson() throws Exception {
    server.enqueue(json(200, "{\"score\":5,\"comment\":\"Great\",\"ratedAt\":\"2026-11-24T14:00:00Z\"}"));

    connector.rate(USER, "1", Rating.of(5, "Great"));

    RecordedRequest request = take();
    assertEquals("PUT", request.getMethod());
    assertEquals("/v1/tickets/1/rating", request.getPath());
    assertEquals("Bearer " + USER_TOKEN, request.getHeader("Authorization"));
    assertEquals("application/json", request.getHeader("Content-Type"));
    assertEquals("{\"score\":5,\"comment\":\"Great\"}", request.getBody().readUtf8());
  }

  @Test
  void rateOnUnsolvedTicketIsConflict() {
    server.enqueue(error(409, "not_solved", "ticket is not solved"));
    DeskException e = assertThrows(DeskException.class, () -> connector.rate(USER, "1", Rating.of(4)));
    assertEquals("not_solved", e.errorCode());
    assertFalse(e.isRetryable());
  }

  // ---- tokens and configuration

  @Test
  void readsWithoutUserTokenFailBeforeAnyRequest() {
    UserAuth anonymous = UserAuth.of(Requester.ofEmail("ann@example.com"), null);
    assertEquals("user token required for getTicket",
        assertThrows(IllegalArgumentException.class, () -> connector.getTicket(anonymous, "1", null)).getMessage());
    assertEquals("user token required for listTickets",
        assertThrows(IllegalArgumentException.class, () -> connector.listTickets(anonymous, null)).getMessage());
    assertEquals("user token required for messages",
        assertThrows(IllegalArgumentException.class, () -> connector.messages(anonymous, "1")).getMessage());
    assertEquals("user token required for reply",
        assertThrows(IllegalArgumentException.class, () -> connector.reply(anonymous, "1", "hi", List.of())).getMessage());
    assertEquals("user token required for rate",
        assertThrows(IllegalArgumentException.class, () -> connector.rate(anonymous, "1", Rating.of(5))).getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void tokenWithLineBreakIsRejectedWithoutShowingIt() {
    String bad = "secret-part\r\nX-Injected: 1";
    UserAuth user = UserAuth.of(Requester.ofEmail("ann@example.com"), bad);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> connector.getTicket(user, "1", null));
    assertFalse(e.getMessage().contains("secret-part"), e.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void tokensNeverAppearInAnyFailureMessage() {
    // The desk echoes the credential it received in every way it can; none of it may reach a message.
    // Answers are templates: "%s" becomes the token of the request being answered.
    List<Throwable> failures = new ArrayList<>();
    List<Function<SupportApiConnector, Executable>> calls = List.of(
        c -> () -> c.create(ticket().build(), UploadProgress.NONE),
        c -> () -> c.getTicket(USER, "1", null),
        c -> () -> c.listTickets(USER, "c"),
        c -> () -> c.messages(USER, "1"),
        c -> () -> c.reply(USER, "1", "hi", List.of()),
        c -> () -> c.rate(USER, "1", Rating.of(5)));
    List<MockResponse> answers = List.of(
        json(401, "{\"error\":\"invalid_token %s\",\"message\":\"Bearer %s rejected\",\"field\":\"%s\"}"),
        new MockResponse().setResponseCode(500).setBody("token was %s"),
        json(200, "{\"id\":3}"),
        json(200, "{\"id\":\"%s\",\"status\":%s}"),
        json(200, "{\"id\":\"1\",\"createdAt\":\"%s\"}"),
        json(200, "{\"tickets\":[{\"%s\":}]}"), // a name is in the JSON path of a syntax error
        new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START),
        json(200, TICKET_JSON).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
    // A dispatcher rather than a queue: OkHttp may retry after a disconnect, and every retry must
    // meet the same answer.
    AtomicReference<MockResponse> current = new AtomicReference<>();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        MockResponse answer = current.get().clone();
        Buffer body = answer.getBody();
        if (body == null) return answer;
        String token = request.getHeader("Authorization").substring("Bearer ".length());
        return answer.setBody(body.readUtf8().replace("%s", token));
      }

      @Override
      public MockResponse peek() {
        return current.get(); // DISCONNECT_AT_START is read from here when a connection opens
      }
    });
    for (MockResponse answer : answers) {
      current.set(answer);
      // A fresh connector per answer, so no pooled connection outlives the answer it was opened for.
      try (SupportApiConnector fresh = connectorBuilder().build()) {
        for (Function<SupportApiConnector, Executable> call : calls) {
          try {
            call.apply(fresh).execute();
          } catch (Throwable t) {
            failures.add(t);
          }
        }
      }
    }
    // Every pair fails except rate() against the four malformed 2xx answers and the body cut short:
    // rate() does not read the echo of the rating.
    assertEquals(answers.size() * calls.size() - 5, failures.size());
    for (Throwable failure : failures) {
      for (Throwable t = failure; t != null; t = t.getCause()) {
        String text = t.toString();
        assertFalse(text.contains(USER_TOKEN), text);
        assertFalse(text.contains(APP_KEY), text);
      }
    }
    assertFalse(connector.toString().contains(APP_KEY));
    assertFalse(USER.toString().contains(USER_TOKEN));
  }

  @Test
  void aCredentialEchoedAsTheStatusLineStaysOutOfTheTransportError() {
    // OkHttp quotes a status line it cannot parse; this desk answers with the Authorization it got.
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse().setStatus(request.getHeader("Authorization"));
      }
    });
    List<IOException> failures = List.of(
        assertThrows(IOException.class, () -> connector.listTickets(USER, null)),
        assertThrows(IOException.class, () -> connector.messages(USER, "1")),
        assertThrows(IOException.class, () -> connector.create(ticket().build(), UploadProgress.NONE)));
    for (IOException failure : failures) {
      assertInstanceOf(java.net.ProtocolException.class, failure);
      assertTrue(failure.getMessage().startsWith("Unexpected status line: Bearer "), failure.getMessage());
      for (Throwable t = failure; t != null; t = t.getCause()) {
        assertFalse(t.toString().contains(USER_TOKEN), t.toString());
        assertFalse(t.toString().contains(APP_KEY), t.toString());
      }
    }
  }

  @Test
  void builderNamesWhatIsMissing() {
    assertEquals("baseUrl and appKey are required",
        assertThrows(IllegalStateException.class, () -> SupportApiConnector.builder().build()).getMessage());
    assertEquals("appKey is required", assertThrows(IllegalStateException.class,
        () -> SupportApiConnector.builder().baseUrl("http://localhost:1").build()).getMessage());
    assertEquals("baseUrl is required", assertThrows(IllegalStateException.class,
        () -> SupportApiConnector.builder().appKey("k").build()).getMessage());
    assertThrows(IllegalArgumentException.class, () -> SupportApiConnector.builder().baseUrl("ftp://x"));
    assertThrows(IllegalArgumentException.class, () -> SupportApiConnector.builder().maxResponseBytes(0));
    assertThrows(IllegalArgumentException.class, () -> SupportApiConnector.builder().readTimeout(Duration.ofSeconds(-1)));
  }

  @Test
  void nameAndCapabilities() {
    assertEquals("Helpline Support API", connector.name());
    assertEquals(EnumSet.of(Capability.CREATE, Capability.ATTACHMENTS, Capability.IDEMPOTENT_CREATE,
        Capability.FIND_BY_SUBMISSION, Capability.GET_TICKET, Capability.CONDITIONAL_GET, Capability.LIST_TICKETS, Capability.MESSAGES, Capability.REPLY, Capability.RATE),
        connector.capabilities());
  }

  @Test
  void baseUrlWithPathKeepsThePathAndCustomUserAgentIsSent() throws Exception {
    SupportApiConnector nested = connectorBuilder().baseUrl(server.url("/desk").toString()).userAgent("acme-app/2.0").build();
    server.enqueue(json(200, TICKET_JSON));
    nested.getTicket(USER, "1", null);
    RecordedRequest request = take();
    assertEquals("/desk/v1/tickets/1", request.getPath());
    assertEquals("acme-app/2.0", request.getHeader("User-Agent"));
    nested.close();
  }

  @Test
  void attachmentUrlsAreRelativeToTheDeskRootUnderABasePath() throws Exception {
    SupportApiConnector nested = connectorBuilder().baseUrl(server.url("/desk/").toString()).build();
    server.enqueue(json(200, TICKET_JSON)); // its attachment: "/v1/tickets/1/attachments/a1", as the API documents
    server.enqueue(json(200, "{\"messages\":[{\"id\":\"m1\",\"author\":\"agent\",\"body\":\"See\",\"attachments\":["
        + "{\"id\":\"a2\",\"fileName\":\"a.txt\",\"mediaType\":\"text/plain\",\"size\":1,\"url\":\"/desk/v1/tickets/1/attachments/a2\"},"
        + "{\"id\":\"a3\",\"fileName\":\"b.txt\",\"mediaType\":\"text/plain\",\"size\":1,\"url\":\"https://files.example.com/a3\"}]}]}"));

    List<Message> conversation = nested.messages(USER, "1");

    assertEquals(server.url("/desk/v1/tickets/1/attachments/a1").toString(),
        conversation.get(0).attachments().get(0).url());
    List<RemoteFile> files = conversation.get(1).attachments();
    assertEquals(server.url("/desk/v1/tickets/1/attachments/a2").toString(), files.get(0).url(),
        "a desk that names its own base path keeps it once");
    assertEquals("https://files.example.com/a3", files.get(1).url());
    nested.close();
  }

  @Test
  void sharedClientIsLeftOpenOnClose() throws Exception {
    OkHttpClient shared = new OkHttpClient();
    SupportApiConnector sharing = connectorBuilder().okHttpClient(shared).build();
    server.enqueue(json(200, TICKET_JSON));
    sharing.getTicket(USER, "1", null);
    sharing.close();
    assertFalse(shared.dispatcher().executorService().isShutdown());
    assertInstanceOf(RecordedRequest.class, take());
    shared.dispatcher().executorService().shutdown();
    shared.connectionPool().evictAll();
  }

  @Test
  void aSuppliedClientIsGotOnTheFirstRequestOnItsThreadThenShared() throws Exception {
    List<Thread> asked = new CopyOnWriteArrayList<>();
    List<String> seenByHost = new CopyOnWriteArrayList<>();
    OkHttpClient shared = new OkHttpClient.Builder().addInterceptor(chain -> {
      seenByHost.add(chain.request().url().encodedPath());
      return chain.proceed(chain.request());
    }).build();
    SupportApiConnector sharing = connectorBuilder().okHttpClient(() -> {
      asked.add(Thread.currentThread());
      return shared;
    }).build();
    assertEquals(List.of(), asked, "building the connector asks for no client");

    server.enqueue(json(200, TICKET_JSON));
    server.enqueue(json(200, TICKET_JSON));
    FutureTask<ConditionalTicket> first = new FutureTask<>(() -> sharing.getTicket(USER, "1", null));
    Thread requester = new Thread(first, "first-request");
    requester.start();
    assertEquals("1", first.get(10, SECONDS).ticket().id());
    sharing.getTicket(USER, "1", null);
    assertEquals(List.of(requester), asked, "asked once, by the thread of the first request");
    assertEquals(List.of("/v1/tickets/1", "/v1/tickets/1"), seenByHost, "both calls went through the host's client");
    sharing.close();
    assertFalse(shared.dispatcher().executorService().isShutdown(), "a supplied client is the host's to close");
    shared.dispatcher().executorService().shutdown();
    shared.connectionPool().evictAll();
  }

  @Test
  void aSupplierThatFailsFailsThatRequestAndIsAskedAgainByTheNext() throws Exception {
    OkHttpClient shared = new OkHttpClient();
    List<String> answers = new ArrayList<>(List.of("not yet"));
    SupportApiConnector sharing = connectorBuilder().okHttpClient(() -> {
      if (!answers.isEmpty()) throw new IllegalStateException(answers.remove(0));
      return shared;
    }).build();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> sharing.getTicket(USER, "1", null));
    assertEquals("not yet", e.getMessage());
    server.enqueue(json(200, TICKET_JSON));
    assertEquals("1", sharing.getTicket(USER, "1", null).ticket().id());
    shared.dispatcher().executorService().shutdown();
    shared.connectionPool().evictAll();
  }

  @Test
  void buildingAConnectorLoadsNoTrustStoreItsFirstRequestDoesOnItsOwnThread() throws Exception {
    try (TlsInitWatch watch = TlsInitWatch.start()) {
      SupportApiConnector own = connectorBuilder().build();
      assertEquals(List.of(), watch.threads(), "building loads nothing");

      server.enqueue(json(200, TICKET_JSON));
      FutureTask<ConditionalTicket> first = new FutureTask<>(() -> own.getTicket(USER, "1", null));
      Thread requester = new Thread(first, "first-request");
      requester.start();
      first.get(10, SECONDS);
      assertEquals(List.of(requester), watch.threads(), "the first request builds the client");
      own.close();
    }
  }
}
