package dev.helpline;

import dev.helpline.internal.io.KernelFiles;
import dev.helpline.internal.text.OneLine;
import dev.helpline.internal.text.SafeCut;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A file sent with a ticket or a reply: in-memory bytes, a file on disk, or a region of a file on
 * disk. Files are streamed, never loaded whole: {@code Helpline.preview} reads each one once to record
 * its size and checksum, and {@code submit(preview)} refuses a file that changed since (see
 * {@code Helpline.preview}). Only regular files can be attached; directories, devices, named pipes
 * and {@code /proc} or {@code /sys} files are refused before they are opened. Immutable.
 *
 * <p>File names are sanitized on creation: directories, control, format (bidi) and line-separator
 * characters, unpaired surrogates and characters that are unsafe in file names are replaced, trailing dots are dropped,
 * Windows device names ({@code CON}, {@code NUL}, {@code COM1}, …) get a leading {@code _}, and the name is shortened to {@value #MAX_FILE_NAME_LENGTH}
 * characters and 255 bytes of UTF-8 (the most ext4 and most other file systems take) keeping its extension. Every factory throws {@link IllegalArgumentException} when the media type is
 * not one such as {@code image/png}; none does I/O. Size limits are checked when the draft is validated.
 */
public final class Attachment {
  /** The longest file name kept, in characters. */
  public static final int MAX_FILE_NAME_LENGTH = 128;
  /** The longest file name kept, in bytes of UTF-8: what ext4 and most other file systems allow. */
  private static final int MAX_FILE_NAME_BYTES = 255;

  private static final Pattern WINDOWS_DEVICE =
      Pattern.compile("(?i)(CON|PRN|AUX|NUL|CONIN\\$|CONOUT\\$|COM[0-9\u00b9\u00b2\u00b3]|LPT[0-9\u00b9\u00b2\u00b3])( *\\..*)?");
  private static final Pattern MEDIA_TYPE =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(\\s*;.*)?");

  private final String fileName;
  private final String mediaType;
  private final byte @Nullable [] bytes;
  private final @Nullable Path file;
  /** Where a region starts in {@link #file}; 0 otherwise. */
  private final long offset;
  /** A region's length; -1 when the attachment is the whole file (or bytes). */
  private final long length;
  /** The SHA-256 the content must have (see {@link #withSha256}); null when any content goes. */
  private final byte @Nullable [] sha256;
  /** The message of the exception thrown when the content does not have {@link #sha256}. */
  private final @Nullable String ifChanged;

  private Attachment(String fileName, String mediaType, byte @Nullable [] bytes, @Nullable Path file, long offset,
      long length) {
    this(fileName, mediaType, bytes, file, offset, length, null, null);
  }

  private Attachment(String fileName, String mediaType, byte @Nullable [] bytes, @Nullable Path file, long offset,
      long length, byte @Nullable [] sha256, @Nullable String ifChanged) {
    this.fileName = sanitizeFileName(fileName);
    this.mediaType = checkMediaType(mediaType);
    this.bytes = bytes;
    this.file = file;
    this.offset = offset;
    this.length = length;
    this.sha256 = sha256;
    this.ifChanged = ifChanged;
  }

  /** An attachment holding a copy of {@code bytes}. */
  public static Attachment ofBytes(String fileName, String mediaType, byte[] bytes) {
    Objects.requireNonNull(fileName, "fileName == null");
    Objects.requireNonNull(mediaType, "mediaType == null");
    Objects.requireNonNull(bytes, "bytes == null");
    return new Attachment(fileName, mediaType, bytes.clone(), null, 0, -1);
  }

  /** An attachment read lazily from {@code file}, named after it. */
  public static Attachment ofFile(Path file, String mediaType) {
    Objects.requireNonNull(file, "file == null");
    Path name = file.getFileName();
    return ofFile(file, name != null ? name.toString() : "attachment", mediaType);
  }

  /** An attachment read lazily from {@code file}, sent under {@code fileName}. */
  public static Attachment ofFile(Path file, String fileName, String mediaType) {
    Objects.requireNonNull(file, "file == null");
    Objects.requireNonNull(fileName, "fileName == null");
    Objects.requireNonNull(mediaType, "mediaType == null");
    return new Attachment(fileName, mediaType, null, file, 0, -1);
  }

  /**
   * An attachment of the {@code length} bytes of {@code file} starting at byte {@code offset},
   * read lazily, sent under {@code fileName}: for content stored inside a larger file (the outbox
   * keeps a ticket and its attachments in one file). {@link #size()} is {@code length} without
   * asking the file system; {@link #openStream()} reads exactly that range, and ends early when the
   * file has become shorter (an upload then fails rather than sending other bytes). {@link #file()}
   * is null for a region, since the file as a whole is not the attachment's content.
   *
   * @throws IllegalArgumentException when {@code offset} or {@code length} is negative
   */
  public static Attachment ofFileRegion(Path file, long offset, long length, String fileName, String mediaType) {
    Objects.requireNonNull(file, "file == null");
    Objects.requireNonNull(fileName, "fileName == null");
    Objects.requireNonNull(mediaType, "mediaType == null");
    if (offset < 0) throw new IllegalArgumentException("offset is " + offset + "; it must be at least 0");
    if (length < 0) throw new IllegalArgumentException("length is " + length + "; it must be at least 0");
    return new Attachment(fileName, mediaType, null, file, offset, length);
  }

  /** The sanitized file name. */
  public String fileName() {
    return fileName;
  }

  /** The media type, for example {@code image/png}. */
  public String mediaType() {
    return mediaType;
  }

  /**
   * The file whose whole content this attachment is, or null when it holds bytes in memory or is a
   * {@linkplain #ofFileRegion region} of a file.
   */
  public @Nullable Path file() {
    return length < 0 ? file : null;
  }

  /**
   * True when the content is bytes held in memory: the copy {@link #ofBytes} made, which nothing can
   * change, so reading it twice yields the same bytes. False for a file or a region of one.
   */
  public boolean inMemory() {
    return bytes != null;
  }

  /**
   * The size in bytes. For a whole file this asks the file system each time; for a region it is the
   * region's length.
   *
   * @throws UncheckedIOException when the file cannot be read
   */
  public long size() {
    if (bytes != null) return bytes.length;
    if (length >= 0) return length;
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Opens the content for reading; the caller closes the stream.
   *
   * @throws IOException when the file cannot be read, or is not a regular file (a directory, device, named
   *     pipe or socket is refused before it is opened, so this never waits on a pipe), or is a file of the
   *     kernel's {@code /proc} or {@code /sys} file system (whose size is not its content), whole or a region
   */
  public InputStream openStream() throws IOException {
    InputStream in = openContent();
    return sha256 == null ? in : new CheckedStream(in, size(), sha256, ifChanged);
  }

  private InputStream openContent() throws IOException {
    if (bytes != null) return new ByteArrayInputStream(bytes);
    if (!Files.isRegularFile(file)) {
      throw new IOException("attachment '" + fileName + "' is not a regular file: " + file);
    }
    String kernel = KernelFiles.fileSystemOf(file);
    if (kernel != null) {
      throw new IOException("attachment '" + fileName + "' is a file of the kernel's " + kernel
          + " file system, whose size is not its content: " + file);
    }
    if (length < 0) return Files.newInputStream(file);
    SeekableByteChannel ch = Files.newByteChannel(file);
    try {
      ch.position(offset);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    return new RegionStream(Channels.newInputStream(ch), length);
  }

  /** A copy of this attachment sent under another name. */
  public Attachment withFileName(String fileName) {
    Objects.requireNonNull(fileName, "fileName == null");
    return new Attachment(fileName, mediaType, bytes, file, offset, length, sha256, ifChanged);
  }

  /**
   * A copy of this attachment that yields no content but the one whose SHA-256 is {@code sha256}: its
   * {@linkplain #openStream() stream} hashes the bytes as they are read and, in the read that would complete
   * {@link #size()} bytes (or at an earlier end), throws an {@link IllegalStateException} with the message
   * {@code ifChanged} instead when they are other bytes. A reader that stores what it reads (an outbox, say)
   * thus never completes a copy of other content, and the content is read once. Helpline uses this to store
   * exactly what a preview showed. Only for bytes in memory or a {@linkplain #ofFileRegion region}.
   *
   * @throws IllegalArgumentException when {@code sha256} is not 32 bytes, or this is a whole file (whose size
   *     may change; take a region of it)
   */
  public Attachment withSha256(byte[] sha256, String ifChanged) {
    Objects.requireNonNull(sha256, "sha256 == null");
    Objects.requireNonNull(ifChanged, "ifChanged == null");
    if (sha256.length != 32) throw new IllegalArgumentException("sha256 has " + sha256.length + " bytes; a SHA-256 has 32");
    if (file() != null) {
      throw new IllegalArgumentException("attachment '" + fileName + "' is a whole file, whose size may change;"
          + " check a region of it instead");
    }
    return new Attachment(fileName, mediaType, bytes, file, offset, length, sha256.clone(), ifChanged);
  }

  /**
   * Returns {@code name} made safe to use as a file name on any desk and file system: only the last
   * path segment, no control or reserved characters, at most {@value #MAX_FILE_NAME_LENGTH}
   * characters and 255 bytes of UTF-8 with the extension kept, never empty.
   */
  public static String sanitizeFileName(String name) {
    String s = name;
    int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
    if (slash >= 0) s = s.substring(slash + 1);
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (OneLine.forbids(cp) || "<>:\"|?*".indexOf(cp) >= 0) {
        out.append('_');
      } else {
        out.appendCodePoint(cp);
      }
    }
    s = out.toString().trim();
    while (s.startsWith(".")) s = s.substring(1);
    // Windows drops trailing dots and spaces, so "a.txt." would become another file's name there.
    while (s.endsWith(".") || s.endsWith(" ")) s = s.substring(0, s.length() - 1);
    s = s.trim();
    if (s.isEmpty()) s = "attachment";
    // CON, NUL, COM1, LPT1, … (with any extension, even after spaces: "CON .txt") name devices on Windows, not files.
    if (WINDOWS_DEVICE.matcher(s).matches()) s = "_" + s;
    if (s.codePointCount(0, s.length()) > MAX_FILE_NAME_LENGTH || SafeCut.utf8Length(s) > MAX_FILE_NAME_BYTES) {
      int dot = s.lastIndexOf('.');
      String ext = dot > 0 && s.length() - dot <= 16 ? s.substring(dot) : "";
      String base = s.substring(0, s.length() - ext.length());
      int keep = MAX_FILE_NAME_LENGTH - ext.length();
      long keepBytes = MAX_FILE_NAME_BYTES - SafeCut.utf8Length(ext);
      int end = 0;
      for (int kept = 0; end < base.length() && kept < keep; kept++) {
        int cp = base.codePointAt(end);
        keepBytes -= SafeCut.utf8Length(cp);
        if (keepBytes < 0) break;
        end += Character.charCount(cp);
      }
      s = base.substring(0, end) + ext;
    }
    return s;
  }

  private static String checkMediaType(String mediaType) {
    String m = mediaType.trim();
    if (!MEDIA_TYPE.matcher(m).matches()) {
      throw new IllegalArgumentException("attachment mediaType '" + mediaType + "' is not a media type like 'image/png'");
    }
    return m;
  }

  @Override
  public String toString() {
    String content = length >= 0 ? ", " + length + " bytes of a file at " + offset
        : file != null ? ", file" : ", " + bytes.length + " bytes";
    return "Attachment{" + fileName + ", " + mediaType + content + "}";
  }

  /** Yields {@code in} while hashing it, and refuses to complete {@code size} bytes that do not hash to {@code sha256}. */
  private static final class CheckedStream extends InputStream {
    private final InputStream in;
    private final long size;
    private final byte[] sha256;
    private final String ifChanged;
    private final MessageDigest md;
    private long total;
    private boolean checked;
    private boolean refused;

    CheckedStream(InputStream in, long size, byte[] sha256, String ifChanged) {
      this.in = in;
      this.size = size;
      this.sha256 = sha256;
      this.ifChanged = ifChanged;
      try {
        md = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new AssertionError("SHA-256 is required on every Java and Android runtime", e);
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n == 1 ? one[0] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (refused) throw new IllegalStateException(ifChanged);
      if (len == 0) return 0;
      int n = in.read(b, off, len);
      if (n > 0) {
        md.update(b, off, n);
        total += n;
      }
      if (!checked && (n < 0 || total >= size)) {
        checked = true;
        // Before the last bytes are handed on: the reader never holds all of content that is not the expected one.
        refused = total != size || !MessageDigest.isEqual(md.digest(), sha256);
        if (refused) throw new IllegalStateException(ifChanged);
      }
      return n;
    }

    @Override
    public int available() throws IOException {
      return in.available();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** Reads at most {@code remaining} bytes of {@code in}. */
  private static final class RegionStream extends InputStream {
    private final InputStream in;
    private long remaining;

    RegionStream(InputStream in, long remaining) {
      this.in = in;
      this.remaining = remaining;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) return -1;
      int b = in.read();
      if (b >= 0) remaining--;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) return 0;
      if (remaining <= 0) return -1;
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n > 0) remaining -= n;
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = in.skip(Math.min(Math.max(n, 0), remaining));
      remaining -= skipped;
      return skipped;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(in.available(), remaining);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
