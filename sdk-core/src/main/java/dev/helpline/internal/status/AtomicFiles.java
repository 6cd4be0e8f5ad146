package dev.helpline.internal.status;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash-safe small files: write a temp file in the same directory, force it to disk, rename it over
 * the target atomically, then force the directory so the rename itself survives a power cut. A reader
 * therefore sees the old or the new content, never a torn mix.
 */
public final class AtomicFiles {
  private static final Logger log = LoggerFactory.getLogger(AtomicFiles.class);

  private AtomicFiles() {}

  /** Replaces {@code file} with {@code data}, creating its directory when needed. */
  public static void write(Path file, byte[] data) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, file.getFileName().toString() + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) ch.write(buf);
        ch.force(true);
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
    forceDirectory(dir);
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
      log.warn("Could not move corrupt file {} aside: {}", file, e.toString());
    }
  }

  private static void forceDirectory(Path dir) throws IOException {
    FileChannel ch;
    try {
      ch = FileChannel.open(dir, StandardOpenOption.READ);
    } catch (AccessDeniedException e) {
      // Windows does not let a directory be opened as a channel; its rename is durable without it.
      log.debug("Directory {} cannot be opened for fsync on this platform", dir);
      return;
    }
    try (FileChannel c = ch) {
      c.force(true);
    }
  }
}
