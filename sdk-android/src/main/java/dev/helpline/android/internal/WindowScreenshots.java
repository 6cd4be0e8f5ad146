package dev.helpline.android.internal;

import android.app.Activity;
import android.graphics.Bitmap;
import android.graphics.Canvas;
import android.graphics.Paint;
import android.graphics.Rect;
import android.text.InputType;
import android.view.View;
import android.view.ViewGroup;
import android.view.Window;
import android.view.WindowManager;
import android.widget.TextView;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Draws an activity's window into a bitmap, with the views the host marked sensitive (and every
 * password field) painted over. A window with {@code FLAG_SECURE} is never captured. Main thread
 * only: views may be drawn only there.
 */
public final class WindowScreenshots {
  /** The opaque colour painted over sensitive views. */
  public static final int MASK_COLOR = 0xFF37474F;

  private static final Set<View> SENSITIVE = Collections.newSetFromMap(new WeakHashMap<>());

  private WindowScreenshots() {}

  /** Marks {@code view} (and everything inside it) to be masked in screenshots. Main thread. */
  public static void markSensitive(View view) {
    SENSITIVE.add(view);
  }

  /** Whether the host marked {@code view} sensitive, or it is a password field. */
  public static boolean isSensitive(View view) {
    if (SENSITIVE.contains(view)) return true;
    if (view instanceof TextView) {
      int variation = ((TextView) view).getInputType() & InputType.TYPE_MASK_VARIATION;
      int klass = ((TextView) view).getInputType() & InputType.TYPE_MASK_CLASS;
      return (klass == InputType.TYPE_CLASS_TEXT && (variation == InputType.TYPE_TEXT_VARIATION_PASSWORD
          || variation == InputType.TYPE_TEXT_VARIATION_WEB_PASSWORD
          || variation == InputType.TYPE_TEXT_VARIATION_VISIBLE_PASSWORD))
          || (klass == InputType.TYPE_CLASS_NUMBER && variation == InputType.TYPE_NUMBER_VARIATION_PASSWORD);
    }
    return false;
  }

  /**
   * Captures {@code activity}'s window scaled so that neither side exceeds {@code maxDimension}, or
   * returns null when the window is secure or not laid out yet.
   *
   * @throws IllegalArgumentException when {@code maxDimension} is less than 1
   */
  public static @Nullable Bitmap capture(Activity activity, int maxDimension) {
    if (maxDimension < 1) throw new IllegalArgumentException("maxDimension is " + maxDimension + "; it must be at least 1");
    Window window = activity.getWindow();
    if ((window.getAttributes().flags & WindowManager.LayoutParams.FLAG_SECURE) != 0) return null;
    View root = window.getDecorView();
    int width = root.getWidth();
    int height = root.getHeight();
    if (width <= 0 || height <= 0) return null;
    Bitmap full = Bitmap.createBitmap(width, height, Bitmap.Config.ARGB_8888);
    Canvas canvas = new Canvas(full);
    root.draw(canvas);
    Paint mask = new Paint();
    mask.setColor(MASK_COLOR);
    mask.setStyle(Paint.Style.FILL);
    maskSensitive(root, root, canvas, mask);
    return scaleToFit(full, maxDimension);
  }

  /** Returns {@code bitmap} itself when it fits, else a filtered copy scaled to fit, keeping the aspect ratio. */
  static Bitmap scaleToFit(Bitmap bitmap, int maxDimension) {
    int w = bitmap.getWidth();
    int h = bitmap.getHeight();
    int longest = Math.max(w, h);
    if (longest <= maxDimension) return bitmap;
    double scale = (double) maxDimension / longest;
    int sw = Math.max(1, (int) Math.round(w * scale));
    int sh = Math.max(1, (int) Math.round(h * scale));
    Bitmap scaled = Bitmap.createScaledBitmap(bitmap, sw, sh, true);
    if (scaled != bitmap) bitmap.recycle();
    return scaled;
  }

  private static void maskSensitive(View root, View view, Canvas canvas, Paint mask) {
    if (view.getVisibility() != View.VISIBLE) return;
    if (isSensitive(view)) {
      Rect r = new Rect(0, 0, view.getWidth(), view.getHeight());
      if (view != root) ((ViewGroup) root).offsetDescendantRectToMyCoords(view, r);
      canvas.drawRect(r, mask);
      return; // its children are covered too
    }
    if (view instanceof ViewGroup) {
      ViewGroup group = (ViewGroup) view;
      for (int i = 0; i < group.getChildCount(); i++) maskSensitive(root, group.getChildAt(i), canvas, mask);
    }
  }
}
