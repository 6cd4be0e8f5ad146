package dev.helpline.connector.rt;

import com.squareup.moshi.JsonWriter;
import dev.helpline.Attachment;
import dev.helpline.connector.Connector.UploadProgress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.ForwardingSink;
import okio.Okio;
import okio.Sink;
import org.jspecify.annotations.Nullable;

/**
 * A JSON request body for RT's ticket create and correspond resources with inline base64 attachments
 * ({@code "Attachments":[{"FileName","FileType","FileContent"}]}). Each attachment is read from
 * {@link Attachment#openStream()} and base64-encoded in small chunks straight into the socket, so an
 * attachment is never held in memory whole. The exact length is computed up front from the attachment
 * sizes (no chunked transfer encoding, and a real total for {@link UploadProgress}). Writable more than
 * once (attachments are reopened on every write), yet one-shot to OkHttp: a create or a reply is never
 * re-sent silently after a 408 or a dropped connection, which RT would store twice; the caller decides.
 *
 * <p>An empty attachment is left out: RT's REST2 refuses a whole create or correspond with 400 ("Field
 * FileContent is required") for an attachment without content, which would stop the ticket for good.
 */
final class StreamingJsonBody extends RequestBody {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  /** A multiple of 3, so that every chunk but the last encodes without padding. */
  private static final int CHUNK = 3 * 16 * 1024;

  private final Map<String, Object> fields;
  private final List<Attachment> attachments;
  private final UploadProgress progress;
  private long length = -2;
  /** The attachment sizes the length was computed from; the write must send exactly these. */
  private long @Nullable [] sizes;

  /**
   * @param fields JSON members in order; values are strings, numbers, or maps of strings (custom fields)
   */
  StreamingJsonBody(Map<String, Object> fields, List<Attachment> attachments, UploadProgress progress) {
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    this.attachments = Collections.unmodifiableList(new ArrayList<>(attachments));
    this.progress = progress;
  }

  @Override
  public MediaType contentType() {
    return JSON;
  }

  @Override
  public boolean isOneShot() {
    return true;
  }

  @Override
  public synchronized long contentLength() throws IOException {
    if (length == -2) {
      Counting counter = new Counting(Okio.blackhole(), -1, UploadProgress.NONE);
      BufferedSink sink = Okio.buffer(counter);
      sizes = new long[attachments.size()];
      try {
        for (int i = 0; i < sizes.length; i++) sizes[i] = attachments.get(i).size();
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      long encoded = write(sink, true);
      sink.close();
      length = counter.count + encoded;
    }
    return length;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    long total = contentLength();
    Counting counter = new Counting(sink, total, progress);
    BufferedSink out = Okio.buffer(counter);
    write(out, false);
    out.emit();
    counter.flush();
  }

  /** Writes the JSON; in a dry run skips the base64 text and returns its length instead. */
  private long write(BufferedSink out, boolean dryRun) throws IOException {
    long[] sizes = this.sizes;
    long skipped = 0;
    JsonWriter w = JsonWriter.of(out);
    w.setSerializeNulls(false);
    w.beginObject();
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      w.name(e.getKey());
      writeValue(w, e.getValue());
    }
    boolean anyContent = false;
    for (long size : sizes) anyContent |= size > 0;
    if (anyContent) {
      w.name("Attachments").beginArray();
      for (int i = 0; i < attachments.size(); i++) {
        // RT refuses the whole request (400) for an attachment whose FileContent is empty.
        if (sizes[i] == 0) continue;
        Attachment a = attachments.get(i);
        w.beginObject();
        w.name("FileName").value(rtFileName(a.fileName()));
        w.name("FileType").value(a.mediaType());
        w.name("FileContent");
        try (BufferedSink value = w.valueSink()) {
          value.writeByte('"');
          if (dryRun) {
            skipped += base64Length(sizes[i]);
          } else {
            writeBase64(a, sizes[i], value);
          }
          value.writeByte('"');
        }
        w.endObject();
      }
      w.endArray();
    }
    w.endObject();
    w.flush();
    return skipped;
  }

  private static void writeValue(JsonWriter w, @Nullable Object v) throws IOException {
    if (v == null) {
      w.nullValue();
    } else if (v instanceof Number) {
      w.value((Number) v);
    } else if (v instanceof Map) {
      w.beginObject();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        w.name(String.valueOf(e.getKey()));
        writeValue(w, e.getValue());
      }
      w.endObject();
    } else {
      w.value(v.toString());
    }
  }

  private static void writeBase64(Attachment a, long expected, BufferedSink out) throws IOException {
    long read = 0;
    Base64.Encoder encoder = Base64.getEncoder();
    byte[] chunk = new byte[CHUNK];
    try (InputStream in = a.openStream()) {
      while (true) {
        int n = 0;
        while (n < CHUNK) {
          int r = in.read(chunk, n, CHUNK - n);
          if (r < 0) break;
          n += r;
        }
        if (n == 0) break;
        read += n;
        if (read > expected) break;
        out.write(encoder.encode(n == CHUNK ? chunk : Arrays.copyOf(chunk, n)));
        if (n < CHUNK) break;
      }
    }
    if (read != expected) {
      // The declared Content-Length would be wrong: fail rather than send a corrupt request.
      throw new IOException("attachment " + a.fileName() + " changed size while sending: expected " + expected
          + " bytes, read " + (read > expected ? "more" : Long.toString(read)));
    }
  }

  /** True when one of {@code attachments} has content, and so is sent. */
  static boolean anyContent(List<Attachment> attachments) throws IOException {
    try {
      for (Attachment a : attachments) {
        if (a.size() > 0) return true;
      }
      return false;
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * A file name as RT 5's REST2 needs it: RT attaches the decoded JSON string as it is, then reads the name back
   * as UTF-8 bytes, so a name outside ASCII must arrive as its UTF-8 bytes, one character each, as RT's own web UI
   * encodes it before attaching. Sent as is, a character above U+00FF makes RT answer 500 (every time, so the
   * ticket would never arrive), and one from U+0080 to U+00FF is stored as U+FFFD.
   */
  static String rtFileName(String name) {
    return new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  static long base64Length(long bytes) {
    return 4 * ((bytes + 2) / 3);
  }

  /** Counts bytes on their way to the socket and reports progress. */
  private static final class Counting extends ForwardingSink {
    private final long total;
    private final UploadProgress progress;
    long count;

    Counting(Sink delegate, long total, UploadProgress progress) {
      super(delegate);
      this.total = total;
      this.progress = progress;
    }

    @Override
    public void write(Buffer source, long byteCount) throws IOException {
      super.write(source, byteCount);
      count += byteCount;
      progress.onProgress(count, total);
    }
  }
}
