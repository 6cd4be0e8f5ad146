package dev.helpline.internal.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.ResponseBody;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class BodyLimitsTest {
  private static final MediaType TEXT = MediaType.get("text/plain");

  /** A body that does not declare its length, like a chunked one. */
  private static ResponseBody undeclared(byte[] bytes) {
    return ResponseBody.create(new Buffer().write(bytes), TEXT, -1);
  }

  @Test
  void bodyWithinTheLimitIsReadWhole() throws IOException {
    byte[] bytes = new byte[100];
    assertArrayEquals(bytes, BodyLimits.readBytes(undeclared(bytes), 100));
  }

  @Test
  void undeclaredBodyOverTheLimitFailsWhileReading() {
    IOException e = assertThrows(IOException.class, () -> BodyLimits.readBytes(undeclared(new byte[101]), 100));
    assertEquals("response body exceeds 100 bytes", e.getMessage());
  }

  @Test
  void declaredLengthOverTheLimitFailsAtOnce() {
    ResponseBody declared = ResponseBody.create(new byte[500], TEXT);
    IOException e = assertThrows(IOException.class, () -> BodyLimits.capped(declared, 100).source().readByte());
    assertEquals("response body exceeds 100 bytes", e.getMessage());
  }

  @Test
  void truncatedBodyEndsQuietlyAtTheLimit() throws IOException {
    byte[] bytes = "abcdefghij".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    try (ResponseBody t = BodyLimits.truncated(ResponseBody.create(bytes, TEXT), 4)) {
      assertEquals("abcd", t.string());
    }
    assertEquals("abc", new String(BodyLimits.readPrefix(undeclared(bytes), 3), java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(0, BodyLimits.readPrefix(null, 3).length);
  }
}
