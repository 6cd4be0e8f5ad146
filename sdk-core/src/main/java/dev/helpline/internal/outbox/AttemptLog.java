package dev.helpline.internal.outbox;

import dev.helpline.internal.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When entries were first attempted: {@link FileOutbox#markAttempting} appends one line,
 * {@code <id> <epoch millis>}, to {@value #LOG} before an entry's first call to the desk. On the path
 * of every delivery this is one write to a file that stays open, where a state file per entry cost a
 * file created, renamed and deleted. An append survives the death of the process (the kernel keeps the
 * write); a forced one, a power loss too: its data, and once per opened file the directory entry.
 *
 * <p>Only the delivery lock holder appends and compacts, so lines never interleave; readers in any
 * process read only what was appended since their last read, and read the file again when it was
 * replaced by a compaction. A torn last line is ignored until it is complete. Thread-safe.
 */
final class AttemptLog {
  private static final Logger log = LoggerFactory.getLogger(AttemptLog.class);
  static final String LOG = "attempts.log";
  /** Lines beyond those of live entries that trigger a compaction. */
  private static final int SLACK = 1024;

  private final Path file;
  private final Map<String, Instant> firstAttempts = new HashMap<>();
  private @Nullable Object readKey;
  private long readUpTo;
  private int lines;
  private @Nullable FileChannel appender;
  /** Whether the directory was forced since {@link #appender} was opened: a file it created is then durable. */
  private boolean directoryForced;

  AttemptLog(Path outboxRoot) {
    this.file = outboxRoot.resolve(LOG);
  }

  /**
   * Records that {@code id} is about to be attempted for the first time, at {@code at}; with {@code force}, durably
   * before it returns.
   */
  synchronized void append(String id, Instant at, boolean force) throws IOException {
    FileChannel ch = appender;
    if (ch == null || !ch.isOpen()) {
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      appender = ch;
      directoryForced = false;
    }
    ByteBuffer buf = ByteBuffer.wrap((id + " " + at.toEpochMilli() + "\n").getBytes(StandardCharsets.US_ASCII));
    while (buf.hasRemaining()) ch.write(buf);
    if (force) {
      ch.force(false);
      if (!directoryForced) {
        AtomicFiles.fsyncDirectory(file.getParent());
        directoryForced = true;
      }
    }
    firstAttempts.putIfAbsent(id, at);
  }

  /** When {@code id} was first attempted, as of the last {@link #refresh()}; null when no attempt was recorded. */
  synchronized @Nullable Instant firstAttempt(String id) {
    return firstAttempts.get(id);
  }

  /** Whether {@link #compact} would rewrite the log now: it holds many more lines than {@code live} entries. */
  synchronized boolean worthCompacting(int live) throws IOException {
    refresh();
    return lines > live + SLACK;
  }

  /**
   * Rewrites the log with the lines of {@code live} ids only, when it holds many more. Call only while
   * holding the delivery lock, once the removal of every entry not in {@code live} is durable: should a
   * power loss bring one back, its line would be gone and its next attempt taken for a first one.
   */
  synchronized void compact(Set<String> live) throws IOException {
    if (!worthCompacting(live.size())) return;
    StringBuilder kept = new StringBuilder();
    Map<String, Instant> keep = new HashMap<>();
    for (Map.Entry<String, Instant> e : firstAttempts.entrySet()) {
      if (!live.contains(e.getKey())) continue;
      keep.put(e.getKey(), e.getValue());
      kept.append(e.getKey()).append(' ').append(e.getValue().toEpochMilli()).append('\n');
    }
    closeAppender();
    AtomicFiles.replace(file, file.resolveSibling(LOG + OutboxDirs.TMP), kept.toString().getBytes(StandardCharsets.US_ASCII));
    firstAttempts.clear();
    firstAttempts.putAll(keep);
    readKey = null;
    readUpTo = 0;
    lines = 0;
    refresh();
  }

  /** Closes the file this process appends to; the next append opens it again. */
  synchronized void closeAppender() throws IOException {
    FileChannel ch = appender;
    appender = null;
    if (ch != null) ch.close();
  }

  /** Reads what was appended since the last read: one {@code stat} when nothing was. */
  synchronized void refresh() throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return;
    }
    Object key = a.fileKey();
    if (key == null || !key.equals(readKey) || a.size() < readUpTo) {
      // Replaced by a compaction (or no file identity to tell): read it from the start.
      readKey = key;
      readUpTo = 0;
      lines = 0;
    }
    if (a.size() == readUpTo) return;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, ch.size() - readUpTo));
      while (buf.hasRemaining() && ch.read(buf, readUpTo + buf.position()) > 0) {
        // reads until the end as it was when opened
      }
      parse(buf.array(), buf.position());
    }
  }

  /**
   * Parses whole lines; a torn last line is left for the next read. A malformed line (overwritten on disk)
   * is skipped with a warning: the attempt it recorded is lost, so that entry's next attempt counts as a
   * first one and skips its lookup, and the desk's idempotency key is all that stands against a duplicate.
   */
  private void parse(byte[] bytes, int length) {
    int start = 0;
    int malformed = 0;
    for (int i = 0; i < length; i++) {
      if (bytes[i] != '\n') continue;
      String line = new String(bytes, start, i - start, StandardCharsets.US_ASCII);
      start = i + 1;
      int space = line.indexOf(' ');
      String id = space > 0 ? line.substring(0, space) : "";
      Instant at = OutboxDirs.ID.matcher(id).matches() ? epochMillis(line.substring(space + 1)) : null;
      if (at == null) {
        malformed++;
        continue;
      }
      firstAttempts.merge(id, at, (a, b) -> a.isBefore(b) ? a : b);
      lines++;
    }
    readUpTo += start;
    if (malformed > 0) log.warn("ignored {} unreadable line(s) of {}", malformed, file);
  }

  /** The instant {@code text} gives in milliseconds since the epoch; null when it is not one. */
  private static @Nullable Instant epochMillis(String text) {
    try {
      return Instant.ofEpochMilli(Long.parseLong(text));
    } catch (NumberFormatException | DateTimeException e) {
      return null; // the caller counts the line as malformed and says so
    }
  }
}
