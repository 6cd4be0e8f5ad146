package dev.helpline.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash-safe small files, the one implementation the status cache, the notices store and the outbox
 * share: write a temp file in the same directory, force it to disk, rename it over the target
 * atomically, then force the directory so the rename itself survives a power cut. A reader therefore
 * sees the old or the new content, never a torn mix.
 *
 * <p>Where the platform cannot open a directory for fsync (Windows), the directory step is skipped:
 * NTFS journals the rename itself. On every other platform a failed directory fsync is an error.
 * (sdk-testkit keeps its own small copy because it cannot depend on sdk-core without a cycle.)
 */
public final class AtomicFiles {
  private static final Logger log = LoggerFactory.getLogger(AtomicFiles.class);
  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  private AtomicFiles() {}

  /** Replaces {@code file} with {@code data}, creating its directory when needed. */
  public static void write(Path file, byte[] data) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, file.getFileName().toString() + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        writeFully(ch, data);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    fsyncDirectory(dir);
  }

  /**
   * Deletes the temp files {@link #write} leaves beside {@code file} when the process dies before its rename
   * ({@code name.<random>.tmp}), so that crashes do not pile them up. For the file's single owner, when it
   * first reads the file: a temp file of a write in progress elsewhere would be deleted too. Failures are logged.
   */
  public static void deleteLeftoverTemps(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    String prefix = file.getFileName().toString() + ".";
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, p -> {
      String name = p.getFileName().toString();
      return name.startsWith(prefix) && name.endsWith(".tmp");
    })) {
      for (Path temp : temps) Files.deleteIfExists(temp);
    } catch (NoSuchFileException noDirectoryYet) {
      // nothing was ever written
    } catch (IOException e) {
      log.warn("Could not remove leftover temp files of {}: {}", file.getFileName(), e.toString());
    }
  }

  /**
   * Writes {@code data} to a file that must not exist yet and forces it to the device before
   * returning. The caller renames it into place and calls {@link #fsyncDirectory} when the name
   * matters.
   *
   * @throws java.nio.file.FileAlreadyExistsException when {@code file} exists
   */
  public static void writeNew(Path file, byte[] data) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      writeFully(ch, data);
    }
  }

  /**
   * Replaces {@code file} with {@code data} through {@code temp}, a fixed name in the same directory
   * that its owner recognises: a leftover {@code temp} is deleted, {@code data} is written to it and
   * forced, renamed over {@code file} atomically, and the directory is forced. Unlike {@link #write}
   * a failure may leave {@code temp} behind for the next call or the owner's clean-up to remove, and
   * the directory must exist.
   */
  public static void replace(Path file, Path temp, byte[] data) throws IOException {
    Files.deleteIfExists(temp);
    writeNew(temp, data);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    fsyncDirectory(file.toAbsolutePath().getParent());
  }

  private static void writeFully(FileChannel ch, byte[] data) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(data);
    while (buf.hasRemaining()) ch.write(buf);
    ch.force(true);
  }

  /** The file's bytes, or null when it does not exist. */
  public static byte @Nullable [] readIfExists(Path file) throws IOException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /**
   * Moves a corrupt file aside (to {@code name.corrupt}) so it is kept for inspection but no longer
   * read; failures to do so are logged, since the caller goes on without the file either way.
   */
  public static void quarantine(Path file) {
    Path aside = file.resolveSibling(file.getFileName().toString() + ".corrupt");
    try {
      Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      log.warn("Could not move corrupt file {} aside: {}", file.getFileName(), e.getClass().getSimpleName());
    }
  }

  /**
   * Forces a directory's entries (creations, renames) to the device. Where the platform cannot open
   * a directory for that (Windows) this is a no-op.
   */
  public static void fsyncDirectory(Path dir) throws IOException {
    FileChannel ch;
    try {
      ch = FileChannel.open(dir, StandardOpenOption.READ);
    } catch (IOException e) {
      if (WINDOWS && Files.isDirectory(dir)) {
        log.debug("Directory {} cannot be opened for fsync on this platform", dir);
        return;
      }
      throw e;
    }
    try (FileChannel c = ch) {
      c.force(true);
    } catch (IOException e) {
      if (!WINDOWS) throw e;
    }
  }

  /**
   * Forces a file's content to the device, as written so far by anyone; false when it does not exist.
   */
  public static boolean forceIfExists(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ch.force(true);
      return true;
    } catch (NoSuchFileException missing) {
      return false;
    }
  }

  /**
   * Deletes the file (or empty directory) {@code path} with one system call, where
   * {@link Files#deleteIfExists} asks for its attributes first: for files deleted on every delivery.
   *
   * @return false when nothing was there
   * @throws IOException saying why, when it exists and cannot be deleted
   */
  public static boolean deleteFile(Path path) throws IOException {
    if (path.toFile().delete()) return true;
    // java.io.File says only "no": ask again to tell a missing file from one that cannot be deleted.
    return Files.deleteIfExists(path);
  }

  /** Deletes {@code path} and everything below it without following links; what is already gone is fine. */
  public static void deleteRecursively(Path path) throws IOException {
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
        for (Path child : children) deleteRecursively(child);
      } catch (NoSuchFileException gone) {
        return;
      }
    }
    Files.deleteIfExists(path);
  }
}
