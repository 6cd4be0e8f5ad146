package dev.helpline.connector.rt;

import dev.helpline.connector.Connector;
import dev.helpline.connector.tck.ConnectorFailureContract;
import java.time.Duration;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The failure contract against a real RT behind the contract's fault-injecting proxy. */
@ExtendWith(RealRt.class)
class RequestTrackerFailureContractTest extends ConnectorFailureContract {
  private static RealRt.Server rt;

  @BeforeAll
  static void server(RealRt.Server server) {
    rt = server;
  }

  @Override
  protected String deskUrl() {
    return rt.rootUrl();
  }

  @Override
  protected Connector newConnector(String baseUrl) {
    return RequestTrackerConnector.builder().baseUrl(baseUrl).token(secret()).build();
  }

  @Override
  protected Connector newConnector(String baseUrl, Duration callTimeout) {
    return RequestTrackerConnector.builder().baseUrl(baseUrl).token(secret()).callTimeout(callTimeout).build();
  }

  @Override
  protected String secret() {
    return rt.serviceToken;
  }

  @Override
  protected boolean isCreate(RecordedRequest request) {
    return "POST".equals(request.getMethod()) && request.getPath() != null
        && request.getPath().replaceAll("\\?.*", "").endsWith("/ticket");
  }

  @Override
  protected MockResponse refusal(int status, String message) {
    // RT answers every error as {"message": "..."}.
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
        .setBody("{\"message\":\"" + message.replace("\"", "\\\"") + "\"}");
  }
}
