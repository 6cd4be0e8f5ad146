package dev.helpline.android;

import android.app.Activity;
import android.app.Application;
import android.content.Intent;
import android.view.Menu;
import android.view.MenuItem;
import android.view.View;
import dev.helpline.Helpline;
import dev.helpline.android.internal.HelpRuntime;
import dev.helpline.android.internal.TicketsActivity;
import dev.helpline.android.internal.WindowScreenshots;
import java.util.Locale;
import java.util.Objects;

/**
 * Helpline's drop-in help for Android apps. In {@code Application.onCreate}:
 *
 * <pre>{@code
 * HelplineAndroid.install(this, HelpConfig.builder("https://support.example.com", "app-key")
 *     .requester(Requester.of("user-42", "ada@example.com", "Ada"))
 *     .build());
 * }</pre>
 *
 * then put a {@link HelpButton} or a {@link #addMenuItems menu item} on a screen, or turn on
 * {@link HelpConfig.Builder#shakeToReport shake to report}. Opening help takes the screenshot first
 * (sensitive views and password fields masked, secure windows never captured), then shows the report
 * form. Reports are stored before they are sent and delivered when the network allows.
 *
 * <p>Every method here is meant for the main thread and returns at once: none does disk or network I/O.
 * {@link #helpline()}, {@link #showHelp} and {@link #addMenuItems} throw {@link IllegalStateException}
 * before {@link #install} (or after {@link #uninstall}).
 */
public final class HelplineAndroid {
  private HelplineAndroid() {}

  /**
   * Sets Helpline up for {@code application}: creates the client, watches connectivity (queued
   * reports go out when the network returns), tracks the app's screens for status polling and shake
   * detection. Replaces (and closes) an earlier installation. No disk or network I/O: StrictMode-clean.
   * Throws {@link IllegalArgumentException} when the configured app key or requester is not valid for the
   * client (see {@code Helpline.Builder.requester}).
   */
  public static void install(Application application, HelpConfig config) {
    Objects.requireNonNull(application, "application == null");
    Objects.requireNonNull(config, "config == null");
    HelpRuntime.install(HelpRuntime.create(application, config));
  }

  /** Whether {@link #install} was called (and {@link #uninstall} not since). */
  public static boolean isInstalled() {
    return HelpRuntime.isInstalled();
  }

  /**
   * Stops Helpline's background work; queued reports stay on disk for the next installation. Waits
   * briefly for the delivery thread, so it is meant for tests and process teardown.
   */
  public static void uninstall() {
    HelpRuntime.uninstall();
  }

  /** The installed core client, for what the screens do not cover (diagnostics, custom flows). */
  public static Helpline helpline() {
    return HelpRuntime.get().helpline();
  }

  /**
   * Captures {@code activity}'s window (before any help screen shows), then opens the report form.
   * The screenshot is null when the window has {@code FLAG_SECURE}. A second call for the same activity
   * before it is paused (a double tap, a second shake while the form opens) does nothing: one gesture opens
   * one form, and help opens again once the user is back on the activity.
   */
  public static void showHelp(Activity activity) {
    Objects.requireNonNull(activity, "activity == null");
    HelpRuntime.get().showHelp(activity);
  }

  /** Opens "My tickets": the user's reports with their state and conversations. */
  public static void showTickets(Activity activity) {
    Objects.requireNonNull(activity, "activity == null");
    activity.startActivity(new Intent(activity, TicketsActivity.class));
  }

  /**
   * Adds "Help" and "My tickets" to {@code menu} (from {@code onCreateOptionsMenu}); selecting them
   * calls {@link #showHelp} and {@link #showTickets}.
   */
  public static void addMenuItems(Menu menu, Activity activity) {
    Objects.requireNonNull(menu, "menu == null");
    Objects.requireNonNull(activity, "activity == null");
    HelpStrings strings = HelpRuntime.get().strings();
    Locale locale = HelpRuntime.locale(activity);
    MenuItem help = menu.add(Menu.NONE, Menu.NONE, Menu.NONE, strings.get(HelpStrings.Key.HELP, locale));
    help.setContentDescription(strings.get(HelpStrings.Key.HELP, locale));
    help.setOnMenuItemClickListener(item -> {
      showHelp(activity);
      return true;
    });
    MenuItem tickets = menu.add(Menu.NONE, Menu.NONE, Menu.NONE, strings.get(HelpStrings.Key.MY_TICKETS, locale));
    tickets.setContentDescription(strings.get(HelpStrings.Key.MY_TICKETS, locale));
    tickets.setOnMenuItemClickListener(item -> {
      showTickets(activity);
      return true;
    });
  }

  /** Masks {@code view} (and everything in it) in help screenshots. Password fields are masked anyway. */
  public static void markSensitive(View view) {
    WindowScreenshots.markSensitive(Objects.requireNonNull(view, "view == null"));
  }
}
