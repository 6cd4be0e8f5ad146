package dev.helpline.diagnostics.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class AwtScreenshotProviderTest {
  private static byte[] png(int width, int height, String format) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, width / 2, height);
    g.setColor(Color.BLUE);
    g.fillRect(width / 2, 0, width - width / 2, height);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, format, out));
    return out.toByteArray();
  }

  private static BufferedImage decode(byte[] bytes) throws Exception {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
    assertTrue(image != null, "not a readable image");
    return image;
  }

  @Test
  void captureReturnsNullWhenHeadless() throws Exception {
    assertNull(new AwtScreenshotProvider(() -> true).capture(800));
  }

  @Test
  void defaultProviderFollowsTheGraphicsEnvironment() throws Exception {
    // The build runs without a display; when one is present the capture must fit the bound.
    var screenshot = new AwtScreenshotProvider().capture(64);
    if (java.awt.GraphicsEnvironment.isHeadless()) {
      assertNull(screenshot);
    } else if (screenshot != null) {
      assertTrue(screenshot.width() <= 64 && screenshot.height() <= 64);
      assertEquals("image/png", screenshot.mediaType());
    }
  }

  @Test
  void captureRejectsANonPositiveMaxDimension() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new AwtScreenshotProvider(() -> true).capture(0));
    assertEquals("maxDimension is 0; it must be at least 1", e.getMessage());
  }

  @Test
  void downscalePngKeepsTheAspectRatio() throws Exception {
    BufferedImage scaled = decode(AwtScreenshotProvider.downscalePng(png(400, 200, "png"), 100));
    assertEquals(100, scaled.getWidth());
    assertEquals(50, scaled.getHeight());
    // Colours survive the multi-step scaling: left half red, right half blue.
    assertEquals(Color.RED.getRGB(), scaled.getRGB(10, 25) | 0xFF000000);
    assertEquals(Color.BLUE.getRGB(), scaled.getRGB(90, 25) | 0xFF000000);
  }

  @Test
  void downscaleLimitsTheLongerSideOfAPortraitImage() throws Exception {
    BufferedImage scaled = decode(AwtScreenshotProvider.downscalePng(png(300, 1000, "png"), 100));
    assertEquals(30, scaled.getWidth());
    assertEquals(100, scaled.getHeight());
  }

  @Test
  void downscaleLeavesAFittingImageAtItsSizeAndAcceptsJpeg() throws Exception {
    BufferedImage same = decode(AwtScreenshotProvider.downscalePng(png(80, 40, "jpg"), 100));
    assertEquals(80, same.getWidth());
    assertEquals(40, same.getHeight());
    byte[] out = AwtScreenshotProvider.downscalePng(png(80, 40, "png"), 80);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(out, 4));
  }

  @Test
  void downscaleNeverGoesBelowOnePixel() throws Exception {
    BufferedImage scaled = decode(AwtScreenshotProvider.downscalePng(png(1000, 2, "png"), 10));
    assertEquals(10, scaled.getWidth());
    assertEquals(1, scaled.getHeight());
  }

  @Test
  void downscaleRejectsBytesThatAreNotAnImage() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AwtScreenshotProvider.downscalePng(new byte[] {1, 2, 3}, 100));
    assertTrue(e.getMessage().contains("3 bytes"), e.getMessage());
  }
}
