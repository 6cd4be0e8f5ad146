package dev.helpline.android.internal;

import static dev.helpline.android.internal.HelpTestSupport.TEST_TIMEOUT_MS;
import static dev.helpline.android.internal.HelpTestSupport.await;
import static dev.helpline.android.internal.HelpTestSupport.decode;
import static dev.helpline.android.internal.HelpTestSupport.settle;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.robolectric.Shadows.shadowOf;

import android.content.Intent;
import android.graphics.Bitmap;
import android.graphics.Rect;
import android.os.SystemClock;
import android.view.MotionEvent;
import android.view.View;
import dev.helpline.Ticket;
import dev.helpline.testkit.DeskTicket;
import java.util.HashSet;
import java.util.Set;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.android.controller.ActivityController;

/** The screenshot editor: what the user draws is in the pixels of the PNG the desk receives. */
@RunWith(RobolectricTestRunner.class)
public class AnnotationTest {
  private HelpTestSupport support;
  private ActivityController<HostActivity> host;
  private ActivityController<HelpFormActivity> form;
  private ActivityController<AnnotateActivity> editor;

  @Before
  public void setUp() throws Exception {
    support = HelpTestSupport.start(b -> b.screenshotMaxDimension(4096)); // attached at full size
    host = Robolectric.buildActivity(HostActivity.class).setup();
    settle();
    host.get().helpButton.performClick();
    form = Robolectric.buildActivity(HelpFormActivity.class, shadowOf(host.get()).getNextStartedActivity()).setup();
    settle();
    form.get().annotateButton.performClick();
    Intent open = shadowOf(form.get()).getNextStartedActivity();
    assertEquals(AnnotateActivity.class.getName(), open.getComponent().getClassName());
    editor = Robolectric.buildActivity(AnnotateActivity.class, open).setup();
    settle();
  }

  @After
  public void tearDown() {
    for (ActivityController<?> c : new ActivityController<?>[] {editor, form, host}) {
      if (c != null) c.pause().stop().destroy();
    }
    if (support != null) support.stop();
  }

  /** Drags across the editor from screenshot pixel (x0, y0) to (x1, y1) in {@code steps} moves. */
  private void drag(float x0, float y0, float x1, float y1, int steps) {
    AnnotationView view = editor.get().canvas;
    long down = SystemClock.uptimeMillis();
    float[] p = view.toViewPoint(x0, y0);
    view.dispatchTouchEvent(MotionEvent.obtain(down, down, MotionEvent.ACTION_DOWN, p[0], p[1], 0));
    for (int i = 1; i <= steps; i++) {
      p = view.toViewPoint(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps);
      view.dispatchTouchEvent(MotionEvent.obtain(down, down + i * 10, MotionEvent.ACTION_MOVE, p[0], p[1], 0));
    }
    view.dispatchTouchEvent(MotionEvent.obtain(down, down + steps * 10 + 10, MotionEvent.ACTION_UP, p[0], p[1], 0));
  }

  /** Taps the editor at screenshot pixel (x, y): down and up at the same place. */
  private void tap(float x, float y) {
    AnnotationView view = editor.get().canvas;
    long down = SystemClock.uptimeMillis();
    float[] p = view.toViewPoint(x, y);
    view.dispatchTouchEvent(MotionEvent.obtain(down, down, MotionEvent.ACTION_DOWN, p[0], p[1], 0));
    view.dispatchTouchEvent(MotionEvent.obtain(down, down + 80, MotionEvent.ACTION_UP, p[0], p[1], 0));
  }

  /** The screenshot the desk received with the ticket {@code f} submitted. */
  private Bitmap sentScreenshot(HelpFormActivity f) throws Exception {
    Ticket ticket = await(f.submitted.delivery());
    DeskTicket.File png = support.desk.ticket(ticket.id()).attachments().stream()
        .filter(a -> a.fileName().equals("screenshot.png")).findFirst().orElseThrow(AssertionError::new);
    return decode(png.bytes());
  }

  private static Rect inWindow(View v) {
    int[] loc = new int[2];
    v.getLocationInWindow(loc);
    return new Rect(loc[0], loc[1], loc[0] + v.getWidth(), loc[1] + v.getHeight());
  }

