package dev.helpline.internal.outbox;

import dev.helpline.outbox.OutboxStore.StoredEntry;
import dev.helpline.outbox.SubmissionRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;

/**
 * {@link FileOutbox#enqueue} with group commit. The bound check and the duplicate check are
 * serialised with the ids being written in this process (which the bounds do not count yet). A small
 * entry is then appended to the {@link SubmissionJournal}, whose one force covers every entry appended
 * meanwhile, and its file renamed into {@code pending/} unforced; a larger one is written and forced
 * in parallel with the others, renamed into {@code pending/}, and one fsync of {@code pending/}
 * ({@link GroupSync}) covers every rename made meanwhile. Each caller returns only once its own entry
 * is durable.
 */
final class Enqueue {
  private final OutboxDirs dirs;
  private final Bounds bounds;
  private final EntryFiles entries;
  private final GroupSync pendingSync;
  private final SubmissionJournal journal;
  /** Serialises bound checks with the writes they admit, within this process. */
  private final Object lock = new Object();
  /** Ids being written (under lock), and their bytes: not yet counted by the bounds. */
  private final Set<String> writing = new HashSet<>();
  private long writingBytes;

  Enqueue(OutboxDirs dirs, Bounds bounds, EntryFiles entries, SubmissionJournal journal) {
    this.dirs = dirs;
    this.bounds = bounds;
    this.entries = entries;
    this.pendingSync = new GroupSync(dirs.pending);
    this.journal = journal;
  }

  long fsyncs() {
    return pendingSync.fsyncs() + journal.forces();
  }

  StoredEntry enqueue(SubmissionRecord record) throws IOException {
    String id = OutboxDirs.checkId(record.submissionId());
    dirs.init();
    EntryFiles.Prepared prepared = EntryFiles.prepare(record);
    synchronized (lock) {
      if (writing.contains(id) || Files.exists(OutboxDirs.entryFile(dirs.pending, id))
          || Files.exists(OutboxDirs.entryFile(dirs.failed, id))) {
        throw new IllegalArgumentException("submissionId '" + id + "' is already in the outbox");
      }
      bounds.check(writing.size(), prepared.length + writingBytes);
      writing.add(id);
      writingBytes += prepared.length;
    }
    boolean reserved = true;
    Path work = dirs.work.resolve(id + OutboxDirs.ENTRY);
    Path target = OutboxDirs.entryFile(dirs.pending, id);
    boolean[] moved = new boolean[1];
    SubmissionJournal.Appended journaled = null;
    try {
      StoredEntry entry;
      if (journal.accepts(prepared.length)) {
        byte[] bytes = EntryFiles.encode(prepared);
        journaled = journal.append(id, bytes); // durable from here on
        entry = entries.writeJournaled(prepared, bytes, work, target);
      } else {
        entry = entries.write(prepared, work, target);
      }
      bounds.change(1, prepared.length, () -> {
        Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
        moved[0] = true;
      });
      release(id, prepared.length); // counted by the bounds now
      reserved = false;
      if (journaled == null) pendingSync.sync();
      else journal.finish(journaled);
      return entry;
    } catch (IOException | RuntimeException | CorruptEntryException e) {
      // Never accepted: undo, so that neither tmp/, pending/ nor the journal keeps a submission the
      // caller was told failed (it would otherwise be delivered and duplicate a resubmission).
      try {
        if (moved[0]) {
          entries.moveToTrashAndDelete(target, dirs.pending);
          bounds.invalidate();
        }
        Files.deleteIfExists(work);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      if (journaled != null) journal.cancel(journaled, e);
      if (e instanceof RuntimeException) throw (RuntimeException) e;
      throw new IOException("could not store submission " + id + " in outbox directory " + dirs.root + ": " + e, e);
    } finally {
      if (reserved) release(id, prepared.length);
    }
  }

  private void release(String id, long bytes) {
    synchronized (lock) {
      writing.remove(id);
      writingBytes -= bytes;
    }
  }

}
