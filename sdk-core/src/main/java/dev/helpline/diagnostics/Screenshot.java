package dev.helpline.diagnostics;

import org.jspecify.annotations.Nullable;
import dev.helpline.Attachment;
import java.util.Objects;

/** An encoded screenshot: PNG or JPEG bytes with their pixel size. Immutable. */
public final class Screenshot {
  /** The media type of a PNG screenshot. */
  public static final String PNG = "image/png";

  /** The media type of a JPEG screenshot. */
  public static final String JPEG = "image/jpeg";

  private final byte[] bytes;
  private final String mediaType;
  private final int width;
  private final int height;

  private Screenshot(byte[] bytes, String mediaType, int width, int height) {
    this.bytes = bytes;
    this.mediaType = mediaType;
    this.width = width;
    this.height = height;
  }

  /**
   * A screenshot holding a copy of {@code bytes}.
   *
   * @throws IllegalArgumentException when bytes are empty, the media type is not {@value #PNG} or
   *     {@value #JPEG}, or a dimension is less than 1
   */
  public static Screenshot of(byte[] bytes, String mediaType, int width, int height) {
    Objects.requireNonNull(bytes, "bytes == null");
    Objects.requireNonNull(mediaType, "mediaType == null");
    if (bytes.length == 0) throw new IllegalArgumentException("screenshot bytes are empty");
    if (!mediaType.equals(PNG) && !mediaType.equals(JPEG)) {
      throw new IllegalArgumentException("screenshot mediaType '" + mediaType + "' must be " + PNG + " or " + JPEG);
    }
    if (width < 1) throw new IllegalArgumentException("screenshot width " + width + " must be at least 1");
    if (height < 1) throw new IllegalArgumentException("screenshot height " + height + " must be at least 1");
    return new Screenshot(bytes.clone(), mediaType, width, height);
  }

  /** A copy of the encoded image. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The encoded size in bytes. */
  public int size() {
    return bytes.length;
  }

  /** {@value #PNG} or {@value #JPEG}. */
  public String mediaType() {
    return mediaType;
  }

  /** The width in pixels. */
  public int width() {
    return width;
  }

  /** The height in pixels. */
  public int height() {
    return height;
  }

  /** An attachment named {@code screenshot.png} or {@code screenshot.jpg}. */
  public Attachment toAttachment() {
    return Attachment.ofBytes(mediaType.equals(PNG) ? "screenshot.png" : "screenshot.jpg", mediaType, bytes);
  }

  @Override
  public String toString() {
    return "Screenshot{" + mediaType + ", " + width + "x" + height + ", " + bytes.length + " bytes}";
  }

  /**
   * Captures the screen (or the host's window) for a report. Platform code supplies it: {@code
   * dev.helpline.diagnostics.jvm.AwtScreenshotProvider} on desktop JVMs, the host on Android.
   *
   * <p>Called on the thread that calls {@code Helpline.preview} or {@code submit}, only when the draft asks for a
   * screenshot; it blocks that call while it captures. A provider that throws is logged and the report goes out
   * without a screenshot.
   */
  public interface Provider {
    /**
     * Returns a screenshot downscaled so that neither side exceeds {@code maxDimension} pixels
     * (keeping the aspect ratio), or null when capture is unavailable (headless, a secure window, no
     * permission).
     *
     * @throws IllegalArgumentException when {@code maxDimension} is less than 1
     * @throws Exception when capture failed unexpectedly
     */
    @Nullable Screenshot capture(int maxDimension) throws Exception;
  }
}
