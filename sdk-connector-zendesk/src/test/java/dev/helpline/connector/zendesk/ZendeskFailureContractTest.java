package dev.helpline.connector.zendesk;

import dev.helpline.Requester;
import dev.helpline.connector.Connector;
import dev.helpline.connector.tck.ConnectorFailureContract;
import java.io.IOException;
import java.time.Duration;
import java.time.Clock;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The failure contract against {@link FakeZendesk} with the connector in backend mode (Tickets API, agent
 * e-mail and API token), the mode that deduplicates with {@code Idempotency-Key} and {@code external_id}.
 */
class ZendeskFailureContractTest extends ConnectorFailureContract {
  private static MockWebServer server;
  private static FakeZendesk zendesk;

  @BeforeAll
  static void startDesk() throws IOException {
    zendesk = new FakeZendesk(Clock.systemUTC());
    server = new MockWebServer();
    server.setDispatcher(zendesk);
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
    return ZendeskConnector.backend(baseUrl, FakeZendesk.AGENT_EMAIL, secret()).build();
  }

  @Override
  protected Connector newConnector(String baseUrl, Duration callTimeout) {
    return ZendeskConnector.backend(baseUrl, FakeZendesk.AGENT_EMAIL, secret()).callTimeout(callTimeout).build();
  }

  @Override
  protected String secret() {
    return FakeZendesk.API_TOKEN;
  }

  @Override
  protected boolean isCreate(RecordedRequest request) {
    return "POST".equals(request.getMethod()) && request.getPath() != null
        && request.getPath().startsWith("/api/v2/tickets");
  }

  @Override
  protected MockResponse refusal(int status, String message) {
    // Zendesk's documented error document: {"error": "...", "description": "..."}.
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
        .setBody("{\"error\":\"RecordInvalid\",\"description\":\"" + message.replace("\"", "\\\"") + "\"}");
  }

  @Override
  protected int ticketsWithSubject(Requester requester, String subject) {
    synchronized (zendesk) {
      int count = 0;
      for (Map<String, Object> t : zendesk.tickets.values()) if (subject.equals(t.get("subject"))) count++;
      return count;
    }
  }
}
