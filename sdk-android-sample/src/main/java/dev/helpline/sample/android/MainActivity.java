package dev.helpline.sample.android;

import android.app.Activity;
import android.content.Intent;
import android.graphics.Bitmap;
import android.graphics.Color;
import android.os.Bundle;
import android.view.View;
import android.widget.Button;
import android.widget.LinearLayout;
import android.widget.ScrollView;
import android.widget.TextView;
import dev.helpline.notices.Notice;
import dev.helpline.status.Component;
import dev.helpline.status.ComponentStatus;
import dev.helpline.status.Indicator;
import dev.helpline.status.Maintenance;
import dev.helpline.status.StatusSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The host app's own screen with a help button. Shows a status banner while a component is
 * degraded or a maintenance is in progress, and each notice Helpline announces once (dismissible). Tapping
 * help captures this window (sensitive views masked, secure windows skipped) before the form opens.
 */
public class MainActivity extends Activity {
  TextView statusBanner;
  LinearLayout noticeBar;
  TextView noticeText;
  TextView accountNumber;
  Button helpButton;
  Button ticketsButton;
  @Nullable Notice shownNotice;
  private final Runnable render = this::render;

  @Override
  protected void onCreate(@Nullable Bundle savedInstanceState) {
    setTheme(Ui.THEME);
    super.onCreate(savedInstanceState);
    setTitle("Acme Banking");
    // The host app's own log lines go to the ring Helpline attaches when the user ticks "attach logs".
    HelpSdk.get().logs().log("INFO", "acme.main", "main screen created", null);
    LinearLayout root = Ui.column(this);
    root.setBackgroundColor(Color.WHITE);

    statusBanner = new TextView(this);
    statusBanner.setTextColor(Color.BLACK);
    root.addView(Ui.banner(statusBanner, Ui.BANNER_COLOR), Ui.matchWidth());

    noticeBar = Ui.row(this);
    noticeBar.setBackgroundColor(Ui.NOTICE_COLOR);
    noticeBar.setVisibility(View.GONE);
    noticeText = Ui.text(this, "", 14);
    noticeBar.addView(noticeText, new LinearLayout.LayoutParams(0, LinearLayout.LayoutParams.WRAP_CONTENT, 1));
    noticeBar.addView(Ui.button(this, "Dismiss", v -> dismissNotice()));
    root.addView(noticeBar, Ui.matchWidth());

    // The host app's own content.
    TextView title = Ui.text(this, "Acme Banking", 22);
    title.setBackgroundColor(0xFF1565C0);
    title.setTextColor(Color.WHITE);
    int pad = Ui.dp(this, 12);
    title.setPadding(pad, pad, pad, pad);
    root.addView(title, Ui.matchWidth());
    root.addView(Ui.text(this, "Main account", 16));
    accountNumber = Ui.text(this, "DE89 3704 0044 0532 0130 00", 18);
    accountNumber.setBackgroundColor(0xFFE8F5E9);
    accountNumber.setPadding(pad, pad * 2, pad, pad * 2);
    HelpSdk.markSensitive(accountNumber); // never leaves the device in a screenshot
    root.addView(accountNumber, Ui.matchWidth());
    root.addView(Ui.text(this, "Balance: 1,234.56 EUR", 16));

    helpButton = Ui.button(this, "Help", v -> openHelp());
    ticketsButton = Ui.button(this, "My tickets", v -> startActivity(new Intent(this, TicketsActivity.class)));
    root.addView(helpButton, Ui.matchWidth());
    root.addView(ticketsButton, Ui.matchWidth());

    ScrollView scroll = new ScrollView(this);
    scroll.setFillViewport(true);
    scroll.addView(root);
    setContentView(scroll);
  }

  @Override
  protected void onStart() {
    super.onStart();
    HelpSdk.get().addStatusObserver(render);
    render(); // what Helpline already knows (memory only); fresher status arrives through the observer
  }

  @Override
  protected void onStop() {
    HelpSdk.get().removeStatusObserver(render);
    super.onStop();
  }

  /** Captures the window as it is now, then opens the form. */
  void openHelp() {
    HelpSdk sdk = HelpSdk.get();
    sdk.logs().log("INFO", "acme.main", "help opened", null);
    Bitmap shot = WindowScreenshots.capture(this, sdk.screenshotMaxDimension());
    sdk.screenshot().set(shot);
    startActivity(new Intent(this, HelpFormActivity.class));
  }

  /** Shows the banner for the current status and the next notice not shown yet. Main thread, memory only. */
  void render() {
    HelpSdk sdk = HelpSdk.get();
    String banner = bannerText(sdk.helpline().status());
    statusBanner.setText(banner != null ? banner : "");
    statusBanner.setVisibility(banner != null ? View.VISIBLE : View.GONE);
    if (shownNotice != null) return; // one at a time; the next one after this is dismissed
    Notice n = sdk.takeUnshownNotice();
    if (n == null) return;
    shownNotice = n;
    String body = n.plainText();
    noticeText.setText(body.isEmpty() ? n.title() : n.title().isEmpty() ? body : n.title() + "\n" + body);
    noticeBar.setVisibility(View.VISIBLE);
  }

  private void dismissNotice() {
    Notice n = shownNotice;
    shownNotice = null;
    noticeBar.setVisibility(View.GONE);
    if (n != null) HelpSdk.get().helpline().noticeCenter().dismiss(n.id()); // remembered on disk by Helpline
    render();
  }

  /**
   * The banner for {@code status}, or null when all is well: components not operational, a
   * maintenance in progress, else the overall indicator's description unless it is "none".
   */
  static @Nullable String bannerText(@Nullable StatusSnapshot status) {
    if (status == null) return null;
    List<String> parts = new ArrayList<>();
    for (Component c : status.components()) {
      // UNKNOWN is a status value this SDK does not know yet, not evidence of trouble.
      if (c.status() != ComponentStatus.OPERATIONAL && c.status() != ComponentStatus.UNKNOWN) parts.add(c.name() + ": " + c.status().wireName().replace('_', ' '));
    }
    for (Maintenance m : status.maintenances()) {
      if (m.status().isActive()) parts.add("Maintenance: " + m.name());
    }
    if (parts.isEmpty() && status.indicator() != Indicator.NONE) parts.add(status.description());
    return parts.isEmpty() ? null : String.join(" · ", parts);
  }
}
