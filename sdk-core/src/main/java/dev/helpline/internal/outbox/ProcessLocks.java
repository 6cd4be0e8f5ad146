package dev.helpline.internal.outbox;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The file locks this process holds, one per canonical path. Every outbox lock is taken here.
 *
 * <p>File locks belong to the process, not to the channel: on Linux, closing <em>any</em> channel
 * to a locked file drops the lock another channel of the same process holds on it. So a second
 * client in this JVM must never open-and-close a channel to a file that a first client has
 * locked; it asks this registry first and is told "held" without touching the file.
 */
final class ProcessLocks {
  private static final Map<Path, Held> HELD = new HashMap<>();
  /** Channels that met a lock taken outside this registry; closing them could drop that lock. */
  private static final List<FileChannel> PARKED = new ArrayList<>();

  private ProcessLocks() {}

  /** One held lock; {@link #close()} releases it and forgets it. */
  static final class Held implements Closeable {
    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private Held(Path key, FileChannel channel, FileLock lock) {
      this.key = key;
      this.channel = channel;
      this.lock = lock;
    }

    boolean isValid() {
      return lock.isValid();
    }

    @Override
    public void close() throws IOException {
      synchronized (HELD) {
        if (HELD.get(key) == this) HELD.remove(key);
        try {
          if (lock.isValid()) lock.release();
        } finally {
          channel.close();
        }
      }
    }
  }

  /**
   * Takes the lock on {@code file} (created when missing) without waiting; null when another
   * process, or another client in this process, holds it.
   */
  static @Nullable Held tryLock(Path file) throws IOException {
    Path key = canonical(file);
    synchronized (HELD) {
      if (HELD.containsKey(key)) return null;
      FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock l;
      try {
        l = ch.tryLock();
      } catch (OverlappingFileLockException outsideRegistry) {
        PARKED.add(ch);
        return null;
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
      if (l == null) {
        ch.close(); // held by another process: closing our channel cannot affect its lock
        return null;
      }
      Held h = new Held(key, ch, l);
      HELD.put(key, h);
      return h;
    }
  }

  /** Whether this process holds the lock on {@code file} through this registry. */
  static boolean heldHere(Path file) throws IOException {
    Path key = canonical(file);
    synchronized (HELD) {
      return HELD.containsKey(key);
    }
  }

  private static Path canonical(Path file) throws IOException {
    Path abs = file.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    Path name = abs.getFileName();
    if (parent == null || name == null) return abs;
    return parent.toRealPath().resolve(name.toString());
  }
}
