package dev.helpline.connector.supportapi;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.UploadProgress;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The whole-call deadline of a create: a desk that trickles its answer cannot hold the call forever. */
@Timeout(30)
class CreateDeadlineTest {
  private final MockWebServer server = new MockWebServer();

  @AfterEach
  void tearDown() throws IOException {
    server.shutdown();
  }

  @Test
  void aDeskThatTricklesItsAnswerIsCutOffByTheWholeCallDeadline() throws Exception {
    // 4 KiB at 1 byte per 50 ms: bytes keep coming, so no read timeout ever fires.
    server.enqueue(new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json")
        .setBody("{\"id\":\"1\",\"subject\":\"" + "x".repeat(4096) + "\"}").throttleBody(1, 50, TimeUnit.MILLISECONDS));
    server.start();
    try (SupportApiConnector connector = SupportApiConnector.builder().baseUrl(server.url("/")).appKey("app-key-1")
        .callTimeout(Duration.ofMillis(700)).build()) {
      NewTicket t = NewTicket.builder().submissionId("sub-1").attempt(1).subject("s").description("d")
          .createdAt(Instant.parse("2026-01-01T00:00:00Z")).build();
      long start = System.nanoTime();

      IOException e = assertThrows(IOException.class, () -> connector.create(t, UploadProgress.NONE));

      long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(took < 10_000, "cut off after " + took + " ms: " + e);
    }
  }
}
