package dev.helpline.connector;

import java.util.ArrayList;
import java.util.Collections;
import dev.helpline.Attachment;
import dev.helpline.DeskException;
import dev.helpline.Message;
import dev.helpline.Rating;
import dev.helpline.Ticket;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A helpdesk, as Helpline sees it. One implementation per desk (the native Support API, Request
 * Tracker, Zendesk, …); adding a desk never touches the core.
 *
 * <p>Threading: methods are blocking and may be called from several threads at once: the client's
 * delivery and I/O threads, and the host's own thread for the blocking reads it calls (such as
 * {@code Helpline.tickets()}). Errors: {@link IOException} for transport failures
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
   * same submission after an ambiguous failure returns the ticket created the first time. Reports upload
   * progress to {@code progress} on the calling thread.
   */
  Ticket create(NewTicket ticket, UploadProgress progress) throws IOException;

  /**
   * How long the desk remembers a submission's idempotency key: within it, a create retried with the
   * same submission returns the ticket the earlier attempt created, by the key alone. After it the
   * desk would create a second ticket, so a connector that relies on the key finds the earlier
   * ticket by submission id first when {@link NewTicket#earlierAttemptMayBeOlderThan(Duration)} this
   * lifetime. {@link Duration#ZERO} (the default) when the desk keeps no key: the connector searches
   * for the submission on every retry instead (a custom field, an external id), or, when it cannot
   * ({@link Capability#FIND_BY_SUBMISSION} absent), a retry after an ambiguous failure may duplicate;
   * the outbox then records each first attempt so that it survives a power loss (a forced write) before
   * the call. Constant for the connector's lifetime; never negative.
   */
  default Duration idempotencyKeyLifetime() {
    return Duration.ZERO;
  }

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

  /**
   * Ends the calls this connector has in flight, from any thread, without waiting for them: each
   * blocked method fails promptly with an {@link IOException}, which leaves its outcome unknown (a
   * create may have reached the desk, and is made good by a later create with the same submission id).
   * Calls started afterwards go ahead: the connector stays usable. The client calls this when it is
   * closed while a delivery is still in flight. Never throws. The default does nothing; a connector
   * whose calls can block for long should implement it (the built-in HTTP connectors do).
   */
  default void cancelCalls() {}

  /** Releases connections and threads. Never throws. */
  @Override
  default void close() {}

  /** The answer to a conditional read: either the ticket with its new entity tag, or "not modified". */
  public static final class ConditionalTicket {
    private final @Nullable Ticket ticket;
    private final @Nullable String etag;

    private ConditionalTicket(@Nullable Ticket ticket, @Nullable String etag) {
      this.ticket = ticket;
      this.etag = etag;
    }

    /** A changed (or unconditionally read) ticket and its entity tag, when the desk gave one. */
    public static ConditionalTicket of(Ticket ticket, @Nullable String etag) {
      return new ConditionalTicket(ticket, etag);
    }

    /** The desk's "not modified" answer, with the entity tag it sent, if any. */
    public static ConditionalTicket notModified(@Nullable String etag) {
      return new ConditionalTicket(null, etag);
    }

    /** True when the desk answered 304: the caller's copy is current. */
    public boolean notModified() {
      return ticket == null;
    }

    /** The ticket, or null when not modified. */
    public @Nullable Ticket ticket() {
      return ticket;
    }

    /** The entity tag to send next time, when the desk gave one. */
    public @Nullable String etag() {
      return etag;
    }
  }

  /** One page of a requester's tickets, newest first, and the cursor of the next page. */
  public static final class TicketPage {
    private final List<Ticket> tickets;
    private final @Nullable String nextCursor;

    /** A page of {@code tickets} (copied); {@code nextCursor} is null on the last page. */
    public TicketPage(List<Ticket> tickets, @Nullable String nextCursor) {
      this.tickets = Collections.unmodifiableList(new ArrayList<>(tickets));
      this.nextCursor = nextCursor;
    }

    /** The tickets of this page, newest first; unmodifiable. */
    public List<Ticket> tickets() {
      return tickets;
    }

    /** The cursor to pass for the next page, or null on the last page. */
    public @Nullable String nextCursor() {
      return nextCursor;
    }
  }

  /**
   * Told how far an upload has gone. Called on the thread of the {@link Connector#create} call (a delivery
   * thread); must be fast and must not throw.
   */
  @FunctionalInterface
  public interface UploadProgress {
    /** Ignores progress. */
    UploadProgress NONE = (sent, total) -> {};

    /** {@code bytesSent} of {@code bytesTotal} request bytes are written ({@code bytesTotal} is -1 when unknown). */
    void onProgress(long bytesSent, long bytesTotal);
  }

  /**
   * The desk answered a create with a success status but no ticket the client can use: an empty,
   * malformed or oversized body, an empty ticket id, or a ticket for another submission (the echoed
   * idempotency key differs). Not a delivery. An {@link IOException}, so a caller that knows only
   * transport errors retries it; the delivery worker retries it with backoff a few times and then
   * keeps the submission as failed with this message as the reason.
   */
  public static class UnusableAnswerException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int httpStatus;

    /** An exception for an answer with success status {@code httpStatus} that {@code message} says is unusable. */
    public UnusableAnswerException(int httpStatus, String message) {
      super(message);
      this.httpStatus = httpStatus;
    }

    /** The success status the desk answered with. */
    public int httpStatus() {
      return httpStatus;
    }
  }

  /**
   * A create that cannot tell yet whether an earlier attempt created the ticket: the desk's search, by which the
   * connector finds it, shows writes only after a delay, and the earlier attempt is more recent than that. Sending
   * the create now could make a second ticket; after {@link #retryAfter()} the search answers for sure. Not a
   * failure of the desk: the delivery worker tries this submission again no sooner, without counting it against
   * the desk or holding back other submissions. An {@link IOException}, so a caller that knows only transport
   * errors retries it.
   */
  public static class SearchLagException extends IOException {
    private static final long serialVersionUID = 1L;
    private final Duration retryAfter;

    /** @throws IllegalArgumentException when {@code retryAfter} is negative */
    public SearchLagException(String message, Duration retryAfter) {
      super(message);
      Objects.requireNonNull(retryAfter, "retryAfter == null");
      if (retryAfter.isNegative()) throw new IllegalArgumentException("retryAfter is " + retryAfter + "; it must be >= 0");
      this.retryAfter = retryAfter;
    }

    /** How long until the desk's search shows whatever an earlier attempt created; never negative. */
    public Duration retryAfter() {
      return retryAfter;
    }
  }
}
