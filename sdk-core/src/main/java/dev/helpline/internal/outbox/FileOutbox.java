package dev.helpline.internal.outbox;

import dev.helpline.Limits;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.internal.io.AtomicFiles;
import dev.helpline.outbox.OutboxStore.DeliveryState;
import dev.helpline.outbox.OutboxStore.FailureRecord;
import dev.helpline.outbox.OutboxStore;
import dev.helpline.outbox.OutboxStore.PendingEntry;
import dev.helpline.outbox.OutboxStore.Quarantined;
import dev.helpline.outbox.OutboxStore.StoredEntry;
import dev.helpline.outbox.SubmissionRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link OutboxStore}: submissions stored as files in the client's data directory until
 * the desk confirmed them. The constructor does no I/O (it may run on the host's UI thread);
 * directories are created at the first call that needs them. Every other method does blocking file
 * I/O and is safe to call from several threads and several processes sharing the directory.
 *
 * <h2>Layout</h2>
 * <pre>
 * &lt;dir&gt;/outbox/pending/&lt;id&gt;.entry    one file per entry: a checked header holding the record and
 *                                   the attachments' metadata, then the attachments' bytes (see
 *                                   {@link EntryCodec}, written and read by {@link EntryFiles})
 *                      &lt;id&gt;.state    after a failed attempt: attempts, backoff, last error ({@link StateFiles})
 * &lt;dir&gt;/outbox/attempts.log       first attempts of entries not failed yet, appended ({@link AttemptLog})
 * &lt;dir&gt;/outbox/failed/&lt;id&gt;.entry, &lt;id&gt;.state, &lt;id&gt;.failure   permanent refusals
 * &lt;dir&gt;/outbox/quarantine/&lt;id&gt;-&lt;millis&gt;.entry  + .reason.txt   unreadable entries, kept
 * &lt;dir&gt;/outbox/tmp/&lt;instance&gt;/&lt;id&gt;.entry  entries being written; &lt;instance&gt;.lock held while the writer lives
 *                      journal-0.log, journal-1.log   small entries until they are settled ({@link SubmissionJournal});
 *                                   the directory and its lock are removed when the instance closes
 * &lt;dir&gt;/outbox/trash/              entries being deleted (delivered ones until the next purge)
 * &lt;dir&gt;/outbox/delivered/receipts.log  receipts of deliveries ({@link ReceiptLog})
 * &lt;dir&gt;/outbox/delivery.lock       the outbox-wide {@link DeliveryLock}
 * </pre>
 * Entry and byte bounds are kept by {@link Bounds}, which sees every rename this class makes.
 *
 * <h2>Crash safety</h2>
 * An entry is one file, written completely in {@code tmp/}, forced to the device, renamed
 * atomically into {@code pending/}, and {@code pending/} forced. A crash before the rename leaves only
 * a file in {@code tmp/}, which was never accepted and is removed by the next {@link #cleanUp()}; after
 * the rename the file is complete, since its content was forced before its name appeared. An entry of
 * up to 64 KiB is made durable by the {@link SubmissionJournal} instead (while it holds less than 4 MiB),
 * its file forced later by a checkpoint, unless it is delivered first, and restored from the journal should
 * a crash come first.
 * Should a device still tear or truncate it, its header says so (a CRC-32 of itself and the file's
 * total length; the attachments come last), and the entry is quarantined. {@link #markFailed} forces
 * the failure record into {@code failed/} before the entry follows it, so a failed entry has its reason. Moves between
 * {@code pending/}, {@code failed/}, {@code trash/} and {@code quarantine/} are single atomic
 * renames of the entry file, so no reader ever sees half an entry. Bookkeeping files whose entry
 * is gone are ignored by readers and removed by the next {@link #scanPending()}.
 *
 * <h2>Deleting delivered entries</h2>
 * {@link #markDelivered} renames the entry into {@code trash/}, forcing nothing; {@link #purgeDelivered()}
 * appends the batch's receipts, makes its removals durable with one fsync and deletes its files
 * ({@link DeliveredEntries}, which says why a crash in between loses nothing).
 *
 * <h2>Processes</h2>
 * Pending entries are delivered, moved to {@code failed/} or quarantined only under a
 * {@linkplain #claim() claim}, which holds the outbox-wide delivery lock. Bounds are checked under
 * an in-process lock; two processes enqueueing at the same instant may together exceed a bound by
 * one entry.
 */
public final class FileOutbox implements OutboxStore {
  private static final Logger log = LoggerFactory.getLogger(FileOutbox.class);

  private final OutboxDirs dirs;
  private final Limits limits;
  private final Bounds bounds;
  private final AttemptLog attempts;
  private final StateFiles states;
  private final EntryFiles entries;
  private final SubmissionJournal journal;
  private final Enqueue enqueue;
  private final FailedEntries failedEntries;
  private final DeliveredEntries deliveredEntries;
  private final AtomicLong loads = new AtomicLong();
  private final StoredWhileClaimed storedWhileClaimed = new StoredWhileClaimed();

  /**
   * Does no I/O: {@code directory} (the client's data directory) is used at the first operation,
   * which creates it if its parent exists, and the {@code outbox} tree inside it.
   */
  public FileOutbox(Path directory, Limits limits, Clock clock) {
    this.dirs = new OutboxDirs(Objects.requireNonNull(directory, "directory == null"));
    this.limits = Objects.requireNonNull(limits, "limits == null");
    Objects.requireNonNull(clock, "clock == null");
    this.bounds = new Bounds(limits, dirs.pending, dirs.failed);
    this.attempts = new AttemptLog(dirs.root);
    this.states = new StateFiles(bounds, attempts, dirs.work, clock);
    this.entries = new EntryFiles(dirs, states, clock);
    this.journal = new SubmissionJournal(dirs.work, dirs.pending);
    this.enqueue = new Enqueue(dirs, bounds, entries, journal);
    this.failedEntries = new FailedEntries(dirs, bounds, states, entries);
    this.deliveredEntries = new DeliveredEntries(dirs, bounds, clock);
  }

  /** The {@code outbox} directory inside the data directory. */
  public Path root() {
    return dirs.root;
  }

  public Limits limits() {
    return limits;
  }

  /** The file of a stored entry: {@code <id>.entry} under {@code pending/} or {@code failed/}. */
  public Path fileOf(StoredEntry entry) {
    return OutboxDirs.entryFile(entry.location() == Submission.State.FAILED ? dirs.failed : dirs.pending, entry.id());
  }

  @Override
  public String describe() {
    return "outbox directory " + dirs.root;
  }

  /**
   * Stores the entry durably. Threads enqueueing at once write and force their files in parallel
   * and share the fsync of {@code pending/} (group commit); each returns only once its own entry is
   * durable.
   */
  @Override
  public StoredEntry enqueue(SubmissionRecord record) throws IOException {
    OutboxDirs.checkId(record.submissionId());
    dirs.init();
    StoredEntry entry;
    try {
      entry = enqueue.enqueue(record);
    } catch (IOException e) {
      // The data directory was deleted under a running client: re-create it and try once more.
      if (!dirs.recreateIfGone()) throw e;
      log.warn("{} was deleted while in use; re-created it", dirs.root);
      bounds.invalidate();
      journal.reopen();
      entry = enqueue.enqueue(record);
    }
    storedWhileClaimed.stored(entry.id());
    return entry;
  }

  /** How many fsyncs enqueues made (of the journal and of {@code pending/}); lets tests see group commit. */
  long enqueueFsyncs() {
    return enqueue.fsyncs();
  }

  /** Takes the delivery lock and {@linkplain #scanPending scans}; null when another deliverer holds it. */
  @Override
  public @Nullable Claim claim() throws IOException {
    DeliveryLock lock = tryLockDelivery();
    if (lock == null) {
      journal.checkpoint();
      return null;
    }
    storedWhileClaimed.claimTaken();
    try {
      return new FileClaim(this, lock, attempts, scanPending());
    } catch (IOException | RuntimeException e) {
      storedWhileClaimed.claimReleased();
      lock.close();
      throw e;
    }
  }

  /**
   * Settles this instance's journal once it holds more than {@value SubmissionJournal#SETTLE_OVER} bytes, so
   * that entries submitted while the desk is held still go through it (see {@link SubmissionJournal#MAX_HELD}).
   */
  @Override
  public void settle() throws IOException {
    journal.settleIfOver(SubmissionJournal.SETTLE_OVER);
  }

  /**
   * Settles the journals of instances that are gone, and this instance's once it holds more than
   * {@value SubmissionJournal#SETTLE_OVER} bytes (a claim settles it when it is released with nothing stored
   * since it last looked, and whenever the lock is held elsewhere), then lists the pending entries, oldest
   * first, with their age and delivery state; each entry's header is checked when a scan first sees its file,
   * and unreadable ones are moved to {@code quarantine/}; unsettled entries of other live instances are left
   * out, this instance's own are not ({@link SubmissionJournal#release}). Call only while holding the
   * {@linkplain #tryLockDelivery() delivery lock}: an entry another process is deleting is not corrupt.
   */
  public Scan scanPending() throws IOException {
    dirs.init();
    storedWhileClaimed.scanning();
    JournalRecovery.settleAbandoned(dirs, entries, bounds::invalidate);
    journal.settleIfOver(SubmissionJournal.SETTLE_OVER);
    List<PendingEntry> found = new ArrayList<>();
    List<Quarantined> quarantined = new ArrayList<>();
    List<Path> bookkeeping = new ArrayList<>();
    EntryFiles.Listing listing = entries.listPending();
    // Read after the listing: an entry listed unsettled is in a journal by then (SubmissionJournal).
    Set<String> unsettled = JournalRecovery.unsettledOfOthers(dirs);
    for (Path p : listing.files) {
      String name = p.getFileName().toString();
      String id = OutboxDirs.entryId(name);
      if (unsettled.contains(id)) continue;
      if (OutboxDirs.bookkeepingId(name) != null) {
        bookkeeping.add(p);
        continue;
      }
      PendingEntry e = readOrQuarantine(p, listing.mayHaveStateFile(id), quarantined::add);
      if (e != null) found.add(e);
    }
    if (dirs.removeOrphans(bookkeeping)) bounds.invalidate();
    Set<String> live = new HashSet<>();
    for (PendingEntry e : found) live.add(e.id());
    entries.forgetCheckedBut(live);
    if (attempts.worthCompacting(live.size())) {
      // Entries delivered before are gone from the listing; their removal (the other instances' cancel
      // records were forced above) must be durable before their lines go.
      journal.forceRecords();
      AtomicFiles.fsyncDirectory(dirs.pending);
      attempts.compact(live);
    }
    found.sort(EntryFiles.PENDING_ORDER);
    return new Scan(found, quarantined);
  }

  /**
   * The entries this instance stored since its claim's last {@linkplain #scanPending scan} or call
   * ({@link StoredWhileClaimed}), oldest first, settled or not: what a claim's {@link Claim#more} returns, so that
   * a pass going on while submissions arrive reads those entries instead of listing the whole queue for each.
   * Unreadable ones are quarantined and go to {@code onQuarantined}. Call only while holding the delivery lock.
   */
  List<PendingEntry> newlyStored(Consumer<Quarantined> onQuarantined) throws IOException {
    List<String> ids = storedWhileClaimed.take();
    if (ids.isEmpty()) return List.of();
    journal.settleIfOver(SubmissionJournal.SETTLE_OVER);
    List<PendingEntry> found = new ArrayList<>();
    for (String id : ids) {
      // A new entry that no scan saw before it was stored: never attempted, so no state file (a scan that
      // listed it since started this pass, which skips what it saw).
      PendingEntry e = readOrQuarantine(OutboxDirs.entryFile(dirs.pending, id), false, onQuarantined);
      if (e != null) found.add(e);
    }
    found.sort(EntryFiles.PENDING_ORDER);
    return found;
  }

  /**
   * Reads a pending entry's header for a claim (see {@link EntryFiles#readPending}); an unreadable one is
   * quarantined and goes to {@code onQuarantined}. Null when it is gone (delivered, discarded or moved by
   * another client since it was listed: not an error) or was quarantined.
   */
  private @Nullable PendingEntry readOrQuarantine(Path file, boolean mayHaveStateFile,
      Consumer<Quarantined> onQuarantined) throws IOException {
    try {
      return entries.readPending(file, mayHaveStateFile);
    } catch (CorruptEntryException e) {
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return null; // vanished while read
      Quarantined q = quarantine(file, e.getMessage());
      if (q != null) onQuarantined.accept(q);
      return null;
    } catch (NoSuchFileException vanished) {
      return null;
    }
  }

  /**
   * Called by a {@link FileClaim} as it is released: settles this instance's journal, unless entries were
   * stored since the claim last looked. Their wake brings the next pass, whose claim delivers them unsettled
   * and settles what is left; meanwhile the submits' own forces of the journal carry the cancel records of what
   * this claim delivered, and the journal is settled past {@value SubmissionJournal#SETTLE_OVER} bytes.
   */
  void claimReleased() throws IOException {
    if (storedWhileClaimed.claimReleased()) journal.settleIfOver(SubmissionJournal.SETTLE_OVER);
    else journal.checkpoint();
  }

  private @Nullable Quarantined quarantine(Path entry, String reason) throws IOException {
    Quarantined q;
    try {
      q = entries.quarantine(entry, reason);
    } catch (NoSuchFileException gone) {
      return null; // delivered, discarded or moved by someone else since it was read
    }
    bounds.invalidate();
    return q;
  }

  /** Pending entries as {@link PendingEntry}s, oldest first, skipping unreadable ones. */
  public List<PendingEntry> pendingSummaries() throws IOException {
    dirs.init();
    return entries.pendingSummaries();
  }

  /**
   * Reads a claimed entry whole, checking every byte against its whole-file CRC-32, with the state its
   * claim read; an unreadable or rotted one is quarantined. Call only while holding the delivery lock.
   */
  @Override
  public @Nullable StoredEntry load(PendingEntry ref, Consumer<Quarantined> onQuarantined) throws IOException {
    loads.incrementAndGet();
    Path file = OutboxDirs.entryFile(dirs.pending, ref.id());
    try {
      return entries.readForDelivery(file, ref.state());
    } catch (CorruptEntryException e) {
      Quarantined q = quarantine(file, e.getMessage());
      if (q != null) onQuarantined.accept(q);
      return null;
    }
  }

  /** How many entries {@link #load} has read since this outbox was created; lets tests see loading is per attempt. */
  public long loads() {
    return loads.get();
  }

  /** How often the outbox was listed to count its entries; lets tests see that enqueue does not list it. */
  int recounts() {
    return bounds.recounts();
  }

  @Override
  public List<StoredEntry> pending() throws IOException {
    dirs.init();
    return entries.readAll(dirs.pending, Submission.State.QUEUED);
  }

  @Override
  public List<StoredEntry> failed() throws IOException {
    dirs.init();
    return entries.readAll(dirs.failed, Submission.State.FAILED);
  }

  @Override
  public @Nullable StoredEntry find(String id) throws IOException {
    OutboxDirs.checkId(id);
    dirs.init();
    states.refreshAttempts();
    try {
      StoredEntry e = entries.read(OutboxDirs.entryFile(dirs.pending, id), Submission.State.QUEUED);
      if (e != null) return e;
      return entries.read(OutboxDirs.entryFile(dirs.failed, id), Submission.State.FAILED);
    } catch (CorruptEntryException e) {
      return null;
    }
  }

  @Override
  public StoredEntry saveState(StoredEntry entry, DeliveryState state) throws IOException {
    states.write(OutboxDirs.entryFile(dirs.pending, entry.id()), state);
    return entry.withState(state);
  }

  /**
   * Appends the first attempt to the {@link AttemptLog}: a process killed mid-call leaves it behind. Forced only
   * when {@code powerSafe}; else (a desk with idempotency keys, on the path of every delivery) a power loss in the
   * same instant may lose it.
   */
  @Override
  public void markAttempting(StoredEntry entry, Instant at, boolean powerSafe) throws IOException {
    attempts.append(entry.id(), at, powerSafe);
  }

  /**
   * Renames a delivered entry into {@code trash/} and keeps its receipt for the next
   * {@link #purgeDelivered()}; forces nothing (an unsettled entry's cancel record included). Callers purge
   * every few dozen entries, so that a long pass does not keep delivered attachments on disk until its end.
   * {@code entry} carries the state it was loaded or last saved with, which tells whether it has a state file
   * to delete too.
   */
  @Override
  public void markDelivered(StoredEntry entry, Ticket ticket) throws IOException {
    journal.release(entry.id(), false);
    deliveredEntries.markDelivered(entry, ticket);
  }

  @Override
  public void purgeDelivered() throws IOException {
    deliveredEntries.purge();
  }

  /**
   * Moves the entry into {@code failed/} ({@link FailedEntries}). An unsettled one's file, never forced, is
   * forced first, and its journal record cancelled, durably, before it moves.
   */
  @Override
  public StoredEntry markFailed(StoredEntry entry, FailureRecord failure) throws IOException {
    if (journal.holds(entry.id())) {
      AtomicFiles.forceIfExists(OutboxDirs.entryFile(dirs.pending, entry.id()));
      journal.release(entry.id(), true);
    }
    return failedEntries.markFailed(entry, failure);
  }

  @Override
  public StoredEntry retry(String id) throws IOException {
    OutboxDirs.checkId(id);
    dirs.init();
    return failedEntries.retry(id);
  }

  @Override
  public void discard(String id) throws IOException {
    OutboxDirs.checkId(id);
    dirs.init();
    failedEntries.discard(id);
  }

  @Override
  public @Nullable Ticket receipt(String id) throws IOException {
    OutboxDirs.checkId(id);
    dirs.init();
    return deliveredEntries.receipt(id);
  }

  /** Takes the outbox-wide delivery lock without waiting, or returns null when someone else holds it. */
  public @Nullable DeliveryLock tryLockDelivery() throws IOException {
    dirs.init();
    try {
      return DeliveryLock.tryLock(dirs.root.resolve("delivery.lock"));
    } catch (NoSuchFileException e) {
      if (!dirs.recreateIfGone()) throw e;
      log.warn("{} was deleted while in use; re-created it", dirs.root);
      bounds.invalidate();
      journal.reopen();
      return DeliveryLock.tryLock(dirs.root.resolve("delivery.lock"));
    }
  }

  /** Counts and sizes, without parsing entries. */
  public DiskStats stats() throws IOException {
    dirs.init();
    return DiskStats.of(dirs);
  }

  /** {@link #stats()}, plus the oldest pending entry's age and the last error, read from the headers. */
  @Override
  public Counts counts() throws IOException {
    DiskStats stats = stats();
    List<PendingEntry> pending = pendingSummaries();
    Instant oldest = pending.isEmpty() ? null : pending.get(0).createdAt();
    String error = null;
    for (PendingEntry e : pending) if (e.state().lastError() != null) error = e.state().lastError();
    return new Counts(stats.pending(), stats.failed(), stats.bytes(), stats.quarantined(), oldest, error);
  }

  /**
   * Removes what earlier processes left behind: entries half-written in {@code tmp/} by a process
   * that is gone (never accepted), entries half-deleted in {@code trash/}, and old receipts.
   * Returns the number of abandoned {@code tmp/} entries removed.
   */
  @Override
  public int cleanUp() throws IOException {
    dirs.init();
    int removed = entries.removeAbandoned();
    deliveredEntries.pruneReceipts();
    return removed;
  }

  /**
   * Settles this instance's journaled entries (those not delivered yet), then removes its
   * {@code tmp/} directory and lock. Should settling fail, the next claim of any instance settles them.
   */
  @Override
  public void close() throws IOException {
    boolean settled = false;
    try {
      attempts.closeAppender();
      journal.close();
      settled = true;
    } finally {
      dirs.close(settled);
    }
  }
}
