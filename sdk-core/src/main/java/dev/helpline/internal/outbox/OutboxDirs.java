package dev.helpline.internal.outbox;

import dev.helpline.internal.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The file outbox's directory tree and file names (see {@link FileOutbox} for the layout), created
 * at the first use. Also holds this instance's lock on its own {@code tmp/<instance>} directory,
 * which tells other processes that its half-written entries are still being written.
 */
final class OutboxDirs {
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
  static final String ENTRY = ".entry";
  /** Suffix of the lock file beside each instance's {@code tmp/} directory, held while the instance lives. */
  static final String LOCK = ".lock";
  static final String STATE = ".state";
  static final String FAILURE = ".failure";
  static final String TMP = ".tmp";

  final Path directory;
  final Path root;
  final Path pending;
  final Path failed;
  final Path quarantine;
  final Path tmp;
  final Path trash;
  final Path delivered;
  final String instanceId = UUID.randomUUID().toString();
  /** This instance's own directory in {@code tmp/}, for files it writes before renaming them into place. */
  final Path work;
  private final Object initLock = new Object();
  private boolean initialized;
  private boolean closed;
  private ProcessLocks.@Nullable Held instanceLock;

  /** Does no I/O. */
  OutboxDirs(Path directory) {
    this.directory = directory;
    root = directory.resolve("outbox");
    pending = root.resolve("pending");
    failed = root.resolve("failed");
    quarantine = root.resolve("quarantine");
    tmp = root.resolve("tmp");
    trash = root.resolve("trash");
    delivered = root.resolve("delivered");
    work = tmp.resolve(instanceId);
  }

  /** Creates the tree and takes this instance's temp-directory lock, once; every operation calls it first. */
  void init() throws IOException {
    synchronized (initLock) {
      if (closed) throw new IllegalStateException("outbox is closed");
      if (initialized) return;
      if (Files.exists(directory) && !Files.isDirectory(directory)) {
        throw new IOException("Helpline data directory " + directory + " is not a directory");
      }
      Path parent = directory.toAbsolutePath().getParent();
      if (!Files.exists(directory) && parent != null && !Files.isDirectory(parent)) {
        // Only the data directory itself is created: a missing parent is most likely a wrong path.
        throw new IOException("cannot create Helpline data directory " + directory + ": its parent " + parent
            + " does not exist or is not a directory");
      }
      try {
        for (Path p : new Path[] {pending, failed, quarantine, tmp, trash, delivered}) Files.createDirectories(p);
        Files.createDirectories(work);
        ProcessLocks.Held l = ProcessLocks.tryLock(instanceLockFile(instanceId));
        if (l == null) throw new IOException("cannot lock " + instanceLockFile(instanceId));
        instanceLock = l;
      } catch (IOException e) {
        throw new IOException("cannot use Helpline outbox directory " + root + " (data directory " + directory
            + "): " + describe(e), e);
      }
      initialized = true;
    }
  }

  /**
   * Re-creates the tree when part of it was deleted while this instance ran (a user or a cleaner
   * removed the data directory), taking a fresh temp-directory lock. Returns whether it had to.
   */
  boolean recreateIfGone() throws IOException {
    synchronized (initLock) {
      if (closed) throw new IllegalStateException("outbox is closed");
      if (!initialized) return false;
      boolean whole = true;
      for (Path p : new Path[] {pending, failed, quarantine, tmp, trash, delivered, work,
          instanceLockFile(instanceId)}) {
        whole &= Files.exists(p);
      }
      if (whole) return false;
      ProcessLocks.Held l = instanceLock;
      instanceLock = null;
      if (l != null) l.close();
      initialized = false;
      init();
      return true;
    }
  }

  /**
   * Releases this instance's temp-directory lock; later operations throw IllegalStateException. With
   * {@code tidy} (its journal is settled), first deletes its {@code tmp/<instance>} directory, and the
   * lock file after it, so that a cleanly closed instance leaves nothing in {@code tmp/}; should that
   * fail, a later instance's clean-up removes them.
   */
  void close(boolean tidy) throws IOException {
    synchronized (initLock) {
      closed = true;
      ProcessLocks.Held l = instanceLock;
      instanceLock = null;
      if (l == null) return;
      if (!tidy) {
        l.close();
        return;
      }
      try {
        removeLocked(instanceId, l);
      } catch (IOException e) {
        // left for a later instance's EntryFiles.removeAbandoned
      }
    }
  }

  /** The lock file of instance {@code id}, beside its {@code tmp/} directory. */
  Path instanceLockFile(String id) {
    return tmp.resolve(id + LOCK);
  }

