package dev.helpline.internal.delivery;

import dev.helpline.Ticket;
import dev.helpline.outbox.OutboxStore;
import dev.helpline.outbox.SubmissionRecord;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Forwards every call to another store, for tests that watch or delay some of them. */
class ForwardingStore implements OutboxStore {
  private final OutboxStore to;

  ForwardingStore(OutboxStore to) {
    this.to = to;
  }

  @Override public StoredEntry enqueue(SubmissionRecord record) throws IOException {
    return to.enqueue(record);
  }

  @Override public @Nullable Claim claim() throws IOException {
    return to.claim();
  }

  @Override public @Nullable StoredEntry load(PendingEntry entry, Consumer<Quarantined> onQuarantined)
      throws IOException {
    return to.load(entry, onQuarantined);
  }

  @Override public StoredEntry saveState(StoredEntry entry, DeliveryState state) throws IOException {
    return to.saveState(entry, state);
  }

  @Override public void markAttempting(StoredEntry entry, java.time.Instant at, boolean powerSafe) throws IOException {
    to.markAttempting(entry, at, powerSafe);
  }

  @Override public void markDelivered(StoredEntry entry, Ticket ticket) throws IOException {
    to.markDelivered(entry, ticket);
  }

  @Override public void purgeDelivered() throws IOException {
    to.purgeDelivered();
  }

  @Override public StoredEntry markFailed(StoredEntry entry, FailureRecord failure) throws IOException {
    return to.markFailed(entry, failure);
  }

  @Override public StoredEntry retry(String id) throws IOException {
    return to.retry(id);
  }

  @Override public void discard(String id) throws IOException {
    to.discard(id);
  }

  @Override public List<StoredEntry> pending() throws IOException {
    return to.pending();
  }

  @Override public List<StoredEntry> failed() throws IOException {
    return to.failed();
  }

  @Override public @Nullable StoredEntry find(String id) throws IOException {
    return to.find(id);
  }

  @Override public @Nullable Ticket receipt(String id) throws IOException {
    return to.receipt(id);
  }

  @Override public Counts counts() throws IOException {
    return to.counts();
  }

  @Override public int cleanUp() throws IOException {
    return to.cleanUp();
  }

  @Override public void settle() throws IOException {
    to.settle();
  }

  @Override public String describe() {
    return to.describe();
  }

  @Override public void close() throws IOException {
    to.close();
  }
}
