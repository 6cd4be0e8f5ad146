package dev.helpline.connector.tck;

import dev.helpline.Attachment;
import dev.helpline.Message;
import dev.helpline.Rating;
import dev.helpline.Ticket;
import dev.helpline.connector.ArticleSource;
import dev.helpline.connector.Capability;
import dev.helpline.connector.Connector;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.UserAuth;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A connector that hands every call to {@code delegate}; tests override the one they break or narrow. */
abstract class ForwardingConnector implements Connector {
  final Connector delegate;

  ForwardingConnector(Connector delegate) {
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
    return delegate.listTickets(user, cursor);
  }

  @Override
  public List<Message> messages(UserAuth user, String ticketId) throws IOException {
    return delegate.messages(user, ticketId);
  }

  @Override
  public Message reply(UserAuth user, String ticketId, String body, List<Attachment> attachments) throws IOException {
    return delegate.reply(user, ticketId, body, attachments);
  }

  @Override
  public void rate(UserAuth user, String ticketId, Rating rating) throws IOException {
    delegate.rate(user, ticketId, rating);
  }

  @Override
  public @Nullable ArticleSource articleSource() {
    return delegate.articleSource();
  }

  @Override
  public UserAuth.Requirement userAuthRequirement() {
    return delegate.userAuthRequirement();
  }

  @Override
  public void cancelCalls() {
    delegate.cancelCalls();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
