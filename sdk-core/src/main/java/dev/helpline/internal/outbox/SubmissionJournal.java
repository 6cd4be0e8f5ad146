package dev.helpline.internal.outbox;

import dev.helpline.internal.io.AtomicFiles;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * This instance's submission journal: what makes a small entry durable with a share of one fsync.
 *
 * <p>An entry of at most {@value #MAX_ENTRY} bytes is appended whole to {@code tmp/<instance>/journal-N.log}
 * and the journal is forced; threads appending meanwhile share that force (group commit), and each
 * returns once its own record is on the device. Only then is the entry file written to {@code tmp/} and
 * renamed into {@code pending/}, neither forced. Until a {@linkplain #checkpoint checkpoint} has forced
 * that file and {@code pending/} and emptied the journal, the entry is <em>unsettled</em>: a crash may
 * have lost or torn its file, and the journal holds the bytes to restore it ({@link JournalRecovery}).
 *
 * <p>This instance delivers its unsettled entries like any other (other instances leave them out until
 * they are settled: when this instance's claim ends with nothing stored since it last looked, when its
 * next claim finds the lock held elsewhere, past {@value #SETTLE_OVER} bytes, at the latest at close), so
 * that an entry delivered before the next checkpoint never needs a force of its own:
 * before one leaves {@code pending/}, {@link #release} appends a cancel record, and recovery, which reads
 * an instance's journal files together, never restores it. The record of a delivered entry is not forced:
 * a process that is killed leaves it behind; a power loss may lose it, and the entry is then sent again
 * with its submission id, as when the removal of a settled one is lost ({@link DeliveredEntries}).
 *
 * <p>Two journal files alternate: a checkpoint switches appends to the other one, waits for the
 * entries still being renamed into {@code pending/}, forces their files, and empties the old one.
 * An entry whose rename fails after its record was forced gets a cancel record, so that it is not
 * restored. Thread-safe; one instance per {@link FileOutbox}.
 *
 * <p>Emptying a file keeps it (up to {@value #KEEP} bytes): it zeroes what the records held, so that
 * no copy of a settled entry stays behind, and starts a new <em>generation</em>, which every record's
 * checksum covers, so that no record written before is read again. Later records then overwrite blocks
 * the file already has, and their force need not record a new file size: on a journaling file system
 * that halves the force a small {@code submit} waits for (an append and its force took 0.55–0.74 ms,
 * the same write over the file's own blocks 0.28–0.31 ms, on ext4 with a journal).
 *
 * <p>The files' format is {@link JournalFormat}'s.
 */
final class SubmissionJournal {
  /** Entries up to this size go through the journal; larger ones are forced as files of their own. */
  static final int MAX_ENTRY = 64 * 1024;
  /**
   * A claim settles the journal once it holds more than this, and so does {@link FileOutbox#settle} while the
   * desk is held, so that it keeps a second copy of no more than this much of the queue.
   */
  static final long SETTLE_OVER = 1 << 20;
  /**
   * The most the journal holds before entries bypass it until the next checkpoint: a bound for whatever
   * keeps both claims and {@link FileOutbox#settle} from coming (delivery not running at all).
   */
  static final long MAX_HELD = 4 << 20;
  /** The most of a file kept, zeroed, when it is emptied; a file that grew beyond it is cut back. */
  static final long KEEP = SETTLE_OVER;
  private static final byte[] ZEROS = new byte[64 * 1024];

  private final Path dir;
  private final Path pending;
  private final Segment[] segments = new Segment[2];
  private int active;
  /** Set when a failed write could not be cut off: no more appends (see {@link #accepts}). */
  private boolean broken;
  /** Set by {@link #close}: no more appends, so that what close settled is all there is. */
  private boolean closed;
  /** Serialises checkpoints; never taken while holding this object's monitor. */
  private final Object checkpointing = new Object();

  /** One journal file; guarded by the journal's monitor, except {@link #sync}. */
  private final class Segment {
    final Path file;
    final GroupSync sync;
    @Nullable FileChannel channel;
    /** Covered by every record's checksum; a new one each time the file is emptied. */
    int generation;
    /** Bytes of records after the header. */
    long appended;
    /** Entries appended whose rename into pending/ has not finished (or failed) yet. */
    int inFlight;
    /** Entries appended since the file was last emptied, in order, cancelled and released ones removed. */
    final Set<String> ids = new LinkedHashSet<>();

    Segment(Path file) {
      this.file = file;
      this.sync = new GroupSync(this::force, file);
    }

    private void force() throws IOException {
      FileChannel ch;
      synchronized (SubmissionJournal.this) {
        ch = open(this);
      }
      ch.force(false);
    }
  }

  /** An appended record: what {@link #finish} and {@link #cancel} need. */
  static final class Appended {
    private final Segment segment;
    private final String id;

    private Appended(Segment segment, String id) {
      this.segment = segment;
      this.id = id;
    }
  }

  /** Does no I/O: {@code dir} is this instance's {@code tmp/<instance>} directory. */
  SubmissionJournal(Path dir, Path pending) {
    this.dir = dir;
    this.pending = pending;
    for (int i = 0; i < segments.length; i++) {
      segments[i] = new Segment(dir.resolve(JournalFormat.PREFIX + i + JournalFormat.SUFFIX));
    }
  }

  /**
   * Appends {@code entry} (the whole entry file) and returns once it is on the device. The caller
   * then renames the entry into {@code pending/} and calls {@link #finish}, or {@link #cancel} when it
   * could not.
   */
  Appended append(String id, byte[] entry) throws IOException {
    Segment s;
    synchronized (this) {
      s = segments[active];
      write(s, JournalFormat.ENTRY_RECORD, id, entry);
      s.inFlight++;
      s.ids.add(id);
    }
    Appended a = new Appended(s, id);
    try {
      s.sync.sync();
    } catch (IOException | RuntimeException e) {
      cancel(a, e);
      throw e;
    }
    return a;
  }

  /** The entry is in {@code pending/}: a checkpoint may now force it. */
  void finish(Appended a) {
    synchronized (this) {
      a.segment.inFlight--;
      notifyAll();
    }
  }

  /**
   * The entry was not stored after all (its caller is told so): appends a cancel record, forced, so
   * that recovery does not restore it, and finishes it. Failures are added to {@code cause}.
   */
  void cancel(Appended a, Throwable cause) {
    Segment s = a.segment;
    try {
      synchronized (this) {
        s.ids.remove(a.id);
        write(s, JournalFormat.CANCEL_RECORD, a.id, new byte[0]);
      }
      s.sync.sync();
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    } finally {
      finish(a);
    }
  }

  /**
   * Entry {@code id} is about to leave {@code pending/} (delivered or failed): if it is unsettled here,
   * appends a cancel record, so that recovery does not bring it back, and, when {@code force}, returns once
   * the record is on the device. A closed journal records nothing: its checkpoint settled or settles it.
   * Should the record fail (a full disk, say), settles the whole journal instead. Returns whether the entry
   * was unsettled.
   */
  boolean release(String id, boolean force) throws IOException {
    Segment s;
    synchronized (this) {
      Segment holder = segments[0].ids.contains(id) ? segments[0] : segments[1].ids.contains(id) ? segments[1] : null;
      if (holder == null || closed) return holder != null;
      // Into the file appends go to, which a checkpoint empties only after the one holding the entry.
      s = segments[active];
      try {
        write(s, JournalFormat.CANCEL_RECORD, id, new byte[0]);
        holder.ids.remove(id);
      } catch (IOException e) {
        s = null;
      }
    }
    if (s == null) checkpoint();
    else if (force) s.sync.sync();
    return true;
  }

  /**
   * Whether an entry of {@code length} bytes goes through the journal: not when it is over
   * {@value #MAX_ENTRY} bytes, while the journal holds {@value #MAX_HELD} bytes or more, or once a failed
   * write could not be cut off. Such entries are forced as files of their own.
   */
  synchronized boolean accepts(long length) {
    return length <= MAX_ENTRY && held() < MAX_HELD && !broken && !closed;
  }

  /** Bytes in the journal files. Caller holds the monitor. */
  private long held() {
    return segments[0].appended + segments[1].appended;
  }

  /** Whether entry {@code id} is unsettled here: appended, neither checkpointed nor released. */
  synchronized boolean holds(String id) {
    return segments[0].ids.contains(id) || segments[1].ids.contains(id);
  }

  /** How many forces of the journal were made; lets tests see that concurrent appends share them. */
  long forces() {
    return segments[0].sync.fsyncs() + segments[1].sync.fsyncs();
  }

  /**
   * Settles every entry appended so far whose rename finished: switches appends to the other file,
   * waits for the entries still being renamed, forces their files and {@code pending/}, and empties
   * the old file ({@link #empty}, forced). Runs on the delivery worker's thread when a claim ends with
   * nothing stored since it last looked, finds the journal over {@value #SETTLE_OVER} bytes or the delivery
   * lock held by another instance, while the desk is held ({@link #settleIfOver}), and at close.
   */
  void checkpoint() throws IOException {
    synchronized (checkpointing) {
      // The other file is non-empty only when the last checkpoint failed part way: settle it first.
      for (int round = 0; round < 2; round++) {
        Segment s;
        List<String> ids;
        long used;
        synchronized (this) {
          Segment other = segments[1 - active];
          if (other.appended > 0) {
            s = other;
          } else {
            s = segments[active];
            if (s.appended == 0) return;
            active = 1 - active;
          }
          while (s.inFlight > 0) {
            try {
              wait();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new InterruptedIOException("interrupted while waiting for entries being stored");
            }
          }
          ids = new ArrayList<>(s.ids);
          used = s.appended;
        }
        for (String id : ids) AtomicFiles.forceIfExists(OutboxDirs.entryFile(pending, id));
        AtomicFiles.fsyncDirectory(pending);
        FileChannel ch;
        int next;
        synchronized (this) {
          ch = open(s);
          next = s.generation == -1 ? 1 : s.generation + 1; // 0 marks a file without a header
        }
        // Nothing appends to s meanwhile: appends go to the other file, and s has no entry in flight.
        empty(ch, used, next);
        synchronized (this) {
          s.generation = next;
          s.appended = 0;
          s.ids.clear();
        }
      }
    }
  }

  /** Returns once every record written so far, cancel records included, is on the device. */
  void forceRecords() throws IOException {
    for (Segment s : segments) {
      boolean opened;
      synchronized (this) {
        opened = s.channel != null;
      }
      if (opened) s.sync.sync();
    }
  }

  /** {@linkplain #checkpoint Settles} the journal when its files hold more than {@code bytes}. */
  void settleIfOver(long bytes) throws IOException {
    synchronized (this) {
      if (held() <= bytes) return;
    }
    checkpoint();
  }

  /**
   * Refuses further appends, {@linkplain #checkpoint settles} what the journal holds and closes its files.
   * Should settling fail, the next claim of any instance settles them from the journal.
   */
  void close() throws IOException {
    synchronized (this) {
      closed = true;
    }
    try {
      checkpoint();
    } finally {
      closeFiles();
    }
  }

  private synchronized void closeFiles() throws IOException {
    IOException failure = null;
    for (Segment s : segments) {
      try {
        if (s.channel != null) s.channel.close();
      } catch (IOException e) {
        if (failure == null) failure = e; else failure.addSuppressed(e);
      }
      s.channel = null;
    }
    if (failure != null) throw failure;
  }

  /**
   * Forgets the journal files after the outbox tree was re-created (deleted under a running client):
   * the next append opens new ones. What the old files held was lost with the tree.
   */
  synchronized void reopen() throws IOException {
    closeFiles();
    for (Segment s : segments) {
      s.appended = 0;
      s.ids.clear();
    }
  }

  /**
   * Opens {@code s}, creating it with its directory entry forced. A file of this format is continued after
   * its last record; a new one (or one of no known format) starts with a header, forced with its first
   * record. Caller holds the monitor.
   */
  private FileChannel open(Segment s) throws IOException {
    FileChannel ch = s.channel;
    if (ch != null && ch.isOpen()) return ch;
    boolean created = !Files.exists(s.file);
    ch = FileChannel.open(s.file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      // A new file (every process's first submit) needs neither a read nor a truncation.
      JournalFormat.Contents found = created ? new JournalFormat.Contents() : JournalFormat.parse(readAll(ch));
      if (found.generation != 0) {
        s.generation = found.generation;
        s.appended = found.end - JournalFormat.HEADER;
      } else {
        if (!created) ch.truncate(0);
        writeFully(ch, JournalFormat.header(1), 0);
        s.generation = 1;
        s.appended = 0;
      }
      if (created) AtomicFiles.fsyncDirectory(dir);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    s.channel = ch;
    return ch;
  }

  /**
   * Empties a file whose entries are settled, for reuse: zeroes its records (at most {@value #KEEP} bytes of
   * them; a longer file is cut back to that), writes the header of {@code generation}, and forces it.
   */
  private static void empty(FileChannel ch, long used, int generation) throws IOException {
    long end = Math.min(JournalFormat.HEADER + used, KEEP);
    for (long at = JournalFormat.HEADER; at < end; ) {
      int n = (int) Math.min(ZEROS.length, end - at);
      writeFully(ch, ByteBuffer.wrap(ZEROS, 0, n), at);
      at += n;
    }
    if (ch.size() > KEEP) ch.truncate(KEEP);
    writeFully(ch, JournalFormat.header(generation), 0);
    ch.force(true);
  }

  /**
   * Writes a record after the last one in {@code s}. Caller holds the monitor. A failed
   * write is cut off again, since reading stops at the first torn record and would miss every record
   * after it; should that fail too, the journal is given up and entries are forced as files instead.
   */
  private void write(Segment s, byte type, String id, byte[] payload) throws IOException {
    if (broken) throw new IOException("the submission journal " + s.file + " could not be repaired after a failed write");
    if (closed) throw new IOException("the outbox was closed while the submission was being stored");
    FileChannel ch = open(s);
    ByteBuffer record = JournalFormat.record(type, id, payload, s.generation);
    long at = JournalFormat.HEADER + s.appended;
    try {
      writeFully(ch, record, at);
    } catch (IOException e) {
      try {
        ch.truncate(at);
      } catch (IOException | RuntimeException repair) {
        broken = true;
        e.addSuppressed(repair);
      }
      throw e;
    }
    s.appended += record.capacity();
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf, long at) throws IOException {
    while (buf.hasRemaining()) at += ch.write(buf, at);
  }

  private static byte[] readAll(FileChannel ch) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
    while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
      // reads to the end as it was when opened
    }
    return Arrays.copyOf(buf.array(), buf.position());
  }
}
