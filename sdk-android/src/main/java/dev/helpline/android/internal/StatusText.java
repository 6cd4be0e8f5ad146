package dev.helpline.android.internal;

import android.content.Context;
import android.view.View;
import android.widget.Button;
import android.widget.LinearLayout;
import android.widget.TextView;
import dev.helpline.android.HelpStrings;
import dev.helpline.status.Component;
import dev.helpline.status.StatusSnapshot.Indicator;
import dev.helpline.status.Maintenance;
import dev.helpline.status.StatusSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The status banner's text and the views of the banner and notice bar. */
public final class StatusText {
  private StatusText() {}

  /**
   * The banner for {@code status}, or null when all is well: components not operational, a
   * maintenance in progress, else the overall indicator's description unless it is "none".
   */
  public static @Nullable String banner(@Nullable StatusSnapshot status, HelpStrings strings, Locale locale) {
    if (status == null) return null;
    List<String> parts = new ArrayList<>();
    for (Component c : status.components()) {
      // UNKNOWN is a status value this SDK does not know yet, not evidence of trouble.
      if (c.status() != Component.Status.OPERATIONAL && c.status() != Component.Status.UNKNOWN) {
        parts.add(c.name() + ": " + c.status().wireName().replace('_', ' '));
      }
    }
    for (Maintenance m : status.maintenances()) {
      if (m.status().isActive()) parts.add(strings.format(HelpStrings.Key.MAINTENANCE, locale, m.name()));
    }
    if (parts.isEmpty() && status.indicator() != Indicator.NONE) parts.add(status.description());
    return parts.isEmpty() ? null : String.join(" · ", parts);
  }

  public static TextView bannerView(Context c) {
    return Ui.banner(c, Ui.BANNER_COLOR);
  }

  public static LinearLayout noticeBar(Context c) {
    LinearLayout bar = Ui.row(c);
    bar.setBackgroundColor(Ui.NOTICE_COLOR);
    bar.setVisibility(View.GONE);
    bar.setAccessibilityLiveRegion(View.ACCESSIBILITY_LIVE_REGION_POLITE);
    return bar;
  }

  public static TextView noticeText(Context c) {
    TextView t = Ui.text(c, "", 14);
    t.setTextColor(Ui.BANNER_TEXT);
    int pad = Ui.dp(c, 8);
    t.setPaddingRelative(pad, pad, pad, pad);
    return t;
  }

  public static Button dismissButton(Context c, String label, View.OnClickListener onClick) {
    return Ui.button(c, label, onClick);
  }
}
