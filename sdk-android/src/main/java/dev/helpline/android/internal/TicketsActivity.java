package dev.helpline.android.internal;

import android.app.Activity;
import android.content.Intent;
import android.os.Bundle;
import android.view.View;
import android.widget.LinearLayout;
import android.widget.ScrollView;
import android.widget.TextView;
import dev.helpline.DeskException;
import dev.helpline.Helpline;
import dev.helpline.Message;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.android.HelpStrings;
import dev.helpline.android.HelpStrings.Key;
import dev.helpline.connector.Capability;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The user's reports: those still on the device (queued, or refused by the desk) and the tickets
 * at the desk with their state (sent, agent replied, resolved). Tapping a ticket opens its
 * conversation; tapping a refused report queues it again. Refreshes when the activity starts and
 * whenever a submission is queued, retried, delivered or refused. When the desk cannot be reached the
 * reports on the device are listed all the same, under a message that the desk's tickets are missing.
 */
public class TicketsActivity extends Activity {
  LinearLayout list;
  TextView empty;
  TextView count;
  /** The rows last shown, for tests and accessibility services. */
  final List<Row> rows = new ArrayList<>();
  private final Runnable reload = this::reload;

  /** One line of the list. */
  static final class Row {
    final String subject;
    final TicketState state;
    final @Nullable String ticketId;
    final @Nullable String submissionId;
    final @Nullable String detail;

    Row(String subject, TicketState state, @Nullable String ticketId, @Nullable String submissionId,
        @Nullable String detail) {
      this.subject = subject;
      this.state = state;
      this.ticketId = ticketId;
      this.submissionId = submissionId;
      this.detail = detail;
    }

    @Override
    public String toString() {
      return subject + " — " + state.name() + (detail != null ? " (" + detail + ")" : "");
    }
  }

  /** What {@link #load} found: the rows, and why the desk's tickets are not among them, when they are not. */
  static final class Listing {
    final List<Row> rows;
    final @Nullable Exception deskFailure;

    Listing(List<Row> rows, @Nullable Exception deskFailure) {
      this.rows = rows;
      this.deskFailure = deskFailure;
    }
  }

  @Override
  protected void onCreate(@Nullable Bundle savedInstanceState) {
    Ui.applyTheme(this);
    super.onCreate(savedInstanceState);
    setTitle(Ui.s(this, Key.MY_TICKETS));
    LinearLayout root = Ui.screen(this);
    root.addView(Ui.heading(this, Ui.s(this, Key.MY_TICKETS)), Ui.matchWidth());
    root.addView(new dev.helpline.android.StatusBannerView(this), Ui.matchWidth());
    count = Ui.text(this, "", 14);
    count.setVisibility(View.GONE);
    root.addView(count, Ui.matchWidth());
    empty = Ui.text(this, Ui.s(this, Key.LOADING), 14);
    // Read out when it changes: the list loaded empty, or the desk or a retry failed.
    empty.setAccessibilityLiveRegion(View.ACCESSIBILITY_LIVE_REGION_POLITE);
    root.addView(empty, Ui.matchWidth());
    list = Ui.column(this);
    root.addView(list, Ui.matchWidth());
    ScrollView scroll = new ScrollView(this);
    scroll.addView(root);
    setContentView(scroll);
  }

  @Override
  protected void onStart() {
    super.onStart();
    HelpRuntime.get().addSubmissionObserver(reload);
    reload();
  }

  @Override
  protected void onStop() {
    HelpRuntime.get().removeSubmissionObserver(reload);
    super.onStop();
  }

  void reload() {
    HelpRuntime sdk = HelpRuntime.get();
    sdk.background().run(() -> load(sdk.helpline(), sdk.requester() != null), new Background.Callback<Listing>() {
      @Override public void onResult(Listing result) {
        if (isDestroyed()) return;
        show(result);
      }

      @Override public void onError(Throwable t) {
        if (isDestroyed()) return;
        empty.setText(Ui.failed(TicketsActivity.this, Key.REPORTS_UNAVAILABLE, "listing the reports on this device", t));
        empty.setVisibility(View.VISIBLE);
      }
    });
  }

