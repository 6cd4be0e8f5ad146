package dev.helpline.connector.rt;

import dev.helpline.TicketStatus;
import dev.helpline.connector.Connector;
import dev.helpline.connector.tck.ConnectorContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The connector contract against a real RT, with the limited service account the setup doc describes. */
@ExtendWith(RealRt.class)
class RequestTrackerContractTest extends ConnectorContract {
  private static RealRt.Server rt;

  @BeforeAll
  static void server(RealRt.Server server) {
    rt = server;
  }

  /** {@code listTickets} reads 3 a page (set small here with {@code pageSize(3)}): the contract files one more and follows the cursor. */
  @Override
  protected int ticketsPerPage() {
    return 3;
  }

  @Override
  protected Connector newConnector() {
    return RequestTrackerConnector.builder().baseUrl(rt.rootUrl()).token(rt.serviceToken).pageSize(3).build();
  }

  @Override
  protected void agentReplies(String ticketId, String body) throws Exception {
    rt.correspond(ticketId, body);
  }

  @Override
  protected void setStatus(String ticketId, TicketStatus status) throws Exception {
    rt.setStatus(ticketId, RealRt.Server.rtStatus(status));
  }
}
