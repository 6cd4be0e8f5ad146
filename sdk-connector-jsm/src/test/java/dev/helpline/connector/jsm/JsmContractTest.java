package dev.helpline.connector.jsm;

import dev.helpline.TicketStatus;
import dev.helpline.connector.Connector;
import dev.helpline.connector.tck.ConnectorContract;
import java.io.IOException;
import java.time.Clock;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The connector contract against {@link FakeJsm}: one service account raises requests on behalf of every
 * customer and reads for them by e-mail ({@code UserAuth.Requirement.REQUESTER}). Feedback is left off, as
 * for any account that is not a Connect app, so the contract checks that rating is not offered.
 */
class JsmContractTest extends ConnectorContract {
  private static MockWebServer server;
  private static FakeJsm jsm;

  @BeforeAll
  static void startDesk() throws IOException {
    jsm = new FakeJsm(Clock.systemUTC());
    server = new MockWebServer();
    server.setDispatcher(jsm);
    server.start();
  }

  @AfterAll
  static void stopDesk() throws IOException {
    server.shutdown();
  }

  /** {@code listTickets} reads 25 a page: the contract files one more and follows the cursor. */
  @Override
  protected int ticketsPerPage() {
    return 25;
  }

  @Override
  protected Connector newConnector() {
    return JsmConnector.basic(server.url("/").toString(), FakeJsm.EMAIL, FakeJsm.API_TOKEN)
        .serviceDesk(FakeJsm.SERVICE_DESK, FakeJsm.REQUEST_TYPE).submissionField(FakeJsm.SUBMISSION_FIELD).build();
  }

  @Override
  protected void agentReplies(String ticketId, String body) {
    jsm.agentComments(ticketId, body, true);
  }

  @Override
  protected void setStatus(String ticketId, TicketStatus status) {
    switch (status) {
      case NEW:
        jsm.setStatus(ticketId, "Waiting for support", "NEW");
        break;
      case OPEN:
        jsm.setStatus(ticketId, "In progress", "INDETERMINATE");
        break;
      case SOLVED:
        jsm.setStatus(ticketId, "Resolved", "DONE");
        break;
      default:
        throw new IllegalArgumentException("status " + status + " has no status category of its own in Jira");
    }
  }
}
