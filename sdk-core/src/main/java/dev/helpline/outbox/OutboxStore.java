package dev.helpline.outbox;

import dev.helpline.DeskException;
import dev.helpline.Limits;
import dev.helpline.OutboxFullException;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.internal.outbox.FileOutbox;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Where submissions wait until their desk confirmed them: the outbox's storage. The client's default keeps
 * them in files in its data directory; another store (a database shared by a fleet of service instances,
 * for example) is plugged in with {@code Helpline.Builder.outboxStore(...)}.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Durable before return.</b> When {@link #enqueue} returns, the submission survives a
 *       crash of the process and of the machine; when it throws, nothing of it stays behind.
 *   <li><b>Bounded.</b> {@link #enqueue} refuses with {@link OutboxFullException} beyond
 *       {@link Limits#maxOutboxEntries()} or {@link Limits#maxOutboxBytes()}; nothing is evicted to make room.
 *   <li><b>One deliverer per entry.</b> Pending entries are attempted, moved or removed only under a
 *       {@link Claim}: a file store holds one lock for the whole outbox, a shared database claims rows
 *       (for example {@code FOR UPDATE SKIP LOCKED} with a lease). The methods that change a pending
 *       entry ({@link #saveState}, {@link #markDelivered}, {@link #markFailed}) are called only while the
 *       claim that listed it is open.
 *   <li><b>Removed only after the desk confirmed.</b> An entry leaves the store by {@link #markDelivered}
 *       (after the desk returned its ticket) or {@link #discard} (a failed one, on the host's request) only.
 *   <li><b>Corruption is set aside, not fatal.</b> An entry that cannot be read is quarantined
 *       (kept, reported, never delivered) and never blocks the others.
 * </ul>
 *
 * <p>Threading: every method may block on I/O and is called from the client's delivery threads or from
 * the host's calls ({@code submit}, {@code submissions}, {@code retry}, {@code discard}, {@code health}).
 * Implementations are thread-safe; the messages of their {@link IOException}s name the store, never a credential.
 */
public interface OutboxStore extends Closeable {
  /**
   * The client's default store in {@code dataDirectory}, opened without a client, for tools that list, {@link #retry}
   * or {@link #discard} submissions without delivering them; bounded by {@link Limits#defaults()}. Does no I/O here:
   * the first operation creates the outbox folder or throws an {@link IOException} naming it. The caller closes it.
   */
  static OutboxStore inDirectory(Path dataDirectory) {
    return new FileOutbox(Objects.requireNonNull(dataDirectory, "dataDirectory == null"), Limits.defaults(),
        Clock.systemUTC());
  }

  /**
   * Stores {@code record} durably, attachments streamed from {@link dev.helpline.Attachment#openStream()}. Throws
   * {@link OutboxFullException} when a bound would be exceeded (nothing is written), {@link IllegalArgumentException}
   * when the submission id is not 1 to 64 letters, digits, '-' or '_' starting with a letter or digit, or is already in
   * the store, and {@link IOException} when it cannot be stored (nothing is left behind).
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
   * Records, before the first call to the desk, that a never-attempted claimed entry is being attempted (attempts
   * become 1, {@link DeliveryState#firstAttemptAt()} becomes {@code at}), so that a deliverer after this process died
   * mid-call knows the desk may have it, and since when. Survives the process's death; with {@code powerSafe} (for a
   * connector without idempotency keys), a power loss too. The default saves it like {@link #saveState}.
   */
  default void markAttempting(StoredEntry entry, Instant at, boolean powerSafe) throws IOException {
    saveState(entry, entry.state().attempting(at));
  }

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
   * Puts a failed entry back in the queue, due now with its backoff started afresh. The attempts made stay counted (the
   * desk may hold the ticket), so connectors look it up before creating it again. Throws {@link IllegalStateException}
   * when it is pending already, {@link IllegalArgumentException} when there is no failed entry with this id.
   */
  StoredEntry retry(String id) throws IOException;

  /**
   * Deletes a failed entry for good. Throws {@link IllegalStateException} when it is pending (pending entries cannot be
   * discarded), {@link IllegalArgumentException} when there is no failed entry with this id.
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
   * Removes what crashed writers left behind (half-written entries, never accepted) and old receipts. Called
   * once on the delivery thread before the first claim. Returns the number of abandoned entries removed.
   */
  int cleanUp() throws IOException;

  /** On the delivery thread, for each pass it skips while the desk is held: does what {@link #enqueue} left to a claim. */
  default void settle() throws IOException {}

  /** Where the store keeps its entries, for log messages: a directory, a database name; never a credential. */
  String describe();

  /** Releases the store's resources; entries stay stored. */
  @Override
  void close() throws IOException;

  /**
   * Pending entries claimed for one delivery pass; closing it releases them (for the file store, the outbox-wide
   * delivery lock). A store whose claims expire (a lease in a shared database) keeps them alive while the claim is
   * open (a heartbeat) and lets another deliverer take over a dead holder's entries; delivery stays exactly once
   * through the submission id, which the desk deduplicates. Used by the thread that took it; its attempts run on others.
   */
  interface Claim extends Closeable {
    /**
     * The claimed entries, oldest first. A store may include entries not yet due (the pass skips them and
     * plans its next attempt from their times) and may return a bounded batch.
     */
    List<PendingEntry> entries();

    /** Entries found unreadable while claiming, now quarantined. */
    default List<Quarantined> quarantined() {
      return Collections.emptyList();
    }

    /**
     * For a pass going on under the claim: entries stored since it was taken or last asked, at least this
     * process's (the pass skips those it saw; unreadable ones go to {@code onQuarantined}). None by default.
     */
    default List<PendingEntry> more(Consumer<Quarantined> onQuarantined) throws IOException {
      return Collections.emptyList();
    }

    /** Releases the claim; called once by the pass that took it, after its last change to an entry. */
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

    /** Entries quarantined as unreadable: kept, never delivered. */
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

  /** The delivery bookkeeping of a pending entry: attempts, the first one's time, next attempt, last error. Immutable. */
  public static final class DeliveryState {
    /** The state of an entry never attempted: no attempts, due now. */
    public static final DeliveryState INITIAL = new DeliveryState(0, null, null);

    private final int attempts;
    private final int backoffStep;
    private final @Nullable Instant nextAttemptAt;
    private final @Nullable String lastError;
    private final @Nullable Instant firstAttemptAt;

    /** A state whose backoff step equals its attempt count, first attempt time unknown. */
    public DeliveryState(int attempts, @Nullable Instant nextAttemptAt, @Nullable String lastError) {
      this(attempts, attempts, nextAttemptAt, lastError, null);
    }

    /** {@code firstAttemptAt}: the first attempt's time; null if never made, or if the store or version kept none. */
    public DeliveryState(int attempts, int backoffStep, @Nullable Instant nextAttemptAt, @Nullable String lastError,
        @Nullable Instant firstAttemptAt) {
      if (attempts < 0) throw new IllegalArgumentException("attempts is " + attempts + "; it must be >= 0");
      if (backoffStep < 0 || backoffStep > attempts) {
        throw new IllegalArgumentException("backoffStep is " + backoffStep + "; it must lie between 0 and attempts ("
            + attempts + ")");
      }
      this.attempts = attempts;
      this.backoffStep = backoffStep;
      this.nextAttemptAt = nextAttemptAt;
      this.lastError = lastError;
      this.firstAttemptAt = firstAttemptAt;
    }

    /** This state with one more attempt, made at {@code at} (its first, if none was counted): what {@link OutboxStore#markAttempting} records. */
    public DeliveryState attempting(Instant at) {
      Objects.requireNonNull(at, "at == null");
      return new DeliveryState(attempts + 1, backoffStep, null, lastError,
          firstAttemptAt == null && attempts == 0 ? at : firstAttemptAt);
    }

    /** When the first attempt was recorded (client clock; the desk may hold a ticket since); null: never, or unknown. */
    public @Nullable Instant firstAttemptAt() {
      return firstAttemptAt;
    }

    /** Attempts made so far. */
    public int attempts() {
      return attempts;
    }

    /** Failed attempts since a network change last reset the backoff: the next wait's exponent; else {@link #attempts()}. */
    public int backoffStep() {
      return backoffStep;
    }

    /** Not before this instant, or null when due now. */
    public @Nullable Instant nextAttemptAt() {
      return nextAttemptAt;
    }

    /** Why the last attempt did not succeed, or null when none is recorded. */
    public @Nullable String lastError() {
      return lastError;
    }

    /** True when an attempt may be made at {@code now}. */
    public boolean isDue(Instant now) {
      return nextAttemptAt == null || !nextAttemptAt.isAfter(now);
    }

    @Override
    public String toString() {
      return "DeliveryState{attempts=" + attempts + ", backoffStep=" + backoffStep + ", next=" + nextAttemptAt
          + ", lastError=" + lastError + ", firstAttemptAt=" + firstAttemptAt + "}";
    }
  }

  /** Why the desk refused an entry for good, kept with the failed entry. Immutable. */
  public static final class FailureRecord {
    private final int httpStatus;
    private final @Nullable String code;
    private final String message;
    private final @Nullable String field;
    private final Instant time;

    /** A refusal recorded at {@code time}; throws {@link NullPointerException} for a null message or time. */
    public FailureRecord(int httpStatus, @Nullable String code, String message, @Nullable String field, Instant time) {
      this.httpStatus = httpStatus;
      this.code = code;
      this.message = Objects.requireNonNull(message, "message == null");
      this.field = field;
      this.time = Objects.requireNonNull(time, "time == null");
    }

    /** The refusal {@code e} reports, recorded at {@code time}. */
    public static FailureRecord of(DeskException e, Instant time) {
      return new FailureRecord(e.httpStatus(), e.errorCode(), e.deskMessage(), e.field(), time);
    }

    /** The HTTP status the desk refused with, for example 422; 0 when the store lost the refusal. */
    public int httpStatus() {
      return httpStatus;
    }

    /** The desk's machine-readable error code, or null when it sent none. */
    public @Nullable String code() {
      return code;
    }

    /** The desk's own message. */
    public String message() {
      return message;
    }

    /** The request field the desk complained about, or null when it named none. */
    public @Nullable String field() {
      return field;
    }

    /** When the refusal was recorded, by the client's clock; for a lost one, when the loss was found. */
    public Instant time() {
      return time;
    }

    /** The refusal as the exception the desk's answer was, for futures and listeners. */
    public DeskException toException() {
      return new DeskException(httpStatus, code, message, field, null);
    }
  }

  /**
   * What a pass keeps of a claimed entry until its attempt: id, age and delivery state. The record is read
   * by {@link OutboxStore#load} right before the attempt, so a pass holds one submission, not the queue. Immutable.
   */
  public static final class PendingEntry {
    private final String id;
    private final Instant createdAt;
    private final DeliveryState state;

    /** An entry as a claim lists it; throws {@link NullPointerException} when a part is null. */
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

  /** An entry a store set aside because it could not be read; it is kept, never delivered. Immutable. */
  public static final class Quarantined {
    private final String entryName;
    private final String reason;

    /** An unreadable entry kept under {@code entryName}, set aside for {@code reason}. */
    public Quarantined(String entryName, String reason) {
      this.entryName = entryName;
      this.reason = reason;
    }

    /** The name under which the store kept it (for the file store, its name inside {@code quarantine/}). */
    public String entryName() {
      return entryName;
    }

    /** Why the entry could not be read. */
    public String reason() {
      return reason;
    }

    @Override
    public String toString() {
      return entryName + ": " + reason;
    }
  }

  /**
   * One entry as a store read it: the submission's record (attachments in memory or streamed from the store),
   * its delivery state and, for a failed entry, the desk's refusal. Immutable; a snapshot of the store.
   */
  public static final class StoredEntry {
    private final SubmissionRecord record;
    private final DeliveryState state;
    private final Submission.State location;
    private final @Nullable FailureRecord failure;
    private final long bytes;
    private final long contentBytes;

    /**
     * For stores: {@code location} is QUEUED or FAILED; {@code failure} is a failed entry's refusal; {@code bytes} is
     * what the entry takes in the store, {@code contentBytes} what of it counts against the byte bound. Throws
     * {@link IllegalArgumentException} for another {@code location} or a negative size.
     */
    public StoredEntry(SubmissionRecord record, DeliveryState state, Submission.State location,
        @Nullable FailureRecord failure, long bytes, long contentBytes) {
      this.record = Objects.requireNonNull(record, "record == null");
      this.state = Objects.requireNonNull(state, "state == null");
      this.location = Objects.requireNonNull(location, "location == null");
      if (location != Submission.State.QUEUED && location != Submission.State.FAILED) {
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

    /** {@link Submission.State#QUEUED} for a pending entry, {@link Submission.State#FAILED} for a failed one. */
    public Submission.State location() {
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
}
