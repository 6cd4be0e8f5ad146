package dev.helpline.connector.rt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.JsonReader;
import dev.helpline.Attachment;
import dev.helpline.connector.Connector.UploadProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class StreamingJsonBodyTest {
  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static Map<String, Object> fields() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("Queue", "General");
    f.put("Subject", "Ünïcödé \"quoted\" ✓");
    f.put("Priority", 75);
    f.put("CustomFields", Map.of("Helpline-Submission", "abc-123"));
    return f;
  }

  @Test
  void writesValidJsonWhoseLengthIsKnownInAdvanceAndWhoseFilesDecodeExactly() throws IOException {
    // Sizes around the 48 KiB chunk edge and the 3-byte base64 group edge.
    List<Attachment> files = new ArrayList<>();
    int[] sizes = {0, 1, 2, 3, 4, 49151, 49152, 49153, 200_000};
    for (int size : sizes) files.add(Attachment.ofBytes("f" + size + ".bin", "application/octet-stream", random(size)));
    StreamingJsonBody body = new StreamingJsonBody(fields(), files, UploadProgress.NONE);

    Buffer out = new Buffer();
    body.writeTo(out);
    assertEquals(body.contentLength(), out.size());

    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) JsonReader.of(out).readJsonValue();
    assertEquals("Ünïcödé \"quoted\" ✓", json.get("Subject"));
    assertEquals(75.0, json.get("Priority"));
    assertEquals(Map.of("Helpline-Submission", "abc-123"), json.get("CustomFields"));
    List<?> attachments = (List<?>) json.get("Attachments");
    assertEquals(sizes.length - 1, attachments.size(), "the empty file is left out: RT refuses it");
    for (int i = 1; i < sizes.length; i++) {
      Map<?, ?> a = (Map<?, ?>) attachments.get(i - 1);
      assertEquals("f" + sizes[i] + ".bin", a.get("FileName"));
      assertEquals("application/octet-stream", a.get("FileType"));
      assertArrayEquals(random(sizes[i]), Base64.getDecoder().decode((String) a.get("FileContent")));
    }
  }

  @Test
  void onlyEmptyFilesSendNoAttachmentsAtAll() throws IOException {
    StreamingJsonBody body = new StreamingJsonBody(fields(),
        List.of(Attachment.ofBytes("empty.log", "text/plain", new byte[0])), UploadProgress.NONE);
    Buffer out = new Buffer();
    body.writeTo(out);
    assertEquals(body.contentLength(), out.size());
    Map<?, ?> json = (Map<?, ?>) JsonReader.of(out).readJsonValue();
    assertEquals(false, json.containsKey("Attachments"), json.toString());
  }

  @Test
  void canBeWrittenTwiceForOkHttpRetries() throws IOException {
    StreamingJsonBody body = new StreamingJsonBody(fields(),
        List.of(Attachment.ofBytes("a.bin", "application/octet-stream", random(1000))), UploadProgress.NONE);
    Buffer first = new Buffer();
    Buffer second = new Buffer();
    body.writeTo(first);
    body.writeTo(second);
    assertEquals(first.readByteString(), second.readByteString());
  }

  @Test
  void reportsProgressUpToTheTotal() throws IOException {
    long[] last = {-1, -1};
    int[] calls = {0};
    StreamingJsonBody body = new StreamingJsonBody(fields(),
        List.of(Attachment.ofBytes("a.bin", "application/octet-stream", random(300_000))), (sent, total) -> {
          assertTrue(sent > last[0], "progress only grows");
          last[0] = sent;
          last[1] = total;
          calls[0]++;
        });
    body.writeTo(new Buffer());
    assertEquals(body.contentLength(), last[0]);
    assertEquals(body.contentLength(), last[1]);
    assertTrue(calls[0] > 1, "reported along the way, not only at the end");
  }

  @Test
  void fileThatChangesSizeWhileSendingFailsInsteadOfSendingACorruptRequest(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("growing.log");
    Files.write(file, random(10));
    StreamingJsonBody body = new StreamingJsonBody(fields(), List.of(Attachment.ofFile(file, "text/plain")),
        UploadProgress.NONE);
    body.contentLength();
    Files.write(file, random(100));
    IOException e = assertThrows(IOException.class, () -> body.writeTo(new Buffer()));
    assertTrue(e.getMessage().contains("growing.log"), e.getMessage());
  }

  @Test
  void base64LengthMatchesTheEncoder() {
    for (int n = 0; n < 20; n++) {
      assertEquals(Base64.getEncoder().encode(new byte[n]).length, StreamingJsonBody.base64Length(n));
    }
  }
}
