package dev.helpline.android;

import android.content.Context;
import android.widget.Button;
import android.widget.LinearLayout;
import android.widget.TextView;
import dev.helpline.android.HelpStrings.Key;
import dev.helpline.android.internal.HelpRuntime;
import dev.helpline.android.internal.StatusText;
import dev.helpline.notices.Notice;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The service status and notices, for the top of a screen: a banner while a component is not
 * operational or a maintenance is in progress (gone when all is well), and each notice meant for this
 * install once, with a dismiss button. It updates itself from Helpline's status monitor and notice
 * center while attached to a window and its screen is started, from memory only: add it and forget
 * it. Create it after {@link HelplineAndroid#install} (else {@link IllegalStateException}). Main
 * thread only.
 */
public final class StatusBannerView extends LinearLayout {
  private final TextView status;
  private final LinearLayout noticeBar;
  private final TextView noticeText;
  private final Button dismiss;
  private final Runnable render = this::render;
  private @Nullable Notice shown;

  /** Creates the banner on the main thread; see the class comment for when. */
  public StatusBannerView(Context context) {
    super(context);
    setOrientation(VERTICAL);
    HelpRuntime runtime = HelpRuntime.get();
    Locale locale = HelpRuntime.locale(context);
    status = StatusText.bannerView(context);
    addView(status, new LayoutParams(LayoutParams.MATCH_PARENT, LayoutParams.WRAP_CONTENT));
    noticeBar = StatusText.noticeBar(context);
    noticeText = StatusText.noticeText(context);
    noticeText.setVisibility(GONE);
    noticeBar.addView(noticeText, new LayoutParams(0, LayoutParams.WRAP_CONTENT, 1));
    dismiss = StatusText.dismissButton(context, runtime.strings().get(Key.DISMISS, locale), v -> dismiss());
    noticeBar.addView(dismiss);
    addView(noticeBar, new LayoutParams(LayoutParams.MATCH_PARENT, LayoutParams.WRAP_CONTENT));
  }

  /** The status line (gone when all is well). */
  public TextView statusView() {
    return status;
  }

  /** The notice shown now, or null. */
  public @Nullable Notice notice() {
    return shown;
  }

  /** The notice's text (gone when no notice is shown). */
  public TextView noticeView() {
    return noticeText;
  }

  /** Dismisses the notice shown now (as its button does); Helpline remembers the dismissal on disk. */
  public void dismiss() {
    Notice n = shown;
    shown = null;
    noticeBar.setVisibility(GONE);
    noticeText.setVisibility(GONE);
    if (n != null && HelpRuntime.isInstalled()) HelpRuntime.get().helpline().noticeCenter().dismiss(n.id());
    render();
  }

  @Override
  protected void onAttachedToWindow() {
    super.onAttachedToWindow();
    HelpRuntime.get().addStatusObserver(render);
    render();
  }

  @Override
  protected void onDetachedFromWindow() {
    if (HelpRuntime.isInstalled()) HelpRuntime.get().removeStatusObserver(render);
    super.onDetachedFromWindow();
  }

  /** Shows the banner for the current status and the next notice not shown yet. */
  private void render() {
    if (!HelpRuntime.isInstalled()) return;
    HelpRuntime runtime = HelpRuntime.get();
    // A stopped screen is not updated: it would take a notice nobody sees. It catches up when it starts.
    if (!runtime.isStarted(getContext())) return;
    Locale locale = HelpRuntime.locale(getContext());
    String text = StatusText.banner(runtime.helpline().status(), runtime.strings(), locale);
    status.setText(text != null ? text : "");
    status.setVisibility(text != null ? VISIBLE : GONE);
    if (shown != null) return; // one at a time; the next one after this is dismissed
    Notice n = runtime.takeUnshownNotice();
    if (n == null) return;
    shown = n;
    String body = n.plainText();
    String title = n.title();
    noticeText.setText(body.isEmpty() ? title : title.isEmpty() ? body : title + "\n" + body);
    dismiss.setContentDescription(runtime.strings().format(Key.DISMISS_NOTICE, locale, title.isEmpty() ? body : title));
    noticeText.setVisibility(VISIBLE);
    noticeBar.setVisibility(VISIBLE);
  }
}
