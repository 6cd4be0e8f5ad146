package dev.helpline.android.internal;

import android.app.Activity;
import android.os.Bundle;
import android.text.InputType;
import android.view.Menu;
import android.widget.EditText;
import android.widget.LinearLayout;
import android.widget.ScrollView;
import android.widget.TextView;
import dev.helpline.android.HelpButton;
import dev.helpline.android.HelplineAndroid;
import dev.helpline.android.StatusBannerView;
import org.jspecify.annotations.Nullable;

/** A host app's screen: its own content (an account number marked sensitive, a password field), the banner and the help button. */
public class HostActivity extends Activity {
  StatusBannerView banner;
  TextView accountNumber;
  EditText password;
  HelpButton helpButton;

  @Override
  protected void onCreate(@Nullable Bundle savedInstanceState) {
    setTheme(android.R.style.Theme_Material_Light_DarkActionBar);
    super.onCreate(savedInstanceState);
    LinearLayout root = new LinearLayout(this);
    root.setOrientation(LinearLayout.VERTICAL);
    root.setBackgroundColor(0xFFFFFFFF);
    banner = new StatusBannerView(this);
    root.addView(banner);
    TextView title = new TextView(this);
    title.setText("Acme Banking");
    title.setTextSize(22);
    title.setBackgroundColor(0xFF1565C0);
    title.setTextColor(0xFFFFFFFF);
    title.setPadding(24, 24, 24, 24);
    root.addView(title);
    accountNumber = new TextView(this);
    accountNumber.setText("DE89 3704 0044 0532 0130 00");
    accountNumber.setTextSize(18);
    accountNumber.setBackgroundColor(0xFFE8F5E9);
    accountNumber.setPadding(24, 48, 24, 48);
    HelplineAndroid.markSensitive(accountNumber);
    root.addView(accountNumber);
    password = new EditText(this);
    password.setInputType(InputType.TYPE_CLASS_TEXT | InputType.TYPE_TEXT_VARIATION_PASSWORD);
    password.setText("hunter2hunter2");
    password.setBackgroundColor(0xFFFFF3E0);
    root.addView(password);
    helpButton = new HelpButton(this);
    root.addView(helpButton);
    ScrollView scroll = new ScrollView(this);
    scroll.setFillViewport(true);
    scroll.addView(root);
    setContentView(scroll);
  }

  @Override
  public boolean onCreateOptionsMenu(Menu menu) {
    HelplineAndroid.addMenuItems(menu, this);
    return true;
  }
}
