package dev.helpline;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A ticket as the desk holds it. Immutable. */
public final class Ticket {
  private final String id;
  private final String subject;
  private final TicketStatus status;
  private final @Nullable Priority priority;
  private final @Nullable Instant createdAt;
  private final @Nullable Instant updatedAt;
  private final @Nullable String url;

  /**
   * A ticket as a connector read it. Throws {@link NullPointerException} when {@code id}, {@code subject} or
   * {@code status} is null; the other parts are null when unknown.
   */
  public Ticket(String id, String subject, TicketStatus status, @Nullable Priority priority,
      @Nullable Instant createdAt, @Nullable Instant updatedAt, @Nullable String url) {
    this.id = Objects.requireNonNull(id, "id == null");
    this.subject = Objects.requireNonNull(subject, "subject == null");
    this.status = Objects.requireNonNull(status, "status == null");
    this.priority = priority;
    this.createdAt = createdAt;
    this.updatedAt = updatedAt;
    this.url = url;
  }

  /** The desk's id for the ticket. */
  public String id() {
    return id;
  }

  /** The ticket's subject; empty when the desk holds none. */
  public String subject() {
    return subject;
  }

  /** Where the ticket stands, mapped from the desk's own status. */
  public TicketStatus status() {
    return status;
  }

  /** The urgency mapped from the desk's scale; null when the connector does not know it. */
  public @Nullable Priority priority() {
    return priority;
  }

  /** When the ticket was created; null when the connector does not know. */
  public @Nullable Instant createdAt() {
    return createdAt;
  }

  /** When the ticket last changed at the desk; null when the connector does not know. */
  public @Nullable Instant updatedAt() {
    return updatedAt;
  }

  /** A link to the ticket for people, when the desk has one. */
  public @Nullable String url() {
    return url;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof Ticket)) return false;
    Ticket t = (Ticket) o;
    return id.equals(t.id) && subject.equals(t.subject) && status == t.status && priority == t.priority
        && Objects.equals(createdAt, t.createdAt) && Objects.equals(updatedAt, t.updatedAt) && Objects.equals(url, t.url);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, subject, status, priority, createdAt, updatedAt, url);
  }

  @Override
  public String toString() {
    return "Ticket{" + id + ", " + status + ", " + subject + "}";
  }
}
