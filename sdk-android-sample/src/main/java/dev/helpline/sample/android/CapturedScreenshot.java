package dev.helpline.sample.android;

import android.graphics.Bitmap;
import dev.helpline.diagnostics.Screenshot;
import dev.helpline.diagnostics.Screenshot;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The screenshot Helpline attaches: the window as it was when the user tapped help (taken on the
 * main thread by {@link WindowScreenshots} before the form opened), PNG-encoded on Helpline's
 * background thread when a draft asks for it. Thread-safe.
 */
public final class CapturedScreenshot implements Screenshot.Provider {
  private final AtomicReference<@Nullable Bitmap> current = new AtomicReference<>();

  /** Replaces the held capture; null clears it (a secure window, or the form was closed). */
  public void set(@Nullable Bitmap bitmap) {
    current.set(bitmap);
  }

  public @Nullable Bitmap current() {
    return current.get();
  }

  @Override
  public @Nullable Screenshot capture(int maxDimension) {
    if (maxDimension < 1) throw new IllegalArgumentException("maxDimension is " + maxDimension + "; it must be at least 1");
    Bitmap bitmap = current.get();
    if (bitmap == null || bitmap.isRecycled()) return null;
    Bitmap fitted = bitmap;
    if (Math.max(bitmap.getWidth(), bitmap.getHeight()) > maxDimension) {
      // scaleToFit recycles its input; keep the held capture for the next preview
      fitted = WindowScreenshots.scaleToFit(bitmap.copy(Bitmap.Config.ARGB_8888, false), maxDimension);
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream(64 * 1024);
    if (!fitted.compress(Bitmap.CompressFormat.PNG, 100, png)) {
      throw new IllegalStateException("PNG encoding of a " + fitted.getWidth() + "x" + fitted.getHeight() + " screenshot failed");
    }
    return Screenshot.of(png.toByteArray(), Screenshot.PNG, fitted.getWidth(), fitted.getHeight());
  }
}