  private static int colours(Bitmap b, Rect r) {
    Set<Integer> seen = new HashSet<>();
    for (int y = r.top; y < r.bottom; y++) {
      for (int x = r.left; x < r.right; x++) seen.add(b.getPixel(x, y));
    }
    return seen.size();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aMarkUpAfterTheReviewAsksForANewReviewSoTheMarkedUpImageIsSent() throws Exception {
    HelpFormActivity f = form.get();
    f.subject.setText("Reviewed, then marked up");
    f.reviewButton.performClick();
    settle();
    assertTrue("reviewed", f.sendButton.isEnabled());
    Rect button = inWindow(host.get().helpButton);
    editor.get().tools.get(Annotation.Tool.BLACKOUT).performClick();
    drag(button.left, button.top, button.right, button.bottom, 4);
    editor.get().done.performClick();
    form.pause().resume();
    assertFalse("the review showed the image before the mark-up", f.sendButton.isEnabled());
    f.reviewButton.performClick();
    settle();
    f.sendButton.performClick();
    settle();
    assertEquals(Integer.toHexString(Annotation.BLACKOUT_COLOR),
        Integer.toHexString(sentScreenshot(f).getPixel(button.centerX(), button.centerY())));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void blackoutPenAndHighlightAreInThePixelsTheDeskReceives() throws Exception {
    Bitmap base = HelpRuntime.get().screenshot().base();
    assertNotNull(base);
    Rect button = inWindow(host.get().helpButton); // drawn text and a button background: real content
    Rect account = inWindow(host.get().accountNumber);
    assertTrue("the capture has content under the blackout", colours(base, button) > 3);

    editor.get().tools.get(Annotation.Tool.BLACKOUT).performClick();
    drag(button.left, button.top, button.right, button.bottom, 4);
    editor.get().tools.get(Annotation.Tool.PEN).performClick();
    int penY = account.centerY();
    drag(account.left + 10, penY, account.right - 10, penY, 20);
    editor.get().tools.get(Annotation.Tool.HIGHLIGHT).performClick();
    Rect box = new Rect(20, 10, base.getWidth() - 20, 40);
    drag(box.left, box.top, box.right, box.bottom, 3);
    assertEquals(3, HelpRuntime.get().screenshot().annotations().size());
    editor.get().done.performClick();
    assertTrue(editor.get().isFinishing());

    HelpFormActivity f = form.get();
    form.pause().resume(); // back from the editor: the preview shows the marked-up image
    assertSame(HelpRuntime.get().screenshot().current(), ((android.graphics.drawable.BitmapDrawable) f.screenshotPreview.getDrawable()).getBitmap());
    f.subject.setText("Marked up");
    f.reviewButton.performClick();
    settle();
    f.sendButton.performClick();
    settle();
    Bitmap sent = sentScreenshot(f);
    assertEquals(base.getWidth(), sent.getWidth());
    assertEquals(base.getHeight(), sent.getHeight());

    // Blackout: every pixel of the box is opaque black; nothing of the button is left.
    for (int y = button.top; y < button.bottom; y++) {
      for (int x = button.left; x < button.right; x++) {
        assertEquals("pixel " + x + "," + y, Integer.toHexString(Annotation.BLACKOUT_COLOR), Integer.toHexString(sent.getPixel(x, y)));
      }
    }
    // Pen: the stroke runs across the (masked) account number.
    int red = 0;
    for (int x = account.left + 12; x < account.right - 12; x++) {
      if (sent.getPixel(x, penY) == Annotation.PEN_COLOR) red++;
    }
    assertTrue("pen pixels along the stroke: " + red, red > (account.width() - 24) * 0.9);
    assertEquals(WindowScreenshots.MASK_COLOR, sent.getPixel(account.left + 4, account.top + 2)); // still masked around it
    // Highlight: an outline; what it surrounds is untouched.
    assertEquals(Annotation.HIGHLIGHT_COLOR, sent.getPixel(box.left, box.centerY()));
    assertEquals(base.getPixel(box.centerX(), box.centerY()), sent.getPixel(box.centerX(), box.centerY()));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void undoTakesTheLastMarkOffTheAttachedImage() throws Exception {
    CapturedScreenshot shot = HelpRuntime.get().screenshot();
    Bitmap base = shot.base();
    assertFalse(editor.get().undo.isEnabled());
    editor.get().tools.get(Annotation.Tool.BLACKOUT).performClick();
    drag(10, 10, 60, 60, 2);
    Bitmap marked = shot.current();
    assertEquals(Annotation.BLACKOUT_COLOR, marked.getPixel(30, 30));
    assertTrue(editor.get().undo.isEnabled());

    editor.get().undo.performClick();

    assertTrue(shot.annotations().isEmpty());
    assertSame(base, shot.current());
    assertFalse(editor.get().undo.isEnabled());
    Bitmap png = decode(HelpTestSupport.offMain(() -> shot.capture(4096)).bytes());
    assertTrue(png.sameAs(base));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void marksAndTheSelectedToolSurviveRotation() throws Exception {
    editor.get().tools.get(Annotation.Tool.PEN).performClick();
    drag(10, 100, 100, 120, 5);
    assertEquals("Pen, selected", editor.get().tools.get(Annotation.Tool.PEN).getContentDescription().toString());

    editor.recreate();
    settle();

    AnnotateActivity again = editor.get();
    assertEquals(Annotation.Tool.PEN, again.canvas.tool());
    assertTrue(again.tools.get(Annotation.Tool.PEN).isSelected());
    assertEquals(1, HelpRuntime.get().screenshot().annotations().size());
    assertTrue(again.undo.isEnabled());
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void twoTapsPlaceABoxWithoutDragging() throws Exception {
    CapturedScreenshot shot = HelpRuntime.get().screenshot();
    editor.get().tools.get(Annotation.Tool.BLACKOUT).performClick();
    tap(10, 10); // one corner
    assertTrue("a tap alone marks nothing yet", shot.annotations().isEmpty());
    assertFalse(editor.get().undo.isEnabled());
    tap(60, 60); // the opposite corner
    assertEquals(1, shot.annotations().size());
    assertEquals(Integer.toHexString(Annotation.BLACKOUT_COLOR), Integer.toHexString(shot.current().getPixel(30, 30)));
    assertTrue(editor.get().undo.isEnabled());

    editor.get().tools.get(Annotation.Tool.HIGHLIGHT).performClick();
    tap(100, 100);
    editor.get().tools.get(Annotation.Tool.BLACKOUT).performClick(); // another tool: the corner is let go
    tap(140, 140);
    assertEquals(1, shot.annotations().size());
  }
}
