package dev.helpline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultsTest {
  private TestDesk desk;
  private Api api;

  @BeforeEach
  void start() throws IOException {
    desk = TestDesk.builder().start();
    api = new Api(desk);
  }

  @AfterEach
  void stop() {
    desk.close();
  }

  private RequestBody ticket(String subject) {
    return Api.multipart("ticket", Api.ticketJson(subject, "user-1", null)).build();
  }

  @Test
  void failNextReturnsTheStatusWithAnErrorBodyThenRecovers() throws IOException {
    desk.faults().failNext(2, 503);
    Api.Result first = api.create("k", ticket("S"));
    assertEquals(503, first.code);
    assertEquals("server_error", first.json().get("error"));
    assertEquals(503, api.get("/v1/status/summary.json", null).code);
    assertEquals(201, api.create("k", ticket("S")).code);
    assertEquals(1, desk.ticketCount());
    assertEquals(2, desk.createRequestCount());
  }

  @Test
  void injectedFailuresReachAClientThatIsStillUploading() throws IOException {
    RequestBody big = Api.withFile(Api.multipart("ticket", Api.ticketJson("S", "u", null)),
        "big.bin", "application/octet-stream", new byte[4 * 1024 * 1024]).build();
    desk.faults().failNext(1, 503).rateLimitNext(1, Duration.ofSeconds(1));
    assertEquals(503, api.create("k", big).code);
    assertEquals(429, api.create("k", big).code);
    assertEquals(401, api.create("k", big, "wrong-key").code);
    assertEquals(201, api.create("k", big).code);
  }

  @Test
  void rateLimitNextSends429WithRetryAfterSeconds() throws IOException {
    desk.faults().rateLimitNext(1, Duration.ofMillis(1500));
    Api.Result r = api.create("k", ticket("S"));
    assertEquals(429, r.code);
    assertEquals("rate_limited", r.json().get("error"));
    assertEquals("2", r.header("Retry-After"));
    assertEquals(0, desk.ticketCount());
  }

  @Test
  void delayNextOutlastsAShortReadTimeoutButTheWorkIsDone() throws IOException {
    desk.faults().forPath("POST", "/v1/tickets").delayNext(1, Duration.ofSeconds(3));
    Api impatient = new Api(desk, api.client.newBuilder().readTimeout(Duration.ofMillis(300)).build());
    assertThrows(InterruptedIOException.class, () -> impatient.create("k", ticket("S")));
    // The delay does not hit other paths, and the retry with the same key finds the ticket.
    assertEquals(200, api.get("/v1/status/summary.json", null).code);
    // Normally the first request was processed before its response was held back, so the retry is a replay; on a
    // starved machine the retry may overtake it. Either way there is exactly one ticket.
    Api.Result retry = api.create("k", ticket("S"));
    assertTrue(retry.code == 200 || retry.code == 201, retry.toString());
    assertEquals("1", retry.json().get("id"));
    assertEquals(1, desk.ticketCount());
  }

  @Test
  void delayedResponseArrivesWhenTheClientWaits() throws IOException {
    desk.faults().delayNext(1, Duration.ofMillis(200));
    assertEquals(200, api.get("/v1/notices", null).code);
  }

  @Test
  void dropAtStartClosesWithoutResponseAndCreatesNothing() {
    desk.faults().dropConnectionAtStartNext(1);
    assertThrows(IOException.class, () -> api.create("k", ticket("S")));
    assertEquals(0, desk.ticketCount());
    assertEquals(1, desk.createRequestCount());
  }

  @Test
  void dropAtStartOnAGetIsAnIOException() {
    desk.faults().dropConnectionAtStartNext(1);
    assertThrows(IOException.class, () -> api.get("/v1/status/summary.json", null));
  }

  @Test
  void dropMidBodySendsHeadersThenATruncatedBody() throws IOException {
    desk.faults().dropConnectionMidBodyNext(1);
    Request request = api.request("/v1/status/summary.json").build();
    try (Response r = api.client.newCall(request).execute()) {
      assertEquals(200, r.code()); // the headers arrived
      assertThrows(IOException.class, () -> r.body().bytes());
    }
    assertEquals(200, api.get("/v1/status/summary.json", null).code);
  }

  @Test
  void dropMidBodyOnACreationStillCreatesTheTicket() throws IOException {
    desk.faults().forPath("POST", "/v1/tickets").dropConnectionMidBodyNext(1);
    assertThrows(IOException.class, () -> api.create("k", ticket("S")));
    assertEquals(1, desk.ticketCount());
    assertEquals(200, api.create("k", ticket("S")).code);
    assertEquals(1, desk.ticketCount());
  }

  @Test
  void failAfterProcessingCreatesTheTicketAndTheRetryWithTheSameKeyReplaysIt() throws IOException {
    desk.faults().forPath("POST", "/v1/tickets").failAfterProcessingNext(1);
    assertThrows(IOException.class, () -> api.create("sub-42", ticket("Ambiguous")));
    assertEquals(1, desk.ticketCount()); // the desk did create it

    Api.Result retry = api.create("sub-42", ticket("Ambiguous"));
    assertEquals(200, retry.code);
    assertEquals("true", retry.header("Idempotent-Replayed"));
    assertEquals("1", retry.json().get("id"));
    assertEquals(1, desk.ticketCount());
    assertEquals(2, desk.createRequestCount());
  }

  @Test
  void scopedFaultsOnlyHitMatchingRequestsAndClearRemovesThem() throws IOException {
    Faults creations = desk.faults().forPath("POST", "/v1/tickets");
    creations.failNext(1, 500);
    assertEquals(200, api.get("/v1/notices", null).code);
    assertEquals(500, api.create("k", ticket("S")).code);
    assertEquals(201, api.create("k", ticket("S")).code);

    creations.failNext(5, 500);
    desk.faults().clear();
    assertEquals(201, api.create("k2", ticket("S2")).code);
  }

  @Test
  void faultsApplyInTheOrderQueued() throws IOException {
    desk.faults().failNext(1, 502).rateLimitNext(1, Duration.ofSeconds(1));
    assertEquals(502, api.get("/v1/notices", null).code);
    assertEquals(429, api.get("/v1/notices", null).code);
    assertEquals(200, api.get("/v1/notices", null).code);
  }

  @Test
  void adminEndpointsAreNeverFaulted() throws IOException {
    desk.faults().failNext(1, 500);
    Api.Result admin = api.execute(api.request("/admin/tickets")
        .header("Authorization", "Bearer " + desk.adminKey()).build());
    assertEquals(200, admin.code);
    assertEquals(500, api.get("/v1/notices", null).code);
  }

  @Test
  void badFaultArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> desk.faults().failNext(1, 200));
    assertThrows(IllegalArgumentException.class, () -> desk.faults().failNext(-1, 500));
    assertThrows(IllegalArgumentException.class, () -> desk.faults().delayNext(1, Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> desk.faults().forPath("GET", "v1"));
  }

  @Test
  void closingTheDeskReleasesADelayedResponse() throws Exception {
    desk.faults().delayNext(1, Duration.ofMinutes(5));
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    api.client.newCall(api.request("/v1/tickets").post(ticket("S"))
        .header("Authorization", "Bearer " + desk.appKey()).header("Idempotency-Key", "k").build())
        .enqueue(new Callback() {
          @Override
          public void onFailure(Call call, IOException e) {
            outcome.complete(e);
          }

          @Override
          public void onResponse(Call call, Response response) {
            response.close();
            outcome.complete(new AssertionError("unexpected response " + response.code()));
          }
        });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (desk.createRequestCount() == 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(1, desk.createRequestCount(), "the request never reached the desk");
    desk.close();
    Throwable t = outcome.get(20, TimeUnit.SECONDS);
    assertInstanceOf(IOException.class, t);
  }
}
