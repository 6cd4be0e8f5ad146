package dev.helpline.outbox;

import java.time.Instant;
import java.util.Objects;

/**
 * What a delivery pass keeps of a claimed entry between claiming and attempting it: its id, age and
 * delivery state, a few hundred bytes. The record itself is read by
 * {@link OutboxStore#load(PendingEntry, java.util.function.Consumer)} right before the attempt and dropped after it, so a pass
 * needs memory for one submission, not for the whole queue. Immutable.
 */
public final class PendingEntry {
  private final String id;
  private final Instant createdAt;
  private final DeliveryState state;

  public PendingEntry(String id, Instant createdAt, DeliveryState state) {
    this.id = Objects.requireNonNull(id, "id == null");
    this.createdAt = Objects.requireNonNull(createdAt, "createdAt == null");
    this.state = Objects.requireNonNull(state, "state == null");
  }

  public String id() {
    return id;
  }

  public Instant createdAt() {
    return createdAt;
  }

  /** The delivery state when the entry was claimed. */
  public DeliveryState state() {
    return state;
  }

  @Override
  public String toString() {
    return "PendingEntry{" + id + ", " + state + "}";
  }
}
