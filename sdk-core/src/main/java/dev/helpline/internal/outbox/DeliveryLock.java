package dev.helpline.internal.outbox;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The outbox-wide delivery lock: whoever holds it is the only one, across processes sharing the
 * data directory, delivering or moving pending entries. Released by {@link #close()}, and by the
 * operating system when the holding process dies.
 */
public final class DeliveryLock implements Closeable {
  private final ProcessLocks.Held held;

  private DeliveryLock(ProcessLocks.Held held) {
    this.held = held;
  }

  /**
   * Takes the lock held in {@code file} without waiting, or returns null when another process (or
   * another outbox in this process) holds it.
   *
   * <p>One lock for the whole outbox rather than one per entry: lock files per entry cannot be
   * deleted safely (a process may hold an open channel to the unlinked file while another creates
   * a new one), so they would pile up. The lock is held for one delivery pass; the other process
   * retries later. Taken through {@link ProcessLocks}, so a second client of this JVM on the same
   * data directory is refused without closing a channel the first client's lock lives on.
   */
  static @Nullable DeliveryLock tryLock(Path file) throws IOException {
    ProcessLocks.Held h = ProcessLocks.tryLock(file);
    return h == null ? null : new DeliveryLock(h);
  }

  public boolean isValid() {
    return held.isValid();
  }

  @Override
  public void close() throws IOException {
    held.close();
  }
}
