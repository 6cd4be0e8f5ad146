package dev.helpline.internal.outbox;

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
