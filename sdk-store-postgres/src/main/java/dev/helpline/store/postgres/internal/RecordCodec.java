package dev.helpline.store.postgres.internal;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.helpline.Attachment;
import dev.helpline.Priority;
import dev.helpline.Requester;
import dev.helpline.outbox.SubmissionRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * A submission record's fields as JSON, read and written by streaming (no reflection). Attachments
 * are not in it: they are rows of their own, listed here only by name, type and size.
 */
public final class RecordCodec {
  private RecordCodec() {}

  /** One attachment's metadata as the record lists it. */
  public static final class AttachmentMeta {
    public final String fileName;
    public final String mediaType;
    public final long size;

    public AttachmentMeta(String fileName, String mediaType, long size) {
      this.fileName = fileName;
      this.mediaType = mediaType;
      this.size = size;
    }
  }

  /** A decoded record without its attachments, plus their metadata. */
  public static final class Decoded {
    public final SubmissionRecord.Builder record;
    public final List<AttachmentMeta> attachments;

    Decoded(SubmissionRecord.Builder record, List<AttachmentMeta> attachments) {
      this.record = record;
      this.attachments = attachments;
    }
  }

  public static byte[] encode(SubmissionRecord r) throws IOException {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject();
      w.name("v").value(1);
      w.name("id").value(r.submissionId());
      w.name("subject").value(r.subject());
      w.name("description").value(r.description());
      w.name("category").value(r.category());
      w.name("priority").value(r.priority().name());
      w.name("tags").beginArray();
      for (String t : r.tags()) w.value(t);
      w.endArray();
      w.name("customFields").beginObject();
      for (Map.Entry<String, String> e : r.customFields().entrySet()) w.name(e.getKey()).value(e.getValue());
      w.endObject();
      Requester q = r.requester();
      if (q != null) {
        w.name("requester").beginObject();
        w.name("id").value(q.id());
        w.name("email").value(q.email());
        w.name("name").value(q.name());
        w.endObject();
      }
      w.name("attachments").beginArray();
      for (Attachment a : r.attachments()) {
        w.beginObject().name("fileName").value(a.fileName()).name("mediaType").value(a.mediaType())
            .name("size").value(a.size()).endObject();
      }
      w.endArray();
      w.name("diagnosticsSummary").value(r.diagnosticsSummary());
      w.name("createdAt").value(r.createdAt().toString());
      w.endObject();
    }
    return buffer.readByteArray();
  }

  /** @throws UnreadableEntryException when the bytes are not a record this codec wrote */
  public static Decoded decode(byte[] json) throws IOException {
    SubmissionRecord.Builder b = SubmissionRecord.builder();
    List<AttachmentMeta> attachments = new ArrayList<>();
    try (JsonReader r = JsonReader.of(new Buffer().write(json))) {
      r.setLenient(false);
      r.beginObject();
      while (r.hasNext()) {
        String name = r.nextName();
        if (r.peek() == JsonReader.Token.NULL) {
          r.nextNull();
          continue;
        }
        switch (name) {
          case "id": b.submissionId(r.nextString()); break;
          case "subject": b.subject(r.nextString()); break;
          case "description": b.description(r.nextString()); break;
          case "category": b.category(r.nextString()); break;
          case "priority": b.priority(Priority.valueOf(r.nextString())); break;
          case "tags": {
            List<String> tags = new ArrayList<>();
            r.beginArray();
            while (r.hasNext()) tags.add(r.nextString());
            r.endArray();
            b.tags(tags);
            break;
          }
          case "customFields": {
            Map<String, String> fields = new LinkedHashMap<>();
            r.beginObject();
            while (r.hasNext()) fields.put(r.nextName(), r.nextString());
            r.endObject();
            b.customFields(fields);
            break;
          }
          case "requester": b.requester(requester(r)); break;
          case "attachments": {
            r.beginArray();
            while (r.hasNext()) {
              String fileName = "attachment";
              String mediaType = "application/octet-stream";
              long size = 0;
              r.beginObject();
              while (r.hasNext()) {
                switch (r.nextName()) {
                  case "fileName": fileName = r.nextString(); break;
                  case "mediaType": mediaType = r.nextString(); break;
                  case "size": size = r.nextLong(); break;
                  default: r.skipValue();
                }
              }
              r.endObject();
              attachments.add(new AttachmentMeta(fileName, mediaType, size));
            }
            r.endArray();
            break;
          }
          case "diagnosticsSummary": b.diagnosticsSummary(r.nextString()); break;
          case "createdAt": b.createdAt(Instant.parse(r.nextString())); break;
          default: r.skipValue();
        }
      }
      r.endObject();
    } catch (RuntimeException | IOException e) { // the bytes are in memory: any failure is theirs
      throw new UnreadableEntryException("unreadable submission record: " + e.getMessage(), e);
    }
    return new Decoded(b, attachments);
  }

  private static @Nullable Requester requester(JsonReader r) throws IOException {
    String id = null;
    String email = null;
    String name = null;
    r.beginObject();
    while (r.hasNext()) {
      String key = r.nextName();
      if (r.peek() == JsonReader.Token.NULL) {
        r.nextNull();
        continue;
      }
      switch (key) {
        case "id": id = r.nextString(); break;
        case "email": email = r.nextString(); break;
        case "name": name = r.nextString(); break;
        default: r.skipValue();
      }
    }
    r.endObject();
    return Requester.of(id, email, name);
  }
}
