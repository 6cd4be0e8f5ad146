package dev.helpline.internal.outbox;

import dev.helpline.internal.io.AtomicFiles;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;

/**
 * Group commit of one directory or file: threads that changed it (renamed an entry into the
 * directory, appended to the file) call {@link #sync()}, and one fsync covers every change made
 * before it started. A thread whose change came after the fsync in progress started waits for it and
 * then leads (or joins) the next one. Each caller returns only once its own change is on the device,
 * or throws.
 */
final class GroupSync {
  /** The fsync that one caller makes for all. */
  interface Force {
    void run() throws IOException;
  }

  private final Force force;
  private final Path target;
  /** Changes registered so far; every one up to {@link #synced} is durable. */
  private long registered;
  private long synced;
  private boolean syncing;
  private long fsyncs;

  /** Group commit of renames into {@code dir}. */
  GroupSync(Path dir) {
    this(() -> AtomicFiles.fsyncDirectory(dir), dir);
  }

  /** Group commit of changes to {@code target}, each forced by {@code force}. */
  GroupSync(Force force, Path target) {
    this.force = force;
    this.target = target;
  }

  /** Returns once every change that completed before this call is durable. */
  void sync() throws IOException {
    long ticket;
    synchronized (this) {
      ticket = ++registered;
      while (synced < ticket && syncing) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while waiting for " + target + " to be forced");
        }
      }
      if (synced >= ticket) return;
      syncing = true;
    }
    long upTo;
    synchronized (this) {
      // Every change registered so far completed before this fsync starts: it covers them all.
      upTo = registered;
    }
    boolean ok = false;
    try {
      force.run();
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

  /** How many fsyncs were made; lets tests see that concurrent changes share them. */
  synchronized long fsyncs() {
    return fsyncs;
  }
}
