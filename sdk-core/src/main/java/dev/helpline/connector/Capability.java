package dev.helpline.connector;

/** An operation a connector may support. The client checks them before calling, so users get a clear error. */
public enum Capability {
  /** {@link Connector#create} creates tickets. */
  CREATE("creating tickets"),
  /** Tickets and replies can carry files; a reply with files requires it. */
  ATTACHMENTS("attachments"),
  /** The desk deduplicates creations by an idempotency key. */
  IDEMPOTENT_CREATE("idempotent ticket creation"),
  /** The connector can find a ticket by its submission id after an ambiguous failure. */
  FIND_BY_SUBMISSION("finding tickets by submission id"),
  /** {@link Connector#getTicket} reads one ticket. */
  GET_TICKET("reading a ticket"),
  /** {@link Connector#getTicket} may answer "not modified" for an ETag; without it the client sends none. */
  CONDITIONAL_GET("conditional reads (ETag)"),
  /** {@link Connector#listTickets} lists the requester's own tickets. */
  LIST_TICKETS("listing a requester's tickets"),
  /** {@link Connector#messages} reads a ticket's public conversation. */
  MESSAGES("reading the conversation"),
  /** {@link Connector#reply} adds the requester's reply to a ticket. */
  REPLY("replying to a ticket"),
  /** {@link Connector#rate} rates a solved ticket. */
  RATE("satisfaction ratings");

  private final String description;

  Capability(String description) {
    this.description = description;
  }

  /** A few words for error messages, for example "satisfaction ratings". */
  public String description() {
    return description;
  }
}
