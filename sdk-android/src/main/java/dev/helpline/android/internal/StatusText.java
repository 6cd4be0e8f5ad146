package dev.helpline.android.internal;

import android.content.Context;
import android.view.View;
import android.widget.Button;
import android.widget.LinearLayout;
import android.widget.TextView;
import dev.helpline.android.HelpStrings;
import dev.helpline.TicketStatus;
import dev.helpline.status.Component;
import dev.helpline.status.Incident;
import dev.helpline.status.StatusSnapshot.Indicator;
import dev.helpline.status.Maintenance;
import dev.helpline.status.StatusSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The status banner's text and the views of the banner and notice bar, and the texts of the statuses the
 * help screens show (components, incidents, tickets): each a {@link HelpStrings.Key}, so it speaks the
 * user's language and the host can override it, never the wire name.
 */
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
      HelpStrings.Key trouble = componentStatus(c.status());
      if (trouble != null) parts.add(strings.format(HelpStrings.Key.COMPONENT_STATUS, locale, c.name(), strings.get(trouble, locale)));
    }
    for (Maintenance m : status.maintenances()) {
      if (m.status().isActive()) parts.add(strings.format(HelpStrings.Key.MAINTENANCE, locale, m.name()));
    }
    if (parts.isEmpty() && status.indicator() != Indicator.NONE) parts.add(status.description());
    return parts.isEmpty() ? null : String.join(" · ", parts);
  }

  /**
   * The text of a component's status for the banner, or null for a status the banner leaves out:
   * operational, and unknown (a status value this SDK does not know yet is no evidence of trouble).
   */
  static HelpStrings.@Nullable Key componentStatus(Component.Status status) {
    switch (status) {
      case DEGRADED_PERFORMANCE: return HelpStrings.Key.COMPONENT_DEGRADED_PERFORMANCE;
      case PARTIAL_OUTAGE: return HelpStrings.Key.COMPONENT_PARTIAL_OUTAGE;
      case MAJOR_OUTAGE: return HelpStrings.Key.COMPONENT_MAJOR_OUTAGE;
      case UNDER_MAINTENANCE: return HelpStrings.Key.COMPONENT_UNDER_MAINTENANCE;
      default: return null;
    }
  }

  /** The text of an incident's stage, for the report form's "known issue" suggestion. */
  static HelpStrings.Key incidentStatus(Incident.Status status) {
    switch (status) {
      case INVESTIGATING: return HelpStrings.Key.INCIDENT_INVESTIGATING;
      case IDENTIFIED: return HelpStrings.Key.INCIDENT_IDENTIFIED;
      case MONITORING: return HelpStrings.Key.INCIDENT_MONITORING;
      case RESOLVED: return HelpStrings.Key.INCIDENT_RESOLVED;
      case POSTMORTEM: return HelpStrings.Key.INCIDENT_POSTMORTEM;
      default: return HelpStrings.Key.INCIDENT_UNKNOWN;
    }
  }

  /** The text of a ticket's status at the desk, for the conversation screen. */
  static HelpStrings.Key ticketStatus(TicketStatus status) {
    switch (status) {
      case NEW: return HelpStrings.Key.TICKET_NEW;
      case OPEN: return HelpStrings.Key.TICKET_OPEN;
      case PENDING: return HelpStrings.Key.TICKET_PENDING;
      case ON_HOLD: return HelpStrings.Key.TICKET_ON_HOLD;
      case SOLVED: return HelpStrings.Key.TICKET_SOLVED;
      case CLOSED: return HelpStrings.Key.TICKET_CLOSED;
      case REJECTED: return HelpStrings.Key.TICKET_REJECTED;
      default: return HelpStrings.Key.TICKET_UNKNOWN;
    }
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
