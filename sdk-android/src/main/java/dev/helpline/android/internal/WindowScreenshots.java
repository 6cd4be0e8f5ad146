package dev.helpline.android.internal;

import android.app.Activity;
import android.graphics.Bitmap;
import android.graphics.Canvas;
import android.graphics.Matrix;
import android.graphics.Paint;
import android.graphics.Rect;
import android.graphics.RectF;
import android.text.InputType;
import android.view.View;
import android.view.ViewGroup;
import android.view.ViewParent;
import android.view.Window;
import android.view.WindowManager;
import android.widget.TextView;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Draws an activity's window into a bitmap, with the views the host marked sensitive (and every
 * password field) painted over where they are drawn: a view moved or scaled by its own or an ancestor's
 * translation, scale or rotation is masked at its place on screen, not at its layout position. A window
 * with {@code FLAG_SECURE} is never captured. Main thread
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
      Rect drawn = drawnBounds(root, view);
      if (drawn != null) canvas.drawRect(drawn, mask);
      return; // its children are covered too
    }
    if (view instanceof ViewGroup) {
      ViewGroup group = (ViewGroup) view;
      for (int i = 0; i < group.getChildCount(); i++) maskSensitive(root, group.getChildAt(i), canvas, mask);
    }
  }

  /**
   * Where {@code root.draw} paints {@code view}, in {@code root}'s pixels: the smallest rectangle holding it
   * after its own and every ancestor's translation, scale and rotation (an animation or a hide-on-scroll
   * behaviour moves a view that way without laying it out again), their positions and the scrolling of the
   * ancestors below {@code root}. Null when {@code view} is not inside {@code root}.
   */
  static @Nullable Rect drawnBounds(View root, View view) {
    float[] corners = {0, 0, view.getWidth(), 0, 0, view.getHeight(), view.getWidth(), view.getHeight()};
    View v = view;
    // The order View.draw(Canvas, ViewGroup, long) applies: the parent's scroll, the view's position, its matrix.
    while (v != root) {
      Matrix matrix = v.getMatrix();
      if (!matrix.isIdentity()) matrix.mapPoints(corners);
      ViewParent parent = v.getParent();
      if (!(parent instanceof View)) return null;
      View p = (View) parent;
      // root.draw() paints root's content without root's own scroll: only the ancestors below it scroll theirs.
      float dx = v.getLeft() - (p != root ? p.getScrollX() : 0);
      float dy = v.getTop() - (p != root ? p.getScrollY() : 0);
      for (int i = 0; i < corners.length; i += 2) {
        corners[i] += dx;
        corners[i + 1] += dy;
      }
      v = p;
    }
    RectF box = new RectF(corners[0], corners[1], corners[0], corners[1]);
    for (int i = 2; i < corners.length; i += 2) box.union(corners[i], corners[i + 1]);
    Rect covering = new Rect();
    box.roundOut(covering);
    return covering;
  }
}
