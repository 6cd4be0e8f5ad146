package dev.helpline.internal.outbox;

import dev.helpline.internal.io.AtomicFiles;
import dev.helpline.outbox.OutboxStore.DeliveryState;
import dev.helpline.outbox.OutboxStore.FailureRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bookkeeping files beside an entry: {@code <id>.state} (attempts, backoff step, first attempt
 * time, next attempt, last error; from the first attempt on) and {@code <id>.failure} (the desk's refusal, in
 * {@code failed/}). Both are replaced by write-to-temp, force and atomic rename. A lost or
 * unreadable state only resets the entry's attempts; a lost failure record keeps the entry failed
 * with a reason saying so.
 */
final class StateFiles {
  private static final Logger log = LoggerFactory.getLogger(StateFiles.class);

  private final Bounds bounds;
  private final Clock clock;

  StateFiles(Bounds bounds, Clock clock) {
    this.bounds = bounds;
    this.clock = clock;
  }

  static Path stateOf(Path entryFile) {
    return OutboxDirs.sibling(entryFile, OutboxDirs.STATE);
  }

  static Path failureOf(Path entryFile) {
    return OutboxDirs.sibling(entryFile, OutboxDirs.FAILURE);
  }

  DeliveryState read(Path entryFile) throws IOException {
    try {
      return EntryCodec.readState(Files.readAllBytes(stateOf(entryFile)));
    } catch (NoSuchFileException e) {
      return DeliveryState.INITIAL; // never attempted
    } catch (CorruptEntryException e) {
      // Only bookkeeping is lost; the ticket itself is intact, so it is delivered rather than quarantined.
      log.warn("resetting unreadable delivery state of outbox entry {}: {}", entryFile, e.getMessage());
      // Its mere existence says an attempt was made: the desk may have the ticket.
      return new DeliveryState(1, null, "delivery state was unreadable and was reset");
    }
  }

  /** Replaces the state of {@code entryFile} crash-safely. */
  void write(Path entryFile, DeliveryState state) throws IOException {
    Path file = stateOf(entryFile);
    Path temp = OutboxDirs.sibling(entryFile, OutboxDirs.STATE + OutboxDirs.TMP);
    Files.deleteIfExists(temp);
    AtomicFiles.writeNew(temp, EntryCodec.writeState(state));
    // Through the bounds like every change to pending/, so the bound check's stamp stays current.
    bounds.change(0, 0, () -> Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING));
    AtomicFiles.fsyncDirectory(file.getParent());
  }

  /**
   * Replaces the state of {@code entryFile} by write-to-temp and atomic rename, forcing nothing: it
   * survives the death of the process (the kernel keeps the writes), not a power loss.
   */
  void writeUnforced(Path entryFile, DeliveryState state) throws IOException {
    Path file = stateOf(entryFile);
    Path temp = OutboxDirs.sibling(entryFile, OutboxDirs.STATE + OutboxDirs.TMP);
    Files.deleteIfExists(temp);
    Files.write(temp, EntryCodec.writeState(state));
    bounds.change(0, 0, () -> Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING));
  }

  /** The refusal of a failed entry; a lost or unreadable record becomes one that says so. */
  FailureRecord readFailure(Path entryFile) throws IOException {
    try {
      return EntryCodec.readFailure(Files.readAllBytes(failureOf(entryFile)));
    } catch (NoSuchFileException | CorruptEntryException e) {
      return new FailureRecord(0, null, "the desk's reason was lost: " + e.getMessage(), null, clock.instant());
    }
  }

  /** Forces the refusal of the entry that will be {@code failedEntryFile} to the device. */
  void writeFailure(Path failedEntryFile, FailureRecord failure) throws IOException {
    // A fixed temp name, known to OutboxDirs.bookkeepingId: a torn one counts in the bounds until the next write.
    AtomicFiles.replace(failureOf(failedEntryFile),
        OutboxDirs.sibling(failedEntryFile, OutboxDirs.FAILURE + OutboxDirs.TMP), EntryCodec.writeFailure(failure));
  }
}