  /** Work done under another instance's lock before its directory is removed. */
  interface BeforeRemoval {
    /** Returns false to keep the directory and its lock file. */
    boolean run() throws IOException;
  }

  /**
   * Removes the {@code tmp/} directory of instance {@code id} and its lock file when the instance is gone (its
   * lock is free), after {@code before} ran under that lock. Returns false when the instance lives or
   * {@code before} kept the directory.
   */
  boolean removeIfGone(String id, BeforeRemoval before) throws IOException {
    ProcessLocks.Held held = ProcessLocks.tryLock(instanceLockFile(id));
    if (held == null) return false; // it lives, in this process or another
    boolean remove = false;
    try {
      remove = before.run();
    } finally {
      if (!remove) held.close();
    }
    if (remove) removeLocked(id, held);
    return remove;
  }

  /** Deletes instance {@code id}'s directory while {@code held} (its lock), then releases the lock and deletes its file. */
  private void removeLocked(String id, ProcessLocks.Held held) throws IOException {
    try {
      AtomicFiles.deleteRecursively(tmp.resolve(id));
    } finally {
      held.close();
    }
    // Instance ids are random and this one is gone: nobody will lock this file again.
    Files.deleteIfExists(instanceLockFile(id));
  }

  private static String describe(IOException e) {
    if (e instanceof FileAlreadyExistsException) return "a file is in the way: " + e.getMessage();
    if (e instanceof AccessDeniedException) return "permission denied: " + e.getMessage();
    if (e instanceof FileSystemException && e.getMessage() != null
        && e.getMessage().contains("Read-only")) {
      return "read-only file system: " + e.getMessage();
    }
    return e.toString();
  }

  /** The entry file of {@code id} in {@code dir}. */
  static Path entryFile(Path dir, String id) {
    return dir.resolve(id + ENTRY);
  }

  /** The file with {@code suffix} beside {@code entryFile}, e.g. its state. */
  static Path sibling(Path entryFile, String suffix) {
    String name = entryFile.getFileName().toString();
    return entryFile.resolveSibling(name.substring(0, name.length() - ENTRY.length()) + suffix);
  }

  /** The submission id named by an entry file's name, or null when {@code name} is not one. */
  static @Nullable String entryId(String name) {
    if (!name.endsWith(ENTRY)) return null;
    String id = name.substring(0, name.length() - ENTRY.length());
    return ID.matcher(id).matches() ? id : null;
  }

  /**
   * The submission id of a bookkeeping file kept beside an entry (its state, its failure record,
   * or one of them being replaced), or null when {@code name} is not one.
   */
  static @Nullable String bookkeepingId(String name) {
    String n = name.endsWith(TMP) ? name.substring(0, name.length() - TMP.length()) : name;
    String id;
    if (n.endsWith(STATE)) id = n.substring(0, n.length() - STATE.length());
    else if (n.endsWith(FAILURE)) id = n.substring(0, n.length() - FAILURE.length());
    else return null;
    return ID.matcher(id).matches() ? id : null;
  }

  /** The ids whose {@code <id>.state} is in {@code listing}, so that entries without one are read without trying to open it. */
  static Set<String> idsWithState(List<Path> listing) {
    Set<String> ids = new HashSet<>();
    for (Path p : listing) {
      String name = p.getFileName().toString();
      if (name.endsWith(STATE)) ids.add(name.substring(0, name.length() - STATE.length()));
    }
    return ids;
  }

  static String checkId(String id) {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("submissionId '" + id
          + "' must be 1 to 64 letters, digits, '-' or '_' (a UUID), starting with a letter or digit");
    }
    return id;
  }

  static long sizeOrZero(Path file) throws IOException {
    try {
      return Files.size(file);
    } catch (NoSuchFileException gone) {
      return 0;
    }
  }

  static List<Path> list(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) out.add(p);
    } catch (NoSuchFileException e) {
      return Collections.emptyList();
    }
    return out;
  }

  /**
   * Deletes bookkeeping files in {@code pending/} whose entry is gone: left by a crash between an
   * entry's rename out of {@code pending/} and the removal of its state, or a state write torn
   * before its rename. Only the delivery lock holder writes them, so none is being written now. True when
   * any was removed.
   */
  boolean removeOrphans(List<Path> bookkeeping) throws IOException {
    boolean removed = false;
    for (Path p : bookkeeping) {
      String name = p.getFileName().toString();
      String id = bookkeepingId(name);
      if (id == null) continue;
      if (name.endsWith(TMP) || !Files.exists(entryFile(pending, id))) {
        removed |= Files.deleteIfExists(p);
      }
    }
    return removed;
  }
}
