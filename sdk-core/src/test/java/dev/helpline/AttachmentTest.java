package dev.helpline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(30)
class AttachmentTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "crash.log|crash.log",
      "../../etc/passwd|passwd",
      "C:\\Users\\ada\\report.pdf|report.pdf",
      "a<b>c:d\"e?g*.txt|a_b_c_d_e_g_.txt",
      ".hidden|hidden",
      "'   '|attachment",
      "../|attachment",
      "Grüße 東京 🚀.png|Grüße 東京 🚀.png"})
  void fileNamesAreSanitized(String given, String expected) {
    assertEquals(expected, Attachment.sanitizeFileName(given));
  }

  @Test
  void controlAndBidiCharactersAreReplaced() {
    assertEquals("a_b_c.txt", Attachment.sanitizeFileName("a\u0000b\nc.txt"));
    assertEquals("invoice_fdp.exe", Attachment.sanitizeFileName("invoice\u202Efdp.exe"));
  }

  @Test
  void longNamesAreShortenedKeepingTheExtension() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 300; i++) sb.append('n');
    String name = Attachment.sanitizeFileName(sb + ".log");
    assertEquals(Attachment.MAX_FILE_NAME_LENGTH, name.length());
    assertTrue(name.endsWith("nnn.log"));
  }

  @Test
  void bytesAreCopiedAndStreamed() throws Exception {
    byte[] data = {1, 2, 3};
    Attachment a = Attachment.ofBytes("x.bin", "application/octet-stream", data);
    data[0] = 9;
    assertEquals(3, a.size());
    try (InputStream in = a.openStream()) {
      assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
    }
  }

  @Test
  void filesAreReadLazily(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("later.txt");
    Attachment a = Attachment.ofFile(file, "text/plain");
    assertEquals("later.txt", a.fileName());
    Files.write(file, new byte[] {'h', 'i'});
    assertEquals(2, a.size());
    try (InputStream in = a.openStream()) {
      assertArrayEquals(new byte[] {'h', 'i'}, in.readAllBytes());
    }
  }

  @Test
  void mediaTypeMustLookLikeOne() {
    assertEquals("text/plain; charset=utf-8", Attachment.ofBytes("a", "text/plain; charset=utf-8", new byte[0]).mediaType());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Attachment.ofBytes("a", "plain text", new byte[0]));
    assertEquals("attachment mediaType 'plain text' is not a media type like 'image/png'", e.getMessage());
  }
}
