package dev.helpline.connector.freshdesk;

import dev.helpline.connector.Connector;
import dev.helpline.connector.tck.ConnectorFailureContract;
import dev.helpline.connector.tck.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.Clock;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The failure contract against {@link FakeFreshdesk} behind the contract's fault-injecting proxy. */
class FreshdeskFailureContractTest extends ConnectorFailureContract {
  private static MockWebServer server;
  private final ManualClock clock = new ManualClock(Instant.now());

  @BeforeAll
  static void startDesk() throws IOException {
    server = new MockWebServer();
    server.setDispatcher(new FakeFreshdesk(Clock.systemUTC()));
    server.start();
  }

  @AfterAll
  static void stopDesk() throws IOException {
    server.shutdown();
  }

  @Override
  protected String deskUrl() {
    return server.url("/").toString();
  }

  @Override
  protected Connector newConnector(String baseUrl) {
    return FreshdeskConnector.builder(baseUrl, secret()).clock(clock).build();
  }

  @Override
  protected Connector newConnector(String baseUrl, Duration callTimeout) {
    return FreshdeskConnector.builder(baseUrl, secret()).clock(clock).callTimeout(callTimeout).build();
  }

  @Override
  protected void letTimePass(Duration wait) {
    clock.advance(wait);
  }

  @Override
  protected String secret() {
    return FakeFreshdesk.API_KEY;
  }

  @Override
  protected boolean isCreate(RecordedRequest request) {
    return "POST".equals(request.getMethod()) && "/api/v2/tickets".equals(request.getRequestUrl().encodedPath());
  }

  @Override
  protected MockResponse refusal(int status, String message) {
    // Freshdesk's documented error document: {"description": "...", "errors": [{"field", "message", "code"}]}.
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
        .setBody("{\"description\":\"" + message.replace("\"", "\\\"") + "\",\"errors\":[]}");
  }
}
