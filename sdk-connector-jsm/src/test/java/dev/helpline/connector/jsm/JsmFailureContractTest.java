package dev.helpline.connector.jsm;

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

/** The failure contract against {@link FakeJsm} behind the contract's fault-injecting proxy. */
class JsmFailureContractTest extends ConnectorFailureContract {
  private static MockWebServer server;
  private final ManualClock clock = new ManualClock(Instant.now());

  @BeforeAll
  static void startDesk() throws IOException {
    server = new MockWebServer();
    server.setDispatcher(new FakeJsm(Clock.systemUTC()));
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
    return JsmConnector.basic(baseUrl, FakeJsm.EMAIL, secret()).clock(clock)
        .serviceDesk(FakeJsm.SERVICE_DESK, FakeJsm.REQUEST_TYPE).submissionField(FakeJsm.SUBMISSION_FIELD).build();
  }

  @Override
  protected Connector newConnector(String baseUrl, Duration callTimeout) {
    return JsmConnector.basic(baseUrl, FakeJsm.EMAIL, secret()).clock(clock).callTimeout(callTimeout)
        .serviceDesk(FakeJsm.SERVICE_DESK, FakeJsm.REQUEST_TYPE).submissionField(FakeJsm.SUBMISSION_FIELD).build();
  }

  @Override
  protected void letTimePass(Duration wait) {
    clock.advance(wait);
  }

  @Override
  protected String secret() {
    return FakeJsm.API_TOKEN;
  }

  @Override
  protected boolean isCreate(RecordedRequest request) {
    return "POST".equals(request.getMethod())
        && "/rest/servicedeskapi/request".equals(request.getRequestUrl().encodedPath());
  }

  @Override
  protected MockResponse refusal(int status, String message) {
    // Jira's documented error collection: {"errorMessages": [...], "errors": {field: message}}.
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
        .setBody("{\"errorMessages\":[\"" + message.replace("\"", "\\\"") + "\"],\"errors\":{}}");
  }
}
