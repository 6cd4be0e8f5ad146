package dev.helpline.android.internal;

import android.content.Context;
import android.graphics.Bitmap;
import android.graphics.Canvas;
import android.graphics.Matrix;
import android.graphics.RectF;
import android.view.MotionEvent;
import android.view.View;
import android.view.ViewConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * Shows the screenshot fitted into the view and turns touches into annotations in the
 * screenshot's own pixels: a drag draws a box (highlight or blackout) or a pen stroke. A box can also
 * be placed without dragging, for users who cannot drag precisely: a tap marks one corner (shown as a
 * dot) and a second tap the opposite one; choosing another tool or dragging lets the first corner go.
 * Each finished annotation goes to {@link CapturedScreenshot#add}. Main thread only.
 */
final class AnnotationView extends View {
  private final CapturedScreenshot screenshot;
  private final Runnable onChange;
  private final Matrix toView = new Matrix();
  private final Matrix toBitmap = new Matrix();
  private Annotation.Tool tool = Annotation.Tool.HIGHLIGHT;
  private @Nullable Annotation drawing;
  /** The first corner of a box placed by taps, waiting for the tap on the opposite corner. */
  private @Nullable Annotation corner;
  private final int touchSlop;
  private float downX;
  private float downY;
  /** Whether the touch in progress went further than a tap does. */
  private boolean moved;

  AnnotationView(Context context, CapturedScreenshot screenshot, Runnable onChange) {
    super(context);
    this.screenshot = screenshot;
    this.onChange = onChange;
    setFocusable(true);
    touchSlop = ViewConfiguration.get(context).getScaledTouchSlop();
  }

  void setTool(Annotation.Tool tool) {
    this.tool = tool;
    corner = null;
    invalidate();
  }

  Annotation.Tool tool() {
    return tool;
  }

  /** Where the screenshot pixel ({@code x}, {@code y}) is shown in this view. */
  float[] toViewPoint(float x, float y) {
    float[] p = {x, y};
    fit();
    toView.mapPoints(p);
    return p;
  }

  private void fit() {
    Bitmap b = screenshot.base();
    toView.reset();
    if (b == null || getWidth() == 0 || getHeight() == 0) return;
    float scale = Math.min((float) getWidth() / b.getWidth(), (float) getHeight() / b.getHeight());
    toView.setScale(scale, scale);
    toView.postTranslate((getWidth() - b.getWidth() * scale) / 2f, (getHeight() - b.getHeight() * scale) / 2f);
    toView.invert(toBitmap);
  }

  @Override
  protected void onDraw(Canvas canvas) {
    Bitmap b = screenshot.base();
    if (b == null) return;
    fit();
    canvas.save();
    canvas.concat(toView);
    canvas.drawBitmap(b, 0, 0, null);
    for (Annotation a : screenshot.annotations()) a.draw(canvas);
    if (drawing != null) drawing.draw(canvas);
    if (corner != null) {
      Annotation dot = new Annotation(Annotation.Tool.PEN, corner.strokeWidth * 2);
      RectF at = corner.box();
      dot.add(at.left, at.top);
      dot.draw(canvas);
    }
    canvas.restore();
  }

  @Override
  public boolean onTouchEvent(MotionEvent event) {
    Bitmap b = screenshot.base();
    if (b == null) return false;
    fit();
    float[] p = {event.getX(), event.getY()};
    toBitmap.mapPoints(p);
    p[0] = Math.max(0, Math.min(b.getWidth(), p[0]));
    p[1] = Math.max(0, Math.min(b.getHeight(), p[1]));
    int action = event.getActionMasked();
    if (action == MotionEvent.ACTION_DOWN) {
      downX = event.getX();
      downY = event.getY();
      moved = false;
      drawing = new Annotation(tool, Annotation.strokeFor(b.getWidth(), b.getHeight()));
      drawing.add(p[0], p[1]);
    } else if (action == MotionEvent.ACTION_MOVE && drawing != null) {
      if (Math.hypot(event.getX() - downX, event.getY() - downY) > touchSlop) moved = true;
      drawing.add(p[0], p[1]);
    } else if (action == MotionEvent.ACTION_UP && drawing != null) {
      if (Math.hypot(event.getX() - downX, event.getY() - downY) > touchSlop) moved = true;
      if (!moved && tool != Annotation.Tool.PEN) {
        tapCorner(p[0], p[1]);
      } else {
        corner = null; // a drag draws its own box
        drawing.add(p[0], p[1]);
        screenshot.add(drawing);
        drawing = null;
        onChange.run();
      }
    } else if (action == MotionEvent.ACTION_CANCEL) {
      drawing = null;
    }
    invalidate();
    return true;
  }

  /** A tap with a box tool: the first corner of a box, or the opposite one, which finishes it. */
  private void tapCorner(float x, float y) {
    Annotation first = corner;
    Annotation tapped = drawing;
    drawing = null;
    if (first == null) {
      corner = tapped;
      return;
    }
    corner = null;
    first.add(x, y);
    screenshot.add(first);
    onChange.run();
  }
}
