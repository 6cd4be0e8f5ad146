package dev.helpline.internal.outbox;

import dev.helpline.Submission;
import dev.helpline.internal.io.AtomicFiles;
import dev.helpline.outbox.OutboxStore.DeliveryState;
import dev.helpline.outbox.OutboxStore.FailureRecord;
import dev.helpline.outbox.OutboxStore.StoredEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The file outbox's {@code failed/} directory: moving an entry there with the reason it failed, back to
 * {@code pending/} for a retry, and discarding it. Each move is one atomic rename, forced before a step
 * that depends on it. Blocking I/O on the calling thread; {@link FileOutbox} checks ids and creates the tree.
 */
final class FailedEntries {
  private final OutboxDirs dirs;
  private final Bounds bounds;
  private final StateFiles states;
  private final EntryFiles entries;

  FailedEntries(OutboxDirs dirs, Bounds bounds, StateFiles states, EntryFiles entries) {
    this.dirs = dirs;
    this.bounds = bounds;
    this.states = states;
    this.entries = entries;
  }

  /** Moves a pending entry into {@code failed/}, its failure record forced there first. */
  StoredEntry markFailed(StoredEntry entry, FailureRecord failure) throws IOException {
    String id = entry.id();
    Path file = OutboxDirs.entryFile(dirs.pending, id);
    Path target = OutboxDirs.entryFile(dirs.failed, id);
    // Forced into failed/ before the entry follows it, so a failed entry always has its reason.
    states.writeFailure(target, failure);
    Path state = StateFiles.stateOf(file);
    bounds.change(0, 0, () -> {
      if (Files.exists(state)) {
        Files.move(state, StateFiles.stateOf(target), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      }
      Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
    });
    AtomicFiles.fsyncDirectory(dirs.failed);
    AtomicFiles.fsyncDirectory(dirs.pending);
    long bytes = entry.contentBytes() + OutboxDirs.sizeOrZero(StateFiles.failureOf(target))
        + OutboxDirs.sizeOrZero(StateFiles.stateOf(target));
    return new StoredEntry(entry.record(), entry.state(), Submission.State.FAILED, failure, bytes,
        entry.contentBytes());
  }

  /**
   * Moves a failed entry back into {@code pending/}, its backoff reset and its attempts kept. Throws
   * IllegalStateException when it is pending already, IllegalArgumentException when there is none.
   */
  StoredEntry retry(String id) throws IOException {
    Path source = OutboxDirs.entryFile(dirs.failed, id);
    Path target = OutboxDirs.entryFile(dirs.pending, id);
    if (!Files.isRegularFile(source)) {
      if (Files.isRegularFile(target)) throw new IllegalStateException("submission " + id + " is pending already");
      throw new IllegalArgumentException("no failed submission with id " + id);
    }
    states.refreshAttempts();
    DeliveryState failedState = states.read(source);
    bounds.change(0, 0, () -> {
      // A leftover state must not come back to life.
      Files.deleteIfExists(StateFiles.stateOf(target));
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    });
    AtomicFiles.fsyncDirectory(dirs.pending);
    AtomicFiles.fsyncDirectory(dirs.failed);
    if (failedState.attempts() > 0) {
      // Backoff starts afresh; the attempts stay known, since the desk may hold it (an answer it could not use).
      states.write(target, new DeliveryState(failedState.attempts(), 0, null, null, failedState.firstAttemptAt()));
    }
    // Only once the move is on the device: a crash before it leaves the failed entry with its reason.
    bounds.change(0, 0, () -> {
      Files.deleteIfExists(StateFiles.stateOf(source));
      Files.deleteIfExists(StateFiles.failureOf(source));
    });
    try {
      StoredEntry e = entries.read(target, Submission.State.QUEUED);
      if (e == null) throw new IllegalArgumentException("no failed submission with id " + id);
      return e;
    } catch (CorruptEntryException e) {
      throw new IOException("submission " + id + " in " + target + " is unreadable: " + e.getMessage(), e);
    }
  }

  /** Deletes a failed entry and its bookkeeping; throws as {@link #retry} does. */
  void discard(String id) throws IOException {
    Path source = OutboxDirs.entryFile(dirs.failed, id);
    if (!Files.isRegularFile(source)) {
      if (Files.isRegularFile(OutboxDirs.entryFile(dirs.pending, id))) {
        throw new IllegalStateException("submission " + id + " is pending; only failed submissions can be discarded");
      }
      throw new IllegalArgumentException("no failed submission with id " + id);
    }
    entries.moveToTrashAndDelete(source, dirs.failed);
    Files.deleteIfExists(StateFiles.stateOf(source));
    Files.deleteIfExists(StateFiles.failureOf(source));
    bounds.invalidate();
  }
}
