package dev.helpline.internal.outbox;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

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
