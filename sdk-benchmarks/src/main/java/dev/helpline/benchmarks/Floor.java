package dev.helpline.benchmarks;

import dev.helpline.Helpline;
import dev.helpline.Submission;
import dev.helpline.TicketDraft;
import dev.helpline.connector.supportapi.SupportApiConnector;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The floors of a crash-safe store of one submission. {@link #write()}: its entry's bytes written to a
 * new file, forced, renamed atomically to a name of its own, and the directory forced; the least a store
 * keeping each entry in a file of its own must do, which is the floor {@code submit}'s goal is stated
 * against. {@link #append()}: the same bytes appended to one open log and forced ({@code fdatasync}); the
 * least any durable store can do, shown beside it. Safe for concurrent use: every write has its own
 * files, as every submission has its own entry (renames onto one shared name would queue on that name,
 * which no store of many entries does); appends are serialised.
 */
final class Floor implements Closeable {
  private final byte[] bytes;
  private final Path dir;
  private final AtomicLong seq = new AtomicLong();
  private @Nullable FileChannel log;

  /** A floor writing {@code bytes} (see {@link #entryBytes}) into {@code dir}. */
  Floor(byte[] bytes, Path dir) {
    this.bytes = bytes;
    this.dir = dir;
  }

  /** How many bytes each write writes. */
  int length() {
    return bytes.length;
  }

  void write() throws IOException {
    long n = seq.incrementAndGet();
    Path tmp = dir.resolve("entry-" + n + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) ch.write(buf);
      ch.force(true);
    }
    Files.move(tmp, dir.resolve("entry-" + n), StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  /** Appends the bytes to {@code dir/floor.log}, opened at the first call, and forces them. */
  synchronized void append() throws IOException {
    if (log == null) {
      log = FileChannel.open(dir.resolve("floor.log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND);
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    while (buf.hasRemaining()) log.write(buf);
    log.force(false);
  }

  @Override
  public synchronized void close() throws IOException {
    if (log != null) log.close();
  }

  /**
   * The bytes the SDK stores for {@code draft} (its entry file: header, ticket and attachments):
   * submitted once to a client whose desk is unreachable, so the entry stays on disk to be read.
   */
  static byte[] entryBytes(TicketDraft draft) throws IOException {
    Path dir = Fixtures.scratch("entry");
    try (SupportApiConnector dead = Fixtures.connector(Fixtures.DEAD_DESK, DeskProcess.APP_KEY);
        Helpline h = Fixtures.client(dead, dir).build()) {
      Submission s = h.submit(draft);
      return Files.readAllBytes(dir.resolve("outbox").resolve("pending").resolve(s.id() + ".entry"));
    } finally {
      Fixtures.deleteTree(dir);
    }
  }
}
