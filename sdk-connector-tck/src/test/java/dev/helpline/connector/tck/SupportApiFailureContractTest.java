package dev.helpline.connector.tck;

import dev.helpline.Requester;
import dev.helpline.connector.Connector;
import dev.helpline.connector.UserAuth;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.testkit.TestDesk;
import java.time.Duration;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The failure contract against the native connector in front of the testkit desk. */
class SupportApiFailureContractTest extends ConnectorFailureContract {
  private static TestDesk desk;

  @BeforeAll
  static void startDesk() throws Exception {
    desk = TestDesk.builder().start();
  }

  @AfterAll
  static void stopDesk() {
    desk.close();
  }

  @Override
  protected String deskUrl() {
    return desk.baseUrl();
  }

  @Override
  protected Connector newConnector(String baseUrl) {
    return SupportApiConnector.builder().baseUrl(baseUrl).appKey(secret()).build();
  }

  @Override
  protected Connector newConnector(String baseUrl, Duration callTimeout) {
    return SupportApiConnector.builder().baseUrl(baseUrl).appKey(secret()).callTimeout(callTimeout).build();
  }

  @Override
  protected String secret() {
    return desk.appKey();
  }

  @Override
  protected boolean isCreate(RecordedRequest request) {
    return "POST".equals(request.getMethod()) && request.getPath() != null && request.getPath().endsWith("/v1/tickets");
  }

  @Override
  protected MockResponse refusal(int status, String message) {
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
        .setBody("{\"error\":\"refused\",\"message\":\"" + message.replace("\"", "\\\"") + "\"}");
  }

  @Override
  protected UserAuth auth(Requester requester) {
    return UserAuth.of(requester, desk.issueUserToken(requester.email(), requester.email(), Duration.ofHours(1)));
  }
}
