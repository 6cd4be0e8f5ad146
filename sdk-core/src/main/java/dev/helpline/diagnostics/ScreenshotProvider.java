package dev.helpline.diagnostics;

import org.jspecify.annotations.Nullable;

/**
 * Captures the screen (or the host's window) for a report. Platform code supplies it: {@code
 * dev.helpline.diagnostics.jvm.AwtScreenshotProvider} on desktop JVMs, the host on Android.
 *
 * <p>Called on a background thread, only when the user asked for a screenshot.
 */
public interface ScreenshotProvider {
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
