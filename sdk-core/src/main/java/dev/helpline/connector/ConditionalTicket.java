package dev.helpline.connector;

import dev.helpline.Ticket;
import org.jspecify.annotations.Nullable;

/** The answer to a conditional read: either the ticket with its new entity tag, or "not modified". */
public final class ConditionalTicket {
  private final @Nullable Ticket ticket;
  private final @Nullable String etag;

  private ConditionalTicket(@Nullable Ticket ticket, @Nullable String etag) {
    this.ticket = ticket;
    this.etag = etag;
  }

  public static ConditionalTicket of(Ticket ticket, @Nullable String etag) {
    return new ConditionalTicket(ticket, etag);
  }

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
