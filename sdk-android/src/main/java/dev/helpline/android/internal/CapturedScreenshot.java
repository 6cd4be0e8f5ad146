package dev.helpline.android.internal;

import android.graphics.Bitmap;
import dev.helpline.diagnostics.Screenshot;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The screenshot Helpline attaches: the window as it was when help opened (taken on the main thread
 * by {@link WindowScreenshots} before the form showed), with the user's annotations drawn onto its
 * pixels, PNG-encoded on Helpline's background thread when a draft asks for it. The capture and the
 * annotated image are swapped atomically and never changed once published, so {@link #capture} is
 * safe on any thread; the annotation list is the editor's, main thread only.
 */
public final class CapturedScreenshot implements Screenshot.Provider {
  private final AtomicReference<@Nullable Bitmap> base = new AtomicReference<>();
  private final AtomicReference<@Nullable Bitmap> current = new AtomicReference<>();
  private final List<Annotation> annotations = new ArrayList<>();

  /** Replaces the capture and drops the annotations; null clears it (a secure window, or the form was closed). */
  public void set(@Nullable Bitmap bitmap) {
    annotations.clear();
    base.set(bitmap);
    current.set(bitmap);
  }

  /** The image that will be attached: the capture with the annotations applied. */
  public @Nullable Bitmap current() {
    return current.get();
  }

  /** The capture as taken (sensitive views already masked), without annotations. */
  @Nullable Bitmap base() {
    return base.get();
  }

  List<Annotation> annotations() {
    return Collections.unmodifiableList(annotations);
  }

  /** Adds a finished annotation and re-renders the attached image. Main thread. */
  void add(Annotation annotation) {
    annotations.add(annotation);
    render();
  }

  /** Removes the latest annotation; false when there is none. Main thread. */
  boolean undo() {
    if (annotations.isEmpty()) return false;
    annotations.remove(annotations.size() - 1);
    render();
    return true;
  }

  private void render() {
    Bitmap b = base.get();
    if (b == null) return;
    current.set(annotations.isEmpty() ? b : Annotation.render(b, annotations));
  }

  @Override
  public @Nullable Screenshot capture(int maxDimension) {
    if (maxDimension < 1) throw new IllegalArgumentException("maxDimension is " + maxDimension + "; it must be at least 1");
    Bitmap bitmap = current.get();
    if (bitmap == null || bitmap.isRecycled()) return null;
    Bitmap fitted = bitmap;
    if (Math.max(bitmap.getWidth(), bitmap.getHeight()) > maxDimension) {
      // scaleToFit recycles its input; keep the held image for the next preview
      fitted = WindowScreenshots.scaleToFit(bitmap.copy(Bitmap.Config.ARGB_8888, false), maxDimension);
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream(64 * 1024);
    if (!fitted.compress(Bitmap.CompressFormat.PNG, 100, png)) {
      throw new IllegalStateException("PNG encoding of a " + fitted.getWidth() + "x" + fitted.getHeight() + " screenshot failed");
    }
    return Screenshot.of(png.toByteArray(), Screenshot.PNG, fitted.getWidth(), fitted.getHeight());
  }
}
