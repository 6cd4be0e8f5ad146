package dev.helpline.delivery;

import dev.helpline.Attachment;
import dev.helpline.Message;
import dev.helpline.Rating;
import dev.helpline.Ticket;
import dev.helpline.connector.Capability;
import dev.helpline.connector.Connector.ConditionalTicket;
import dev.helpline.connector.Connector;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.TicketPage;
import dev.helpline.connector.Connector.UploadProgress;
import dev.helpline.connector.UserAuth;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A real connector whose creations first pass a gate, so a test can hold one call in flight. */
final class GatedConnector implements Connector {
  interface Gate {
    void pass() throws Exception;
  }

  private final Connector delegate;
  private final Gate gate;

  GatedConnector(Connector delegate, Gate gate) {
    this.delegate = delegate;
    this.gate = gate;
  }

  @Override public String name() {
    return delegate.name();
  }

  @Override public Set<Capability> capabilities() {
    return delegate.capabilities();
  }

  @Override public Ticket create(NewTicket ticket, UploadProgress progress) throws IOException {
    try {
      gate.pass();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return delegate.create(ticket, progress);
  }

  @Override public ConditionalTicket getTicket(UserAuth user, String ticketId, @Nullable String etag)
      throws IOException {
    return delegate.getTicket(user, ticketId, etag);
  }

  @Override public TicketPage listTickets(UserAuth user, @Nullable String cursor) throws IOException {
    return delegate.listTickets(user, cursor);
  }

  @Override public List<Message> messages(UserAuth user, String ticketId) throws IOException {
    return delegate.messages(user, ticketId);
  }

  @Override public Message reply(UserAuth user, String ticketId, String body, List<Attachment> attachments)
      throws IOException {
    return delegate.reply(user, ticketId, body, attachments);
  }

  @Override public void rate(UserAuth user, String ticketId, Rating rating) throws IOException {
    delegate.rate(user, ticketId, rating);
  }
}
