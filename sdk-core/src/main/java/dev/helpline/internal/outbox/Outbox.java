package dev.helpline.internal.outbox;

import dev.helpline.Attachment;
import dev.helpline.Limits;
import dev.helpline.OutboxFullException;
import dev.helpline.SubmissionState;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import dev.helpline.connector.NewTicket;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submissions stored on disk until the desk confirmed them. The constructor does no I/O (it may run
 * on the host's UI thread); directories are created at the first call that needs them. Every other
 * method does blocking file I/O and is safe to call from several threads and several processes
 * sharing the directory.
 *
 * <h2>Layout</h2>
 * <pre>
 * &lt;dir&gt;/outbox/pending/&lt;id&gt;.entry    one file per entry: a checked header holding the ticket and
 *                                   the attachments' metadata, then the attachments' bytes (see
 *                                   {@link EntryCodec}); attachments are streamed from it as
 *                                   {@linkplain Attachment#ofFileRegion regions}
 *                      &lt;id&gt;.state    attempts, next attempt time, last error; only after a failed attempt
 * &lt;dir&gt;/outbox/failed/&lt;id&gt;.entry, &lt;id&gt;.state, &lt;id&gt;.failure   permanent refusals: status, code,
 *                                   message, field, time
 * &lt;dir&gt;/outbox/quarantine/&lt;id&gt;-&lt;millis&gt;.entry  + .reason.txt   unreadable entries, kept
 * &lt;dir&gt;/outbox/tmp/&lt;instance&gt;/&lt;id&gt;.entry  entries being written; &lt;instance&gt;.lock held while the writer lives
 * &lt;dir&gt;/outbox/trash/              entries being deleted (delivered ones until the next purge)
 * &lt;dir&gt;/outbox/delivered/receipts.log  receipts (one JSON line per delivery: submission id, desk ticket
 *                                     id…), so other processes can report deliveries; receipts.log.1 is
 *                                     the previous log (rotated at 4 MiB); &lt;id&gt;.json files are
 *                                     receipts of earlier versions, still read
 * &lt;dir&gt;/outbox/delivery.lock       the outbox-wide delivery lock
 * </pre>
 *
 * <h2>Crash safety</h2>
 * An entry is one file, written completely in {@code tmp/}, forced to the device, renamed
 * atomically into {@code pending/}, and {@code pending/} forced: two fsyncs, the least any
 * crash-safe write needs (a directory per entry cost the entry directory's fsync and one per file
 * on top). A crash before the rename leaves only a file in {@code tmp/}, which was never accepted
 * and is removed by the next {@link #cleanUp()}; after the rename the file is complete, since its
 * content was forced before its name appeared. Should a device still tear or truncate it, its
 * header says so: the header carries a CRC-32 of itself and the file's total length, and the
 * attachments come last, so a reader finds any truncation without reading them; the entry is
 * quarantined. The files that change later ({@code <id>.state}, {@code <id>.failure}) sit beside
 * the entry and are replaced by write-to-temp, force and atomic rename; a lost or unreadable state
 * only resets the entry's attempts. {@link #markFailed} forces the failure record into
 * {@code failed/} before the entry follows it, so a failed entry has its reason. Moves between
 * {@code pending/}, {@code failed/}, {@code trash/} and {@code quarantine/} are single atomic
 * renames of the entry file, so no reader ever sees half an entry. Bookkeeping files whose entry
 * is gone (a crash between the entry's move and theirs) are ignored by readers and removed by the
 * next {@link #scanPending()}.
 *
 * <h2>Deleting delivered entries</h2>
 * {@link #markDelivered} is on the path of every delivery, so it forces nothing: it writes the
 * receipt and renames the entry into {@code trash/}; {@link #purgeDelivered()} then forces
 * {@code pending/} once for a whole batch and deletes the batch's files. A crash before that
 * fsync may undo the renames, which brings the delivered entries back into {@code pending/},
 * complete (their files are unlinked only after the fsync): they are sent again with the same
 * submission id and the desk answers with the ticket it already created, so the only cost is a
 * deduplicated request. Nothing is lost by this, since an entry that was not delivered is never
 * renamed. Receipts are appended to one log per batch (creating a file per delivery cost more than
 * the rest of the bookkeeping) and never forced: one lost in a crash only leaves another process's
 * in-memory future of that submission incomplete. Other processes read receipts only while holding
 * the delivery lock, so they never see an entry gone from {@code pending/} whose receipt is still
 * buffered here.
 *
 * <h2>Processes</h2>
 * Pending entries are delivered, moved to {@code failed/} or quarantined only by the holder of the
 * {@linkplain #tryLockDelivery() delivery lock}. Bounds are checked under an in-process lock; two
 * processes enqueueing at the same instant may together exceed a bound by one entry.
 *
 * <h2>Bounds without listing</h2>
 * The entry count and bytes that {@link #enqueue} checks against {@link Limits} are kept in memory:
 * counted once by listing {@code pending/} and {@code failed/} at the first enqueue, then updated
 * by this instance's own renames (under the same lock as the rename, so a count never sees one
 * without the other). Each check compares the modification time (and link count) of both
 * directories with those recorded after this instance's last change and counts again when they
 * differ, i.e. when another process (or anyone) changed them. Entries are files, so the link count
 * (which counts subdirectories) rarely changes with them: a change by another process that lands
 * within the time stamp's granularity of one of ours (the kernel's clock tick on ext4, a few
 * milliseconds) is missed until the next such difference; like the race above, that can let a
 * bound be exceeded by an entry, never lose one. The
 * byte bound counts the entry files; the few hundred bytes of {@code <id>.state} and
 * {@code <id>.failure} are not counted ({@link #stats()} reports all bytes on disk).
 */
public final class Outbox implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
  private static final Comparator<PendingEntry> PENDING_ORDER =
      Comparator.comparing(PendingEntry::createdAt).thenComparing(PendingEntry::id);
  private static final Duration RECEIPT_RETENTION = Duration.ofDays(7);
  static final String RECEIPT_LOG = "receipts.log";
  static final long RECEIPT_LOG_BYTES = 4L * 1024 * 1024;
  static final String ENTRY = ".entry";
  static final String STATE = ".state";
  static final String FAILURE = ".failure";
  static final String REASON = "quarantine-reason.txt";
  private static final String TMP = ".tmp";

  private final Path directory;
  private final Path root;
  private final Path pending;
  private final Path failed;
  private final Path quarantine;
  private final Path tmp;
  private final Path trash;
  private final Path delivered;
  private final Limits limits;
  private final Clock clock;
  private final String instanceId = UUID.randomUUID().toString();
  private final Object initLock = new Object();
  /** Serialises bound checks with the writes they admit, within this process. */
  private final Object enqueueLock = new Object();
  private final AtomicLong loads = new AtomicLong();
  /**
   * Entries in pending/ and failed/ and their content bytes, kept so that a bound check does not
   * list the outbox: see {@link #recountIfChanged()}.
   */
  private final Object countLock = new Object();
  private boolean counted;
  private int countedEntries;
  private long countedBytes;
  private String pendingStamp = "";
  private String failedStamp = "";
  private volatile boolean unixAttributes = true;
  private int recounts;
  /** Delivered entries renamed into trash/ whose rename is not yet forced to the device. */
  private final List<Path> delivering = new ArrayList<>();
  /** Receipt lines of those entries, appended to the receipt log by the same purge. */
  private final List<byte[]> receipts = new ArrayList<>();
  private boolean initialized;
  private boolean closed;
  private @Nullable FileChannel instanceChannel;
  private @Nullable FileLock instanceLock;

  /**
   * Does no I/O: {@code directory} (the client's data directory) is used at the first operation,
   * which creates it if its parent exists, and the {@code outbox} tree inside it.
   */
  public Outbox(Path directory, Limits limits, Clock clock) {
    this.directory = Objects.requireNonNull(directory, "directory == null");
    this.limits = Objects.requireNonNull(limits, "limits == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    root = directory.resolve("outbox");
    pending = root.resolve("pending");
    failed = root.resolve("failed");
    quarantine = root.resolve("quarantine");
    tmp = root.resolve("tmp");
    trash = root.resolve("trash");
    delivered = root.resolve("delivered");
  }

  /** The {@code outbox} directory inside the data directory. */
  public Path root() {
    return root;
  }

  public Limits limits() {
    return limits;
  }

  /**
   * Stores {@code ticket} durably; when this returns, the submission survives a crash of the
   * process and of the machine. Attachments are streamed from {@link Attachment#openStream()}.
   *
   * @throws OutboxFullException when the entry or byte bound would be exceeded; nothing is evicted
   *     and nothing is written
   * @throws IllegalArgumentException when the submission id is not a safe file name (letters,
   *     digits, '-', '_'; at most 64) or is already in the outbox
   * @throws IOException when the entry cannot be written (the message names the directory); no
   *     partial entry is left behind
   */
  public OutboxEntry enqueue(NewTicket ticket) throws IOException {
    String id = checkId(ticket.submissionId());
    init();
    synchronized (enqueueLock) {
      if (Files.exists(entryFile(pending, id)) || Files.exists(entryFile(failed, id))) {
        throw new IllegalArgumentException("submissionId '" + id + "' is already in the outbox");
      }
      List<EntryCodec.StoredAttachment> declared = new ArrayList<>();
      long body = 0;
      List<Attachment> attachments = ticket.attachments();
      for (Attachment a : attachments) {
        long size;
        try {
          size = a.size();
        } catch (UncheckedIOException e) {
          throw new IOException("cannot read attachment '" + a.fileName() + "': " + e.getCause().getMessage(), e.getCause());
        }
        declared.add(new EntryCodec.StoredAttachment(a.fileName(), a.mediaType(), size, body));
        body += size;
      }
      byte[] json = EntryCodec.writeTicket(ticket, declared);
      byte[] header = EntryCodec.header(json, body);
      long incoming = header.length + body;
      synchronized (countLock) {
        recountIfChanged();
        int entries = countedEntries + 1;
        if (entries > limits.maxOutboxEntries()) {
          throw new OutboxFullException("entries", entries, limits.maxOutboxEntries());
        }
        if (countedBytes + incoming > limits.maxOutboxBytes()) {
          throw new OutboxFullException("bytes", countedBytes + incoming, limits.maxOutboxBytes());
        }
      }

      Path work = tmp.resolve(instanceId).resolve(id + ENTRY);
      Path target = entryFile(pending, id);
      boolean moved = false;
      try {
        Files.createDirectories(work.getParent());
        try (FileChannel ch = FileChannel.open(work, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          writeFully(ch, ByteBuffer.wrap(header));
          byte[] chunk = attachments.isEmpty() ? new byte[0] : new byte[64 * 1024];
          for (int i = 0; i < attachments.size(); i++) {
            copyExactly(attachments.get(i), declared.get(i).size, ch, chunk);
          }
          ch.force(true);
        }
        // Built before the rename and never read back: once in pending/, another process may
        // deliver and delete the entry at any moment.
        EntryCodec.StoredTicket stored = EntryCodec.readTicket(json);
        stored.bodyStart = header.length;
        stored.fileLength = incoming;
        OutboxEntry entry = new OutboxEntry(target, stored.toTicket(target), DeliveryState.INITIAL,
            SubmissionState.QUEUED, null, incoming, incoming);
        synchronized (countLock) {
          Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
          moved = true;
          counted(1, incoming);
        }
        Fs.fsyncDirectory(pending);
        return entry;
      } catch (IOException | RuntimeException | CorruptEntryException e) {
        // Never accepted: undo, so that neither tmp/ nor pending/ keeps a submission the caller
        // was told failed (it would otherwise be delivered and duplicate a resubmission).
        try {
          if (moved) {
            moveToTrashAndDelete(target, pending);
            invalidateCounts();
          }
          Files.deleteIfExists(work);
        } catch (IOException cleanup) {
          e.addSuppressed(cleanup);
        }
        if (e instanceof RuntimeException) throw (RuntimeException) e;
        throw new IOException("could not store submission " + id + " in outbox directory " + root + ": " + e, e);
      }
    }
  }

  /**
   * Streams {@code a} into {@code ch}: exactly {@code size} bytes, the size its header already
   * records, or an {@link IOException} when the attachment changed size since it was measured.
   */
  private static void copyExactly(Attachment a, long size, FileChannel ch, byte[] chunk) throws IOException {
    long total = 0;
    try (InputStream in = a.openStream()) {
      int n;
      while ((n = in.read(chunk)) != -1) {
        if (total + n > size) {
          throw new IOException("attachment '" + a.fileName() + "' grew beyond " + size
              + " bytes while it was being stored");
        }
        writeFully(ch, ByteBuffer.wrap(chunk, 0, n));
        total += n;
      }
    }
    if (total != size) {
      throw new IOException("attachment '" + a.fileName() + "' ended after " + total + " bytes while it was being stored;"
          + " it had " + size + " bytes when it was measured");
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) ch.write(buf);
  }

  /**
   * Lists the pending entries, oldest first, and moves unreadable ones to {@code quarantine/}.
   * Every entry is read and checked, but only its id, age and delivery state are kept (see
   * {@link PendingEntry}): memory stays small whatever the queue length. Call only while holding
   * the {@linkplain #tryLockDelivery() delivery lock}, so that no entry is quarantined because
   * another process was deleting it.
   */
  public Scan scanPending() throws IOException {
    init();
    List<PendingEntry> entries = new ArrayList<>();
    List<Quarantined> quarantined = new ArrayList<>();
    List<Path> bookkeeping = new ArrayList<>();
    for (Path p : list(pending)) {
      String name = p.getFileName().toString();
      if (bookkeepingId(name) != null) {
        bookkeeping.add(p);
        continue;
      }
      try {
        if (entryId(name) == null || !Files.isRegularFile(p)) {
          throw new CorruptEntryException("'" + name + "' is not an outbox entry");
        }
        PendingEntry e = readPending(p);
        if (e != null) entries.add(e);
      } catch (CorruptEntryException e) {
        quarantined.add(quarantine(p, e.getMessage()));
      }
    }
    removeOrphans(bookkeeping);
    entries.sort(PENDING_ORDER);
    return new Scan(entries, quarantined);
  }

  /**
   * Deletes bookkeeping files in {@code pending/} whose entry is gone: left by a crash between an
   * entry's rename out of {@code pending/} and the removal of its state, or a state write torn
   * before its rename. Only the delivery lock holder writes them, so none is being written now.
   */
  private void removeOrphans(List<Path> bookkeeping) throws IOException {
    boolean removed = false;
    for (Path p : bookkeeping) {
      String name = p.getFileName().toString();
      String id = bookkeepingId(name);
      if (id == null) continue;
      if (name.endsWith(TMP) || !Files.exists(entryFile(pending, id))) removed |= Files.deleteIfExists(p);
    }
    if (removed) invalidateCounts();
  }

  /**
   * Pending entries as {@link PendingEntry}s, oldest first, skipping unreadable ones (they are
   * quarantined by the next scan). Memory stays small whatever the queue length.
   */
  public List<PendingEntry> pendingSummaries() throws IOException {
    init();
    List<PendingEntry> out = new ArrayList<>();
    for (Path p : list(pending)) {
      if (entryId(p.getFileName().toString()) == null || !Files.isRegularFile(p)) continue;
      try {
        PendingEntry e = readPending(p);
        if (e != null) out.add(e);
      } catch (CorruptEntryException e) {
        log.debug("skipping unreadable outbox entry {}: {}", p, e.getMessage());
      }
    }
    out.sort(PENDING_ORDER);
    return out;
  }

  /**
   * Reads a listed entry whole, for its delivery attempt. Returns null when it is gone (delivered
   * or moved meanwhile) or unreadable; an unreadable one is moved to {@code quarantine/} and passed
   * to {@code onQuarantined}. Call only while holding the delivery lock.
   */
  public @Nullable OutboxEntry load(PendingEntry ref, Consumer<Quarantined> onQuarantined) throws IOException {
    loads.incrementAndGet();
    try {
      return readEntry(ref.file(), SubmissionState.QUEUED);
    } catch (CorruptEntryException e) {
      onQuarantined.accept(quarantine(ref.file(), e.getMessage()));
      return null;
    }
  }

  /** How many entries {@link #load} has read since this outbox was created; lets tests see loading is per attempt. */
  public long loads() {
    return loads.get();
  }

  /** Pending entries, oldest first, skipping unreadable ones (they are quarantined by the next scan). */
  public List<OutboxEntry> pending() throws IOException {
    return readAll(pending, SubmissionState.QUEUED);
  }

  /** Failed entries, oldest first, skipping unreadable ones. */
  public List<OutboxEntry> failed() throws IOException {
    return readAll(failed, SubmissionState.FAILED);
  }

  /** The pending or failed entry with this id, or null when there is none (delivered, discarded, unknown). */
  public @Nullable OutboxEntry find(String id) throws IOException {
    checkId(id);
    init();
    try {
      OutboxEntry e = readEntry(entryFile(pending, id), SubmissionState.QUEUED);
      if (e != null) return e;
      return readEntry(entryFile(failed, id), SubmissionState.FAILED);
    } catch (CorruptEntryException e) {
      return null;
    }
  }

  /** Persists new delivery bookkeeping for a pending entry, crash-safely. */
  public OutboxEntry saveState(OutboxEntry entry, DeliveryState state) throws IOException {
    Path file = sibling(entry.file(), STATE);
    Path temp = sibling(entry.file(), STATE + TMP);
    Files.deleteIfExists(temp);
    Fs.writeDurably(temp, EntryCodec.writeState(state));
    synchronized (countLock) {
      // Under the count lock like every change to pending/, so the bound check's stamp stays current.
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      counted(0, 0);
    }
    Fs.fsyncDirectory(file.getParent());
    return entry.withState(state);
  }

  /**
   * Removes a pending entry after the desk confirmed it as {@code ticket}, leaving a small receipt
   * for other processes. Call while holding the delivery lock, and call {@link #purgeDelivered()}
   * before releasing it.
   *
   * <p>Nothing is forced to the device here (see "Deleting delivered entries" in the class
   * documentation): the entry is renamed into {@code trash/} and its files are deleted by the next
   * {@link #purgeDelivered()}, which appends the batch's receipts to the receipt log with one write
   * and forces {@code pending/} once for the whole batch. Callers
   * purge every few dozen entries, so that a long pass does not keep delivered attachments on disk
   * until its end.
   */
  public void markDelivered(OutboxEntry entry, Ticket ticket) throws IOException {
    byte[] receipt = EntryCodec.writeReceiptLine(entry.id(), ticket.id(), ticket.subject(), ticket.status().name(),
        ticket.url(), clock.instant());
    Path target = trash.resolve(entry.id() + "-" + UUID.randomUUID() + ENTRY);
    synchronized (countLock) {
      Files.move(entry.file(), target, StandardCopyOption.ATOMIC_MOVE);
      // The state is worthless now. Should a crash undo the rename, the entry is sent again from a
      // fresh state, and the desk deduplicates it anyway.
      Files.deleteIfExists(sibling(entry.file(), STATE));
      counted(-1, -entry.contentBytes());
    }
    synchronized (delivering) {
      delivering.add(target);
      receipts.add(receipt);
    }
  }

  /**
   * Forces {@code pending/} once for every entry {@link #markDelivered} moved out of it since the
   * last call, then deletes those entries' files. Cheap when there are none.
   */
  public void purgeDelivered() throws IOException {
    List<Path> batch;
    List<byte[]> lines;
    synchronized (delivering) {
      if (delivering.isEmpty()) return;
      batch = new ArrayList<>(delivering);
      delivering.clear();
      lines = new ArrayList<>(receipts);
      receipts.clear();
    }
    appendReceipts(lines);
    // Files are unlinked only once their entry's rename out of pending/ is on the device: a crash
    // can then never bring back a half-deleted entry into pending/ (it would be quarantined).
    // Should this fail, the entries stay in trash/ and the next cleanUp() removes them.
    Fs.fsyncDirectory(pending);
    for (Path p : batch) Fs.deleteRecursively(p);
  }

  /**
   * Appends receipts to the receipt log with one write, and starts a new log when it has grown
   * past {@value #RECEIPT_LOG_BYTES} bytes (the previous one is kept, so a receipt survives at
   * least one rotation). Only the delivery lock holder writes the log, so lines never interleave.
   * Not forced, like the receipts themselves.
   */
  private void appendReceipts(List<byte[]> lines) {
    if (lines.isEmpty()) return;
    int size = 0;
    for (byte[] l : lines) size += l.length;
    byte[] all = new byte[size];
    int at = 0;
    for (byte[] l : lines) {
      System.arraycopy(l, 0, all, at, l.length);
      at += l.length;
    }
    ByteBuffer buf = ByteBuffer.wrap(all);
    Path logFile = delivered.resolve(RECEIPT_LOG);
    try {
      long length;
      try (FileChannel ch = FileChannel.open(logFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND)) {
        while (buf.hasRemaining()) ch.write(buf);
        length = ch.size();
      }
      if (length > RECEIPT_LOG_BYTES) {
        Files.move(logFile, delivered.resolve(RECEIPT_LOG + ".1"), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // Receipts only let other processes report deliveries; the deletions matter more.
      log.warn("could not write {} delivery receipts to {}: {}", lines.size(), logFile, e.toString());
    }
  }

  /** Moves a pending entry to {@code failed/} with the desk's refusal. Call while holding the delivery lock. */
  public OutboxEntry markFailed(OutboxEntry entry, FailureRecord failure) throws IOException {
    String id = entry.id();
    // Forced into failed/ before the entry follows it, so a failed entry always has its reason.
    Path failureFile = failed.resolve(id + FAILURE);
    Fs.replaceDurably(failureFile, EntryCodec.writeFailure(failure));
    Path state = sibling(entry.file(), STATE);
    Path target = entryFile(failed, id);
    synchronized (countLock) {
      if (Files.exists(state)) {
        Files.move(state, failed.resolve(id + STATE), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      }
      Files.move(entry.file(), target, StandardCopyOption.ATOMIC_MOVE);
      counted(0, 0);
    }
    Fs.fsyncDirectory(failed);
    Fs.fsyncDirectory(pending);
    long bytes = entry.contentBytes() + sizeOrZero(failureFile) + sizeOrZero(failed.resolve(id + STATE));
    return new OutboxEntry(target, entry.ticket(), entry.state(), SubmissionState.FAILED, failure, bytes,
        entry.contentBytes());
  }

  /**
   * Moves a failed entry back to {@code pending/} with its attempts reset.
   *
   * @throws IllegalStateException when the entry is pending already
   * @throws IllegalArgumentException when there is no entry with this id
   */
  public OutboxEntry retry(String id) throws IOException {
    checkId(id);
    init();
    Path source = entryFile(failed, id);
    Path target = entryFile(pending, id);
    if (!Files.isRegularFile(source)) {
      if (Files.isRegularFile(target)) throw new IllegalStateException("submission " + id + " is pending already");
      throw new IllegalArgumentException("no failed submission with id " + id);
    }
    synchronized (countLock) {
      // No state file means a fresh state: attempts reset. A leftover one must not come back to life.
      Files.deleteIfExists(pending.resolve(id + STATE));
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
      counted(0, 0);
    }
    Fs.fsyncDirectory(pending);
    Fs.fsyncDirectory(failed);
    // Only once the move is on the device: a crash before it leaves the failed entry with its reason.
    synchronized (countLock) {
      Files.deleteIfExists(failed.resolve(id + STATE));
      Files.deleteIfExists(failed.resolve(id + FAILURE));
      counted(0, 0);
    }
    try {
      OutboxEntry e = readEntry(target, SubmissionState.QUEUED);
      if (e == null) throw new IllegalArgumentException("no failed submission with id " + id);
      return e;
    } catch (CorruptEntryException e) {
      throw new IOException("submission " + id + " in " + target + " is unreadable: " + e.getMessage(), e);
    }
  }

  /**
   * Deletes a failed entry for good.
   *
   * @throws IllegalStateException when the entry is still pending (pending entries cannot be discarded)
   * @throws IllegalArgumentException when there is no entry with this id
   */
  public void discard(String id) throws IOException {
    checkId(id);
    init();
    Path source = entryFile(failed, id);
    if (!Files.isRegularFile(source)) {
      if (Files.isRegularFile(entryFile(pending, id))) {
        throw new IllegalStateException("submission " + id + " is pending; only failed submissions can be discarded");
      }
      throw new IllegalArgumentException("no failed submission with id " + id);
    }
    moveToTrashAndDelete(source, failed);
    Files.deleteIfExists(failed.resolve(id + STATE));
    Files.deleteIfExists(failed.resolve(id + FAILURE));
    invalidateCounts();
  }

  /** The ticket a delivered submission became, from its receipt, or null when there is no receipt. */
  public @Nullable Ticket receipt(String id) throws IOException {
    checkId(id);
    init();
    byte[] json = findReceipt(id);
    if (json == null) return null;
    try {
      Map<String, String> m = EntryCodec.readFlatObject(json);
      String ticketId = m.get("ticketId");
      if (ticketId == null) return null;
      TicketStatus status;
      try {
        status = TicketStatus.valueOf(m.getOrDefault("status", "UNKNOWN"));
      } catch (IllegalArgumentException e) {
        status = TicketStatus.UNKNOWN;
      }
      return new Ticket(ticketId, m.getOrDefault("subject", ""), status, null, null, null, m.get("url"));
    } catch (CorruptEntryException e) {
      return null;
    }
  }

  /**
   * The newest receipt line of {@code id} in the receipt logs, else a receipt file of an earlier
   * version ({@code delivered/<id>.json}), else null. Reads the logs whole: they are bounded by
   * rotation, and only processes whose futures were completed elsewhere look.
   */
  private byte @Nullable [] findReceipt(String id) throws IOException {
    byte[] needle = ("\"submissionId\":\"" + id + "\"").getBytes(StandardCharsets.UTF_8);
    for (String name : new String[] {RECEIPT_LOG, RECEIPT_LOG + ".1"}) {
      byte[] log;
      try {
        log = Files.readAllBytes(delivered.resolve(name));
      } catch (NoSuchFileException e) {
        continue;
      }
      byte[] found = null;
      int start = 0;
      for (int i = 0; i <= log.length; i++) {
        if (i < log.length && log[i] != '\n') continue;
        if (i > start && contains(log, start, i, needle)) found = Arrays.copyOfRange(log, start, i);
        start = i + 1;
      }
      if (found != null) return found;
    }
    try {
      return Files.readAllBytes(delivered.resolve(id + ".json"));
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static boolean contains(byte[] haystack, int from, int to, byte[] needle) {
    outer:
    for (int i = from; i + needle.length <= to; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) continue outer;
      }
      return true;
    }
    return false;
  }

  /**
   * Takes the outbox-wide delivery lock without waiting, or returns null when another process (or
   * another {@code Outbox} in this process) holds it.
   *
   * <p>One lock for the whole outbox rather than one per entry: lock files per entry cannot be
   * deleted safely (a process may hold an open channel to the unlinked file while another creates
   * a new one), so they would pile up; and delivering from two processes at once gains nothing
   * for a support queue. The lock is held for one delivery pass; the other process retries later.
   */
  public @Nullable DeliveryLock tryLockDelivery() throws IOException {
    init();
    FileChannel ch = FileChannel.open(root.resolve("delivery.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock l = ch.tryLock();
      if (l != null) return new DeliveryLock(ch, l);
    } catch (OverlappingFileLockException sameJvm) {
      // another Outbox in this JVM holds it
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    ch.close();
    return null;
  }

  /** Counts and sizes, without parsing entries. */
  public Stats stats() throws IOException {
    init();
    int pendingCount = 0;
    int failedCount = 0;
    long bytes = 0;
    for (Path p : list(pending)) {
      String name = p.getFileName().toString();
      if (entryId(name) != null) pendingCount++;
      else if (bookkeepingId(name) == null) continue;
      bytes += sizeOrZero(p);
    }
    for (Path p : list(failed)) {
      String name = p.getFileName().toString();
      if (entryId(name) != null) failedCount++;
      else if (bookkeepingId(name) == null) continue;
      bytes += sizeOrZero(p);
    }
    int quarantined = 0;
    for (Path p : list(quarantine)) if (!p.getFileName().toString().endsWith(".reason.txt")) quarantined++;
    return new Stats(pendingCount, failedCount, bytes, quarantined);
  }

  /**
   * Removes what earlier processes left behind: entries half-written in {@code tmp/} by a process
   * that is gone (never accepted), entries half-deleted in {@code trash/}, and old receipts.
   * Returns the number of abandoned {@code tmp/} entries removed.
   */
  public int cleanUp() throws IOException {
    init();
    int removed = 0;
    for (Path p : list(tmp)) {
      String name = p.getFileName().toString();
      if (name.endsWith(".lock")) name = name.substring(0, name.length() - 5);
      if (name.equals(instanceId)) continue;
      Path dir = tmp.resolve(name);
      Path lockFile = tmp.resolve(name + ".lock");
      if (!Files.exists(dir) && !Files.exists(lockFile)) continue;
      try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock l;
        try {
          l = ch.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
          continue;
        }
        if (l == null) continue; // its writer is alive
        try {
          if (Files.isDirectory(dir)) {
            removed += list(dir).size();
            Fs.deleteRecursively(dir);
          }
        } finally {
          l.release();
        }
      }
      // The instance id is random and its process is gone: nobody will lock this file again.
      Files.deleteIfExists(lockFile);
    }
    for (Path p : list(trash)) Fs.deleteRecursively(p);
    Instant cutoff = clock.instant().minus(RECEIPT_RETENTION);
    for (Path p : list(delivered)) {
      try {
        if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) Files.deleteIfExists(p);
      } catch (NoSuchFileException gone) {
        // removed by another process
      }
    }
    if (removed > 0) log.info("removed {} never-accepted entries left in {} by earlier processes", removed, tmp);
    return removed;
  }

  /** Releases this instance's temp-directory lock. Entries stay on disk. */
  @Override
  public void close() throws IOException {
    synchronized (initLock) {
      closed = true;
      FileChannel ch = instanceChannel;
      instanceChannel = null;
      instanceLock = null;
      if (ch != null) ch.close();
    }
  }

  private void init() throws IOException {
    synchronized (initLock) {
      if (closed) throw new IllegalStateException("outbox is closed");
      if (initialized) return;
      if (Files.exists(directory) && !Files.isDirectory(directory)) {
        throw new IOException("Helpline data directory " + directory + " is not a directory");
      }
      Path parent = directory.toAbsolutePath().getParent();
      if (!Files.exists(directory) && parent != null && !Files.isDirectory(parent)) {
        // Only the data directory itself is created: a missing parent is most likely a wrong path.
        throw new IOException("cannot create Helpline data directory " + directory + ": its parent " + parent
            + " does not exist or is not a directory");
      }
      try {
        for (Path p : new Path[] {pending, failed, quarantine, tmp, trash, delivered}) Files.createDirectories(p);
        Path mine = tmp.resolve(instanceId);
        Files.createDirectories(mine);
        FileChannel ch = FileChannel.open(tmp.resolve(instanceId + ".lock"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        FileLock l = ch.tryLock();
        if (l == null) {
          ch.close();
          throw new IOException("cannot lock " + tmp.resolve(instanceId + ".lock"));
        }
        instanceChannel = ch;
        instanceLock = l;
      } catch (IOException e) {
        throw new IOException("cannot use Helpline outbox directory " + root + " (data directory " + directory
            + "): " + describe(e), e);
      }
      initialized = true;
    }
  }

  private static String describe(IOException e) {
    if (e instanceof FileAlreadyExistsException) return "a file is in the way: " + e.getMessage();
    if (e instanceof java.nio.file.AccessDeniedException) return "permission denied: " + e.getMessage();
    if (e instanceof java.nio.file.FileSystemException && e.getMessage() != null
        && e.getMessage().contains("Read-only")) {
      return "read-only file system: " + e.getMessage();
    }
    return e.toString();
  }

  private List<OutboxEntry> readAll(Path dir, SubmissionState location) throws IOException {
    init();
    List<OutboxEntry> out = new ArrayList<>();
    for (Path p : list(dir)) {
      if (entryId(p.getFileName().toString()) == null || !Files.isRegularFile(p)) continue;
      try {
        OutboxEntry e = readEntry(p, location);
        if (e != null) out.add(e);
      } catch (CorruptEntryException e) {
        log.debug("skipping unreadable outbox entry {}: {}", p, e.getMessage());
      }
    }
    out.sort(Comparator.comparing((OutboxEntry e) -> e.ticket().createdAt()).thenComparing(OutboxEntry::id));
    return out;
  }

  /** Reads an entry file; null when it is gone (delivered or moved meanwhile). */
  private @Nullable OutboxEntry readEntry(Path file, SubmissionState location) throws IOException, CorruptEntryException {
    long[] length = new long[1];
    NewTicket ticket = readTicket(file, length);
    if (ticket == null) return null;
    DeliveryState state = readState(file);
    Path failureFile = sibling(file, FAILURE);
    FailureRecord failure = null;
    if (location == SubmissionState.FAILED) {
      try {
        failure = EntryCodec.readFailure(Files.readAllBytes(failureFile));
      } catch (NoSuchFileException | CorruptEntryException e) {
        failure = new FailureRecord(0, null, "the desk's reason was lost: " + e.getMessage(), null, clock.instant());
      }
    }
    long bytes = length[0] + sizeOrZero(sibling(file, STATE)) + (location == SubmissionState.FAILED ? sizeOrZero(failureFile) : 0);
    return new OutboxEntry(file, ticket, state, location, failure, bytes, length[0]);
  }

  /**
   * Reads and checks a pending entry's header like {@link #readEntry} but keeps only what a pass
   * needs to order and schedule it; the ticket read for the check is garbage at once. The
   * attachments are not read: the header records the file's length, which catches truncation.
   */
  private @Nullable PendingEntry readPending(Path file) throws IOException, CorruptEntryException {
    NewTicket ticket = readTicket(file, new long[1]);
    if (ticket == null) return null;
    return new PendingEntry(file, ticket.submissionId(), ticket.createdAt(), readState(file));
  }

  /**
   * The entry's ticket, its header checked and its attachments pointing into the file; null when
   * the file is gone. Stores the file's length in {@code length[0]}.
   */
  private @Nullable NewTicket readTicket(Path file, long[] length) throws IOException, CorruptEntryException {
    EntryCodec.StoredTicket stored;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      stored = EntryCodec.readHeader(ch);
    } catch (NoSuchFileException e) {
      return null;
    }
    NewTicket ticket = stored.toTicket(file);
    String id = entryId(file.getFileName().toString());
    if (!ticket.submissionId().equals(id)) {
      throw new CorruptEntryException("entry " + file.getFileName() + " names submission " + ticket.submissionId());
    }
    length[0] = stored.fileLength;
    return ticket;
  }

  private DeliveryState readState(Path entryFile) throws IOException {
    try {
      return EntryCodec.readState(Files.readAllBytes(sibling(entryFile, STATE)));
    } catch (NoSuchFileException e) {
      return DeliveryState.INITIAL; // never attempted
    } catch (CorruptEntryException e) {
      // Only bookkeeping is lost; the ticket itself is intact, so it is delivered rather than quarantined.
      log.warn("resetting unreadable delivery state of outbox entry {}: {}", entryFile, e.getMessage());
      return new DeliveryState(0, null, "delivery state was unreadable and was reset");
    }
  }

  /**
   * Makes {@link #countedEntries} and {@link #countedBytes} current: a full count at the first
   * use, and again whenever {@code pending/} or {@code failed/} changed in a way this instance did
   * not record (another process, a person). Call holding {@link #countLock}.
   */
  private void recountIfChanged() throws IOException {
    // Stamps are taken before counting: a change during the count makes the next check recount.
    String p = stamp(pending);
    String f = stamp(failed);
    if (counted && p.equals(pendingStamp) && f.equals(failedStamp)) return;
    recounts++;
    int entries = 0;
    long bytes = 0;
    for (Path dir : new Path[] {pending, failed}) {
      for (Path e : list(dir)) {
        if (entryId(e.getFileName().toString()) == null) continue;
        entries++;
        bytes += sizeOrZero(e);
      }
    }
    countedEntries = entries;
    countedBytes = bytes;
    pendingStamp = p;
    failedStamp = f;
    counted = true;
  }

  /**
   * Records a change this instance just made to {@code pending/} or {@code failed/}. Call holding
   * {@link #countLock}, in the same critical section as the rename, so that a recount never sees
   * the rename without the delta or the reverse.
   */
  private void counted(int entries, long bytes) {
    if (!counted) return;
    countedEntries += entries;
    countedBytes += bytes;
    try {
      pendingStamp = stamp(pending);
      failedStamp = stamp(failed);
    } catch (IOException e) {
      // The rename it follows succeeded; only the shortcut is lost: the next check counts again.
      counted = false;
    }
  }

  /** How often the outbox was listed to count its entries; lets tests see that enqueue does not list it. */
  int recounts() {
    synchronized (countLock) {
      return recounts;
    }
  }

  private void invalidateCounts() {
    synchronized (countLock) {
      counted = false;
    }
  }

  /**
   * What identifies a directory's listing cheaply: its modification time (changed by every entry
   * created, renamed in or out, or deleted) and, where available, its link count (the number of
   * subdirectories, such as a stray directory a person put there).
   */
  private String stamp(Path dir) throws IOException {
    if (unixAttributes) {
      try {
        Map<String, Object> a = Files.readAttributes(dir, "unix:lastModifiedTime,nlink");
        return a.get("lastModifiedTime") + "/" + a.get("nlink");
      } catch (UnsupportedOperationException | IllegalArgumentException notUnix) {
        // No "unix" attribute view (Android, Windows): fall back to the modification time below.
        unixAttributes = false;
      }
    }
    return Files.getLastModifiedTime(dir).toString();
  }

  /** The entry file of {@code id} in {@code dir}. */
  private static Path entryFile(Path dir, String id) {
    return dir.resolve(id + ENTRY);
  }

  /** The file with {@code suffix} beside {@code entryFile}, e.g. its state. */
  private static Path sibling(Path entryFile, String suffix) {
    String name = entryFile.getFileName().toString();
    return entryFile.resolveSibling(name.substring(0, name.length() - ENTRY.length()) + suffix);
  }

  /** The submission id named by an entry file's name, or null when {@code name} is not one. */
  private static @Nullable String entryId(String name) {
    if (!name.endsWith(ENTRY)) return null;
    String id = name.substring(0, name.length() - ENTRY.length());
    return ID.matcher(id).matches() ? id : null;
  }

  /**
   * The submission id of a bookkeeping file kept beside an entry (its state, its failure record,
   * or one of them being replaced), or null when {@code name} is not one.
   */
  private static @Nullable String bookkeepingId(String name) {
    String n = name.endsWith(TMP) ? name.substring(0, name.length() - TMP.length()) : name;
    String id;
    if (n.endsWith(STATE)) id = n.substring(0, n.length() - STATE.length());
    else if (n.endsWith(FAILURE)) id = n.substring(0, n.length() - FAILURE.length());
    else return null;
    return ID.matcher(id).matches() ? id : null;
  }

  private Quarantined quarantine(Path entry, String reason) throws IOException {
    String fileName = entry.getFileName().toString();
    String id = entryId(fileName);
    String name = (id != null ? id : fileName) + "-" + clock.millis();
    String suffix = id != null ? ENTRY : "";
    Path target = quarantine.resolve(name + suffix);
    for (int i = 1; Files.exists(target); i++) target = quarantine.resolve(name + "-" + i + suffix);
    Files.move(entry, target, StandardCopyOption.ATOMIC_MOVE);
    // Its state is only bookkeeping for delivery, which will not happen.
    if (id != null) Files.deleteIfExists(pending.resolve(id + STATE));
    invalidateCounts();
    Fs.fsyncDirectory(pending);
    Path reasonFile = Files.isDirectory(target) ? target.resolve(REASON) : target.resolveSibling(target.getFileName() + ".reason.txt");
    Files.write(reasonFile, (reason + "\n").getBytes(StandardCharsets.UTF_8));
    log.warn("quarantined unreadable outbox entry {} as {}: {}", entry, target, reason);
    return new Quarantined(target.getFileName().toString(), reason);
  }

  private void moveToTrashAndDelete(Path entry, Path parent) throws IOException {
    Path target = trash.resolve(entry.getFileName() + "-" + UUID.randomUUID());
    Files.move(entry, target, StandardCopyOption.ATOMIC_MOVE);
    Fs.fsyncDirectory(parent);
    // A crash from here on leaves a partial copy in trash/, removed by the next cleanUp().
    Fs.deleteRecursively(target);
  }

  private static long sizeOrZero(Path file) throws IOException {
    try {
      return Files.size(file);
    } catch (NoSuchFileException gone) {
      return 0;
    }
  }

  private static List<Path> list(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) out.add(p);
    } catch (NoSuchFileException e) {
      return Collections.emptyList();
    }
    return out;
  }

  private static String checkId(String id) {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("submissionId '" + id
          + "' must be 1 to 64 letters, digits, '-' or '_' (a UUID), starting with a letter or digit");
    }
    return id;
  }

  /** Pending entries read by a scan, and entries moved to quarantine by it. */
  public static final class Scan {
    private final List<PendingEntry> entries;
    private final List<Quarantined> quarantined;

    Scan(List<PendingEntry> entries, List<Quarantined> quarantined) {
      this.entries = Collections.unmodifiableList(entries);
      this.quarantined = Collections.unmodifiableList(quarantined);
    }

    public List<PendingEntry> entries() {
      return entries;
    }

    public List<Quarantined> quarantined() {
      return quarantined;
    }
  }

  /** Entry counts and bytes on disk. */
  public static final class Stats {
    private final int pending;
    private final int failed;
    private final long bytes;
    private final int quarantined;

    Stats(int pending, int failed, long bytes, int quarantined) {
      this.pending = pending;
      this.failed = failed;
      this.bytes = bytes;
      this.quarantined = quarantined;
    }

    public int pending() {
      return pending;
    }

    public int failed() {
      return failed;
    }

    /** Bytes of pending and failed entries. */
    public long bytes() {
      return bytes;
    }

    public int quarantined() {
      return quarantined;
    }
  }
}
