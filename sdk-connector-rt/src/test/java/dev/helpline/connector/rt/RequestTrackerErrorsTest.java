package dev.helpline.connector.rt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Attachment;
import dev.helpline.DeskException;
import dev.helpline.Requester;
import dev.helpline.connector.UserAuth;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Answers a healthy RT never gives on demand (server errors, redirects, oversized or malformed bodies), from a
 * scripted server. Everything RT does give is tested against the real server.
 */
@Timeout(30)
class RequestTrackerErrorsTest {
  private static final String TOKEN = "1-14-0123456789abcdef0123456789abcdef";
  private static final UserAuth ALICE = UserAuth.of(Requester.ofEmail("alice@example.com"), null);
  private MockWebServer server;
  private RequestTrackerConnector connector;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    connector = RequestTrackerConnector.builder().baseUrl(server.url("/").toString()).token(TOKEN).build();
  }

  @AfterEach
  void stop() throws IOException {
    connector.close();
    server.shutdown();
  }

  @Test
  void serverErrorIsRetryableAndCarriesRetryAfter() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "7")
        .setBody("{\"message\":\"Service Unavailable\"}"));
    DeskException e = assertThrows(DeskException.class, () -> connector.getTicket(ALICE, "1", null));
    assertEquals(503, e.httpStatus());
    assertTrue(e.isRetryable());
    assertEquals(Duration.ofSeconds(7), e.retryAfter());
    assertEquals("Service Unavailable", e.deskMessage());

    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertNotNull(request);
    assertEquals("/REST/2.0/ticket/1", request.getPath());
    assertEquals("token " + TOKEN, request.getHeader("Authorization"));
    assertFalse(request.getHeader("User-Agent").contains("Mozilla"));
  }

  @Test
  void redirectToTheLoginPageIsNotFollowed() {
    server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "/rt/NoAuth/Login.html")
        .setBody("<html>login</html>"));
    DeskException e = assertThrows(DeskException.class, () -> connector.getTicket(ALICE, "1", null));
    assertEquals(302, e.httpStatus());
    assertTrue(e.deskMessage().contains("login page"), e.deskMessage());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void oversizedAnswerIsATransportFailure() {
    Buffer big = new Buffer();
    big.writeUtf8("{\"Subject\":\"");
    for (int i = 0; i < 3 * 1024; i++) big.writeUtf8("x".repeat(1024));
    big.writeUtf8("\"}");
    server.enqueue(new MockResponse().setBody(big));
    IOException e = assertThrows(IOException.class, () -> connector.getTicket(ALICE, "1", null));
    assertTrue(e.getMessage().contains("larger than"), e.getMessage());
  }

  @Test
  void maxResponseBytesSetOnTheBuilderCapsEveryAnswer() {
    RequestTrackerConnector capped = RequestTrackerConnector.builder().baseUrl(server.url("/").toString()).token(TOKEN)
        .maxResponseBytes(64).build();
    server.enqueue(new MockResponse().setBody("{\"id\":\"1\",\"Subject\":\"" + "x".repeat(100) + "\"}"));
    try {
      IOException e = assertThrows(IOException.class, () -> capped.getTicket(ALICE, "1", null));
      assertTrue(e.getMessage().contains("larger than 64 bytes"), e.getMessage());
    } finally {
      capped.close();
    }
  }

  @Test
  void malformedJsonIsATransportFailureNamingWhatWasRead() {
    server.enqueue(new MockResponse().setBody("{\"Subject\": [unterminated"));
    IOException e = assertThrows(IOException.class, () -> connector.getTicket(ALICE, "1", null));
    assertTrue(e.getMessage().contains("malformed JSON for a ticket"), e.getMessage());
  }

  @Test
  void aReplyWithoutTextWhoseFilesAreAllEmptyIsRefusedBeforeReachingRt() {
    // Empty files are left out of the request (RT refuses them), which would leave RT an empty correspondence.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> connector.reply(ALICE, "7", " ",
        List.of(Attachment.ofBytes("empty.log", "text/plain", new byte[0]))));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void aTicketTheServiceAccountMayNotSeeIsNotFoundAsAMissingOneIs() throws Exception {
    // RT answers 403 for a ticket in a queue where the account lacks ShowTicket, 404 for a missing one.
    for (int i = 0; i < 2; i++) {
      server.enqueue(new MockResponse().setResponseCode(403).setBody("{\"message\":\"Forbidden\"}"));
      server.enqueue(new MockResponse().setBody("{\"count\":0,\"total\":0,\"items\":[]}"));
    }
    DeskException read = assertThrows(DeskException.class, () -> connector.getTicket(ALICE, "9", null));
    assertEquals(404, read.httpStatus());
    DeskException conversation = assertThrows(DeskException.class, () -> connector.messages(ALICE, "9"));
    assertEquals(404, conversation.httpStatus());
    assertEquals("/REST/2.0/ticket/9", server.takeRequest(5, TimeUnit.SECONDS).getPath());
    String search = server.takeRequest(5, TimeUnit.SECONDS).getRequestUrl().queryParameter("query");
    assertEquals("id = 9 AND Requestor.EmailAddress = 'alice@example.com'", search);
  }

  @Test
  void errorWithoutJsonKeepsTheStatus() {
    server.enqueue(new MockResponse().setResponseCode(500).setBody(""));
    DeskException e = assertThrows(DeskException.class, () -> connector.listTickets(ALICE, null));
    assertEquals(500, e.httpStatus());
    assertFalse(e.getMessage().contains(TOKEN));
  }
}
