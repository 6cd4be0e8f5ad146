package dev.helpline.android.internal;

import static dev.helpline.android.internal.HelpTestSupport.SCREENSHOT_MAX;
import static dev.helpline.android.internal.HelpTestSupport.TEST_TIMEOUT_MS;
import static dev.helpline.android.internal.HelpTestSupport.decode;
import static dev.helpline.android.internal.HelpTestSupport.distinctColours;
import static dev.helpline.android.internal.HelpTestSupport.offMain;
import static dev.helpline.android.internal.HelpTestSupport.settle;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.robolectric.Shadows.shadowOf;

import android.content.Intent;
import android.graphics.Bitmap;
import android.view.View;
import android.view.WindowManager;
import dev.helpline.diagnostics.Screenshot;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.android.controller.ActivityController;

@RunWith(RobolectricTestRunner.class)
public class ScreenshotTest {
  private HelpTestSupport support;
  private ActivityController<HostActivity> controller;
  private HostActivity main;

  @Before
  public void setUp() throws Exception {
    support = HelpTestSupport.start();
    controller = Robolectric.buildActivity(HostActivity.class).setup();
    main = controller.get();
    settle();
  }

  @After
  public void tearDown() {
    if (controller != null) controller.pause().stop().destroy();
    if (support != null) support.stop();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void tappingHelpCapturesTheWindowDownscaledBeforeTheFormOpens() throws Exception {
    View root = main.getWindow().getDecorView();
    assertTrue("window laid out", root.getWidth() > 0 && root.getHeight() > 0);

    main.helpButton.performClick();

    Intent next = shadowOf(main).getNextStartedActivity();
    assertEquals(HelpFormActivity.class.getName(), next.getComponent().getClassName());
    Screenshot shot = offMain(() -> HelpRuntime.get().screenshot().capture(SCREENSHOT_MAX));
    assertNotNull(shot);
    assertEquals(Screenshot.PNG, shot.mediaType());
    Bitmap decoded = decode(shot.bytes());
    double scale = (double) SCREENSHOT_MAX / Math.max(root.getWidth(), root.getHeight());
    assertEquals(Math.round(root.getWidth() * scale), decoded.getWidth());
    assertEquals(Math.round(root.getHeight() * scale), decoded.getHeight());
    assertEquals(decoded.getWidth(), shot.width());
    assertTrue("real pixels, not a blank bitmap", distinctColours(decoded) > 5);
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void sensitiveViewsArePaintedOverWithTheMaskColour() throws Exception {
    main.helpButton.performClick();
    Screenshot shot = offMain(() -> HelpRuntime.get().screenshot().capture(SCREENSHOT_MAX));
    Bitmap decoded = decode(shot.bytes());
    View root = main.getWindow().getDecorView();
    double scale = (double) decoded.getWidth() / root.getWidth();

    int[] account = centreOf(main.accountNumber, scale);
    assertEquals(Integer.toHexString(WindowScreenshots.MASK_COLOR), Integer.toHexString(decoded.getPixel(account[0], account[1])));
    // the left edge of the masked row (padding area, no text) is masked too
    int[] loc = new int[2];
    main.accountNumber.getLocationInWindow(loc);
    int edgeX = (int) Math.ceil((loc[0] + 2) * scale);
    assertEquals(WindowScreenshots.MASK_COLOR, decoded.getPixel(edgeX, account[1]));
    // the rest of the window is drawn as it is: the title bar keeps its own colour
    int[] title = centreOf(main.helpButton, scale);
    assertNotEquals(WindowScreenshots.MASK_COLOR, decoded.getPixel(title[0], title[1]));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aSensitiveViewMovedByItsOwnOrAnAncestorsTranslationIsMaskedWhereItIsDrawn() throws Exception {
    View account = main.accountNumber;
    int[] laidOut = centreInWindow(account);
    // As a slide-in animation or a hide-on-scroll behaviour leaves views: moved, not laid out again.
    account.setTranslationY(account.getHeight() + 40);
    ((View) account.getParent()).setTranslationX(30);

    Bitmap shot = WindowScreenshots.capture(main, 4096); // no scaling: window pixels 1:1
    assertNotNull(shot);
    int[] drawn = centreInWindow(account);
    assertEquals("masked where it is drawn", Integer.toHexString(WindowScreenshots.MASK_COLOR),
        Integer.toHexString(shot.getPixel(drawn[0], drawn[1])));
    assertNotEquals("its layout position no longer shows it", WindowScreenshots.MASK_COLOR, shot.getPixel(laidOut[0], laidOut[1]));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aScaledSensitiveViewIsMaskedOverAllOfItsDrawnArea() throws Exception {
    View account = main.accountNumber;
    account.setPivotY(0);
    account.setScaleY(1.5f); // grows downwards, over the password field laid out below it
    int[] loc = new int[2];
    account.getLocationInWindow(loc);
    int x = loc[0] + account.getWidth() / 2;
    int belowLayoutBounds = loc[1] + account.getHeight() * 14 / 10;

    Bitmap shot = WindowScreenshots.capture(main, 4096); // no scaling: window pixels 1:1
    assertNotNull(shot);
    assertEquals(Integer.toHexString(WindowScreenshots.MASK_COLOR), Integer.toHexString(shot.getPixel(x, belowLayoutBounds)));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aSecureWindowIsNeverCaptured() throws Exception {
    main.getWindow().addFlags(WindowManager.LayoutParams.FLAG_SECURE);

    assertNull(WindowScreenshots.capture(main, SCREENSHOT_MAX));
    main.helpButton.performClick();
    assertNull(HelpRuntime.get().screenshot().current());
    assertNull(offMain(() -> HelpRuntime.get().screenshot().capture(SCREENSHOT_MAX)));

    HelpFormActivity form = Robolectric.buildActivity(HelpFormActivity.class, shadowOf(main).getNextStartedActivity()).setup().get();
    assertFalse(form.attachScreenshot.isEnabled());
    assertFalse(form.attachScreenshot.isChecked());
    assertEquals(View.GONE, form.screenshotPreview.getVisibility());
  }

  private static int[] centreInWindow(View view) {
    int[] loc = new int[2];
    view.getLocationInWindow(loc); // where it is drawn, translations included
    return new int[] {loc[0] + view.getWidth() / 2, loc[1] + view.getHeight() / 2};
  }

  private static int[] centreOf(View view, double scale) {
    int[] loc = new int[2];
    view.getLocationInWindow(loc);
    return new int[] {(int) ((loc[0] + view.getWidth() / 2.0) * scale), (int) ((loc[1] + view.getHeight() / 2.0) * scale)};
  }
}
