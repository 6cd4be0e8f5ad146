package dev.helpline.benchmarks;

import dev.helpline.Helpline;
import dev.helpline.Submission;
import dev.helpline.TicketDraft;
import dev.helpline.connector.supportapi.SupportApiConnector;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor of a crash-safe store of one submission: its entry's bytes written to a new file, forced,
 * renamed atomically to a name of its own, and the directory forced. The least any store that survives
 * a crash must do per entry; {@code submit} is measured against it. Safe for concurrent use: every write
 * has its own files, as every submission has its own entry (renames onto one shared name would queue
 * on that name, which no store of many entries does).
 */
final class Floor {
  private final byte[] bytes;
  private final Path dir;
  private final AtomicLong seq = new AtomicLong();

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
