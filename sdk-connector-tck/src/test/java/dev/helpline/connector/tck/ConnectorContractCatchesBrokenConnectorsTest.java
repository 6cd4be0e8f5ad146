package dev.helpline.connector.tck;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Attachment;
import dev.helpline.Message;
import dev.helpline.Rating;
import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import dev.helpline.connector.Capability;
import dev.helpline.connector.Connector;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.UserAuth;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.testkit.TestDesk;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The connector contract fails a connector that breaks the rule a test names: each test runs one contract test
 * against a connector broken in just that way and expects the contract to fail it, saying what to fix.
 */
@Timeout(120)
class ConnectorContractCatchesBrokenConnectorsTest {
  private static TestDesk desk;

  @BeforeAll
  static void startDesk() throws Exception {
    desk = TestDesk.builder().start();
  }

  @AfterAll
  static void stopDesk() {
    desk.close();
  }

  @Test
  void aConnectorThatListsOnlyTheFirstPageFailsTheListingTest() throws Exception {
    Run run = new Run();
    AssertionError e = assertThrows(AssertionError.class, () -> {
      run.openConnector();
      try {
        run.listsOnlyTheRequestersOwnTicketsNewestFirstAcrossPages();
      } finally {
        run.closeConnector();
      }
    }, "the contract passed a connector that never gives a next cursor");
    assertTrue(e.getMessage().contains("without a cursor to the next"), e.getMessage());
  }

  /** The contract against the native connector, broken by {@link FirstPageOnly}. */
  private static final class Run extends ConnectorContract {
    @Override
    protected Connector newConnector() {
      return new FirstPageOnly(SupportApiConnector.builder().baseUrl(desk.baseUrl()).appKey(desk.appKey()).build());
    }

    @Override
    protected int ticketsPerPage() {
      return 20;
    }

    @Override
    protected UserAuth auth(Requester requester) {
      return UserAuth.of(requester, desk.issueUserToken(requester.email(), requester.email(), Duration.ofHours(1)));
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

  /** A connector that lists the first page and drops the desk's cursor to the next. */
  private static final class FirstPageOnly implements Connector {
    private final Connector delegate;

    FirstPageOnly(Connector delegate) {
      this.delegate = delegate;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public Set<Capability> capabilities() {
      return delegate.capabilities();
    }

    @Override
    public Ticket create(NewTicket ticket, UploadProgress progress) throws IOException {
      return delegate.create(ticket, progress);
    }

    @Override
    public Duration idempotencyKeyLifetime() {
      return delegate.idempotencyKeyLifetime();
    }

    @Override
    public ConditionalTicket getTicket(UserAuth user, String ticketId, @Nullable String etag) throws IOException {
      return delegate.getTicket(user, ticketId, etag);
    }

    @Override
    public TicketPage listTickets(UserAuth user, @Nullable String cursor) throws IOException {
      return new TicketPage(delegate.listTickets(user, cursor).tickets(), null);
    }

    @Override
    public List<Message> messages(UserAuth user, String ticketId) throws IOException {
      return delegate.messages(user, ticketId);
    }

    @Override
    public Message reply(UserAuth user, String ticketId, String body, List<Attachment> attachments)
        throws IOException {
      return delegate.reply(user, ticketId, body, attachments);
    }

    @Override
    public void rate(UserAuth user, String ticketId, Rating rating) throws IOException {
      delegate.rate(user, ticketId, rating);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
