package dev.helpline.internal.outbox;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/**
 * The outbox-wide delivery lock: whoever holds it is the only one, across processes sharing the
 * data directory, delivering or moving pending entries. Released by {@link #close()}, and by the
 * operating system when the holding process dies.
 */
public final class DeliveryLock implements Closeable {
  private final FileChannel channel;
  private final FileLock lock;

  DeliveryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock held in {@code file} without waiting, or returns null when another process (or
   * another outbox in this process) holds it.
   *
   * <p>One lock for the whole outbox rather than one per entry: lock files per entry cannot be
   * deleted safely (a process may hold an open channel to the unlinked file while another creates
   * a new one), so they would pile up. The lock is held for one delivery pass; the other process
   * retries later.
   */
  static @Nullable DeliveryLock tryLock(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock l = ch.tryLock();
      if (l != null) return new DeliveryLock(ch, l);
    } catch (OverlappingFileLockException sameJvm) {
      // another outbox in this JVM holds it
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    ch.close();
    return null;
  }

  public boolean isValid() {
    return lock.isValid();
  }

  @Override
  public void close() throws IOException {
    try {
      if (lock.isValid()) lock.release();
    } finally {
      channel.close();
    }
  }
}
