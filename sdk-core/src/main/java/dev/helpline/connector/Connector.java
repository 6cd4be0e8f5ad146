package dev.helpline.connector;

import dev.helpline.Attachment;
import dev.helpline.DeskException;
import dev.helpline.Message;
import dev.helpline.Rating;
import dev.helpline.Ticket;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A helpdesk, as Helpline sees it. One implementation per desk (the native Support API, Request
 * Tracker, Zendesk, …); adding a desk never touches the core.
 *
 * <p>Threading: methods are blocking and may be called from several threads at once; the client
 * never calls them on the host's UI thread. Errors: {@link IOException} for transport failures
 * (the request may or may not have reached the desk), {@link DeskException} when the desk answered
 * with a refusal. A method whose {@link Capability} is not in {@link #capabilities()} is never
 * called by the client.
 */
public interface Connector extends AutoCloseable {
  /** A short name for logs and error messages, for example "Request Tracker". */
  String name();

  /** What this connector can do. Constant for the connector's lifetime. */
  Set<Capability> capabilities();

  /**
   * Creates the ticket, exactly once per {@link NewTicket#submissionId()}: calling again with the
   * same submission after an ambiguous failure returns the ticket created the first time.
   */
  Ticket create(NewTicket ticket, UploadProgress progress) throws IOException;

  /** Reads a ticket; with a non-null {@code etag} the desk may answer "not modified". */
  ConditionalTicket getTicket(UserAuth user, String ticketId, @Nullable String etag) throws IOException;

  /** Lists the requester's own tickets, newest first; {@code cursor} is null for the first page. */
  TicketPage listTickets(UserAuth user, @Nullable String cursor) throws IOException;

  /**
   * The public conversation of a ticket, oldest first: the requester's original report first, then every
   * public reply (internal notes are never included).
   */
  List<Message> messages(UserAuth user, String ticketId) throws IOException;

  /** Adds the requester's reply and returns it as the desk stored it. */
  Message reply(UserAuth user, String ticketId, String body, List<Attachment> attachments) throws IOException;

  /** Rates a solved ticket. */
  void rate(UserAuth user, String ticketId, Rating rating) throws IOException;

  /**
   * Where this desk's self-service articles are searched, or null when it has none. Building the
   * source does no I/O.
   */
  default @Nullable ArticleSource articleSource() {
    return null;
  }

  /** What {@link UserAuth} must carry for this desk's reads; the native Support API needs the user token. */
  default UserAuth.Requirement userAuthRequirement() {
    return UserAuth.Requirement.USER_TOKEN;
  }

  /** Releases connections and threads. Never throws. */
  @Override
  default void close() {}
}
