package dev.helpline.internal.outbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The format of {@linkplain SubmissionJournal submission journal} files, and reading them.
 *
 * <p>A header, {@code magic "HLJG" (4) | generation (4) | CRC-32 of the generation (4)}, then records,
 * {@code magic "HLJ1" (4) | type (1) | id length (1) | payload length (4) | CRC-32 (4) | id | payload},
 * whose CRC-32 covers the generation, the type and both lengths, the id and the payload: an entry
 * record's payload is the entry file's bytes; a cancel record has none. Reading stops at the first
 * incomplete or unchecked record: it and everything after it belong to a force that never completed,
 * so no caller was told they were stored, or to an earlier generation. A file with an unchecked header
 * holds nothing: a header is only written into a new file or over settled records. Files of the earlier
 * format (records from the start, no generation) are still read. An instance's two files are read together:
 * a cancel record may be in the file other than its entry's. Stateless; no I/O but {@link #read} and
 * {@link #files}.
 */
final class JournalFormat {
  static final String PREFIX = "journal-";
  static final String SUFFIX = ".log";
  static final int HEADER = 12;
  static final byte ENTRY_RECORD = 1;
  static final byte CANCEL_RECORD = 2;
  private static final int HEADER_MAGIC = 0x484c4a47; // "HLJG"
  private static final int MAGIC = 0x484c4a31; // "HLJ1"
  private static final int RECORD_HEADER = 14;

  private JournalFormat() {}

  /** The header of a file of {@code generation}. */
  static ByteBuffer header(int generation) {
    ByteBuffer b = ByteBuffer.allocate(HEADER);
    b.putInt(0, HEADER_MAGIC).putInt(4, generation).putInt(8, (int) generationCrc(generation).getValue());
    return b;
  }

  /** A CRC-32 that has taken in {@code generation}'s four bytes, big-endian. */
  private static CRC32 generationCrc(int generation) {
    CRC32 crc = new CRC32();
    for (int shift = 24; shift >= 0; shift -= 8) crc.update(generation >>> shift);
    return crc;
  }

  /** A record of {@code type} for entry {@code id}, checked for a file of {@code generation}. */
  static ByteBuffer record(byte type, String id, byte[] payload, int generation) {
    byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII); // checked ids: at most 64 ASCII characters
    byte[] record = new byte[RECORD_HEADER + idBytes.length + payload.length];
    // Absolute puts: ByteBuffer.flip() is not in the Android API 26 signature as compiled by JDK 9+.
    ByteBuffer b = ByteBuffer.wrap(record);
    b.putInt(0, MAGIC).put(4, type).put(5, (byte) idBytes.length).putInt(6, payload.length);
    System.arraycopy(idBytes, 0, record, RECORD_HEADER, idBytes.length);
    System.arraycopy(payload, 0, record, RECORD_HEADER + idBytes.length, payload.length);
    CRC32 crc = generationCrc(generation);
    crc.update(record, 4, 6);
    crc.update(record, RECORD_HEADER, idBytes.length + payload.length);
    b.putInt(10, (int) crc.getValue());
    return b;
  }

  /**
   * Reads an instance's journal files together: the entries they hold, by id in the order appended,
   * those cancelled in any of them left out. Reading a file stops at its first incomplete or unchecked
   * record. A missing file holds none.
   */
  static Map<String, byte[]> read(List<Path> files) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    Set<String> cancelled = new HashSet<>();
    for (Path file : files) {
      try {
        Contents c = parse(Files.readAllBytes(file));
        entries.putAll(c.entries);
        cancelled.addAll(c.cancelledElsewhere);
      } catch (NoSuchFileException gone) {
        // settled and deleted meanwhile
      }
    }
    entries.keySet().removeAll(cancelled);
    return entries;
  }

  /** What a journal file holds. */
  static final class Contents {
    /** By id, in the order appended; cancelled ones left out. */
    final Map<String, byte[]> entries = new LinkedHashMap<>();
    /** Cancel records of entries not in this file: {@linkplain SubmissionJournal#release released} from the other one. */
    final Set<String> cancelledElsewhere = new HashSet<>();
    /** The header's generation; 0 for a file without a checked header. */
    int generation;
    /** Where its last checked record ends. */
    int end;
  }

  /** Reads a file's bytes up to its first incomplete or unchecked record. */
  static Contents parse(byte[] all) {
    Contents c = new Contents();
    ByteBuffer b = ByteBuffer.wrap(all);
    int at = 0;
    boolean headed = all.length >= HEADER && b.getInt(0) == HEADER_MAGIC;
    if (headed) {
      int generation = b.getInt(4);
      if (generation == 0 || (int) generationCrc(generation).getValue() != b.getInt(8)) return c;
      c.generation = generation;
      at = HEADER;
    }
    while (all.length - at >= RECORD_HEADER && b.getInt(at) == MAGIC) {
      byte type = b.get(at + 4);
      int idLength = b.get(at + 5) & 0xff;
      int payloadLength = b.getInt(at + 6);
      int body = at + RECORD_HEADER;
      if (payloadLength < 0 || payloadLength > SubmissionJournal.MAX_ENTRY || all.length - body < idLength + payloadLength) break;
      CRC32 crc = headed ? generationCrc(c.generation) : new CRC32();
      crc.update(all, at + 4, 6);
      crc.update(all, body, idLength + payloadLength);
      if ((int) crc.getValue() != b.getInt(at + 10)) break;
      String id = new String(all, body, idLength, StandardCharsets.US_ASCII);
      if (type == ENTRY_RECORD) c.entries.put(id, Arrays.copyOfRange(all, body + idLength, body + idLength + payloadLength));
      else if (type == CANCEL_RECORD) {
        if (c.entries.remove(id) == null) c.cancelledElsewhere.add(id);
      }
      else break;
      at = body + idLength + payloadLength;
    }
    c.end = at;
    return c;
  }

  /** The journal files in an instance's {@code tmp/} directory. */
  static List<Path> files(Path instanceDir) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : OutboxDirs.list(instanceDir)) {
      String name = p.getFileName().toString();
      if (name.startsWith(PREFIX) && name.endsWith(SUFFIX)) out.add(p);
    }
    return out;
  }
}
