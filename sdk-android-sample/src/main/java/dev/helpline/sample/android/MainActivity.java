package dev.helpline.sample.android;

import android.app.Activity;
import android.graphics.Color;
import android.os.Bundle;
import android.util.TypedValue;
import android.view.Menu;
import android.widget.LinearLayout;
import android.widget.ScrollView;
import android.widget.TextView;
import dev.helpline.android.HelpButton;
import dev.helpline.android.HelplineAndroid;
import dev.helpline.android.StatusBannerView;
import org.jspecify.annotations.Nullable;

/**
 * The host app's own screen (a pretend banking app): the status banner on top, an account number
 * that never leaves the device in a screenshot, a help button, and Help / My tickets in the menu.
 */
public class MainActivity extends Activity {
  @Override
  protected void onCreate(@Nullable Bundle savedInstanceState) {
    setTheme(android.R.style.Theme_DeviceDefault_Light_DarkActionBar);
    super.onCreate(savedInstanceState);
    setTitle("Acme Banking");
    LinearLayout root = new LinearLayout(this);
    root.setOrientation(LinearLayout.VERTICAL);
    root.setBackgroundColor(Color.WHITE);
    int pad = Math.round(TypedValue.applyDimension(TypedValue.COMPLEX_UNIT_DIP, 12, getResources().getDisplayMetrics()));
    root.setPaddingRelative(pad, pad, pad, pad);
    TextView accountNumber = text("DE89 3704 0044 0532 0130 00", 18);
    accountNumber.setBackgroundColor(0xFFE8F5E9);
    accountNumber.setPaddingRelative(pad, pad * 2, pad, pad * 2);
    root.addView(text("Main account", 16));
    root.addView(accountNumber);
    root.addView(text("Balance: 1,234.56 EUR", 16));
    // helpline:begin
    root.addView(new StatusBannerView(this), 0);
    HelplineAndroid.markSensitive(accountNumber);
    root.addView(new HelpButton(this));
    // helpline:end
    ScrollView scroll = new ScrollView(this);
    scroll.addView(root);
    setContentView(scroll);
  }

  @Override
  public boolean onCreateOptionsMenu(Menu menu) {
    // helpline:begin
    HelplineAndroid.addMenuItems(menu, this);
    // helpline:end
    return true;
  }

  private TextView text(String s, float sp) {
    TextView t = new TextView(this);
    t.setText(s);
    t.setTextSize(TypedValue.COMPLEX_UNIT_SP, sp);
    t.setTextColor(Color.BLACK);
    return t;
  }
}
