package dev.helpline.internal.outbox;

import dev.helpline.outbox.OutboxStore.Claim;
import dev.helpline.outbox.OutboxStore.PendingEntry;
import dev.helpline.outbox.OutboxStore.Quarantined;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * A claim on a {@link FileOutbox}: its delivery lock and the scans of {@code pending/} made under it.
 * Closing it settles this instance's journal, so that what the claim did not deliver is open to other
 * instances' claims and no copy of what it delivered stays there (unless entries were stored since the claim
 * last looked: the next claim, which their wake brings, settles it; see {@link FileOutbox#claimReleased}),
 * and closes this instance's attempt log appender, since the next claim holder may compact (replace) the
 * log; then releases the lock.
 */
final class FileClaim implements Claim {
  private final FileOutbox outbox;
  private final DeliveryLock lock;
  private final AttemptLog attempts;
  private final Scan scan;

  FileClaim(FileOutbox outbox, DeliveryLock lock, AttemptLog attempts, Scan scan) {
    this.outbox = outbox;
    this.lock = lock;
    this.attempts = attempts;
    this.scan = scan;
  }

  @Override public List<PendingEntry> entries() {
    return scan.entries();
  }

  @Override public List<Quarantined> quarantined() {
    return scan.quarantined();
  }

  /**
   * The entries this instance stored since the claim's scan or the last call ({@link FileOutbox#newlyStored}):
   * no listing of {@code pending/}. Entries other processes stored meanwhile wait for the next claim.
   */
  @Override public List<PendingEntry> more(Consumer<Quarantined> onQuarantined) throws IOException {
    return outbox.newlyStored(onQuarantined);
  }

  @Override public void close() throws IOException {
    try {
      outbox.claimReleased();
    } finally {
      try {
        attempts.closeAppender();
      } finally {
        lock.close();
      }
    }
  }
}
