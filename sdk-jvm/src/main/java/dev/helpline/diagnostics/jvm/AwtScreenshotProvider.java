package dev.helpline.diagnostics.jvm;

import dev.helpline.diagnostics.Screenshot;
import java.awt.Color;
import java.awt.Component;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;

/**
 * Screenshots of a desktop app's own window, drawn the way the app paints it (Swing and lightweight AWT content)
 * rather than read from the screen: other apps' windows, other screens and anything covering the window never
 * reach the picture. Password fields and components {@linkplain #markSensitive marked sensitive} are painted over
 * with {@link #MASK_COLOR}, as on Android. The image is downscaled so that neither side exceeds the requested size
 * and encoded as PNG. Thread-safe; painting runs on the event dispatch thread, and {@link #capture} waits for it, at
 * most {@link #EVENT_DISPATCH_WAIT}.
 */
public final class AwtScreenshotProvider implements Screenshot.Provider {
  /** The opaque colour painted over password fields and sensitive components (the same as on Android). */
  public static final Color MASK_COLOR = new Color(0x37474F);

  /** How long {@link #capture} waits for the event dispatch thread to paint before it gives up. */
  public static final Duration EVENT_DISPATCH_WAIT = Duration.ofSeconds(5);

  private final BooleanSupplier headless;
  private final Supplier<? extends @Nullable Component> target;
  private final Duration paintWait;

  /**
   * A provider of the app's main window: the window that owns the active one (a report dialog open over the main
   * window leaves the dialog out), or the largest showing window when the app is not in front; does not touch AWT
   * until {@link #capture}.
   */
  public AwtScreenshotProvider() {
    this(GraphicsEnvironment::isHeadless, ComponentPainter::appWindow);
  }

  AwtScreenshotProvider(BooleanSupplier headless, Supplier<? extends @Nullable Component> target) {
    this(headless, target, EVENT_DISPATCH_WAIT);
  }

  AwtScreenshotProvider(BooleanSupplier headless, Supplier<? extends @Nullable Component> target, Duration paintWait) {
    this.headless = headless;
    this.target = target;
    this.paintWait = paintWait;
  }

  /**
   * A provider of the component {@code target} returns at each capture (asked on the event dispatch thread; null
   * means no screenshot), for an app whose main window is not the one to show. A window is captured without the
   * platform's frame; a component inside one {@linkplain #markSensitive marked sensitive} is not captured at all.
   * Works without a display too, for components that have a size.
   */
  public static AwtScreenshotProvider of(Supplier<? extends @Nullable Component> target) {
    Objects.requireNonNull(target, "target == null");
    return new AwtScreenshotProvider(() -> false, target);
  }

  /**
   * Masks {@code component} and everything inside it in every screenshot from now on, for example a panel showing
   * an account number; a window marked so is never captured, as Android never captures a secure window. Password
   * fields are masked without being marked. Any thread; held weakly.
   */
  public static void markSensitive(Component component) {
    ComponentPainter.markSensitive(Objects.requireNonNull(component, "component == null"));
  }

  /**
   * Paints the window on the event dispatch thread (between two events, never half-way through one; at once when
   * called there) and encodes it on the calling thread, blocking for both; null when headless, when AWT cannot
   * reach a display (a {@code DISPLAY} naming an X server that is gone, as over an SSH session whose forwarding
   * ended), when no window of the app is showing, when it has no area, or when it is marked sensitive. Waits for the event dispatch thread
   * at most {@link #EVENT_DISPATCH_WAIT}: a report about a hung window goes out without a screenshot rather than
   * hang with it.
   *
   * @throws IllegalArgumentException when {@code maxDimension} is less than 1
   * @throws InterruptedException when interrupted while waiting for the event dispatch thread
   * @throws InvocationTargetException when painting failed (an exception or error), whichever thread called; the
   *     app's exception is the cause
   * @throws IOException when no PNG encoder is available, or the event dispatch thread did not paint within
   *     {@link #EVENT_DISPATCH_WAIT} (the painting is called off)
   */
  @Override
  public @Nullable Screenshot capture(int maxDimension)
      throws InterruptedException, InvocationTargetException, IOException {
    checkMaxDimension(maxDimension);
    if (headless.getAsBoolean() || !ComponentPainter.toolkitAvailable()) return null;
    BufferedImage image = ComponentPainter.paint(target, paintWait);
    if (image == null) return null;
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
