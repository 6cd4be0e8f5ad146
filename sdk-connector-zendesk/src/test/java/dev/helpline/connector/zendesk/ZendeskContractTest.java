package dev.helpline.connector.zendesk;

import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import dev.helpline.connector.Connector;
import dev.helpline.connector.tck.ConnectorContract;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.UserAuth;
import java.io.IOException;
import java.time.Clock;
import java.util.Objects;
import okhttp3.mockwebserver.MockWebServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The connector contract against {@link FakeZendesk}, with the connector in end-user mode: the
 * Requests API, every call as the requester with their bearer token.
 *
 * <p>How tickets are created. End-user mode creates a request as the user whose token the builder's
 * {@link ZendeskConnector.Builder#requesterToken requesterToken} supplier returns at delivery time (an
 * app's signed-in user); it never takes the token from the ticket's requester, and without a token
 * it creates anonymously. The contract files tickets for several requesters through one connector,
 * so the supplier answers with the token of the requester whose ticket is being created, as an app's
 * session would after the user changed. The alternatives were rejected: an anonymous create cannot
 * look a submission up before sending it again (the connector leaves out
 * {@link dev.helpline.connector.Capability#FIND_BY_SUBMISSION} then), so a retried create would be
 * duplicated and the exactly-once test would rightly fail; a separate connector per requester would
 * leave the connector under test out of the creations. Anonymous creation has its own tests in
 * {@link ZendeskConnectorTest}.
 *
 * <p>Zendesk sends no entity tags for requests, so the connector does not declare conditional reads
 * and the contract checks only that an agent's reply joins the conversation.
 */
class ZendeskContractTest extends ConnectorContract {
  private static MockWebServer server;
  private static FakeZendesk zendesk;

  /** The requester the app has signed in while a ticket is created; null otherwise. */
  private volatile @Nullable Requester signedIn;

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

  /** {@code listTickets} reads 25 a page: the contract files one more and follows the cursor. */
  @Override
  protected int ticketsPerPage() {
    return 25;
  }

  @Override
  protected Connector newConnector() {
    return ZendeskConnector.endUser(server.url("/").toString())
        .requesterToken(() -> {
          Requester r = signedIn;
          return r == null ? null : token(r);
        })
        .build();
  }

  @Override
  protected Ticket create(NewTicket ticket) throws Exception {
    signedIn = Objects.requireNonNull(ticket.requester(), "the contract's tickets name their requester");
    try {
      return super.create(ticket);
    } finally {
      signedIn = null;
    }
  }

  @Override
  protected UserAuth auth(Requester requester) {
    return UserAuth.of(requester, token(requester));
  }

  @Override
  protected void agentReplies(String ticketId, String body) {
    zendesk.agentReplies(Long.parseLong(ticketId), body, true);
  }

  @Override
  protected void setStatus(String ticketId, TicketStatus status) {
    zendesk.setStatus(Long.parseLong(ticketId), zendeskStatus(status));
  }

  /** The requester's token, as the host's backend would issue it through Zendesk sign-on. */
  private static String token(Requester requester) {
    String email = Objects.requireNonNull(requester.email(), "the contract's requesters have e-mail addresses");
    String name = requester.name();
    return zendesk.tokenFor(email, name != null ? name : email);
  }

  private static String zendeskStatus(TicketStatus status) {
    switch (status) {
      case NEW:
        return "new";
      case OPEN:
        return "open";
      case PENDING:
        return "pending";
      case ON_HOLD:
        return "hold";
      case SOLVED:
        return "solved";
      case CLOSED:
        return "closed";
      default:
        throw new IllegalArgumentException("status " + status + " has no Zendesk counterpart");
    }
  }
}
