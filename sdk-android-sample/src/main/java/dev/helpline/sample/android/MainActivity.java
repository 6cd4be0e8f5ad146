package dev.helpline.sample.android;

import android.app.Activity;
import android.content.Intent;
import android.graphics.Bitmap;
import android.graphics.Color;
import android.os.Bundle;
import android.os.Handler;
import android.os.Looper;
import android.view.View;
import android.widget.Button;
import android.widget.LinearLayout;
import android.widget.ScrollView;
import android.widget.TextView;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The host app's own screen with a help button. Shows a status banner while a component is
 * degraded or a maintenance is in progress, and each applicable notice once (dismissible). Tapping
 * help captures this window (sensitive views masked, secure windows skipped) before the form opens.
 */
public class MainActivity extends Activity {
  static final long STATUS_REFRESH_MS = 60_000;

  TextView statusBanner;
  LinearLayout noticeBar;
  TextView noticeText;
  TextView accountNumber;
  Button helpButton;
  Button ticketsButton;
  private final Handler handler = new Handler(Looper.getMainLooper());
  private final Runnable refresh = this::refreshStatus;
  private boolean started;

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
    noticeBar.addView(Ui.button(this, "Dismiss", v -> noticeBar.setVisibility(View.GONE)));
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
    started = true;
    refreshStatus();
  }

  @Override
  protected void onStop() {
    started = false;
    handler.removeCallbacks(refresh);
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

  private static final class StatusView {
    final ServiceStatus status;
    final @Nullable Notice notice;

    StatusView(ServiceStatus status, @Nullable Notice notice) {
      this.status = status;
      this.notice = notice;
    }
  }

  void refreshStatus() {
    handler.removeCallbacks(refresh);
    HelpSdk sdk = HelpSdk.get();
    sdk.background().run(() -> {
      SeenNotices seen = sdk.seenNotices();
      seen.load();
      ServiceStatus status = sdk.statusFeed().status();
      sdk.rememberStatus(status);
      List<Notice> notices = sdk.statusFeed().notices();
      Instant now = Instant.now();
      for (Notice n : notices) {
        if (n.appliesTo(now, "android", sdk.app().version(), Locale.getDefault()) && !seen.isSeen(n.id)) {
          return new StatusView(status, n);
        }
      }
      return new StatusView(status, null);
    }, new Background.Callback<StatusView>() {
      @Override
      public void onResult(StatusView result) {
        if (isDestroyed()) return;
        String banner = result.status.bannerText();
        statusBanner.setText(banner != null ? banner : "");
        statusBanner.setVisibility(banner != null ? View.VISIBLE : View.GONE);
        Notice n = result.notice;
        // markSeen on the main thread decides: a second refresh racing this one shows nothing twice.
        if (n != null && sdk.seenNotices().markSeen(n.id)) {
          noticeText.setText(n.title.isEmpty() ? n.body : n.title + "\n" + n.body);
          noticeBar.setVisibility(View.VISIBLE);
          sdk.background().execute(() -> {
            try {
              sdk.seenNotices().persist();
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }, new Background.Callback<@Nullable Void>() {
            @Override public void onResult(@Nullable Void ignored) {}

            @Override public void onError(Throwable error) {
              sdk.logs().log("WARN", "help", "could not remember notice " + n.id, error);
            }
          });
        }
        scheduleRefresh();
      }

      @Override
      public void onError(Throwable error) {
        sdk.logs().log("WARN", "help", "status refresh failed", error);
        scheduleRefresh();
      }
    });
  }

  private void scheduleRefresh() {
    if (started) handler.postDelayed(refresh, STATUS_REFRESH_MS);
  }
}
