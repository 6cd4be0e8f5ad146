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
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bookkeeping files beside an entry: {@code <id>.state} (attempts, backoff step, first attempt
 * time, next attempt, last error; from the first failed attempt on, before which the
 * {@link AttemptLog} tells whether and since when an entry was attempted) and {@code <id>.failure} (the desk's refusal, in
 * {@code failed/}). Both are replaced by write-to-temp, force and atomic rename. A lost or
 * unreadable state only resets the entry's attempts; a lost failure record keeps the entry failed
 * with a reason saying so.
 */
final class StateFiles {
  private static final Logger log = LoggerFactory.getLogger(StateFiles.class);

  private final Bounds bounds;
  private final AttemptLog attempts;
  private final Path workDir;
  private final Clock clock;

  StateFiles(Bounds bounds, AttemptLog attempts, Path workDir, Clock clock) {
    this.bounds = bounds;
    this.workDir = workDir;
    this.attempts = attempts;
    this.clock = clock;
  }

  static Path stateOf(Path entryFile) {
    return OutboxDirs.sibling(entryFile, OutboxDirs.STATE);
  }

  /**
   * Whether an entry in {@code state} may have a state file: one is written only for an attempt that
   * failed or was planned again ({@link #write} is given attempts, an error or a next attempt), while a
   * first attempt goes to the attempt log. False spares a look-up in {@code pending/} per delivery.
   */
  static boolean mayExistFor(DeliveryState state) {
    return state.attempts() > 0 || state.lastError() != null || state.nextAttemptAt() != null;
  }

  static Path failureOf(Path entryFile) {
    return OutboxDirs.sibling(entryFile, OutboxDirs.FAILURE);
  }

  /** Reads what was appended to the attempt log since the last read; call before reading states. */
  void refreshAttempts() throws IOException {
    attempts.refresh();
  }

  /** The entry's delivery state, with the attempt log as of the last {@link #refreshAttempts()}. */
  DeliveryState read(Path entryFile) throws IOException {
    return read(entryFile, true);
  }

  /**
   * Like {@link #read(Path)}; {@code mayHaveStateFile} false (a listing showed none) skips opening
   * it, which for a missing file costs a system call and an exception for each entry a scan reads.
   */
  DeliveryState read(Path entryFile, boolean mayHaveStateFile) throws IOException {
    if (mayHaveStateFile) {
      try {
        return RecordCodec.readState(Files.readAllBytes(stateOf(entryFile)));
      } catch (NoSuchFileException e) {
        // no failed attempt yet: the attempt log tells whether there was one
      } catch (CorruptEntryException e) {
        // Only bookkeeping is lost; the ticket itself is intact, so it is delivered rather than quarantined.
        log.warn("resetting unreadable delivery state of outbox entry {}: {}", entryFile, e.getMessage());
        // Its mere existence says an attempt was made: the desk may have the ticket.
        return new DeliveryState(1, null, "delivery state was unreadable and was reset");
      }
    }
    String id = OutboxDirs.entryId(entryFile.getFileName().toString());
    Instant first = id == null ? null : attempts.firstAttempt(id);
    // Never attempted, or attempted once with no outcome recorded (the process died mid-call).
    return first == null ? DeliveryState.INITIAL : DeliveryState.INITIAL.attempting(first);
  }

  /** Replaces the state of {@code entryFile} crash-safely. */
  void write(Path entryFile, DeliveryState state) throws IOException {
    Path file = stateOf(entryFile);
    // Written in this instance's own tmp/ directory: a file created in pending/ outside the bounds'
    // change would look like another process's change and make the next bound check list the outbox.
    Path temp = workDir.resolve(stateOf(entryFile).getFileName() + OutboxDirs.TMP);
    Files.deleteIfExists(temp);
    AtomicFiles.writeNew(temp, RecordCodec.writeState(state));
    // Through the bounds like every change to pending/, so the bound check's stamp stays current.
    bounds.change(0, 0, () -> Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING));
    AtomicFiles.fsyncDirectory(file.getParent());
  }

  /** The refusal of a failed entry; a lost or unreadable record becomes one that says so. */
  FailureRecord readFailure(Path entryFile) throws IOException {
    try {
      return RecordCodec.readFailure(Files.readAllBytes(failureOf(entryFile)));
    } catch (NoSuchFileException | CorruptEntryException e) {
      return new FailureRecord(0, null, "the desk's reason was lost: " + e.getMessage(), null, clock.instant());
    }
  }

  /** Forces the refusal of the entry that will be {@code failedEntryFile} to the device. */
  void writeFailure(Path failedEntryFile, FailureRecord failure) throws IOException {
    // A fixed temp name, known to OutboxDirs.bookkeepingId: a torn one counts in the bounds until the next write.
    AtomicFiles.replace(failureOf(failedEntryFile),
        OutboxDirs.sibling(failedEntryFile, OutboxDirs.FAILURE + OutboxDirs.TMP), RecordCodec.writeFailure(failure));
  }
}
