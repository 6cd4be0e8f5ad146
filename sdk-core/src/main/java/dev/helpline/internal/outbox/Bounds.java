package dev.helpline.internal.outbox;

import dev.helpline.Limits;
import dev.helpline.OutboxFullException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The outbox's entry and byte bounds, checked without listing the outbox at every enqueue.
 *
 * <p>The entry count and bytes are kept in memory: counted once by listing {@code pending/} and
 * {@code failed/} at the first check, then updated by this instance's own renames, which run
 * through {@link #change} (under the same lock as the rename, so a count never sees one without
 * the other). Each check compares the modification time (and link count) of both directories with
 * those recorded after this instance's last change and counts again when they differ, i.e. when
 * another process (or anyone) changed them. Entries are files, so the link count (which counts
 * subdirectories) rarely changes with them: a change by another process that lands within the
 * time stamp's granularity of one of ours (the kernel's clock tick on ext4, a few milliseconds) is
 * missed until the next such difference; that can let a bound be exceeded by an entry, never lose
 * one. The byte bound counts the entry files; the few hundred bytes of {@code <id>.state} and
 * {@code <id>.failure} are not counted.
 */
final class Bounds {
  /** A rename or deletion in {@code pending/} or {@code failed/}. */
  interface Change {
    void run() throws IOException;
  }

  private final Limits limits;
  private final Path pending;
  private final Path failed;
  private final Object lock = new Object();
  private boolean counted;
  private int countedEntries;
  private long countedBytes;
  private Object pendingStamp = "";
  private Object failedStamp = "";
  private volatile boolean unixAttributes = true;
  private int recounts;

  Bounds(Limits limits, Path pending, Path failed) {
    this.limits = limits;
    this.pending = pending;
    this.failed = failed;
  }

  /**
   * Refuses an entry of {@code incoming} bytes that would exceed a bound.
   *
   * @throws OutboxFullException naming the bound
   */
  void check(long incoming) throws IOException {
    check(0, incoming);
  }

  /**
   * Like {@link #check(long)}, with {@code reservedEntries} entries of {@code incoming} bytes in
   * total (this one's included) still being written by other threads of this process.
   */
  void check(int reservedEntries, long incoming) throws IOException {
    synchronized (lock) {
      recountIfChanged();
      int entries = countedEntries + 1 + reservedEntries;
      if (entries > limits.maxOutboxEntries()) {
        throw new OutboxFullException("entries", entries, limits.maxOutboxEntries());
      }
      if (countedBytes + incoming > limits.maxOutboxBytes()) {
        throw new OutboxFullException("bytes", countedBytes + incoming, limits.maxOutboxBytes());
      }
    }
  }

  /**
   * Runs a change this instance makes to {@code pending/} or {@code failed/} and records it: the
   * entries and bytes it adds (negative: removes), and the directories' new stamps. Atomic with
   * respect to {@link #check}.
   */
  void change(int entries, long bytes, Change change) throws IOException {
    synchronized (lock) {
      change.run();
      if (!counted) return;
      countedEntries += entries;
      countedBytes += bytes;
      try {
        pendingStamp = stamp(pending);
        failedStamp = stamp(failed);
      } catch (IOException e) {
        // The change succeeded; only the shortcut is lost: the next check counts again.
        counted = false;
      }
    }
  }

  /** Forgets the counts after a change whose size is not known; the next check lists the outbox. */
  void invalidate() {
    synchronized (lock) {
      counted = false;
    }
  }

  /** How often the outbox was listed to count its entries. */
  int recounts() {
    synchronized (lock) {
      return recounts;
    }
  }

  private void recountIfChanged() throws IOException {
    // Stamps are taken before counting: a change during the count makes the next check recount.
    Object p = stamp(pending);
    Object f = stamp(failed);
    if (counted && p.equals(pendingStamp) && f.equals(failedStamp)) return;
    recounts++;
    int entries = 0;
    long bytes = 0;
    for (Path dir : new Path[] {pending, failed}) {
      for (Path e : OutboxDirs.list(dir)) {
        if (OutboxDirs.entryId(e.getFileName().toString()) == null) continue;
        entries++;
        bytes += OutboxDirs.sizeOrZero(e);
      }
    }
    countedEntries = entries;
    countedBytes = bytes;
    pendingStamp = p;
    failedStamp = f;
    counted = true;
  }

  /**
   * What identifies a directory's listing cheaply: its modification time (changed by every entry
   * created, renamed in or out, or deleted) and, where available, its link count (the number of
   * subdirectories, such as a stray directory a person put there). Compared with {@code equals}; never
   * formatted, since a stamp is taken at every change.
   */
  private Object stamp(Path dir) throws IOException {
    if (unixAttributes) {
      try {
        Map<String, Object> a = Files.readAttributes(dir, "unix:lastModifiedTime,nlink");
        return Arrays.asList(a.get("lastModifiedTime"), a.get("nlink"));
      } catch (UnsupportedOperationException | IllegalArgumentException notUnix) {
        // No "unix" attribute view (Android, Windows): fall back to the modification time below.
        unixAttributes = false;
      }
    }
    return Files.getLastModifiedTime(dir);
  }
}
