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
import java.io.InterruptedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * The "desk" behind {@code helpline outbox}, which only lists the outbox and must not deliver or change it. The
 * client starts a delivery pass when it opens the outbox; here that pass blocks in {@link #create} until the client
 * is closed, which interrupts it, and an attempt interrupted by closing leaves its entry exactly as it was.
 */
final class OfflineConnector implements Connector {
  private final CountDownLatch never = new CountDownLatch(1);

  @Override public String name() {
    return "offline (listing only)";
  }

  @Override public UserAuth.Requirement userAuthRequirement() {
    return UserAuth.Requirement.NOTHING;
  }

  @Override public Set<Capability> capabilities() {
    return Collections.emptySet();
  }

  @Override public Ticket create(NewTicket ticket, UploadProgress progress) throws IOException {
    try {
      never.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new InterruptedIOException("listing only: nothing is delivered");
  }

  @Override public ConditionalTicket getTicket(UserAuth user, String ticketId, @Nullable String etag) {
    throw new UnsupportedOperationException("offline");
  }

  @Override public TicketPage listTickets(UserAuth user, @Nullable String cursor) {
    throw new UnsupportedOperationException("offline");
  }

  @Override public List<Message> messages(UserAuth user, String ticketId) {
    throw new UnsupportedOperationException("offline");
  }

  @Override public Message reply(UserAuth user, String ticketId, String body, List<Attachment> attachments) {
    throw new UnsupportedOperationException("offline");
  }

  @Override public void rate(UserAuth user, String ticketId, Rating rating) {
    throw new UnsupportedOperationException("offline");
  }
}
