package dev.helpline.internal.outbox;

import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receipts of delivered entries in {@code delivered/}: one JSON line per delivery (submission id,
 * desk ticket id, subject, status, URL, time) appended to {@value #LOG}, so that other processes
 * can complete their futures of submissions this one delivered. The log is rotated to
 * {@code receipts.log.1} past {@value #ROTATE_BYTES} bytes, so a receipt survives at least one
 * rotation; {@code <id>.json} files are receipts of earlier versions, still read. Only the
 * delivery lock holder appends, so lines never interleave; nothing is forced (a receipt lost in a
 * crash only leaves another process's future incomplete).
 */
final class ReceiptLog {
  private static final Logger log = LoggerFactory.getLogger(ReceiptLog.class);
  static final String LOG = "receipts.log";
  static final long ROTATE_BYTES = 4L * 1024 * 1024;

  private final Path dir;

  ReceiptLog(Path dir) {
    this.dir = dir;
  }

  /** One receipt line, to be appended by {@link #append}. */
  static byte[] line(String submissionId, Ticket ticket, Instant at) throws IOException {
    return RecordCodec.writeReceiptLine(submissionId, ticket.id(), ticket.subject(), ticket.status().name(),
        ticket.url(), at);
  }

  /** Appends receipt lines with one write and rotates the log when it grew too long. Never throws. */
  void append(List<byte[]> lines) {
    if (lines.isEmpty()) return;
    int size = 0;
    for (byte[] l : lines) size += l.length;
    byte[] all = new byte[size];
    int at = 0;
    for (byte[] l : lines) {
      System.arraycopy(l, 0, all, at, l.length);
      at += l.length;
    }
    ByteBuffer buf = ByteBuffer.wrap(all);
    Path logFile = dir.resolve(LOG);
    try {
      long length;
      try (FileChannel ch = FileChannel.open(logFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND)) {
        while (buf.hasRemaining()) ch.write(buf);
        length = ch.size();
      }
      if (length > ROTATE_BYTES) {
        Files.move(logFile, dir.resolve(LOG + ".1"), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // Receipts only let other processes report deliveries; the deletions matter more.
      log.warn("could not write {} delivery receipts to {}: {}", lines.size(), logFile, e.toString());
    }
  }

  /** The ticket a delivered submission became, or null when there is no readable receipt. */
  @Nullable Ticket find(String id) throws IOException {
    byte[] json = findLine(id);
    if (json == null) return null;
    try {
      Map<String, String> m = RecordCodec.readFlatObject(json);
      String ticketId = m.get("ticketId");
      if (ticketId == null) return null;
      TicketStatus status;
      try {
        status = TicketStatus.valueOf(m.getOrDefault("status", "UNKNOWN"));
      } catch (IllegalArgumentException e) {
        status = TicketStatus.UNKNOWN;
      }
      return new Ticket(ticketId, m.getOrDefault("subject", ""), status, null, null, null, m.get("url"));
    } catch (CorruptEntryException e) {
      return null;
    }
  }

  /** Deletes receipt logs and files last written before {@code cutoff}. */
  void prune(Instant cutoff) throws IOException {
    for (Path p : OutboxDirs.list(dir)) {
      try {
        if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) Files.deleteIfExists(p);
      } catch (NoSuchFileException gone) {
        // removed by another process
      }
    }
  }

  /**
   * The newest receipt line of {@code id} in the logs, else a receipt file of an earlier version,
   * else null. Reads the logs whole: they are bounded by rotation, and only processes whose futures
   * were completed elsewhere look.
   */
  private byte @Nullable [] findLine(String id) throws IOException {
    byte[] needle = ("\"submissionId\":\"" + id + "\"").getBytes(StandardCharsets.UTF_8);
    for (String name : new String[] {LOG, LOG + ".1"}) {
      byte[] all;
      try {
        all = Files.readAllBytes(dir.resolve(name));
      } catch (NoSuchFileException e) {
        continue;
      }
      byte[] found = null;
      int start = 0;
      for (int i = 0; i <= all.length; i++) {
        if (i < all.length && all[i] != '\n') continue;
        if (i > start && contains(all, start, i, needle)) found = Arrays.copyOfRange(all, start, i);
        start = i + 1;
      }
      if (found != null) return found;
    }
    try {
      return Files.readAllBytes(dir.resolve(id + ".json"));
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static boolean contains(byte[] haystack, int from, int to, byte[] needle) {
    outer:
    for (int i = from; i + needle.length <= to; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) continue outer;
      }
      return true;
    }
    return false;
  }
}
