package dev.helpline.android.internal;

import static dev.helpline.android.internal.HelpTestSupport.TEST_TIMEOUT_MS;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import android.content.res.ColorStateList;
import android.graphics.Color;
import android.graphics.drawable.ColorDrawable;
import android.util.TypedValue;
import android.view.View;
import android.view.ViewGroup;
import android.widget.TextView;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.android.controller.ActivityController;
import org.robolectric.annotation.Config;

/** Host theme colours, dark mode, font scaling and right-to-left layout on the report form. */
@RunWith(RobolectricTestRunner.class)
public class ThemeTest {
  private HelpTestSupport support;
  private ActivityController<HelpFormActivity> controller;

  @Before
  public void setUp() throws Exception {
    support = HelpTestSupport.start();
  }

  @After
  public void tearDown() {
    if (controller != null) controller.pause().stop().destroy();
    support.stop();
  }

  private HelpFormActivity form() {
    controller = Robolectric.buildActivity(HelpFormActivity.class).setup();
    return controller.get();
  }

  private static int backgroundOf(HelpFormActivity f) {
    View root = ((ViewGroup) f.findViewById(android.R.id.content)).getChildAt(0); // the scroll view
    return ((ColorDrawable) ((ViewGroup) root).getChildAt(0).getBackground()).getColor();
  }

  private static double luminance(int color) {
    return (0.2126 * Color.red(color) + 0.7152 * Color.green(color) + 0.0722 * Color.blue(color)) / 255;
  }

  private static int themeColor(HelpFormActivity f, int attr) {
    TypedValue v = new TypedValue();
    assertTrue(f.getTheme().resolveAttribute(attr, v, true));
    return v.data;
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void dayModeIsLightWithDarkText() {
    HelpFormActivity f = form();
    assertTrue(luminance(backgroundOf(f)) > 0.8);
    assertTrue(luminance(f.subject.getCurrentTextColor()) < 0.3);
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  @Config(qualifiers = "night")
  public void darkModeIsDarkWithLightText() {
    HelpFormActivity f = form();
    assertTrue(Integer.toHexString(backgroundOf(f)), luminance(backgroundOf(f)) < 0.2);
    assertTrue(luminance(f.subject.getCurrentTextColor()) > 0.7);
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void theHostApplicationsThemeColoursTheScreens() {
    // A host whose theme is dark, in day mode: its theme wins over the device default.
    HelpTestSupport.application().getApplicationInfo().theme = android.R.style.Theme_Material;
    try {
      HelpFormActivity f = form();
      assertEquals(themeColor(f, android.R.attr.colorBackground), backgroundOf(f));
      assertTrue(luminance(backgroundOf(f)) < 0.2);
      ColorStateList tint = f.sendButton.getBackgroundTintList();
      assertEquals(themeColor(f, android.R.attr.colorAccent), tint.getDefaultColor());
    } finally {
      HelpTestSupport.application().getApplicationInfo().theme = 0;
    }
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void textFollowsTheSystemFontSize() {
    float normal = form().subject.getTextSize();
    controller.pause().stop().destroy();
    RuntimeEnvironment.setFontScale(2f);
    HelpFormActivity large = form();
    // Android 14 scales large text less than linearly; what matters is that the sizes are in sp.
    float expected = TypedValue.applyDimension(TypedValue.COMPLEX_UNIT_SP, 16, large.getResources().getDisplayMetrics());
    assertTrue(large.subject.getTextSize() + " vs " + normal, large.subject.getTextSize() > normal * 1.5f);
    assertEquals(expected, large.subject.getTextSize(), 0.5f);
    assertEquals(expected, large.reviewButton.getTextSize(), 0.5f);
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  @Config(qualifiers = "ar-ldrtl")
  public void theLayoutMirrorsForRightToLeftLanguages() {
    // As android:supportsRtl="true" in the merged manifest (the AAR's manifest sets it).
    android.app.Application app = HelpTestSupport.application();
    app.getApplicationInfo().flags |= android.content.pm.ApplicationInfo.FLAG_SUPPORTS_RTL;
    org.robolectric.Shadows.shadowOf(app.getPackageManager()).getInternalMutablePackageInfo(app.getPackageName())
        .applicationInfo.flags |= android.content.pm.ApplicationInfo.FLAG_SUPPORTS_RTL;
    HelpFormActivity f = form();
    assertTrue(f.getApplicationInfo().hasRtlSupport());
    org.robolectric.shadows.ShadowLooper.shadowMainLooper().idle();
    assertEquals(View.LAYOUT_DIRECTION_RTL, f.getResources().getConfiguration().getLayoutDirection());
    ViewGroup header = (ViewGroup) f.ticketsButton.getParent();
    TextView heading = (TextView) header.getChildAt(0);
    assertEquals(View.LAYOUT_DIRECTION_RTL, header.getLayoutDirection());
    assertTrue("the heading starts on the right", heading.getLeft() > f.ticketsButton.getLeft());
    assertTrue(f.ticketsButton.getRight() <= heading.getLeft());
    assertEquals(View.LAYOUT_DIRECTION_RTL, f.subject.getLayoutDirection());
  }
}
