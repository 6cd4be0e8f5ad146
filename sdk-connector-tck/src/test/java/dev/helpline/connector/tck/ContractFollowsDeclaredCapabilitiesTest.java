package dev.helpline.connector.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.helpline.Attachment;
import dev.helpline.Message;
import dev.helpline.Rating;
import dev.helpline.connector.Capability;
import dev.helpline.connector.CapabilityUnsupportedException;
import dev.helpline.connector.Connector;
import dev.helpline.connector.UserAuth;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.testkit.TestDesk;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The connector contract asks a connector only for what it declares: a connector that reads tickets but cannot
 * reply, list or show the conversation, and says so, passes the tests about what it does declare.
 */
@Timeout(120)
class ContractFollowsDeclaredCapabilitiesTest {
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
  void aConnectorThatCannotReplyOrListIsCheckedOnlyOnItsReads() throws Exception {
    Run run = new Run(EnumSet.of(Capability.REPLY, Capability.LIST_TICKETS));
    run.pass(run::anotherRequesterCannotReadOrAnswerTheTicket);
    assertEquals(Set.of(Capability.LIST_TICKETS, Capability.REPLY), run.refused);
  }

  @Test
  void aConnectorWithoutTheConversationIsNotAskedForIt() throws Exception {
    Run run = new Run(EnumSet.of(Capability.MESSAGES));
    run.pass(run::agentReplyJoinsTheConversationAndChangesTheDeclaredEntityTag);
    run.pass(run::anotherRequesterCannotReadOrAnswerTheTicket);
    run.pass(run::requesterReplyIsStoredAndListedWithItsAttachment);
    assertEquals(Set.of(Capability.MESSAGES), run.refused);
  }

  /** The contract against the native connector with {@code withheld} taken out of its capabilities. */
  private static final class Run extends TestDeskContract {
    private final Set<Capability> withheld;
    /** The withheld capabilities the contract checked were refused. */
    final Set<Capability> refused = EnumSet.noneOf(Capability.class);

    Run(Set<Capability> withheld) {
      this.withheld = withheld;
    }

    interface ContractTest {
      void run() throws Exception;
    }

    /** Runs {@code test} as JUnit would, before and after each included; it must pass. */
    void pass(ContractTest test) throws Exception {
      openConnector();
      try {
        test.run();
      } finally {
        closeConnector();
      }
    }

    @Override
    protected Connector newConnector() {
      return new Narrowed(SupportApiConnector.builder().baseUrl(desk.baseUrl()).appKey(desk.appKey()).build(),
          withheld, refused);
    }

    @Override
    TestDesk desk() {
      return desk;
    }
  }

  /** A connector that declares fewer capabilities and refuses the withheld ones up front, as the contract asks. */
  private static final class Narrowed extends ForwardingConnector {
    private final Set<Capability> withheld;
    private final Set<Capability> refused;

    Narrowed(Connector delegate, Set<Capability> withheld, Set<Capability> refused) {
      super(delegate);
      this.withheld = withheld;
      this.refused = refused;
    }

    private void check(Capability capability) {
      if (withheld.contains(capability)) {
        refused.add(capability);
        throw new CapabilityUnsupportedException(name(), capability);
      }
    }

    @Override
    public String name() {
      return "Narrowed " + delegate.name();
    }

    @Override
    public Set<Capability> capabilities() {
      Set<Capability> declared = EnumSet.copyOf(delegate.capabilities());
      declared.removeAll(withheld);
      return declared;
    }

    @Override
    public ConditionalTicket getTicket(UserAuth user, String ticketId, @Nullable String etag) throws IOException {
      check(Capability.GET_TICKET);
      return delegate.getTicket(user, ticketId, etag);
    }

    @Override
    public TicketPage listTickets(UserAuth user, @Nullable String cursor) throws IOException {
      check(Capability.LIST_TICKETS);
      return delegate.listTickets(user, cursor);
    }

    @Override
    public List<Message> messages(UserAuth user, String ticketId) throws IOException {
      check(Capability.MESSAGES);
      return delegate.messages(user, ticketId);
    }

    @Override
    public Message reply(UserAuth user, String ticketId, String body, List<Attachment> attachments)
        throws IOException {
      check(Capability.REPLY);
      return delegate.reply(user, ticketId, body, attachments);
    }

    @Override
    public void rate(UserAuth user, String ticketId, Rating rating) throws IOException {
      check(Capability.RATE);
      delegate.rate(user, ticketId, rating);
    }
  }
}
