package dev.helpline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
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
  void aNameInAScriptOfThreeByteCharactersIsShortenedToWhatAFileSystemTakesKeepingTheExtension() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 100; i++) sb.append('\u6771'); // 東: 100 characters, 300 bytes of UTF-8
    String name = Attachment.sanitizeFileName(sb + ".pdf");
    assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 255, name);
    assertEquals(sb.substring(0, 83) + ".pdf", name);
    StringBuilder emoji = new StringBuilder();
    for (int i = 0; i < 120; i++) emoji.appendCodePoint(0x1F680);
    assertEquals(emoji.substring(0, 2 * 63), Attachment.sanitizeFileName(emoji.toString()));
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
  void onlyBytesAreInMemory(@TempDir Path dir) {
    assertTrue(Attachment.ofBytes("x.bin", "application/octet-stream", new byte[1]).inMemory());
    assertFalse(Attachment.ofFile(dir.resolve("f"), "text/plain").inMemory());
    assertFalse(Attachment.ofFileRegion(dir.resolve("f"), 0, 1, "f", "text/plain").inMemory());
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
  void aFileRegionReadsExactlyItsRangeLazily(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("container.bin");
    Attachment a = Attachment.ofFileRegion(file, 3, 4, "part.txt", "text/plain");
    assertEquals(4, a.size(), "a region's size is its length, without touching the file");
    assertNull(a.file(), "the file as a whole is not the attachment's content");
    Files.write(file, "abcDATAxyz".getBytes(StandardCharsets.US_ASCII));
    try (InputStream in = a.openStream()) {
      assertEquals('D', in.read());
      byte[] rest = new byte[10];
      assertEquals(3, in.read(rest, 0, 10));
      assertEquals("ATA", new String(rest, 0, 3, StandardCharsets.US_ASCII));
      assertEquals(-1, in.read());
      assertEquals(-1, in.read(rest, 0, 10));
    }
    Attachment renamed = a.withFileName("other.txt");
    try (InputStream in = renamed.openStream()) {
      assertEquals("DATA", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    }
    assertTrue(a.toString().contains("4 bytes of a file at 3"), a.toString());
  }

  @Test
  void aFileRegionPastTheEndOfItsFileEndsEarly(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("short.bin"), new byte[] {1, 2, 3});
    try (InputStream in = Attachment.ofFileRegion(file, 1, 100, "x", "application/octet-stream").openStream()) {
      assertArrayEquals(new byte[] {2, 3}, in.readAllBytes());
    }
  }

  @Test
  void aFileRegionRefusesNegativeBounds(@TempDir Path dir) {
    Path file = dir.resolve("f");
    IllegalArgumentException offset = assertThrows(IllegalArgumentException.class,
        () -> Attachment.ofFileRegion(file, -1, 4, "x", "text/plain"));
    assertTrue(offset.getMessage().contains("offset is -1"), offset.getMessage());
    IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
        () -> Attachment.ofFileRegion(file, 0, -5, "x", "text/plain"));
    assertTrue(length.getMessage().contains("length is -5"), length.getMessage());
  }

  @Test
  void mediaTypeMustLookLikeOne() {
    assertEquals("text/plain; charset=utf-8", Attachment.ofBytes("a", "text/plain; charset=utf-8", new byte[0]).mediaType());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Attachment.ofBytes("a", "plain text", new byte[0]));
    assertEquals("attachment mediaType 'plain text' is not a media type like 'image/png'", e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"CON,_CON", "nul.txt,_nul.txt", "COM1.log,_COM1.log", "lpt9,_lpt9", "Aux.tar.gz,_Aux.tar.gz",
      "report.txt.,report.txt", "'notes . ',notes", "console.log,console.log", "COM10,COM10",
      "'CON .txt',_CON .txt", "'nul  .tar.gz',_nul  .tar.gz"})
  void windowsDeviceNamesAndTrailingDotsNeverReachADesk(String given, String expected) {
    assertEquals(expected, Attachment.sanitizeFileName(given));
  }

  @Test
  void lineSeparatorsInFileNamesAreReplaced() {
    assertEquals("a_b.txt", Attachment.sanitizeFileName("a\u2028b.txt"));
    assertEquals("a_b.txt", Attachment.sanitizeFileName("a\u2029b.txt"));
  }

  @Test
  void aRegionCheckedAgainstASha256YieldsItsBytesWhenTheyMatch(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("a.bin"), "0123456789".getBytes(StandardCharsets.US_ASCII));
    Attachment a = Attachment.ofFileRegion(file, 2, 5, "a.bin", "application/octet-stream")
        .withSha256(sha256("23456"), "a.bin changed");
    try (InputStream in = a.openStream()) {
      assertArrayEquals("23456".getBytes(StandardCharsets.US_ASCII), in.readAllBytes());
    }
  }

  @Test
  void aRegionCheckedAgainstASha256RefusesOtherBytesBeforeHandingOnTheLastOnes(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("a.bin"), "0123456789".getBytes(StandardCharsets.US_ASCII));
    Attachment a = Attachment.ofFileRegion(file, 0, 10, "a.bin", "application/octet-stream")
        .withSha256(sha256("0123456789"), "a.bin changed");
    Files.write(file, "01234567xx".getBytes(StandardCharsets.US_ASCII));
    try (InputStream in = a.openStream()) {
      byte[] buf = new byte[10];
      assertEquals(8, in.read(buf, 0, 8));
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> in.read(buf, 8, 2));
      assertEquals("a.bin changed", e.getMessage());
      assertThrows(IllegalStateException.class, in::read, "and on every later read");
    }
    Files.write(file, "012345".getBytes(StandardCharsets.US_ASCII));
    try (InputStream in = a.openStream()) {
      assertThrows(IllegalStateException.class, in::readAllBytes, "a shorter file is other content too");
    }
  }

  @Test
  void onlyBytesAndRegionsCanBeCheckedAgainstASha256(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("a.bin"), new byte[3]);
    assertThrows(IllegalArgumentException.class,
        () -> Attachment.ofFile(file, "application/octet-stream").withSha256(sha256(""), "changed"));
    assertThrows(IllegalArgumentException.class,
        () -> Attachment.ofBytes("a", "text/plain", new byte[1]).withSha256(new byte[31], "changed"));
  }

  private static byte[] sha256(String content) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.US_ASCII));
  }
}
