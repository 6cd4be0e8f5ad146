package dev.helpline.outbox;

import dev.helpline.OutboxFullException;
import dev.helpline.Ticket;
import java.io.Closeable;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Where submissions wait until their desk confirmed them: the outbox's storage. The client's
 * default keeps them in files in its data directory; another store (a database shared by a fleet
 * of service instances, for example) is plugged in with {@code Helpline.Builder.outboxStore(...)}.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Durable before return.</b> When {@link #enqueue} returns, the submission survives a
 *       crash of the process and of the machine; when it throws, nothing of it stays behind.
 *   <li><b>Bounded.</b> {@link #enqueue} refuses with {@link OutboxFullException} when the store
 *       would exceed {@link dev.helpline.Limits#maxOutboxEntries()} or
 *       {@link dev.helpline.Limits#maxOutboxBytes()}; nothing is ever evicted to make room.
 *   <li><b>One deliverer per entry.</b> Pending entries are attempted, moved or removed only under a
 *       {@link Claim}: a file store holds one lock for the whole outbox, a shared database claims
 *       rows (for example {@code FOR UPDATE SKIP LOCKED} with a lease). The methods that change a
 *       pending entry ({@link #saveState}, {@link #markDelivered}, {@link #markFailed}) are called
 *       only while the claim that listed it is open.
 *   <li><b>Removed only after the desk confirmed.</b> An entry leaves the store by
 *       {@link #markDelivered} (after the desk returned its ticket) or {@link #discard} (a failed
 *       entry, on the host's request), never otherwise.
 *   <li><b>Corruption is set aside, not fatal.</b> An entry that cannot be read is quarantined
 *       (kept, reported, never delivered) and never blocks the others.
 * </ul>
 *
 * <p>Threading: every method may block on I/O and is called from the client's delivery thread or
 * from the host's calls ({@code submit}, {@code submissions}, {@code retry}, {@code discard},
 * {@code health}); implementations are thread-safe. Errors reaching the store are
 * {@link IOException}s whose messages name the store but never a credential.
 */
public interface OutboxStore extends Closeable {
  /**
   * Stores {@code record} durably, attachments streamed from {@link dev.helpline.Attachment#openStream()}.
   *
   * @throws OutboxFullException when a bound would be exceeded; nothing is written
   * @throws IllegalArgumentException when the submission id is not 1 to 64 letters, digits, '-' or
   *     '_', or is already in the store
   * @throws IOException when it cannot be stored; nothing is left behind
   */
  StoredEntry enqueue(SubmissionRecord record) throws IOException;

  /**
   * Claims pending entries for one delivery pass, or returns null when another deliverer holds what
   * this one would need (the caller tries again later). Close the claim when the pass is over.
   */
  @Nullable Claim claim() throws IOException;

  /**
   * Reads a claimed entry whole for its attempt; null when it is gone or unreadable, in which case
   * an unreadable one is quarantined and passed to {@code onQuarantined}.
   */
  @Nullable StoredEntry load(PendingEntry entry, Consumer<Quarantined> onQuarantined) throws IOException;

  /** Persists the outcome of a failed attempt (attempts, next attempt time, error) for a claimed entry. */
  StoredEntry saveState(StoredEntry entry, DeliveryState state) throws IOException;

  /**
   * Removes a claimed entry the desk confirmed as {@code ticket}, keeping a receipt for
   * {@link #receipt}. A store may defer making the removal durable until {@link #purgeDelivered()}.
   */
  void markDelivered(StoredEntry entry, Ticket ticket) throws IOException;

  /**
   * Makes every {@link #markDelivered} since the last call durable. Deliveries are reported to the
   * host only after this returns, so a reported delivery is never undone by a crash.
   */
  void purgeDelivered() throws IOException;

  /** Keeps a claimed entry as failed for good, with the desk's refusal; it is not attempted again. */
  StoredEntry markFailed(StoredEntry entry, FailureRecord failure) throws IOException;

  /**
   * Puts a failed entry back in the queue with its attempts reset.
   *
   * @throws IllegalStateException when it is pending already
   * @throws IllegalArgumentException when there is no failed entry with this id
   */
  StoredEntry retry(String id) throws IOException;

  /**
   * Deletes a failed entry for good.
   *
   * @throws IllegalStateException when it is pending (pending entries cannot be discarded)
   * @throws IllegalArgumentException when there is no failed entry with this id
   */
  void discard(String id) throws IOException;

  /** Pending entries, oldest first, skipping unreadable ones. */
  List<StoredEntry> pending() throws IOException;

  /** Failed entries, oldest first, skipping unreadable ones. */
  List<StoredEntry> failed() throws IOException;

  /** The pending or failed entry with this id, or null (delivered, discarded, unknown). */
  @Nullable StoredEntry find(String id) throws IOException;

  /** The ticket a delivered submission became, from its receipt, or null when there is none. */
  @Nullable Ticket receipt(String id) throws IOException;

  /** Entry counts and bytes, for the client's health report. */
  Counts counts() throws IOException;

  /**
   * Removes what crashed writers left behind (half-written entries, which were never accepted) and
   * old receipts. Called once on the delivery thread before the first claim. Returns the number of
   * abandoned entries removed.
   */
  int cleanUp() throws IOException;

  /** Where the store keeps its entries, for log messages: a directory, a database name; never a credential. */
  String describe();

  /** Releases the store's resources; entries stay stored. */
  @Override
  void close() throws IOException;

  /**
   * Pending entries claimed for one delivery pass. Closing it releases them (and, for the file
   * store, the outbox-wide delivery lock). A store whose claims expire (a lease in a shared
   * database) keeps them alive while the claim is open, for example with a heartbeat, and lets
   * another deliverer take over the entries of a claim whose holder died; delivery stays exactly
   * once through the submission id, which the desk deduplicates. Used by one thread at a time.
   */
  interface Claim extends Closeable {
    /**
     * The claimed entries, oldest first. A store may include entries not yet due (the pass skips
     * them and plans its next attempt from their times) and may return a bounded batch.
     */
    List<PendingEntry> entries();

    /** Entries found unreadable while claiming, now quarantined. */
    default List<Quarantined> quarantined() {
      return Collections.emptyList();
    }

    @Override
    void close() throws IOException;
  }

  /** Entry counts and bytes in a store. Immutable. */
  final class Counts {
    private final int pending;
    private final int failed;
    private final long bytes;
    private final int quarantined;
    private final @Nullable Instant oldestPending;
    private final @Nullable String lastError;

    /** @throws IllegalArgumentException when a count is negative */
    public Counts(int pending, int failed, long bytes, int quarantined, @Nullable Instant oldestPending,
        @Nullable String lastError) {
      if (pending < 0 || failed < 0 || bytes < 0 || quarantined < 0) {
        throw new IllegalArgumentException("counts must be >= 0: pending " + pending + ", failed " + failed
            + ", bytes " + bytes + ", quarantined " + quarantined);
      }
      this.pending = pending;
      this.failed = failed;
      this.bytes = bytes;
      this.quarantined = quarantined;
      this.oldestPending = oldestPending;
      this.lastError = lastError;
    }

    public int pending() {
      return pending;
    }

    public int failed() {
      return failed;
    }

    /** Bytes of pending and failed entries in the store. */
    public long bytes() {
      return bytes;
    }

    public int quarantined() {
      return quarantined;
    }

    /** When the oldest pending entry was created, or null when none is pending. */
    public @Nullable Instant oldestPending() {
      return oldestPending;
    }

    /** The last delivery error recorded on a pending entry, or null. */
    public @Nullable String lastError() {
      return lastError;
    }
  }
}
