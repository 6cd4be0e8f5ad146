package dev.helpline.internal.outbox;

import java.io.IOException;
import java.nio.file.Path;

/** Entry counts and bytes on disk. */
public final class DiskStats {
  private final int pending;
  private final int failed;
  private final long bytes;
  private final int quarantined;

  DiskStats(int pending, int failed, long bytes, int quarantined) {
    this.pending = pending;
    this.failed = failed;
    this.bytes = bytes;
    this.quarantined = quarantined;
  }

  /** Lists the outbox's directories; parses no entry. */
  static DiskStats of(OutboxDirs dirs) throws IOException {
    int[] counts = new int[2];
    long bytes = 0;
    Path[] both = {dirs.pending, dirs.failed};
    for (int i = 0; i < 2; i++) {
      for (Path p : OutboxDirs.list(both[i])) {
        String name = p.getFileName().toString();
        if (OutboxDirs.entryId(name) != null) counts[i]++;
        else if (OutboxDirs.bookkeepingId(name) == null) continue;
        bytes += OutboxDirs.sizeOrZero(p);
      }
    }
    int quarantined = 0;
    for (Path p : OutboxDirs.list(dirs.quarantine)) if (!p.getFileName().toString().endsWith(".reason.txt")) quarantined++;
    return new DiskStats(counts[0], counts[1], bytes, quarantined);
  }

  public int pending() {
    return pending;
  }

  public int failed() {
    return failed;
  }

  /** Bytes of pending and failed entries and their bookkeeping. */
  public long bytes() {
    return bytes;
  }

  public int quarantined() {
    return quarantined;
  }
}
