package dev.helpline.internal.outbox;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.helpline.Attachment;
import dev.helpline.Priority;
import dev.helpline.Requester;
import dev.helpline.connector.NewTicket;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * The JSON files of an entry, written and read with Moshi's streaming API (no reflection, so it
 * works unchanged under R8/ProGuard). Readers throw {@link CorruptEntryException} for anything that
 * is not exactly what the writers produce.
 */
final class EntryCodec {
  static final int FORMAT_VERSION = 1;

  private EntryCodec() {}

  /** Metadata of one stored attachment: what the desk sees and which file in the entry holds it. */
  static final class StoredAttachment {
    final String fileName;
    final String mediaType;
    final long size;
    final String file;

    StoredAttachment(String fileName, String mediaType, long size, String file) {
      this.fileName = fileName;
      this.mediaType = mediaType;
      this.size = size;
      this.file = file;
    }
  }

  /** The parsed {@code ticket.json}: the ticket without its attachments, plus their metadata. */
  static final class StoredTicket {
    final NewTicket.Builder ticket;
    final List<StoredAttachment> attachments;

    StoredTicket(NewTicket.Builder ticket, List<StoredAttachment> attachments) {
      this.ticket = ticket;
      this.attachments = attachments;
    }

    NewTicket toTicket(Path entryDir) {
      List<Attachment> list = new ArrayList<>(attachments.size());
      for (StoredAttachment a : attachments) {
        list.add(Attachment.ofFile(entryDir.resolve(a.file), a.fileName, a.mediaType));
      }
      return ticket.attachments(list).build();
    }
  }

