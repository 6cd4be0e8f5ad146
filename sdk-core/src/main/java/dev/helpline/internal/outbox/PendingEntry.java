package dev.helpline.internal.outbox;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What a delivery pass keeps of a pending entry between listing the queue and attempting the
 * entry: its id, age and delivery state, a few hundred bytes. The ticket itself (description,
 * diagnostics summary, attachment metadata) is read by {@link Outbox#load} right before the attempt
 * and dropped after it, so a pass needs memory for one ticket, not for the whole queue. Immutable.
 */
public final class PendingEntry {
  private final Path file;
  private final String id;
  private final Instant createdAt;
  private final DeliveryState state;

  PendingEntry(Path file, String id, Instant createdAt, DeliveryState state) {
    this.file = file;
    this.id = id;
    this.createdAt = createdAt;
    this.state = state;
  }

  public String id() {
    return id;
  }

  /** The entry's file, {@code <id>.entry} under {@code pending/}. */
  public Path file() {
    return file;
  }

  public Instant createdAt() {
    return createdAt;
  }

  /** The delivery state when the queue was listed. */
  public DeliveryState state() {
    return state;
  }

  @Override
  public String toString() {
    return "PendingEntry{" + id + ", " + state + "}";
  }
}
