package dev.helpline.diagnostics.jvm;

import dev.helpline.diagnostics.Screenshot;
import java.awt.AWTException;
import java.awt.Graphics2D;
import java.awt.GraphicsDevice;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;

/**
 * Captures all screens of a desktop JVM with {@link Robot}, downscales the image so that neither
 * side exceeds the requested size, and encodes it as PNG. Returns null, without touching AWT
 * further, when the JVM is headless. Thread-safe.
 */
public final class AwtScreenshotProvider implements Screenshot.Provider {
  private final BooleanSupplier headless;

  /** A provider of the local screens; does not touch AWT until {@link #capture}. */
  public AwtScreenshotProvider() {
    this(GraphicsEnvironment::isHeadless);
  }

  AwtScreenshotProvider(BooleanSupplier headless) {
    this.headless = headless;
  }

  /**
   * Captures every screen on the calling thread, blocking for the capture and the PNG encoding; null when
   * headless or no screen has an area.
   *
   * @throws IllegalArgumentException when {@code maxDimension} is less than 1
   * @throws AWTException when the platform does not allow screen capture
   * @throws SecurityException when capture is not permitted
   * @throws IOException when no PNG encoder is available
   */
  @Override
  public @Nullable Screenshot capture(int maxDimension) throws AWTException, IOException {
    checkMaxDimension(maxDimension);
    if (headless.getAsBoolean()) return null;
    GraphicsEnvironment env = GraphicsEnvironment.getLocalGraphicsEnvironment();
    Rectangle bounds = new Rectangle();
    for (GraphicsDevice device : env.getScreenDevices()) {
      bounds = bounds.union(device.getDefaultConfiguration().getBounds());
    }
    if (bounds.isEmpty()) return null;
    BufferedImage image = new Robot().createScreenCapture(bounds);
    BufferedImage scaled = downscale(image, maxDimension);
    return Screenshot.of(encodePng(scaled), Screenshot.PNG, scaled.getWidth(), scaled.getHeight());
  }

  /**
   * Decodes {@code image} (PNG, JPEG or another format ImageIO reads), scales it down so that
   * neither side exceeds {@code maxDimension} keeping the aspect ratio, and returns it encoded as
   * PNG. An image that already fits is re-encoded unscaled. Works without a display.
   *
   * @throws IllegalArgumentException when {@code maxDimension} is less than 1 or the bytes are not
   *     a readable image
   */
  public static byte[] downscalePng(byte[] image, int maxDimension) throws IOException {
    Objects.requireNonNull(image, "image == null");
    checkMaxDimension(maxDimension);
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image));
    if (decoded == null) {
      throw new IllegalArgumentException("image of " + image.length + " bytes is not in a format ImageIO can read");
    }
    return encodePng(downscale(decoded, maxDimension));
  }

  /**
   * Halves the image with bilinear filtering until it is within a factor of two of the target,
   * then scales to the target: much sharper than a single bilinear step for large reductions.
   */
  static BufferedImage downscale(BufferedImage source, int maxDimension) {
    int w = source.getWidth();
    int h = source.getHeight();
    int longest = Math.max(w, h);
    if (longest <= maxDimension) return source;
    double scale = (double) maxDimension / longest;
    int targetW = Math.max(1, (int) Math.round(w * scale));
    int targetH = Math.max(1, (int) Math.round(h * scale));
    BufferedImage current = source;
    int cw = w;
    int ch = h;
    do {
      cw = Math.max(targetW, cw / 2);
      ch = Math.max(targetH, ch / 2);
      current = resize(current, cw, ch);
    } while (cw != targetW || ch != targetH);
    return current;
  }

  private static BufferedImage resize(BufferedImage source, int width, int height) {
    int type = source.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
    BufferedImage out = new BufferedImage(width, height, type);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.drawImage(source, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static byte[] encodePng(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG encoder available");
    return out.toByteArray();
  }

  private static void checkMaxDimension(int maxDimension) {
    if (maxDimension < 1) throw new IllegalArgumentException("maxDimension is " + maxDimension + "; it must be at least 1");
  }
}
