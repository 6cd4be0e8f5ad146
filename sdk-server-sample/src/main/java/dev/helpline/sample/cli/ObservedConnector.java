package dev.helpline.sample.cli;

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

/**
 * Wraps a desk's connector to show upload progress of ticket creations (the delivery worker itself does not ask
 * for it). Everything else is passed through unchanged.
 */
final class ObservedConnector implements Connector {
  private final Connector delegate;
  private final UploadProgress progress;

  ObservedConnector(Connector delegate, UploadProgress progress) {
    this.delegate = delegate;
    this.progress = progress;
  }

  @Override public String name() {
    return delegate.name();
  }

  @Override public Set<Capability> capabilities() {
    return delegate.capabilities();
  }

  @Override public Ticket create(NewTicket ticket, UploadProgress ignored) throws IOException {
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

  @Override public void cancelCalls() {
    delegate.cancelCalls();
  }

  @Override public void close() {
    delegate.close();
  }
}
