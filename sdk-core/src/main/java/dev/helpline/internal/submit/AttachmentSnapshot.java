package dev.helpline.internal.submit;

import dev.helpline.Attachment;
import dev.helpline.internal.io.KernelFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * What a user's attachment held when it was previewed: its size and a SHA-256 of its content. Bytes in
 * memory ({@link Attachment#inMemory()}) are a copy nothing can change: they are neither hashed nor checked.
 *
 * <p>A preview reads each attachment once, to this record; {@code submit(preview)} reads it once more,
 * as it is copied into the outbox, hashing the very bytes copied, and refuses with an
 * {@link IllegalStateException} naming the attachment when they are not exactly the previewed ones (the
 * file grew, shrank, or was rewritten, before or while it was stored); the store then keeps nothing. Only
 * the measured number of bytes is stored, so a file that grows meanwhile cannot carry more than was shown.
 * Files are never loaded whole into memory: they are hashed in 64 KiB chunks.
 *
 * <p>Only regular files are read. Directories, devices, named pipes and sockets, and anything under
 * {@code /proc} or {@code /sys} (whose files report a size of 0 but produce content), are refused
 * with an {@link IllegalArgumentException} before they are opened, so nothing ever waits on a pipe
 * or reads an endless device. A file that yields more bytes than it reports is refused the same way.
 */
public final class AttachmentSnapshot {
  private static final int CHUNK = 64 * 1024;

  final int index;
  final Attachment attachment;
  final long size;
  /** Null for bytes in memory. */
  private final byte @Nullable [] sha256;

  private AttachmentSnapshot(int index, Attachment attachment, long size, byte @Nullable [] sha256) {
    this.index = index;
    this.attachment = attachment;
    this.size = size;
    this.sha256 = sha256;
  }

  /**
   * Reads {@code a} once and records its size and digest.
   *
   * @throws IllegalArgumentException naming the attachment when it is not a regular file or cannot be read
   */
  static AttachmentSnapshot take(int index, Attachment a) {
    if (a.inMemory()) return new AttachmentSnapshot(index, a, a.size(), null);
    checkRegularFile(index, a);
    long size = a.size();
    byte[] digest;
    try {
      digest = digest(a, size);
    } catch (IOException e) {
      throw new IllegalArgumentException(name(index, a) + " cannot be read: " + e.getMessage(), e);
    }
    if (digest == null) {
      throw new IllegalArgumentException(name(index, a) + " yields more than the " + size
          + " bytes its file reports; only regular files with a stable size can be attached");
    }
    return new AttachmentSnapshot(index, a, size, digest);
  }

  /**
   * Checks that the attachment is still the regular file of the previewed size, and returns the attachment
   * to store: for a whole file, exactly the previewed number of bytes of it. The returned attachment checks
   * the previewed checksum over the very bytes the store reads (see {@link Attachment#withSha256}), so the
   * file is read once, and a store that would copy other bytes gets an {@link IllegalStateException} naming
   * the attachment before its copy is complete, and keeps nothing.
   *
   * @throws IllegalStateException naming the attachment when it changed since the preview
   */
  Attachment verify() {
    if (sha256 == null) return attachment;
    String what = name(index, attachment);
    try {
      checkRegularFile(index, attachment);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage() + " (it changed since the preview; preview again)", e);
    }
    long now;
    try {
      now = attachment.size();
    } catch (RuntimeException e) {
      throw new IllegalStateException(what + " cannot be read any more since the preview: " + e.getMessage(), e);
    }
    if (now != size) {
      throw new IllegalStateException(what + " changed since the preview: it had " + size + " bytes and now has "
          + now + "; preview again to send what it holds now");
    }
    Path file = attachment.file();
    if (file == null) {
      // A region, whose file checkRegularFile cannot see: opened (not read) to refuse what is no longer a
      // regular file here rather than in the store.
      try {
        attachment.openStream().close();
      } catch (IOException e) {
        throw new IllegalStateException(what + " cannot be read any more since the preview: " + e.getMessage(), e);
      }
    }
    Attachment stored = file == null ? attachment
        : Attachment.ofFileRegion(file, 0, size, attachment.fileName(), attachment.mediaType());
    return stored.withSha256(sha256, what + " changed since the preview: its " + size
        + " bytes are not the ones previewed; preview again to send what it holds now");
  }

  private static String name(int index, Attachment a) {
    return "attachments[" + index + "] '" + a.fileName() + "'";
  }

  /** Refuses what is not a regular file, without opening it. */
  static void checkRegularFile(int index, Attachment a) {
    Path file = a.file();
    if (file == null) return; // bytes in memory, or a region, which Attachment.openStream checks itself
    BasicFileAttributes attrs;
    String kernel;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
      kernel = KernelFiles.fileSystemOf(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(name(index, a) + " cannot be read: " + e.getClass().getSimpleName()
          + ": " + e.getMessage(), e);
    }
    if (!attrs.isRegularFile()) {
      throw new IllegalArgumentException(name(index, a) + " is " + kind(attrs) + ", not a regular file: " + file);
    }
    if (kernel != null) {
      throw new IllegalArgumentException(name(index, a) + " is a file of the kernel's " + kernel
          + " file system, whose size is not its content: " + file);
    }
  }

  private static String kind(BasicFileAttributes attrs) {
    if (attrs.isDirectory()) return "a directory";
    if (attrs.isSymbolicLink()) return "a symbolic link";
    return "a special file (a device, named pipe or socket)";
  }

  /** The SHA-256 of the first {@code size} bytes; null when the content is longer than {@code size}. */
  private static byte @Nullable [] digest(Attachment a, long size) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is required on every Java and Android runtime", e);
    }
    byte[] chunk = new byte[(int) Math.min(CHUNK, Math.max(size + 1, 1))];
    long total = 0;
    try (InputStream in = a.openStream()) {
      int n;
      while ((n = in.read(chunk, 0, (int) Math.min(chunk.length, size + 1 - total))) > 0) {
        total += n;
        if (total > size) return null;
        md.update(chunk, 0, n);
      }
    }
    if (total < size) {
      throw new IOException("it ended after " + total + " of the " + size + " bytes its file reports");
    }
    Arrays.fill(chunk, (byte) 0);
    return md.digest();
  }
}
