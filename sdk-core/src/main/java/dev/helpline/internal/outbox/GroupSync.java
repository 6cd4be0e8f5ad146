package dev.helpline.internal.outbox;

import dev.helpline.internal.io.AtomicFiles;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;

/**
 * Group commit of one directory's entries: threads that renamed an entry into it call
 * {@link #sync()}, and one fsync of the directory covers every rename made before it started. A
 * thread whose rename came after the fsync in progress started waits for it and then leads (or
 * joins) the next one. Each caller returns only once its own rename is on the device, or throws.
 */
final class GroupSync {
  private final Path dir;
  /** Renames registered so far; every one up to {@link #synced} is durable. */
  private long registered;
  private long synced;
  private boolean syncing;
  private long fsyncs;

  GroupSync(Path dir) {
    this.dir = dir;
  }

  /** Returns once every rename into the directory that completed before this call is durable. */
  void sync() throws IOException {
    long ticket;
    synchronized (this) {
      ticket = ++registered;
      while (synced < ticket && syncing) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while waiting for " + dir + " to be forced");
        }
      }
      if (synced >= ticket) return;
      syncing = true;
    }
    long upTo;
    synchronized (this) {
      // Every rename registered so far completed before this fsync starts: it covers them all.
      upTo = registered;
    }
    boolean ok = false;
    try {
      AtomicFiles.fsyncDirectory(dir);
      ok = true;
    } finally {
      synchronized (this) {
        syncing = false;
        fsyncs++;
        if (ok && upTo > synced) synced = upTo;
        notifyAll();
      }
    }
  }

  /** How many fsyncs were made; lets tests see that concurrent renames share them. */
  synchronized long fsyncs() {
    return fsyncs;
  }
}
