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

  @Override
  protected Connector newConnector() {
    return RequestTrackerConnector.builder().baseUrl(rt.rootUrl()).token(rt.serviceToken).build();
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
