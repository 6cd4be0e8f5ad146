package dev.helpline.connector;

/** An operation a connector may support. The client checks them before calling, so users get a clear error. */
public enum Capability {
  CREATE("creating tickets"),
  ATTACHMENTS("attachments"),
  /** The desk deduplicates creations by an idempotency key. */
  IDEMPOTENT_CREATE("idempotent ticket creation"),
  /** The connector can find a ticket by its submission id after an ambiguous failure. */
  FIND_BY_SUBMISSION("finding tickets by submission id"),
  GET_TICKET("reading a ticket"),
  CONDITIONAL_GET("conditional reads (ETag)"),
  LIST_TICKETS("listing a requester's tickets"),
  MESSAGES("reading the conversation"),
  REPLY("replying to a ticket"),
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