  /** Puts a refused report back in the queue (after the user fixed what the desk objected to, or it changed its mind). */
  void retry(String submissionId) {
    HelpRuntime sdk = HelpRuntime.get();
    sdk.background().run(() -> sdk.helpline().retry(submissionId), new Background.Callback<Submission>() {
      @Override public void onResult(Submission queued) {
        if (!isDestroyed()) reload();
      }

      @Override public void onError(Throwable t) {
        if (isDestroyed()) return;
        empty.setText(Ui.failed(TicketsActivity.this, Key.SEND_AGAIN_FAILED, "sending submission " + submissionId + " again", t));
        empty.setVisibility(View.VISIBLE);
      }
    });
  }

  /**
   * The reports on the device, then the desk's tickets. A desk that cannot be reached or refuses
   * leaves the reports on the device listed (they matter most then) and is reported in the listing;
   * only a failure to read the device's own outbox is thrown. A ticket whose conversation the desk refuses is
   * listed by its status alone (sent or resolved, not whether support replied last); one the desk no longer
   * has (404) is left out.
   */
  static Listing load(Helpline helpline, boolean hasRequester) throws IOException {
    IoGuard.checkNotMainThread("TicketsActivity.load");
    List<Row> rows = new ArrayList<>();
    for (Submission s : helpline.submissions()) {
      if (s.state() == Submission.State.DELIVERED) continue;
      rows.add(new Row(s.subject(), TicketState.of(s.state()), null, s.id(),
          s.state() == Submission.State.FAILED ? s.lastError() : null));
    }
    if (hasRequester && helpline.capabilities().contains(Capability.LIST_TICKETS)) {
      boolean messages = helpline.capabilities().contains(Capability.MESSAGES);
      List<Row> atDesk = new ArrayList<>();
      try {
        for (Ticket t : helpline.tickets()) {
          List<Message> conversation = Collections.emptyList();
          if (messages) {
            try {
              conversation = helpline.messages(t.id());
            } catch (DeskException gone) {
              if (gone.httpStatus() == 404) continue; // deleted at the desk since it was listed
              // else listed by its status alone, which is known: one conversation does not hide the other tickets
            }
          }
          atDesk.add(new Row(t.subject(), TicketState.of(t, conversation), t.id(), null, null));
        }
      } catch (IOException | DeskException deskFailure) {
        return new Listing(rows, deskFailure);
      }
      rows.addAll(atDesk);
    }
    return new Listing(rows, null);
  }

  private void show(Listing listing) {
    List<Row> result = listing.rows;
    rows.clear();
    rows.addAll(result);
    list.removeAllViews();
    HelpStrings strings = HelpRuntime.get().strings();
    Locale locale = Ui.locale(this);
    for (Row row : result) {
      String label = row.subject + "\n" + strings.get(row.state.label, locale) + (row.detail != null ? ": " + row.detail : "");
      TextView view = Ui.text(this, label, 16);
      int pad = Ui.dp(this, 8);
      view.setPaddingRelative(pad, pad, pad, pad);
      view.setMinHeight(Ui.dp(this, Ui.MIN_TOUCH_DP));
      if (row.ticketId != null) {
        String id = row.ticketId;
        view.setOnClickListener(v -> startActivity(new Intent(this, ConversationActivity.class)
            .putExtra(ConversationActivity.EXTRA_TICKET_ID, id)
            .putExtra(ConversationActivity.EXTRA_SUBJECT, row.subject)));
      }
      if (row.state == TicketState.NOT_SENT && row.submissionId != null) {
        String id = row.submissionId;
        view.setText(view.getText() + "\n" + strings.get(Key.SEND_AGAIN, locale));
        view.setOnClickListener(v -> retry(id));
      }
      view.setContentDescription(view.getText());
      list.addView(view, Ui.matchWidth());
    }
    count.setText(strings.plural(Key.TICKET_COUNT, result.size(), locale));
    count.setVisibility(result.isEmpty() ? View.GONE : View.VISIBLE);
    if (listing.deskFailure != null) {
      // The reports on the device are listed; the failure's text, which may hold the desk's URL, goes to the log.
      empty.setText(Ui.failed(this, Key.TICKETS_UNAVAILABLE, "loading the desk's tickets", listing.deskFailure));
      empty.setVisibility(View.VISIBLE);
    } else {
      empty.setText(strings.get(Key.NO_TICKETS, locale));
      empty.setVisibility(result.isEmpty() ? View.VISIBLE : View.GONE);
    }
  }
}
