package dev.helpline.android.internal;

import android.app.Activity;
import android.content.Context;
import android.content.res.ColorStateList;
import android.content.res.Configuration;
import android.content.res.TypedArray;
import android.os.Build;
import android.text.Editable;
import android.text.InputType;
import android.text.TextWatcher;
import android.util.TypedValue;
import android.view.Gravity;
import android.view.View;
import android.view.ViewGroup;
import android.widget.Button;
import android.widget.CheckBox;
import android.widget.EditText;
import android.widget.LinearLayout;
import android.widget.TextView;
import dev.helpline.android.HelpStrings;
import dev.helpline.internal.text.OneLine;
import java.util.Locale;

/**
 * Builds the help screens in code (no XML, so no resource compiler): colours from the theme (the
 * host's, or the device default with dark mode), text sizes in sp so they follow the system font
 * size, start/end instead of left/right so layouts mirror for right-to-left languages, a label on
 * every control and touch targets of at least {@link #MIN_TOUCH_DP} dp.
 */
public final class Ui {
  /** The smallest touch target: Android's accessibility guideline. */
  public static final int MIN_TOUCH_DP = 48;
  static final int BANNER_COLOR = 0xFFFFE082;
  static final int BANNER_TEXT = 0xFF212121;
  static final int NOTICE_COLOR = 0xFFBBDEFB;
  static final int ERROR_COLOR = 0xFFC62828;

  private Ui() {}

  /** Applies the help screens' theme to {@code activity}; call before {@code super.onCreate}. */
  static void applyTheme(Activity activity) {
    int configured = HelpRuntime.isInstalled() ? HelpRuntime.get().config().theme() : 0;
    int host = activity.getApplicationInfo().theme;
    activity.setTheme(configured != 0 ? configured : host != 0 ? host : defaultTheme(activity));
  }

  /** The device's default theme, following dark mode. */
  static int defaultTheme(Context c) {
    if (Build.VERSION.SDK_INT >= 29) return dayNight();
    boolean night = (c.getResources().getConfiguration().uiMode & Configuration.UI_MODE_NIGHT_MASK)
        == Configuration.UI_MODE_NIGHT_YES;
    return night ? android.R.style.Theme_Material : android.R.style.Theme_Material_Light_DarkActionBar;
  }

  @NewerApi
  private static int dayNight() {
    return android.R.style.Theme_DeviceDefault_DayNight;
  }

  /** A colour attribute of {@code c}'s theme, or {@code fallback}. */
  static int themeColor(Context c, int attr, int fallback) {
    TypedArray a = c.obtainStyledAttributes(new int[] {attr});
    try {
      return a.getColor(0, fallback);
    } finally {
      a.recycle();
    }
  }

  static int background(Context c) {
    return themeColor(c, android.R.attr.colorBackground, 0xFFFFFFFF);
  }

  static int textColor(Context c) {
    return themeColor(c, android.R.attr.textColorPrimary, 0xFF000000);
  }

  static int accent(Context c) {
    return themeColor(c, android.R.attr.colorAccent, 0xFF1565C0);
  }

  static int dp(Context c, float dp) {
    return Math.round(TypedValue.applyDimension(TypedValue.COMPLEX_UNIT_DIP, dp, c.getResources().getDisplayMetrics()));
  }

  static String s(Context c, HelpStrings.Key key) {
    return HelpRuntime.get().strings().get(key, HelpRuntime.locale(c));
  }

  static String f(Context c, HelpStrings.Key key, Object... args) {
    return HelpRuntime.get().strings().format(key, HelpRuntime.locale(c), args);
  }

  /**
   * The localized text telling the user that {@code action} failed. The exception goes to Helpline's
   * recent logs as WARN, never to the screen: its text can hold the desk's URL and is not translated.
   */
  static String failed(Context c, HelpStrings.Key message, String action, Throwable t) {
    HelpRuntime.get().logs().log("WARN", "help", action + " failed", t);
    return s(c, message);
  }

  /**
   * The position, counted from 1 in characters as the user sees them in the field, of index {@code at} of
   * {@code trimmed}, which is {@code typed} without its leading and trailing spaces.
   */
  static int position(String typed, String trimmed, int at) {
    int from = typed.indexOf(trimmed);
    return typed.codePointCount(0, from + at) + 1;
  }

  static Locale locale(Context c) {
    return HelpRuntime.locale(c);
  }

  /** A screen's root: a padded column on the theme's background. */
  static LinearLayout screen(Context c) {
    LinearLayout l = column(c);
    l.setBackgroundColor(background(c));
    return l;
  }

  static LinearLayout column(Context c) {
    LinearLayout l = new LinearLayout(c);
    l.setOrientation(LinearLayout.VERTICAL);
    int pad = dp(c, 12);
    l.setPaddingRelative(pad, pad, pad, pad);
    return l;
  }

