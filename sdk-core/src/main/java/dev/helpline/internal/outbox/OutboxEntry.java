package dev.helpline.internal.outbox;

import dev.helpline.SubmissionState;
import dev.helpline.connector.NewTicket;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry read from disk: the ticket (its attachments are regions of the entry file and are
 * streamed from there), its delivery state and, for a failed entry, the desk's refusal. Immutable;
 * a snapshot of the files at the time it was read.
 */
public final class OutboxEntry {
  private final Path file;
  private final NewTicket ticket;
  private final DeliveryState state;
  private final SubmissionState location;
  private final @Nullable FailureRecord failure;
  private final long bytes;
  private final long contentBytes;

  OutboxEntry(Path file, NewTicket ticket, DeliveryState state, SubmissionState location,
      @Nullable FailureRecord failure, long bytes, long contentBytes) {
    this.file = file;
    this.ticket = ticket;
    this.state = state;
    this.location = location;
    this.failure = failure;
    this.bytes = bytes;
    this.contentBytes = contentBytes;
  }

  public String id() {
    return ticket.submissionId();
  }

  /** The entry's file, {@code <id>.entry} under {@code pending/} or {@code failed/}. */
  public Path file() {
    return file;
  }

  public NewTicket ticket() {
    return ticket;
  }

  public DeliveryState state() {
    return state;
  }

  /** {@link SubmissionState#QUEUED} for a pending entry, {@link SubmissionState#FAILED} for a failed one. */
  public SubmissionState location() {
    return location;
  }

  /** The desk's refusal for a failed entry, otherwise null. */
  public @Nullable FailureRecord failure() {
    return failure;
  }

  /** Bytes the entry's files take on disk: the entry file and its state and failure record. */
  public long bytes() {
    return bytes;
  }

  /** Bytes of the entry file (header and attachments): what counts against the outbox's byte bound. */
  long contentBytes() {
    return contentBytes;
  }

  OutboxEntry withState(DeliveryState newState) {
    return new OutboxEntry(file, ticket, Objects.requireNonNull(newState), location, failure, bytes, contentBytes);
  }

  @Override
  public String toString() {
    return "OutboxEntry{" + id() + ", " + location + ", " + state + "}";
  }
}
