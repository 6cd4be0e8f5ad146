package dev.helpline.outbox;

import dev.helpline.SubmissionState;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry as a store read it: the submission's record (its attachments streamed from the store),
 * its delivery state and, for a failed entry, the desk's refusal. Immutable; a snapshot of the
 * store at the time it was read.
 */
public final class StoredEntry {
  private final SubmissionRecord record;
  private final DeliveryState state;
  private final SubmissionState location;
  private final @Nullable FailureRecord failure;
  private final long bytes;
  private final long contentBytes;

  /**
   * For stores: {@code location} is {@link SubmissionState#QUEUED} or {@link SubmissionState#FAILED};
   * {@code failure} is the refusal of a failed entry; {@code bytes} is what the entry takes in the
   * store, {@code contentBytes} what of it counts against the byte bound.
   *
   * @throws IllegalArgumentException when {@code location} is neither QUEUED nor FAILED, or a size is negative
   */
  public StoredEntry(SubmissionRecord record, DeliveryState state, SubmissionState location,
      @Nullable FailureRecord failure, long bytes, long contentBytes) {
    this.record = Objects.requireNonNull(record, "record == null");
    this.state = Objects.requireNonNull(state, "state == null");
    this.location = Objects.requireNonNull(location, "location == null");
    if (location != SubmissionState.QUEUED && location != SubmissionState.FAILED) {
      throw new IllegalArgumentException("location is " + location + "; it must be QUEUED or FAILED");
    }
    if (bytes < 0 || contentBytes < 0) {
      throw new IllegalArgumentException("bytes (" + bytes + ") and contentBytes (" + contentBytes + ") must be >= 0");
    }
    this.failure = failure;
    this.bytes = bytes;
    this.contentBytes = contentBytes;
  }

  public String id() {
    return record.submissionId();
  }

  /** The submission as it was stored. */
  public SubmissionRecord record() {
    return record;
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

  /** Bytes the entry takes in its store, bookkeeping included. */
  public long bytes() {
    return bytes;
  }

  /** Bytes of the entry that count against {@link dev.helpline.Limits#maxOutboxBytes()}. */
  public long contentBytes() {
    return contentBytes;
  }

  /** This entry with another delivery state. */
  public StoredEntry withState(DeliveryState newState) {
    return new StoredEntry(record, Objects.requireNonNull(newState, "newState == null"), location, failure, bytes,
        contentBytes);
  }

  @Override
  public String toString() {
    return "StoredEntry{" + id() + ", " + location + ", " + state + "}";
  }
}