  static LinearLayout row(Context c) {
    LinearLayout l = new LinearLayout(c);
    l.setOrientation(LinearLayout.HORIZONTAL);
    l.setGravity(Gravity.CENTER_VERTICAL);
    return l;
  }

  /**
   * {@code s} without the characters one-line text may not hold ({@link OneLine}): shown, a bidi override or
   * a line break in a name from the desk would make it, and the text after it, read as something else.
   */
  static String oneLine(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints().filter(cp -> !OneLine.forbids(cp)).forEach(out::appendCodePoint);
    return out.toString();
  }

  static TextView text(Context c, CharSequence s, float sp) {
    TextView t = new TextView(c);
    t.setText(s);
    t.setTextSize(TypedValue.COMPLEX_UNIT_SP, sp);
    t.setTextColor(textColor(c));
    t.setTextAlignment(View.TEXT_ALIGNMENT_VIEW_START);
    return t;
  }

  static TextView heading(Context c, CharSequence s) {
    TextView t = text(c, s, 20);
    if (Build.VERSION.SDK_INT >= 28) markHeading(t);
    return t;
  }

  @NewerApi
  private static void markHeading(View v) {
    v.setAccessibilityHeading(true);
  }

  /** A text the user taps: labelled, at least 48 dp tall, in the accent colour. */
  static TextView link(Context c, CharSequence s, View.OnClickListener onClick) {
    TextView t = text(c, s, 16);
    t.setTextColor(accent(c));
    t.setContentDescription(s);
    t.setMinHeight(dp(c, MIN_TOUCH_DP));
    t.setGravity(Gravity.CENTER_VERTICAL | Gravity.START);
    t.setOnClickListener(onClick);
    return t;
  }

  static EditText field(Context c, String hint, int inputType) {
    EditText e = new EditText(c);
    e.setHint(hint);
    e.setInputType(inputType);
    e.setTextSize(TypedValue.COMPLEX_UNIT_SP, 16);
    e.setTextColor(textColor(c));
    e.setTextAlignment(View.TEXT_ALIGNMENT_VIEW_START);
    e.setMinHeight(dp(c, MIN_TOUCH_DP));
    return e;
  }

  static EditText singleLine(Context c, String hint) {
    return field(c, hint, InputType.TYPE_CLASS_TEXT);
  }

  static Button button(Context c, String label, View.OnClickListener onClick) {
    Button b = new Button(c);
    b.setText(label);
    b.setContentDescription(label);
    b.setTextSize(TypedValue.COMPLEX_UNIT_SP, 16);
    b.setAllCaps(false);
    b.setMinHeight(dp(c, MIN_TOUCH_DP));
    b.setMinimumHeight(dp(c, MIN_TOUCH_DP));
    b.setMinWidth(dp(c, MIN_TOUCH_DP));
    b.setMinimumWidth(dp(c, MIN_TOUCH_DP));
    b.setOnClickListener(onClick);
    return b;
  }

  /** The screen's main action: tinted with the theme's accent colour. */
  static Button primary(Context c, String label, View.OnClickListener onClick) {
    Button b = button(c, label, onClick);
    b.setBackgroundTintList(ColorStateList.valueOf(accent(c)));
    b.setTextColor(0xFFFFFFFF);
    return b;
  }

  static CheckBox checkBox(Context c, String label) {
    CheckBox box = new CheckBox(c);
    box.setText(label);
    box.setContentDescription(label);
    box.setTextSize(TypedValue.COMPLEX_UNIT_SP, 16);
    box.setTextColor(textColor(c));
    box.setMinHeight(dp(c, MIN_TOUCH_DP));
    box.setMinimumHeight(dp(c, MIN_TOUCH_DP));
    return box;
  }

  static TextView banner(Context c, int color) {
    TextView view = text(c, "", 14);
    int pad = dp(c, 8);
    view.setPaddingRelative(pad, pad, pad, pad);
    view.setBackgroundColor(color);
    view.setTextColor(BANNER_TEXT);
    view.setVisibility(View.GONE);
    view.setAccessibilityLiveRegion(View.ACCESSIBILITY_LIVE_REGION_POLITE);
    return view;
  }

  static LinearLayout.LayoutParams matchWidth() {
    return new LinearLayout.LayoutParams(ViewGroup.LayoutParams.MATCH_PARENT, ViewGroup.LayoutParams.WRAP_CONTENT);
  }

  static LinearLayout.LayoutParams weighted() {
    return new LinearLayout.LayoutParams(0, ViewGroup.LayoutParams.WRAP_CONTENT, 1);
  }

  static void onTextChanged(TextView view, Runnable action) {
    view.addTextChangedListener(new TextWatcher() {
      @Override public void beforeTextChanged(CharSequence s, int start, int count, int after) {}

      @Override public void onTextChanged(CharSequence s, int start, int before, int count) {}

      @Override public void afterTextChanged(Editable s) {
        action.run();
      }
    });
  }
}
