package dev.helpline.connector.rt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.helpline.DeskException;
import dev.helpline.Requester;
import dev.helpline.connector.UserAuth;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Which files a requester may download, against a scripted server: RT grants a service account with
 * {@code ShowTicketComments} the files of internal comments too, so the connector itself must refuse them.
 */
@Timeout(30)
class RequestTrackerDownloadTest {
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

  private void enqueueFileOfTransaction(String transactionType) {
    String content = Base64.getEncoder().encodeToString("agents only".getBytes(StandardCharsets.UTF_8));
    server.enqueue(new MockResponse().setBody("{\"items\":[{\"id\":\"7\",\"type\":\"ticket\"}]}"));
    server.enqueue(new MockResponse().setBody("{\"id\":\"55\",\"Filename\":\"notes.txt\",\"Content\":\"" + content
        + "\",\"TransactionId\":{\"type\":\"transaction\",\"id\":\"9\"}}"));
    server.enqueue(new MockResponse().setBody("{\"id\":\"9\",\"Type\":\"" + transactionType
        + "\",\"Object\":{\"type\":\"ticket\",\"id\":\"7\"}}"));
  }

  @Test
  void aFileOfAnInternalCommentCannotBeDownloadedByTheRequester() {
    enqueueFileOfTransaction("Comment");
    DeskException e = assertThrows(DeskException.class, () -> connector.download(ALICE, "7", "55", new ByteArrayOutputStream()));
    assertEquals(404, e.httpStatus());
  }

  @Test
  void aFileOfAPublicReplyIsDownloaded() throws IOException {
    enqueueFileOfTransaction("Correspond");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(11, connector.download(ALICE, "7", "55", out));
    assertArrayEquals("agents only".getBytes(StandardCharsets.UTF_8), out.toByteArray());
  }
}