  static byte[] writeTicket(NewTicket t, List<StoredAttachment> attachments) throws IOException {
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
        w.name("file").value(a.file);
        w.endObject();
      }
      w.endArray();
      w.endObject();
    }
    return buffer.readByteArray();
  }

  static StoredTicket readTicket(byte[] json) throws CorruptEntryException {
    NewTicket.Builder b = NewTicket.builder();
    List<StoredAttachment> attachments = new ArrayList<>();
    boolean sawId = false;
    boolean sawSubject = false;
    boolean sawCreated = false;
    try (JsonReader r = reader(json)) {
      r.beginObject();
      while (r.hasNext()) {
        switch (r.nextName()) {
          case "version":
            int v = r.nextInt();
            if (v != FORMAT_VERSION) throw new CorruptEntryException("ticket.json has format version " + v
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
            b.category(nullableString(r));
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
                case "id": id = nullableString(r); break;
                case "email": email = nullableString(r); break;
                case "name": name = nullableString(r); break;
                default: r.skipValue();
              }
            }
            r.endObject();
            b.requester(Requester.of(id, email, name));
            break;
          case "diagnosticsSummary":
            b.diagnosticsSummary(nullableString(r));
            break;
          case "createdAt":
            b.createdAt(Instant.parse(r.nextString()));
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
      if (r.peek() != JsonReader.Token.END_DOCUMENT) throw new CorruptEntryException("ticket.json has trailing data");
    } catch (CorruptEntryException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Truncated or garbled files surface as EOFException, JsonEncodingException, JsonDataException,
      // DateTimeParseException or IllegalArgumentException (bad enum, bad attachment name).
      throw new CorruptEntryException("ticket.json is unreadable: " + e, e);
    }
    if (!sawId || !sawSubject || !sawCreated) {
      throw new CorruptEntryException("ticket.json lacks " + (!sawId ? "submissionId" : !sawSubject ? "subject" : "createdAt"));
    }
    return new StoredTicket(b, attachments);
  }

  private static StoredAttachment readAttachment(JsonReader r) throws IOException {
    String fileName = null;
    String mediaType = null;
    long size = -1;
    String file = null;
    r.beginObject();
    while (r.hasNext()) {
      switch (r.nextName()) {
        case "fileName": fileName = r.nextString(); break;
        case "mediaType": mediaType = r.nextString(); break;
        case "size": size = r.nextLong(); break;
        case "file": file = r.nextString(); break;
        default: r.skipValue();
      }
    }
    r.endObject();
    if (fileName == null || mediaType == null || size < 0 || file == null || !file.matches("att-[0-9]{1,3}")) {
      throw new JsonDataException("attachment entry incomplete or invalid at " + r.getPath());
    }
    return new StoredAttachment(fileName, mediaType, size, file);
  }

  static byte[] writeState(DeliveryState s) throws IOException {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject();
      w.name("attempts").value(s.attempts());
      w.name("backoffStep").value(s.backoffStep());
      Instant next = s.nextAttemptAt();
      w.name("nextAttemptAt").value(next != null ? next.toString() : null);
      w.name("lastError").value(s.lastError());
      w.endObject();
    }
    return buffer.readByteArray();
  }

  static DeliveryState readState(byte[] json) throws CorruptEntryException {
    int attempts = 0;
    int step = -1;
    Instant next = null;
    String lastError = null;
    try (JsonReader r = reader(json)) {
      r.beginObject();
      while (r.hasNext()) {
        switch (r.nextName()) {
          case "attempts": attempts = r.nextInt(); break;
          case "backoffStep": step = r.nextInt(); break;
          case "nextAttemptAt":
            String s = nullableString(r);
            next = s != null ? Instant.parse(s) : null;
            break;
          case "lastError": lastError = nullableString(r); break;
          default: r.skipValue();
        }
      }
      r.endObject();
      return new DeliveryState(attempts, step < 0 ? attempts : step, next, lastError);
    } catch (IOException | RuntimeException e) {
      throw new CorruptEntryException("state.json is unreadable: " + e, e);
    }
  }

  static byte[] writeFailure(FailureRecord f) throws IOException {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject();
      w.name("status").value(f.httpStatus());
      w.name("code").value(f.code());
      w.name("message").value(f.message());
      w.name("field").value(f.field());
      w.name("time").value(f.time().toString());
      w.endObject();
    }
    return buffer.readByteArray();
  }

  static FailureRecord readFailure(byte[] json) throws CorruptEntryException {
    int status = 0;
    String code = null;
    String message = "";
    String field = null;
    Instant time = Instant.EPOCH;
    try (JsonReader r = reader(json)) {
      r.beginObject();
      while (r.hasNext()) {
        switch (r.nextName()) {
          case "status": status = r.nextInt(); break;
          case "code": code = nullableString(r); break;
          case "message": message = r.nextString(); break;
          case "field": field = nullableString(r); break;
          case "time": time = Instant.parse(r.nextString()); break;
          default: r.skipValue();
        }
      }
      r.endObject();
      return new FailureRecord(status, code, message, field, time);
    } catch (IOException | RuntimeException e) {
      throw new CorruptEntryException("failure.json is unreadable: " + e, e);
    }
  }

  /**
   * One line of the receipt log, so other processes can complete their futures: submission id,
   * desk ticket id, subject, status, URL and time as a flat JSON object on a single line.
   */
  static byte[] writeReceiptLine(String submissionId, String ticketId, String subject, String status,
      @Nullable String url, Instant time) throws IOException {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject();
      w.name("submissionId").value(submissionId);
      w.name("ticketId").value(ticketId);
      w.name("subject").value(subject);
      w.name("status").value(status);
      w.name("url").value(url);
      w.name("time").value(time.toString());
      w.endObject();
    }
    buffer.writeByte('\n');
    return buffer.readByteArray();
  }

  static Map<String, String> readFlatObject(byte[] json) throws CorruptEntryException {
    Map<String, String> out = new LinkedHashMap<>();
    try (JsonReader r = reader(json)) {
      r.beginObject();
      while (r.hasNext()) {
        String name = r.nextName();
        String value = nullableString(r);
        if (value != null) out.put(name, value);
      }
      r.endObject();
      return out;
    } catch (IOException | RuntimeException e) {
      throw new CorruptEntryException("receipt is unreadable: " + e, e);
    }
  }

  private static JsonReader reader(byte[] json) {
    JsonReader r = JsonReader.of(new Buffer().write(json));
    r.setLenient(false);
    return r;
  }

  private static @Nullable String nullableString(JsonReader r) throws IOException {
    if (r.peek() == JsonReader.Token.NULL) return r.nextNull();
    return r.nextString();
  }
}
