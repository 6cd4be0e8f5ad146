package dev.helpline.connector.tck;

import dev.helpline.Requester;
import dev.helpline.TicketStatus;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.connector.Connector;
import dev.helpline.connector.UserAuth;
import dev.helpline.testkit.TestDesk;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The connector contract every desk passes, run against the native connector and the testkit desk. */
class SupportApiContractTest extends ConnectorContract {
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
  protected Connector newConnector() {
    return SupportApiConnector.builder().baseUrl(desk.baseUrl()).appKey(desk.appKey()).build();
  }

  @Override
  protected UserAuth auth(Requester requester) {
    // The native desk identifies readers by a token the host's backend issues for them.
    return UserAuth.of(requester, desk.issueUserToken(requester.email(), requester.email(), Duration.ofHours(1)));
  }

  @Override
  protected int ticketsPerPage() {
    return 20; // the test desk's default page
  }

  @Override
  protected void agentReplies(String ticketId, String body) {
    desk.admin().reply(ticketId, body);
  }

  @Override
  protected void setStatus(String ticketId, TicketStatus status) {
    desk.admin().setStatus(ticketId, status.name().toLowerCase(Locale.ROOT));
  }
}
