package dev.helpline.sample.android;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Remembers which notices were shown, across activity recreation and process restarts: one notice
 * id per line in a small file under the app's files directory, replaced atomically (temp file, then
 * rename) so a crash leaves the old or the new list, never half of one. Thread-safe. {@link #load}
 * and {@link #persist} touch the disk and refuse the main thread; {@link #markSeen} and
 * {@link #isSeen} work from memory once loaded.
 */
public final class SeenNotices {
  /** The most ids kept; the oldest are forgotten first (notices that old no longer exist). */
  static final int MAX_IDS = 500;

  private final Path file;
  private final Set<String> seen = new LinkedHashSet<>();
  private final Object writeLock = new Object();
  private boolean loaded;

  public SeenNotices(Path file) {
    this.file = Objects.requireNonNull(file, "file == null");
  }

  /** Reads the file once; later calls return at once. A missing file means nothing was seen yet. */
  public void load() throws IOException {
    IoGuard.checkNotMainThread("SeenNotices.load");
    synchronized (this) {
      if (loaded) return;
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (!line.isEmpty()) seen.add(line);
        }
      }
      loaded = true;
    }
  }

  public synchronized boolean isSeen(String id) {
    checkLoaded();
    return seen.contains(id);
  }

  /** Records {@code id} in memory at once; returns false when it was already seen. Call {@link #persist} next. */
  public synchronized boolean markSeen(String id) {
    checkLoaded();
    if (id.indexOf('\n') >= 0 || id.indexOf('\r') >= 0) throw new IllegalArgumentException("notice id contains a line break");
    boolean added = seen.add(id);
    while (seen.size() > MAX_IDS) seen.remove(seen.iterator().next());
    return added;
  }

  /** Writes the ids to disk, replacing the file atomically. */
  public void persist() throws IOException {
    IoGuard.checkNotMainThread("SeenNotices.persist");
    List<String> lines;
    synchronized (this) {
      checkLoaded();
      lines = new ArrayList<>(seen);
    }
    synchronized (writeLock) {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(tmp, lines, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private void checkLoaded() {
    if (!loaded) throw new IllegalStateException("SeenNotices.load() must run (off the main thread) before use");
  }
}
