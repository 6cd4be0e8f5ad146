package dev.helpline.connector;

import dev.helpline.Ticket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of a requester's tickets, newest first, and the cursor of the next page. */
public final class TicketPage {
  private final List<Ticket> tickets;
  private final @Nullable String nextCursor;

  public TicketPage(List<Ticket> tickets, @Nullable String nextCursor) {
    this.tickets = Collections.unmodifiableList(new ArrayList<>(tickets));
    this.nextCursor = nextCursor;
  }

  public List<Ticket> tickets() {
    return tickets;
  }

  /** The cursor to pass for the next page, or null on the last page. */
  public @Nullable String nextCursor() {
    return nextCursor;
  }
}
