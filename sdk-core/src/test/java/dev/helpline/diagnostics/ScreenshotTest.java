package dev.helpline.diagnostics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Attachment;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class ScreenshotTest {
  @Test
  void holdsACopyOfTheBytes() {
    byte[] bytes = {1, 2, 3};
    Screenshot s = Screenshot.of(bytes, "image/png", 10, 5);
    bytes[0] = 9;
    byte[] out = s.bytes();
    out[1] = 9;
    assertArrayEquals(new byte[] {1, 2, 3}, s.bytes());
    assertEquals(3, s.size());
    assertEquals(10, s.width());
    assertEquals(5, s.height());
  }

  @Test
  void becomesANamedAttachment() throws Exception {
    Attachment png = Screenshot.of(new byte[] {1, 2}, Screenshot.PNG, 1, 1).toAttachment();
    assertEquals("screenshot.png", png.fileName());
    assertEquals("image/png", png.mediaType());
    try (InputStream in = png.openStream()) {
      assertArrayEquals(new byte[] {1, 2}, in.readAllBytes());
    }
    Attachment jpg = Screenshot.of(new byte[] {1}, Screenshot.JPEG, 1, 1).toAttachment();
    assertEquals("screenshot.jpg", jpg.fileName());
    assertEquals("image/jpeg", jpg.mediaType());
  }

  @Test
  void rejectsBadInputNamingTheField() {
    assertMessage(() -> Screenshot.of(new byte[0], Screenshot.PNG, 1, 1), "bytes are empty");
    assertMessage(() -> Screenshot.of(new byte[1], "image/gif", 1, 1), "mediaType 'image/gif'");
    assertMessage(() -> Screenshot.of(new byte[1], Screenshot.PNG, 0, 1), "width 0");
    assertMessage(() -> Screenshot.of(new byte[1], Screenshot.PNG, 1, -2), "height -2");
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable call, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
