package dev.helpline.internal.outbox;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.helpline.internal.json.JsonValues;
import dev.helpline.internal.json.Timestamps;
import dev.helpline.outbox.OutboxStore.DeliveryState;
import dev.helpline.outbox.OutboxStore.FailureRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * The small JSON records kept beside entries: an entry's delivery state, a failed entry's failure
 * record and the receipt log's lines. Written with Moshi's streaming API; readers throw
 * {@link CorruptEntryException} for anything that is not a record the writers could have produced.
 * The entry file itself is {@link EntryCodec}'s.
 */
final class RecordCodec {
  private RecordCodec() {}

  /** Writes the members of one JSON object. */
  private interface Members {
    void write(JsonWriter w) throws IOException;
  }

  /** One JSON object holding what {@code members} writes. */
  private static Buffer object(Members members) throws IOException {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject();
      members.write(w);
      w.endObject();
    }
    return buffer;
  }

  static byte[] writeState(DeliveryState s) throws IOException {
    return object(w -> {
      w.name("attempts").value(s.attempts());
      w.name("backoffStep").value(s.backoffStep());
      Instant next = s.nextAttemptAt();
      w.name("nextAttemptAt").value(next != null ? next.toString() : null);
      w.name("lastError").value(s.lastError());
      Instant first = s.firstAttemptAt();
      // Absent in states written before it was kept; readers then take the first attempt as unknown.
      if (first != null) w.name("firstAttemptAt").value(first.toString());
    }).readByteArray();
  }

  static DeliveryState readState(byte[] json) throws CorruptEntryException {
    int attempts = 0;
    int step = -1;
    Instant next = null;
    String lastError = null;
    Instant first = null;
    try (JsonReader r = JsonReader.of(new Buffer().write(json))) {
      r.beginObject();
      while (r.hasNext()) {
        switch (r.nextName()) {
          case "attempts": attempts = r.nextInt(); break;
          case "backoffStep": step = r.nextInt(); break;
          case "nextAttemptAt": next = JsonValues.timestamp(r); break;
          case "lastError": lastError = JsonValues.nullableString(r); break;
          case "firstAttemptAt": first = JsonValues.timestamp(r); break;
          default: r.skipValue();
        }
      }
      r.endObject();
      return new DeliveryState(attempts, step < 0 ? attempts : step, next, lastError, first);
    } catch (IOException | RuntimeException e) {
      throw new CorruptEntryException("delivery state is unreadable: " + e, e);
    }
  }

  static byte[] writeFailure(FailureRecord f) throws IOException {
    return object(w -> {
      w.name("status").value(f.httpStatus());
      w.name("code").value(f.code());
      w.name("message").value(f.message());
      w.name("field").value(f.field());
      w.name("time").value(f.time().toString());
    }).readByteArray();
  }

  static FailureRecord readFailure(byte[] json) throws CorruptEntryException {
    int status = 0;
    String code = null;
    String message = "";
    String field = null;
    Instant time = Instant.EPOCH;
    try (JsonReader r = JsonReader.of(new Buffer().write(json))) {
      r.beginObject();
      while (r.hasNext()) {
        switch (r.nextName()) {
          case "status": status = r.nextInt(); break;
          case "code": code = JsonValues.nullableString(r); break;
          case "message": message = r.nextString(); break;
          case "field": field = JsonValues.nullableString(r); break;
          case "time": time = Timestamps.parse(r.nextString()); break;
          default: r.skipValue();
        }
      }
      r.endObject();
      return new FailureRecord(status, code, message, field, time);
    } catch (IOException | RuntimeException e) {
      throw new CorruptEntryException("failure record is unreadable: " + e, e);
    }
  }

  /**
   * One line of the receipt log, so other processes can complete their futures: submission id,
   * desk ticket id, subject, status, URL and time as a flat JSON object on a single line.
   */
  static byte[] writeReceiptLine(String submissionId, String ticketId, String subject, String status,
      @Nullable String url, Instant time) throws IOException {
    return object(w -> {
      w.name("submissionId").value(submissionId);
      w.name("ticketId").value(ticketId);
      w.name("subject").value(subject);
      w.name("status").value(status);
      w.name("url").value(url);
      w.name("time").value(time.toString());
    }).writeByte('\n').readByteArray();
  }

  static Map<String, String> readFlatObject(byte[] json) throws CorruptEntryException {
    Map<String, String> out = new LinkedHashMap<>();
    try (JsonReader r = JsonReader.of(new Buffer().write(json))) {
      r.beginObject();
      while (r.hasNext()) {
        String name = r.nextName();
        String value = JsonValues.nullableString(r);
        if (value != null) out.put(name, value);
      }
      r.endObject();
      return out;
    } catch (IOException | RuntimeException e) {
      throw new CorruptEntryException("receipt is unreadable: " + e, e);
    }
  }
}
