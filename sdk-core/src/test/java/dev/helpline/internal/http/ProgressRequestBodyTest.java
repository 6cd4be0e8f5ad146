package dev.helpline.internal.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Attachment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class ProgressRequestBodyTest {
  @Test
  void reportsAboutOncePerStepAndExactlyAtTheEnd() throws IOException {
    byte[] bytes = new byte[1_000_000];
    new Random(1).nextBytes(bytes);
    List<long[]> reports = new ArrayList<>();
    RequestBody body = new ProgressRequestBody(RequestBody.create(bytes, MediaType.get("application/octet-stream")),
        (sent, total) -> reports.add(new long[] {sent, total}), 100_000);

    Buffer sink = new Buffer();
    body.writeTo(sink);

    assertArrayEquals(bytes, sink.readByteArray());
    long[] last = reports.get(reports.size() - 1);
    assertEquals(1_000_000, last[0]);
    assertEquals(1_000_000, last[1]);
    assertTrue(reports.size() <= 12, "reports: " + reports.size());
    for (int i = 1; i < reports.size(); i++) {
      assertTrue(reports.get(i)[0] - reports.get(i - 1)[0] >= 100_000 || reports.get(i)[0] == 1_000_000);
    }
  }

  /** Each report is a task on the host's executor: a body within one step is one report, at its end. */
  @Test
  void bodyWithinOneStepIsReportedOnceAtItsEnd() throws IOException {
    List<long[]> reports = new ArrayList<>();
    new ProgressRequestBody(RequestBody.create(new byte[5000], MediaType.get("application/octet-stream")),
        (sent, total) -> reports.add(new long[] {sent, total})).writeTo(new Buffer());
    new ProgressRequestBody(RequestBody.create(new byte[0], MediaType.get("application/octet-stream")),
        (sent, total) -> reports.add(new long[] {sent, total})).writeTo(new Buffer());

    assertEquals(2, reports.size());
    assertArrayEquals(new long[] {5000, 5000}, reports.get(0));
    assertArrayEquals(new long[] {0, 0}, reports.get(1), "an empty body still ends");
  }

  @Test
  void attachmentBodyStreamsTheFileWithItsDeclaredLength(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("a.bin");
    byte[] bytes = new byte[300_000];
    new Random(2).nextBytes(bytes);
    Files.write(file, bytes);
    AttachmentBody body = AttachmentBody.of(Attachment.ofFile(file, "application/octet-stream"));
    assertEquals(300_000, body.contentLength());
    assertEquals("application/octet-stream", body.contentType().toString());

    Buffer sink = new Buffer();
    body.writeTo(sink);
    assertArrayEquals(bytes, sink.readByteArray());
    Buffer again = new Buffer();
    body.writeTo(again);
    assertEquals(300_000, again.size(), "the body can be written again for a retry");
  }

  @Test
  void fileThatShrinksOrGrowsAfterSizingFailsTheUpload(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("log.txt");
    Files.write(file, new byte[1000]);
    AttachmentBody body = AttachmentBody.of(Attachment.ofFile(file, "text/plain"));

    Files.write(file, new byte[10]);
    IOException shrunk = assertThrows(IOException.class, () -> body.writeTo(new Buffer()));
    assertTrue(shrunk.getMessage().contains("ended after 10 bytes"), shrunk.getMessage());

    Files.write(file, new byte[2000]);
    IOException grown = assertThrows(IOException.class, () -> body.writeTo(new Buffer()));
    assertTrue(grown.getMessage().contains("grew beyond 1000 bytes"), grown.getMessage());
  }
}
