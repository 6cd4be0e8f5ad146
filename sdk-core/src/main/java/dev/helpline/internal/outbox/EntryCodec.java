package dev.helpline.internal.outbox;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.helpline.Attachment;
import dev.helpline.Priority;
import dev.helpline.Requester;
import dev.helpline.internal.json.JsonValues;
import dev.helpline.internal.json.Timestamps;
import dev.helpline.outbox.SubmissionRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * The entry file, its ticket JSON written and read with Moshi's streaming API (no reflection, so it
 * works unchanged under R8/ProGuard). Readers throw {@link CorruptEntryException} for anything that is
 * not exactly what the writers produce. The records beside entries are {@link RecordCodec}'s.
 *
 * <h2>Entry file</h2>
 * <pre>
 * offset 0   4 bytes  magic "HLPE"
 *        4   4 bytes  file format version ({@value #FILE_VERSION}), big-endian like all numbers here
 *        8   4 bytes  length H of the ticket JSON
 *       12   8 bytes  length of the whole file
 *       20   4 bytes  CRC-32 of bytes 0 to 19 and of the ticket JSON
 *       24   H bytes  the ticket JSON: the ticket without attachments, plus each attachment's name,
 *                     media type, size and offset (counted from the end of the JSON)
 *   24 + H            the attachments' bytes, back to back, in order
 *   length - 4        4 bytes  CRC-32 of every byte before it (format version 2 only)
 * </pre>
 * The recorded file length catches a truncated file (the attachments are last) and the header CRC a
 * torn or garbled header, without reading the attachments: a scan checks each entry file's header
 * once. The trailing CRC-32, computed while the entry is written, covers the whole file and is
 * checked right before the entry is sent ({@link #verifyWhole}), so rotted attachment bytes are
 * quarantined instead of delivered. (CRC-32, not CRC-32C: {@code java.util.zip.CRC32C} exists on
 * Android only from API 34.) Version 1 files (no trailer) are read and delivered unchecked.
 */
final class EntryCodec {
  static final int FORMAT_VERSION = 1;
  static final int FILE_VERSION = 2;
  /** The last version without the whole-file CRC-32 trailer; still read. */
  static final int FILE_VERSION_NO_TRAILER = 1;
  static final int TRAILER = 4;
  static final int MAGIC = 0x484C5045; // "HLPE"
  static final int PREAMBLE = 24;
  /** Far above any ticket the limits admit; keeps a garbled length from allocating gigabytes. */
  static final int MAX_HEADER = 16 * 1024 * 1024;

  private EntryCodec() {}

  /** Metadata of one stored attachment: what the desk sees and where in the entry file it is. */
  static final class StoredAttachment {
    final String fileName;
    final String mediaType;
    final long size;
    /** Counted from the end of the ticket JSON. */
    final long offset;

    StoredAttachment(String fileName, String mediaType, long size, long offset) {
      this.fileName = fileName;
      this.mediaType = mediaType;
      this.size = size;
      this.offset = offset;
    }
  }

  /** The parsed header of an entry file: the ticket without its attachments, plus their metadata. */
  static final class StoredTicket {
    final SubmissionRecord.Builder ticket;
    final List<StoredAttachment> attachments;
    /** Where the attachments start in the entry file. */
    long bodyStart;
    /** The whole entry file's length. */
    long fileLength;
    /** Whether the file ends with a CRC-32 of everything before it (format version 2 and later). */
    boolean hasTrailer = true;

    StoredTicket(SubmissionRecord.Builder ticket, List<StoredAttachment> attachments) {
      this.ticket = ticket;
      this.attachments = attachments;
    }

    /**
     * The record, its attachments copied out of {@code wholeFile} when the entry was read whole
     * ({@link #readWhole}), else regions of {@code entryFile} read when sent.
     */
    SubmissionRecord toRecord(Path entryFile, byte @Nullable [] wholeFile) {
      List<Attachment> list = new ArrayList<>(attachments.size());
      for (StoredAttachment a : attachments) {
        long start = bodyStart + a.offset;
        list.add(wholeFile != null
            ? Attachment.ofBytes(a.fileName, a.mediaType, Arrays.copyOfRange(wholeFile, (int) start, (int) (start + a.size)))
            : Attachment.ofFileRegion(entryFile, start, a.size, a.fileName, a.mediaType));
      }
      return ticket.attachments(list).build();
    }
  }

  /** The preamble and ticket JSON that start an entry file whose attachments total {@code bodyBytes}. */
  static byte[] header(byte[] json, long bodyBytes) {
    ByteBuffer b = ByteBuffer.allocate(PREAMBLE + json.length);
    b.putInt(MAGIC).putInt(FILE_VERSION).putInt(json.length).putLong(PREAMBLE + json.length + bodyBytes + TRAILER);
    b.putInt(crc(b.array(), json, 0, json.length));
    b.put(json);
    return b.array();
  }

  /**
   * Reads and checks an entry file's header from {@code ch}: magic, version, CRC and that the file
   * has exactly the recorded length.
   */
  static StoredTicket readHeader(FileChannel ch) throws IOException, CorruptEntryException {
    ByteBuffer pre = ByteBuffer.allocate(PREAMBLE);
    readFully(ch, pre, 0, "header");
    Preamble p = checkPreamble(pre.array());
    ByteBuffer json = ByteBuffer.allocate(p.jsonLength);
    readFully(ch, json, PREAMBLE, "ticket");
    return checkHeader(p, json.array(), 0, ch.size());
  }

  /**
   * Checks a whole entry file read into {@code file}: its header as {@link #readHeader} does and its
   * trailing CRC-32 as {@link #verifyWhole} does, with no further read.
   */
  static StoredTicket readWhole(byte[] file) throws CorruptEntryException {
    if (file.length < PREAMBLE) throw truncated("header");
    Preamble p = checkPreamble(file);
    if (PREAMBLE + (long) p.jsonLength > file.length) throw truncated("ticket");
    StoredTicket t = checkHeader(p, file, PREAMBLE, file.length);
    if (t.hasTrailer) {
      int end = file.length - TRAILER;
      CRC32 c = new CRC32();
      c.update(file, 0, end);
      if (ByteBuffer.wrap(file).getInt(end) != (int) c.getValue()) throw rotted();
    }
    return t;
  }

  /** The fields of an entry file's preamble, its magic and lengths checked. */
  private static final class Preamble {
    /** The file's first bytes, which start with the preamble (they are what its CRC covers). */
    final byte[] bytes;
    final int version;
    final int jsonLength;
    final long fileLength;
    final int crc;

    Preamble(byte[] bytes, int version, int jsonLength, long fileLength, int crc) {
      this.bytes = bytes;
      this.version = version;
      this.jsonLength = jsonLength;
      this.fileLength = fileLength;
      this.crc = crc;
    }
  }

  /** Checks the magic, version and lengths of the preamble that starts {@code pre}. */
  private static Preamble checkPreamble(byte[] pre) throws CorruptEntryException {
    // Absolute reads: ByteBuffer.flip() is not in the Android API 26 signature as compiled by JDK 9+.
    ByteBuffer b = ByteBuffer.wrap(pre);
    if (b.getInt(0) != MAGIC) throw new CorruptEntryException("entry file does not start with HLPE");
    int version = b.getInt(4);
    if (version != FILE_VERSION && version != FILE_VERSION_NO_TRAILER) {
      throw new CorruptEntryException("entry file has format version " + version + "; this version of Helpline reads "
          + FILE_VERSION);
    }
    int jsonLength = b.getInt(8);
    long fileLength = b.getLong(12);
    if (jsonLength < 2 || jsonLength > MAX_HEADER || fileLength < PREAMBLE + (long) jsonLength) {
      throw new CorruptEntryException("entry header records impossible lengths: ticket " + jsonLength + ", file "
          + fileLength);
    }
    return new Preamble(pre, version, jsonLength, fileLength, b.getInt(20));
  }

  /**
   * The ticket of preamble {@code p} and of the ticket JSON at {@code jsonOffset} in {@code json}: its CRC,
   * the file's {@code actual} length and the attachments' layout are checked.
   */
  private static StoredTicket checkHeader(Preamble p, byte[] json, int jsonOffset, long actual)
      throws CorruptEntryException {
    long fileLength = p.fileLength;
    if (crc(p.bytes, json, jsonOffset, p.jsonLength) != p.crc) {
      throw new CorruptEntryException("entry header fails its CRC check (torn or overwritten)");
    }
    if (actual != fileLength) {
      throw new CorruptEntryException("entry file has " + actual + " bytes; its header says " + fileLength
          + (actual < fileLength ? " (truncated)" : ""));
    }
    StoredTicket t = readTicket(json, jsonOffset, p.jsonLength);
    t.bodyStart = PREAMBLE + (long) p.jsonLength;
    t.fileLength = fileLength;
    t.hasTrailer = p.version != FILE_VERSION_NO_TRAILER;
    long expected = 0;
    for (int i = 0; i < t.attachments.size(); i++) {
      StoredAttachment a = t.attachments.get(i);
      if (a.offset != expected) {
        throw new CorruptEntryException("attachment " + i + " starts at " + a.offset + "; expected " + expected);
      }
      expected += a.size;
    }
    long trailer = t.hasTrailer ? TRAILER : 0;
    if (t.bodyStart + expected + trailer != fileLength) {
      throw new CorruptEntryException("attachments total " + expected + " bytes; the entry file holds "
          + (fileLength - t.bodyStart - trailer));
    }
    return t;
  }

  /**
   * Reads the whole entry file and checks its trailing CRC-32; does nothing for a version 1 file,
   * which has none. Costs one sequential read of the file, done once per delivery attempt.
   */
  static void verifyWhole(FileChannel ch, StoredTicket t) throws IOException, CorruptEntryException {
    if (!t.hasTrailer) return;
    long end = t.fileLength - TRAILER;
    CRC32 c = new CRC32();
    byte[] chunk = new byte[(int) Math.max(1, Math.min(64 * 1024, end))];
    long at = 0;
    while (at < end) {
      int want = (int) Math.min(chunk.length, end - at);
      ByteBuffer buf = ByteBuffer.wrap(chunk, 0, want);
      readFully(ch, buf, at, "attachments");
      c.update(chunk, 0, want);
      at += want;
    }
    ByteBuffer trailer = ByteBuffer.allocate(TRAILER);
    readFully(ch, trailer, end, "checksum");
    if (trailer.getInt(0) != (int) c.getValue()) throw rotted();
  }

  private static CorruptEntryException rotted() {
    return new CorruptEntryException("entry fails its whole-file CRC-32 check (bytes rotted or overwritten on disk)");
  }

  static void readFully(FileChannel ch, ByteBuffer buf, long position, String what)
      throws IOException, CorruptEntryException {
    long at = position;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, at);
      if (n < 0) throw truncated(what);
      at += n;
    }
  }

  private static CorruptEntryException truncated(String what) {
    return new CorruptEntryException("entry file ends inside its " + what + " (truncated)");
  }

  /** The header CRC: of the preamble's first 20 bytes and the ticket JSON. */
  private static int crc(byte[] preamble, byte[] json, int jsonOffset, int jsonLength) {
    CRC32 c = new CRC32();
    c.update(preamble, 0, 20);
    c.update(json, jsonOffset, jsonLength);
    return (int) c.getValue();
  }

  static byte[] writeTicket(SubmissionRecord t, List<StoredAttachment> attachments) throws IOException {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject();
      w.name("version").value(FORMAT_VERSION);
      w.name("submissionId").value(t.submissionId());
      w.name("subject").value(t.subject());
      w.name("description").value(t.description());
      w.name("category").value(t.category());
      w.name("priority").value(t.priority().name());
      w.name("tags").beginArray();
      for (String tag : t.tags()) w.value(tag);
      w.endArray();
      w.name("customFields").beginObject();
      for (Map.Entry<String, String> e : t.customFields().entrySet()) w.name(e.getKey()).value(e.getValue());
      w.endObject();
      Requester r = t.requester();
      if (r != null) {
        w.name("requester").beginObject();
        w.name("id").value(r.id());
        w.name("email").value(r.email());
        w.name("name").value(r.name());
        w.endObject();
      }
      w.name("diagnosticsSummary").value(t.diagnosticsSummary());
      w.name("createdAt").value(t.createdAt().toString());
      w.name("attachments").beginArray();
      for (StoredAttachment a : attachments) {
        w.beginObject();
        w.name("fileName").value(a.fileName);
        w.name("mediaType").value(a.mediaType);
        w.name("size").value(a.size);
        w.name("offset").value(a.offset);
        w.endObject();
      }
      w.endArray();
      w.endObject();
    }
    return buffer.readByteArray();
  }

  static StoredTicket readTicket(byte[] json) throws CorruptEntryException {
    return readTicket(json, 0, json.length);
  }

  private static StoredTicket readTicket(byte[] json, int offset, int length) throws CorruptEntryException {
    SubmissionRecord.Builder b = SubmissionRecord.builder();
    List<StoredAttachment> attachments = new ArrayList<>();
    boolean sawId = false;
    boolean sawSubject = false;
    boolean sawCreated = false;
    try (JsonReader r = JsonReader.of(new Buffer().write(json, offset, length))) {
      r.beginObject();
      while (r.hasNext()) {
        switch (r.nextName()) {
          case "version":
            int v = r.nextInt();
            if (v != FORMAT_VERSION) throw new CorruptEntryException("ticket has format version " + v
                + "; this version of Helpline reads version " + FORMAT_VERSION);
            break;
          case "submissionId":
            b.submissionId(r.nextString());
            sawId = true;
            break;
          case "subject":
            b.subject(r.nextString());
            sawSubject = true;
            break;
          case "description":
            b.description(r.nextString());
            break;
          case "category":
            b.category(JsonValues.nullableString(r));
            break;
          case "priority":
            b.priority(Priority.valueOf(r.nextString()));
            break;
          case "tags":
            List<String> tags = new ArrayList<>();
            r.beginArray();
            while (r.hasNext()) tags.add(r.nextString());
            r.endArray();
            b.tags(tags);
            break;
          case "customFields":
            Map<String, String> fields = new LinkedHashMap<>();
            r.beginObject();
            while (r.hasNext()) fields.put(r.nextName(), r.nextString());
            r.endObject();
            b.customFields(fields);
            break;
          case "requester":
            if (r.peek() == JsonReader.Token.NULL) {
              r.nextNull();
              break;
            }
            String id = null;
            String email = null;
            String name = null;
            r.beginObject();
            while (r.hasNext()) {
              switch (r.nextName()) {
                case "id": id = JsonValues.nullableString(r); break;
                case "email": email = JsonValues.nullableString(r); break;
                case "name": name = JsonValues.nullableString(r); break;
                default: r.skipValue();
              }
            }
            r.endObject();
            b.requester(Requester.of(id, email, name));
            break;
          case "diagnosticsSummary":
            b.diagnosticsSummary(JsonValues.nullableString(r));
            break;
          case "createdAt":
            b.createdAt(Timestamps.parse(r.nextString()));
            sawCreated = true;
            break;
          case "attachments":
            r.beginArray();
            while (r.hasNext()) attachments.add(readAttachment(r));
            r.endArray();
            break;
          default:
            r.skipValue();
        }
      }
      r.endObject();
      if (r.peek() != JsonReader.Token.END_DOCUMENT) throw new CorruptEntryException("ticket has trailing data");
    } catch (CorruptEntryException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Truncated or garbled files surface as EOFException, JsonEncodingException, JsonDataException,
      // DateTimeParseException or IllegalArgumentException (bad enum, bad attachment name).
      throw new CorruptEntryException("ticket is unreadable: " + e, e);
    }
    if (!sawId || !sawSubject || !sawCreated) {
      throw new CorruptEntryException("ticket lacks " + (!sawId ? "submissionId" : !sawSubject ? "subject" : "createdAt"));
    }
    return new StoredTicket(b, attachments);
  }

  private static StoredAttachment readAttachment(JsonReader r) throws IOException {
    String fileName = null;
    String mediaType = null;
    long size = -1;
    long offset = -1;
    r.beginObject();
    while (r.hasNext()) {
      switch (r.nextName()) {
        case "fileName": fileName = r.nextString(); break;
        case "mediaType": mediaType = r.nextString(); break;
        case "size": size = r.nextLong(); break;
        case "offset": offset = r.nextLong(); break;
        default: r.skipValue();
      }
    }
    r.endObject();
    if (fileName == null || mediaType == null || size < 0 || offset < 0) {
      throw new JsonDataException("attachment entry incomplete or invalid at " + r.getPath());
    }
    return new StoredAttachment(fileName, mediaType, size, offset);
  }
}
