package dev.helpline.connector.freshdesk;

import dev.helpline.TicketStatus;
import dev.helpline.connector.Connector;
import dev.helpline.connector.tck.ConnectorContract;
import java.io.IOException;
import java.time.Clock;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The connector contract against {@link FakeFreshdesk}: one connector with the account's API key files
 * for every requester and reads for them by e-mail ({@code UserAuth.Requirement.REQUESTER}), so the
 * contract's default {@code auth} (requester, no token) is what a host passes.
 */
class FreshdeskContractTest extends ConnectorContract {
  private static MockWebServer server;
  private static FakeFreshdesk freshdesk;

  @BeforeAll
  static void startDesk() throws IOException {
    freshdesk = new FakeFreshdesk(Clock.systemUTC());
    server = new MockWebServer();
    server.setDispatcher(freshdesk);
    server.start();
  }

  @AfterAll
  static void stopDesk() throws IOException {
    server.shutdown();
  }

  /** {@code listTickets} reads 30 a page: the contract files one more and follows the cursor. */
  @Override
  protected int ticketsPerPage() {
    return 30;
  }

  @Override
  protected Connector newConnector() {
    return FreshdeskConnector.builder(server.url("/").toString(), FakeFreshdesk.API_KEY).build();
  }

  @Override
  protected void agentReplies(String ticketId, String body) {
    freshdesk.agentReplies(Long.parseLong(ticketId), body, false);
  }

  @Override
  protected void setStatus(String ticketId, TicketStatus status) {
    int value;
    switch (status) {
      case OPEN:
        value = 2;
        break;
      case PENDING:
        value = 3;
        break;
      case SOLVED:
        value = 4;
        break;
      case CLOSED:
        value = 5;
        break;
      default:
        throw new IllegalArgumentException("status " + status + " has no Freshdesk counterpart");
    }
    freshdesk.setStatus(Long.parseLong(ticketId), value);
  }
}
