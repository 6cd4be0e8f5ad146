package dev.helpline.connector.supportapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.connector.Connector.UnusableAnswerException;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.UploadProgress;
import java.io.IOException;
import java.time.Instant;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A 2xx to a create that carries no usable ticket, or another submission's, is not a delivery. */
@Timeout(30)
class CreateAnswerTest {
  private final MockWebServer server = new MockWebServer();
  private SupportApiConnector connector;
  private final NewTicket ticket = NewTicket.builder().submissionId("sub-1").attempt(1).subject("s").description("d")
      .createdAt(Instant.parse("2026-01-01T00:00:00Z")).build();

  @BeforeEach
  void setUp() throws IOException {
    server.start();
    connector = SupportApiConnector.builder().baseUrl(server.url("/")).appKey("app-key-1").maxResponseBytes(4096)
        .build();
  }

  @AfterEach
  void tearDown() throws IOException {
    connector.close();
    server.shutdown();
  }

  private UnusableAnswerException createAnswered(MockResponse answer) {
    server.enqueue(answer.setHeader("Content-Type", "application/json"));
    return assertThrows(UnusableAnswerException.class, () -> connector.create(ticket, UploadProgress.NONE));
  }

  private static void assertUnusable(UnusableAnswerException e) {
    assertEquals(201, e.httpStatus());
    assertTrue(e.getMessage().contains("without a usable ticket"), e.getMessage());
  }

  @Test
  void emptyTwoHundredAnswerIsNotADelivery() {
    assertUnusable(createAnswered(new MockResponse().setResponseCode(201).setBody("")));
  }

  @Test
  void malformedTwoHundredAnswerIsNotADelivery() {
    assertUnusable(createAnswered(new MockResponse().setResponseCode(201).setBody("{\"id\": 1, ")));
  }

  @Test
  void oversizedTwoHundredAnswerIsNotADelivery() {
    assertUnusable(createAnswered(new MockResponse().setResponseCode(201)
        .setBody("{\"id\":\"1\",\"subject\":\"" + "x".repeat(10_000) + "\"}")));
  }

  @Test
  void twoHundredAnswerWithAnEmptyTicketIdIsNotADelivery() {
    assertUnusable(createAnswered(new MockResponse().setResponseCode(201).setBody("{\"id\":\"\",\"subject\":\"s\"}")));
  }

  @Test
  void twoHundredAnswerEchoingAnotherSubmissionsKeyIsNotADelivery() {
    UnusableAnswerException e = createAnswered(new MockResponse().setResponseCode(201)
        .setHeader("Idempotency-Key", "sub-2").setBody("{\"id\":\"9\",\"subject\":\"other\"}"));
    assertTrue(e.getMessage().contains("sub-2"), e.getMessage());
  }

  @Test
  void anEchoedKeyCarryingTheAppKeyIsNotRepeatedInTheMessage() {
    UnusableAnswerException e = createAnswered(new MockResponse().setResponseCode(201)
        .setHeader("Idempotency-Key", "Bearer app-key-1").setBody("{\"id\":\"9\",\"subject\":\"other\"}"));
    assertFalse(e.getMessage().contains("app-key-1"), e.getMessage());
    assertTrue(e.getMessage().contains("not for sub-1"), e.getMessage());
  }

  @Test
  void twoHundredAnswerEchoingItsOwnKeyIsTheTicket() throws IOException {
    server.enqueue(new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json")
        .setHeader("Idempotency-Key", "sub-1").setBody("{\"id\":\"9\",\"subject\":\"s\"}"));
    assertEquals("9", connector.create(ticket, UploadProgress.NONE).id());
  }
}
