package dev.helpline.connector.tck;

import dev.helpline.Requester;
import dev.helpline.TicketStatus;
import dev.helpline.connector.UserAuth;
import dev.helpline.testkit.TestDesk;
import java.time.Duration;
import java.util.Locale;

/** The connector contract's desk hooks for the native connector on a testkit desk: tokens, agent, statuses. */
abstract class TestDeskContract extends ConnectorContract {
  /** The desk the connector under test talks to. */
  abstract TestDesk desk();

  @Override
  protected UserAuth auth(Requester requester) {
    // The native desk identifies readers by a token the host's backend issues for them.
    return UserAuth.of(requester, desk().issueUserToken(requester.email(), requester.email(), Duration.ofHours(1)));
  }

  @Override
  protected int ticketsPerPage() {
    return 20; // the test desk's default page
  }

  @Override
  protected void agentReplies(String ticketId, String body) {
    desk().admin().reply(ticketId, body);
  }

  @Override
  protected void setStatus(String ticketId, TicketStatus status) {
    desk().admin().setStatus(ticketId, status.name().toLowerCase(Locale.ROOT));
  }
}
