package dev.helpline.internal.delivery;

import dev.helpline.Attachment;
import dev.helpline.Message;
import dev.helpline.Rating;
import dev.helpline.connector.Capability;
import dev.helpline.connector.Connector.ConditionalTicket;
import dev.helpline.connector.Connector;
import dev.helpline.connector.Connector.TicketPage;
import dev.helpline.connector.UserAuth;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A connector that only creates tickets. */
abstract class FakeConnectorBase implements Connector {
  @Override
  public String name() {
    return "fake desk";
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.CREATE, Capability.ATTACHMENTS, Capability.IDEMPOTENT_CREATE);
  }

  @Override
  public ConditionalTicket getTicket(UserAuth user, String ticketId, @Nullable String etag) {
    throw new AssertionError("the delivery worker only creates tickets; it called getTicket");
  }

  @Override
  public TicketPage listTickets(UserAuth user, @Nullable String cursor) {
    throw new AssertionError("the delivery worker only creates tickets; it called listTickets");
  }

  @Override
  public List<Message> messages(UserAuth user, String ticketId) {
    throw new AssertionError("the delivery worker only creates tickets; it called messages");
  }

  @Override
  public Message reply(UserAuth user, String ticketId, String body, List<Attachment> attachments) {
    throw new AssertionError("the delivery worker only creates tickets; it called reply");
  }

  @Override
  public void rate(UserAuth user, String ticketId, Rating rating) {
    throw new AssertionError("the delivery worker only creates tickets; it called rate");
  }
}
