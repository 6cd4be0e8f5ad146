package dev.helpline.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MultipartTest {
  private static final String B = "b0undary";

  private static byte[] body(Object... namesHeadersAndBodies) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write("preamble to ignore\r\n".getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < namesHeadersAndBodies.length; i += 2) {
      out.write(("--" + B + "\r\n" + namesHeadersAndBodies[i] + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      out.write((byte[]) namesHeadersAndBodies[i + 1]);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.write(("--" + B + "--\r\nepilogue").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /** Hands out at most one byte per read, so every delimiter straddles reads. */
  private static InputStream trickle(byte[] bytes) {
    return new FilterInputStream(new ByteArrayInputStream(bytes)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, 1));
      }
    };
  }

  @Test
  void partsWithDelimiterLookAlikesSurviveAnyReadSplit() throws IOException {
    byte[] random = new byte[200_000];
    new Random(3).nextBytes(random);
    byte[] lookAlike = ("\r\n--" + B.substring(0, 5) + "\r\r\n-" + B).getBytes(StandardCharsets.US_ASCII);
    byte[] input = body(
        "Content-Disposition: form-data; name=\"ticket\"\r\nContent-Type: application/json", "{}".getBytes(),
        "Content-Disposition: form-data; name=\"attachment\"; filename=\"r.bin\"", random,
        "Content-Disposition: form-data; name=\"attachment\"; filename=\"la.txt\"\r\nContent-Type: text/plain",
        lookAlike,
        "Content-Disposition: form-data; name=\"attachment\"; filename=\"e.txt\"", new byte[0]);
    for (InputStream in : List.of(new ByteArrayInputStream(input), trickle(input))) {
      List<Multipart.Part> parts = Multipart.read(in, B, name -> Long.MAX_VALUE);
      assertEquals(4, parts.size());
      assertEquals("ticket", parts.get(0).name);
      assertNull(parts.get(0).fileName);
      assertEquals("application/json", parts.get(0).contentType);
      assertArrayEquals("{}".getBytes(), parts.get(0).body);
      assertArrayEquals(random, parts.get(1).body);
      assertNull(parts.get(1).contentType);
      assertArrayEquals(lookAlike, parts.get(2).body);
      assertEquals("text/plain", parts.get(2).contentType);
      assertEquals(0, parts.get(3).body.length);
    }
  }

  @Test
  void fileNamesAreUnquotedAndExtendedNamesDecoded() throws IOException {
    byte[] input = body(
        "Content-Disposition: form-data; name=\"attachment\"; filename=\"a \\\"q\\\" ü.txt\"", new byte[] {1},
        "Content-Disposition: form-data; name=attachment; filename*=UTF-8''%C3%BC%20x.txt", new byte[] {2});
    List<Multipart.Part> parts = Multipart.read(new ByteArrayInputStream(input), B, name -> 10);
    assertEquals("a \"q\" ü.txt", parts.get(0).fileName);
    assertEquals("ü x.txt", parts.get(1).fileName);
  }

  @Test
  void aPartOverItsLimitIs413NamingThePart() throws IOException {
    byte[] input = body("Content-Disposition: form-data; name=\"ticket\"", new byte[2000]);
    ApiException e = assertThrows(ApiException.class,
        () -> Multipart.read(trickle(input), B, name -> name.equals("ticket") ? 1000 : Long.MAX_VALUE));
    assertEquals(413, e.status());
    assertEquals("ticket", e.field());
  }

  @Test
  void truncatedOrMalformedBodiesAre400() throws IOException {
    byte[] input = body("Content-Disposition: form-data; name=\"ticket\"", "{}".getBytes());
    byte[] truncated = java.util.Arrays.copyOf(input, input.length - 20);
    assertEquals(400, assertThrows(ApiException.class,
        () -> Multipart.read(new ByteArrayInputStream(truncated), B, n -> 100)).status());
    assertEquals(400, assertThrows(ApiException.class,
        () -> Multipart.read(new ByteArrayInputStream("no boundary at all".getBytes()), B, n -> 100)).status());
    byte[] noName = body("Content-Disposition: form-data", "{}".getBytes());
    assertEquals(400, assertThrows(ApiException.class,
        () -> Multipart.read(new ByteArrayInputStream(noName), B, n -> 100)).status());
  }

  @Test
  void aControlCharacterInAPartHeaderIs400() throws IOException {
    // A bare LF would be stored in the media type and later refused by HttpServer as a response header (500).
    for (String header : new String[] {"Content-Type: image/png\nX-Injected: 1", "Content-Type: text/\u0000plain"}) {
      byte[] input = body("Content-Disposition: form-data; name=\"attachment\"; filename=\"a.png\"\r\n" + header,
          "x".getBytes());
      ApiException e = assertThrows(ApiException.class,
          () -> Multipart.read(new ByteArrayInputStream(input), B, n -> 100), header);
      assertEquals(400, e.status());
    }
  }

  @Test
  void boundaryComesFromTheContentType() {
    assertEquals("abc", Multipart.boundary("multipart/form-data; boundary=abc"));
    assertEquals("a b", Multipart.boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\""));
    assertEquals("Content-Type", assertThrows(ApiException.class,
        () -> Multipart.boundary("application/json")).field());
    assertEquals("Content-Type", assertThrows(ApiException.class,
        () -> Multipart.boundary("multipart/form-data")).field());
  }
}
