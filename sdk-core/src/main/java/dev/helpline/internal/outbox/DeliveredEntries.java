package dev.helpline.internal.outbox;

import dev.helpline.Ticket;
import dev.helpline.internal.io.AtomicFiles;
import dev.helpline.outbox.OutboxStore.StoredEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The file outbox's delivered entries: their removal through {@code trash/} and their receipts.
 *
 * <p>{@link #markDelivered} is on the path of every delivery, so it forces nothing: it renames the entry into
 * {@code trash/}; {@link #purge()} then appends the batch's receipts with one write, forces {@code pending/}
 * once for the whole batch and deletes the batch's files. A crash before that fsync may bring the delivered
 * entries back into {@code pending/}, complete: they are sent again with the same submission id and the desk
 * answers with the ticket it already created. Nothing is lost, since an entry that was not delivered is never
 * renamed. Other processes read receipts only while holding the delivery lock, so they never see an entry
 * gone from {@code pending/} whose receipt is still buffered here. Thread-safe; blocking I/O on the calling
 * thread; {@link FileOutbox} checks ids and creates the tree.
 */
final class DeliveredEntries {
  private static final Duration RECEIPT_RETENTION = Duration.ofDays(7);

  private final OutboxDirs dirs;
  private final Bounds bounds;
  private final Clock clock;
  private final ReceiptLog receipts;
  /** Numbers this instance's names in trash/: unique without a random UUID per delivery. */
  private final AtomicLong trashed = new AtomicLong();
  /** Delivered entries renamed into trash/ whose rename is not yet forced, and their receipt lines. */
  private final List<Path> delivering = new ArrayList<>();
  private final List<byte[]> receiptLines = new ArrayList<>();

  DeliveredEntries(OutboxDirs dirs, Bounds bounds, Clock clock) {
    this.dirs = dirs;
    this.bounds = bounds;
    this.clock = clock;
    this.receipts = new ReceiptLog(dirs.delivered);
  }

  /** Renames a delivered entry into {@code trash/} and keeps its receipt for the next {@link #purge()}. */
  void markDelivered(StoredEntry entry, Ticket ticket) throws IOException {
    byte[] receipt = ReceiptLog.line(entry.id(), ticket, clock.instant());
    Path file = OutboxDirs.entryFile(dirs.pending, entry.id());
    Path target = dirs.trash.resolve(entry.id() + "-" + dirs.instanceId + "-" + trashed.incrementAndGet() + OutboxDirs.ENTRY);
    bounds.change(-1, -entry.contentBytes(), () -> {
      Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
      // The state is worthless now. Should a crash undo the rename, the entry is sent again, and the desk
      // deduplicates it anyway.
      if (StateFiles.mayExistFor(entry.state())) Files.deleteIfExists(StateFiles.stateOf(file));
    });
    synchronized (delivering) {
      delivering.add(target);
      receiptLines.add(receipt);
    }
  }

  /** Makes the removals since the last call durable, with their receipts, and deletes their files. */
  void purge() throws IOException {
    List<Path> batch;
    List<byte[]> lines;
    synchronized (delivering) {
      if (delivering.isEmpty()) return;
      batch = new ArrayList<>(delivering);
      delivering.clear();
      lines = new ArrayList<>(receiptLines);
      receiptLines.clear();
    }
    receipts.append(lines);
    // Files are unlinked only once their entry's rename out of pending/ is on the device: a crash
    // can then never bring back a half-deleted entry into pending/ (it would be quarantined).
    // Should this fail, the entries stay in trash/ and the next cleanUp() removes them.
    AtomicFiles.fsyncDirectory(dirs.pending);
    for (Path p : batch) AtomicFiles.deleteFile(p);
  }

  /** The ticket a receipt records for {@code id}, or null. */
  @Nullable Ticket receipt(String id) throws IOException {
    return receipts.find(id);
  }

  /** Drops receipts older than a week. */
  void pruneReceipts() throws IOException {
    receipts.prune(clock.instant().minus(RECEIPT_RETENTION));
  }
}
