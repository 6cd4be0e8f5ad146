package dev.helpline.internal.outbox;

import dev.helpline.Attachment;
import dev.helpline.Submission;
import dev.helpline.internal.io.AtomicFiles;
import dev.helpline.outbox.OutboxStore.DeliveryState;
import dev.helpline.outbox.OutboxStore.FailureRecord;
import dev.helpline.outbox.OutboxStore.PendingEntry;
import dev.helpline.outbox.OutboxStore.Quarantined;
import dev.helpline.outbox.OutboxStore.StoredEntry;
import dev.helpline.outbox.SubmissionRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry files themselves: writing a new entry in {@code tmp/}, reading entries back (checked
 * headers, attachments as {@linkplain Attachment#ofFileRegion regions} of the file), setting
 * unreadable ones aside in {@code quarantine/}, deleting through {@code trash/}, and removing what
 * crashed writers left in {@code tmp/}.
 */
final class EntryFiles {
  private static final Logger log = LoggerFactory.getLogger(EntryFiles.class);
  /** Entries up to this size are read for delivery with one read and sent from memory. */
  static final int READ_WHOLE_MAX = 64 * 1024;
  static final String REASON = "quarantine-reason.txt";
  static final Comparator<PendingEntry> PENDING_ORDER =
      Comparator.comparing(PendingEntry::createdAt).thenComparing(PendingEntry::id);

  private final OutboxDirs dirs;
  private final StateFiles states;
  private final Clock clock;
  /**
   * Creation times of pending entries whose header was read and checked, by id, with the file they
   * were read from. An entry file never changes once in {@code pending/}, so a later scan that finds
   * the same file (same file key and size) need not read and parse its header again; a rotted one is
   * still caught by the whole-file check before it is sent. Each scan's {@link PendingEntry} shares the
   * id kept here, so that a pass over a long queue holds one copy of each id.
   */
  private final Map<String, Checked> checked = new ConcurrentHashMap<>();

  private static final class Checked {
    final String id;
    final Object fileKey;
    final long size;
    final Instant createdAt;

    Checked(String id, Object fileKey, long size, Instant createdAt) {
      this.id = id;
      this.fileKey = fileKey;
      this.size = size;
      this.createdAt = createdAt;
    }
  }

  EntryFiles(OutboxDirs dirs, StateFiles states, Clock clock) {
    this.dirs = dirs;
    this.states = states;
    this.clock = clock;
  }

  /** A new entry's header, measured before anything is written: what the bound check needs. */
  static final class Prepared {
    final SubmissionRecord record;
    final List<EntryCodec.StoredAttachment> declared;
    final byte[] json;
    final byte[] header;
    final long length;

    Prepared(SubmissionRecord record, List<EntryCodec.StoredAttachment> declared, byte[] json, byte[] header,
        long length) {
      this.record = record;
      this.declared = declared;
      this.json = json;
      this.header = header;
      this.length = length;
    }
  }

  /** Measures the attachments and encodes the header. */
  static Prepared prepare(SubmissionRecord record) throws IOException {
    List<EntryCodec.StoredAttachment> declared = new ArrayList<>();
    long body = 0;
    for (Attachment a : record.attachments()) {
      long size;
      try {
        size = a.size();
      } catch (UncheckedIOException e) {
        throw new IOException("cannot read attachment '" + a.fileName() + "': " + e.getCause().getMessage(), e.getCause());
      }
      declared.add(new EntryCodec.StoredAttachment(a.fileName(), a.mediaType(), size, body));
      body += size;
    }
    byte[] json = EntryCodec.writeTicket(record, declared);
    byte[] header = EntryCodec.header(json, body);
    return new Prepared(record, declared, json, header, header.length + body + EntryCodec.TRAILER);
  }

  /**
   * Writes the whole entry file to {@code work} and forces it to the device. Returns the entry as
   * it will read once renamed to {@code target}, built before the rename and never read back:
   * once in {@code pending/}, another process may deliver and delete the entry at any moment.
   */
  StoredEntry write(Prepared p, Path work, Path target) throws IOException, CorruptEntryException {
    // work's directory is made by OutboxDirs.init(); should it have been deleted since, the open
    // fails and FileOutbox.enqueue re-creates the tree and tries again.
    try (FileChannel ch = FileChannel.open(work, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      writeContent(p, (b, off, len) -> writeFully(ch, ByteBuffer.wrap(b, off, len)));
      ch.force(true);
    }
    return stored(p, target);
  }

  /** The whole entry file's bytes, for an entry of at most {@link SubmissionJournal#MAX_ENTRY} bytes. */
  static byte[] encode(Prepared p) throws IOException {
    byte[] out = new byte[(int) p.length];
    int[] at = new int[1];
    // copyExactly never passes more than the sizes measured, which p.length adds up.
    writeContent(p, (b, off, len) -> {
      System.arraycopy(b, off, out, at[0], len);
      at[0] += len;
    });
    return out;
  }

  /**
   * Writes an {@linkplain #encode encoded} entry to {@code work} without forcing it: the submission
   * journal holds its bytes until a checkpoint forces it. Returns the entry as {@link #write} does.
   */
  StoredEntry writeJournaled(Prepared p, byte[] bytes, Path work, Path target) throws IOException, CorruptEntryException {
    try (FileChannel ch = FileChannel.open(work, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      writeFully(ch, ByteBuffer.wrap(bytes));
    }
    return stored(p, target);
  }

  /** Where {@link #writeContent} puts an entry's bytes. */
  private interface Sink {
    void write(byte[] b, int off, int len) throws IOException;
  }

  /** Header, attachments and trailer; the whole-file checksum is computed as they are written: no second read. */
  private static void writeContent(Prepared p, Sink out) throws IOException {
    List<Attachment> attachments = p.record.attachments();
    out.write(p.header, 0, p.header.length);
    CRC32 crc = new CRC32();
    crc.update(p.header, 0, p.header.length);
    long largest = 0;
    for (EntryCodec.StoredAttachment a : p.declared) largest = Math.max(largest, a.size);
    byte[] chunk = new byte[(int) Math.min(64 * 1024, largest + 1)];
    for (int i = 0; i < attachments.size(); i++) {
      copyExactly(attachments.get(i), p.declared.get(i).size, out, chunk, crc);
    }
    byte[] trailer = new byte[EntryCodec.TRAILER];
    ByteBuffer.wrap(trailer).putInt(0, (int) crc.getValue());
    out.write(trailer, 0, trailer.length);
  }

  private static StoredEntry stored(Prepared p, Path target) throws CorruptEntryException {
    EntryCodec.StoredTicket stored = EntryCodec.readTicket(p.json);
    stored.bodyStart = p.header.length;
    stored.fileLength = p.length;
    return new StoredEntry(stored.toRecord(target, null), DeliveryState.INITIAL, Submission.State.QUEUED, null, p.length,
        p.length);
  }

  /**
   * Streams {@code a} into {@code out}: exactly {@code size} bytes, the size its header already
   * records, or an {@link IOException} when the attachment changed size since it was measured.
   */
  private static void copyExactly(Attachment a, long size, Sink out, byte[] chunk, CRC32 crc)
      throws IOException {
    long total = 0;
    try (InputStream in = a.openStream()) {
      int n;
      while ((n = in.read(chunk)) != -1) {
        if (total + n > size) {
          throw new IOException("attachment '" + a.fileName() + "' grew beyond " + size
              + " bytes while it was being stored");
        }
        out.write(chunk, 0, n);
        crc.update(chunk, 0, n);
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

  /** Every readable entry in {@code dir}, oldest first; unreadable ones are skipped. */
  List<StoredEntry> readAll(Path dir, Submission.State location) throws IOException {
    List<StoredEntry> out = new ArrayList<>();
    states.refreshAttempts();
    for (Path p : OutboxDirs.list(dir)) {
      if (OutboxDirs.entryId(p.getFileName().toString()) == null || !Files.isRegularFile(p)) continue;
      try {
        StoredEntry e = read(p, location);
        if (e != null) out.add(e);
      } catch (CorruptEntryException e) {
        log.debug("skipping unreadable outbox entry {}: {}", p, e.getMessage());
      }
    }
    out.sort(Comparator.comparing((StoredEntry e) -> e.record().createdAt()).thenComparing(StoredEntry::id));
    return out;
  }

  /**
   * Reads an entry file; null when it is gone (delivered or moved meanwhile). Its state reflects the
   * attempt log as of the last {@link StateFiles#refreshAttempts()}.
   */
  @Nullable StoredEntry read(Path file, Submission.State location) throws IOException, CorruptEntryException {
    long[] length = new long[1];
    SubmissionRecord record = readRecord(file, length);
    if (record == null) return null;
    DeliveryState state = states.read(file);
    FailureRecord failure = null;
    long bytes = length[0] + OutboxDirs.sizeOrZero(StateFiles.stateOf(file));
    if (location == Submission.State.FAILED) {
      failure = states.readFailure(file);
      bytes += OutboxDirs.sizeOrZero(StateFiles.failureOf(file));
    }
    return new StoredEntry(record, state, location, failure, bytes, length[0]);
  }

  /**
   * Reads and checks a pending entry's header like {@link #read} (once per file; see {@code checked}) but
   * keeps only what a pass needs to order and schedule it. The attachments are not read: the header records
   * the file's length, which catches truncation. {@code mayHaveStateFile} false (a listing showed none, or the
   * entry was never attempted) skips opening its state file. Null when the file is gone; a
   * {@link CorruptEntryException} when it is not a regular file named like an entry, or unreadable.
   */
  @Nullable PendingEntry readPending(Path file, boolean mayHaveStateFile) throws IOException, CorruptEntryException {
    String name = file.getFileName().toString();
    String id = OutboxDirs.entryId(name);
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException gone) {
      return null; // delivered or moved by another client since the listing
    }
    if (id == null || !attributes.isRegularFile()) throw new CorruptEntryException("'" + name + "' is not an outbox entry");
    Checked known = checked.get(id);
    Object fileKey = attributes.fileKey();
    if (known == null || fileKey == null || !fileKey.equals(known.fileKey) || known.size != attributes.size()) {
      SubmissionRecord record = readRecord(file, new long[1]);
      if (record == null) return null;
      known = new Checked(id, fileKey, attributes.size(), record.createdAt());
      if (fileKey != null) checked.put(id, known);
    }
    return new PendingEntry(known.id, known.createdAt, states.read(file, mayHaveStateFile));
  }

  /** {@code pending/} as listed now, and which of its entries have a state file. */
  static final class Listing {
    final List<Path> files;
    private final Set<String> idsWithState;

    Listing(List<Path> files) {
      this.files = files;
      this.idsWithState = OutboxDirs.idsWithState(files);
    }

    /** Whether the entry {@code id} had a state file when listed: what {@link #readPending} is told. */
    boolean mayHaveStateFile(@Nullable String id) {
      return idsWithState.contains(id);
    }
  }

  /** Lists {@code pending/}, having read what was appended to the attempt log, for {@link #readPending}. */
  Listing listPending() throws IOException {
    states.refreshAttempts();
    return new Listing(OutboxDirs.list(dirs.pending));
  }

  /** Forgets the checked headers of entries no longer pending. */
  void forgetCheckedBut(Set<String> pendingIds) {
    checked.keySet().retainAll(pendingIds);
  }

  /**
   * Reads a claimed entry for its attempt: header and whole-file CRC-32 checked through one open
   * file, with the delivery state its claim read (only the claim holder changes it). Null when the
   * file is gone. An entry of at most {@value #READ_WHOLE_MAX} bytes is read with one read and its
   * attachments are sent from memory, the bytes just checked; a larger one is checked in chunks and its
   * attachments are streamed from the file when sent.
   */
  @Nullable StoredEntry readForDelivery(Path file, DeliveryState state) throws IOException, CorruptEntryException {
    EntryCodec.StoredTicket stored;
    byte[] whole = null;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size <= READ_WHOLE_MAX) {
        whole = new byte[(int) size];
        EntryCodec.readFully(ch, ByteBuffer.wrap(whole), 0, "header");
        stored = EntryCodec.readWhole(whole);
      } else {
        stored = EntryCodec.readHeader(ch);
        EntryCodec.verifyWhole(ch, stored);
      }
    } catch (NoSuchFileException e) {
      return null;
    }
    SubmissionRecord record = checkedRecord(stored, file, whole);
    return new StoredEntry(record, state, Submission.State.QUEUED, null, stored.fileLength, stored.fileLength);
  }

  /** Pending entries as {@link PendingEntry}s, oldest first, skipping unreadable ones. */
  List<PendingEntry> pendingSummaries() throws IOException {
    List<PendingEntry> out = new ArrayList<>();
    Listing listing = listPending();
    for (Path p : listing.files) {
      String id = OutboxDirs.entryId(p.getFileName().toString());
      if (id == null) continue;
      try {
        PendingEntry e = readPending(p, listing.mayHaveStateFile(id));
        if (e != null) out.add(e);
      } catch (CorruptEntryException e) {
        log.debug("skipping unreadable outbox entry {}: {}", p, e.getMessage());
      }
    }
    out.sort(PENDING_ORDER);
    return out;
  }

  /**
   * The entry's record, its header checked and its attachments pointing into the file; null when
   * the file is gone. Stores the file's length in {@code length[0]}.
   */
  private @Nullable SubmissionRecord readRecord(Path file, long[] length) throws IOException, CorruptEntryException {
    EntryCodec.StoredTicket stored;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      stored = EntryCodec.readHeader(ch);
    } catch (NoSuchFileException e) {
      return null;
    }
    length[0] = stored.fileLength;
    return checkedRecord(stored, file, null);
  }

  private static SubmissionRecord checkedRecord(EntryCodec.StoredTicket stored, Path file, byte @Nullable [] whole)
      throws CorruptEntryException {
    SubmissionRecord record = stored.toRecord(file, whole);
    String id = OutboxDirs.entryId(file.getFileName().toString());
    if (!record.submissionId().equals(id)) {
      throw new CorruptEntryException("entry " + file.getFileName() + " names submission " + record.submissionId());
    }
    return record;
  }

  /** Moves an unreadable entry to {@code quarantine/} with a file saying why. */
  Quarantined quarantine(Path entry, String reason) throws IOException {
    String fileName = entry.getFileName().toString();
    String id = OutboxDirs.entryId(fileName);
    String name = (id != null ? id : fileName) + "-" + clock.millis();
    String suffix = id != null ? OutboxDirs.ENTRY : "";
    Path target = dirs.quarantine.resolve(name + suffix);
    for (int i = 1; Files.exists(target); i++) target = dirs.quarantine.resolve(name + "-" + i + suffix);
    Files.move(entry, target, StandardCopyOption.ATOMIC_MOVE);
    // Its state is only bookkeeping for delivery, which will not happen.
    if (id != null) Files.deleteIfExists(dirs.pending.resolve(id + OutboxDirs.STATE));
    AtomicFiles.fsyncDirectory(dirs.pending);
    Path reasonFile = Files.isDirectory(target) ? target.resolve(REASON) : target.resolveSibling(target.getFileName() + ".reason.txt");
    Files.write(reasonFile, (reason + "\n").getBytes(StandardCharsets.UTF_8));
    log.warn("quarantined unreadable outbox entry {} as {}: {}", entry, target, reason);
    return new Quarantined(target.getFileName().toString(), reason);
  }

  /** Deletes {@code entry} through {@code trash/}: one atomic rename out of {@code parent}, forced, then the delete. */
  void moveToTrashAndDelete(Path entry, Path parent) throws IOException {
    Path target = dirs.trash.resolve(entry.getFileName() + "-" + UUID.randomUUID());
    Files.move(entry, target, StandardCopyOption.ATOMIC_MOVE);
    AtomicFiles.fsyncDirectory(parent);
    // A crash from here on leaves a partial copy in trash/, removed by the next cleanUp().
    AtomicFiles.deleteRecursively(target);
  }

  /**
   * Removes entries half-written in {@code tmp/} by processes that are gone (their lock is free)
   * and half-deleted ones in {@code trash/}. Returns the number of abandoned {@code tmp/} entries.
   */
  int removeAbandoned() throws IOException {
    int[] removed = {0};
    for (Path p : OutboxDirs.list(dirs.tmp)) {
      String name = p.getFileName().toString();
      if (name.endsWith(OutboxDirs.LOCK)) name = name.substring(0, name.length() - OutboxDirs.LOCK.length());
      if (name.equals(dirs.instanceId)) continue;
      Path dir = dirs.tmp.resolve(name);
      if (!Files.exists(dir) && !Files.exists(dirs.instanceLockFile(name))) continue;
      dirs.removeIfGone(name, () -> {
        // Its journal holds accepted entries: the next claim settles it first (JournalRecovery).
        if (!JournalFormat.files(dir).isEmpty()) return false;
        removed[0] += OutboxDirs.list(dir).size();
        return true;
      });
    }
    for (Path p : OutboxDirs.list(dirs.trash)) AtomicFiles.deleteRecursively(p);
    if (removed[0] > 0) {
      log.info("removed {} never-accepted entries left in {} by earlier processes", removed[0], dirs.tmp);
    }
    return removed[0];
  }
}
