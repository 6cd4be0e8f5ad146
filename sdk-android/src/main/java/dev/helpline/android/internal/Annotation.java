package dev.helpline.android.internal;

import android.graphics.Bitmap;
import android.graphics.Canvas;
import android.graphics.Paint;
import android.graphics.Path;
import android.graphics.RectF;
import java.util.Arrays;
import java.util.List;

/**
 * One mark on a screenshot, in the screenshot's pixels: a highlight box (an outline), a blackout
 * box (opaque black: the pixels under it are replaced, not hidden behind a layer) or a freehand pen
 * stroke. Main thread only while it is being drawn; immutable once added to the list.
 */
final class Annotation {
  enum Tool { HIGHLIGHT, BLACKOUT, PEN }

  static final int HIGHLIGHT_COLOR = 0xFFFFC107;
  static final int BLACKOUT_COLOR = 0xFF000000;
  static final int PEN_COLOR = 0xFFE53935;

  final Tool tool;
  final float strokeWidth;
  private float[] points = new float[16];
  private int size;

  Annotation(Tool tool, float strokeWidth) {
    this.tool = tool;
    this.strokeWidth = strokeWidth;
  }

  /** The stroke width for a screenshot of {@code width} x {@code height}: visible at any size. */
  static float strokeFor(int width, int height) {
    return Math.max(4f, Math.max(width, height) / 120f);
  }

  /** Adds a point; a box keeps its first point and the latest one as opposite corners. */
  void add(float x, float y) {
    if (tool != Tool.PEN && size >= 4) size = 2;
    if (size + 2 > points.length) points = Arrays.copyOf(points, points.length * 2);
    points[size++] = x;
    points[size++] = y;
  }

  int pointCount() {
    return size / 2;
  }

  RectF box() {
    float x0 = points[0];
    float y0 = points[1];
    float x1 = size >= 4 ? points[2] : x0;
    float y1 = size >= 4 ? points[3] : y0;
    return new RectF(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
  }

  void draw(Canvas canvas) {
    if (size == 0) return;
    Paint paint = new Paint(Paint.ANTI_ALIAS_FLAG);
    switch (tool) {
      case BLACKOUT:
        paint.setAntiAlias(false); // hard edges: no half-covered pixel keeps part of what was there
        paint.setColor(BLACKOUT_COLOR);
        paint.setStyle(Paint.Style.FILL);
        RectF r = box();
        canvas.drawRect((float) Math.floor(r.left), (float) Math.floor(r.top), (float) Math.ceil(r.right),
            (float) Math.ceil(r.bottom), paint);
        break;
      case HIGHLIGHT:
        paint.setColor(HIGHLIGHT_COLOR);
        paint.setStyle(Paint.Style.STROKE);
        paint.setStrokeWidth(strokeWidth);
        canvas.drawRect(box(), paint);
        break;
      case PEN:
        paint.setColor(PEN_COLOR);
        paint.setStyle(Paint.Style.STROKE);
        paint.setStrokeWidth(strokeWidth);
        paint.setStrokeCap(Paint.Cap.ROUND);
        paint.setStrokeJoin(Paint.Join.ROUND);
        Path path = new Path();
        path.moveTo(points[0], points[1]);
        if (size == 2) path.lineTo(points[0] + 0.1f, points[1]); // a dot
        for (int i = 2; i < size; i += 2) path.lineTo(points[i], points[i + 1]);
        canvas.drawPath(path, paint);
        break;
    }
  }

  /** A new bitmap: {@code base} with {@code annotations} drawn onto its pixels, in order. */
  static Bitmap render(Bitmap base, List<Annotation> annotations) {
    Bitmap out = base.copy(Bitmap.Config.ARGB_8888, true);
    Canvas canvas = new Canvas(out);
    for (Annotation a : annotations) a.draw(canvas);
    return out;
  }
}
