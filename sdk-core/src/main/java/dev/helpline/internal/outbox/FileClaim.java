package dev.helpline.internal.outbox;

import dev.helpline.outbox.OutboxStore.Claim;
import dev.helpline.outbox.OutboxStore.PendingEntry;
import dev.helpline.outbox.OutboxStore.Quarantined;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * A claim on a {@link FileOutbox}: its delivery lock and the scans of {@code pending/} made under it.
 * Closing it closes this instance's attempt log appender first, since the next claim holder may compact
 * (replace) the log.
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

  /** Scans {@code pending/} again; headers already checked are not read again, so this costs a listing. */
  @Override public List<PendingEntry> more(Consumer<Quarantined> onQuarantined) throws IOException {
    Scan again = outbox.scanPending();
    for (Quarantined q : again.quarantined()) onQuarantined.accept(q);
    return again.entries();
  }

  @Override public void close() throws IOException {
    try {
      attempts.closeAppender();
    } finally {
      lock.close();
    }
  }
}
