package dev.helpline.sample.android;

import android.app.Activity;
import android.content.Intent;
import android.graphics.Color;
import android.os.Bundle;
import android.view.View;
import android.widget.LinearLayout;
import android.widget.ScrollView;
import android.widget.TextView;
import dev.helpline.Helpline;
import dev.helpline.Message;
import dev.helpline.Submission;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.connector.Capability;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The user's reports: those still on the device (queued, or refused by the desk) and the tickets
 * at the desk with their state (sent, agent replied, resolved). Tapping a ticket opens its
 * conversation; tapping a refused report queues it again. Refreshes when the activity starts and
 * whenever a submission is queued, retried, delivered or refused.
 */
public class TicketsActivity extends Activity {
  LinearLayout list;
  TextView empty;
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
      return subject + " — " + state.label + (detail != null ? " (" + detail + ")" : "");
    }
  }

  @Override
  protected void onCreate(@Nullable Bundle savedInstanceState) {
    setTheme(Ui.THEME);
    super.onCreate(savedInstanceState);
    setTitle("My tickets");
    LinearLayout root = Ui.column(this);
    root.setBackgroundColor(Color.WHITE);
    root.addView(Ui.text(this, "My tickets", 20));
    empty = Ui.text(this, "Loading…", 14);
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
    HelpSdk.get().addSubmissionObserver(reload);
    reload();
  }

  @Override
  protected void onStop() {
    HelpSdk.get().removeSubmissionObserver(reload);
    super.onStop();
  }

  void reload() {
    HelpSdk sdk = HelpSdk.get();
    sdk.background().run(() -> load(sdk.helpline(), sdk.requester() != null), new Background.Callback<List<Row>>() {
      @Override public void onResult(List<Row> result) {
        if (isDestroyed()) return;
        show(result);
      }

      @Override public void onError(Throwable t) {
        if (isDestroyed()) return;
        empty.setText("Could not load your tickets: " + t.getMessage());
        empty.setVisibility(View.VISIBLE);
      }
    });
  }

  /** Puts a refused report back in the queue (after the user fixed what the desk objected to, or it changed its mind). */
  void retry(String submissionId) {
    HelpSdk sdk = HelpSdk.get();
    sdk.background().run(() -> sdk.helpline().retry(submissionId), new Background.Callback<Submission>() {
      @Override public void onResult(Submission queued) {
        if (!isDestroyed()) reload();
      }

      @Override public void onError(Throwable t) {
        if (isDestroyed()) return;
        empty.setText("Could not send it again: " + t.getMessage());
        empty.setVisibility(View.VISIBLE);
      }
    });
  }

  static List<Row> load(Helpline helpline, boolean hasRequester) throws java.io.IOException {
    IoGuard.checkNotMainThread("TicketsActivity.load");
    List<Row> rows = new ArrayList<>();
    for (Submission s : helpline.submissions()) {
      if (s.state() == Submission.State.DELIVERED) continue;
      rows.add(new Row(s.subject(), TicketState.of(s.state()), null, s.id(),
          s.state() == Submission.State.FAILED ? s.lastError() : null));
    }
    if (hasRequester && helpline.capabilities().contains(Capability.LIST_TICKETS)) {
      boolean messages = helpline.capabilities().contains(Capability.MESSAGES);
      for (Ticket t : helpline.tickets()) {
        List<Message> conversation = messages ? helpline.messages(t.id()) : Collections.emptyList();
        rows.add(new Row(t.subject(), TicketState.of(t, conversation), t.id(), null, null));
      }
    }
    return rows;
  }

  private void show(List<Row> result) {
    rows.clear();
    rows.addAll(result);
    list.removeAllViews();
    for (Row row : result) {
      TextView view = Ui.text(this, row.subject + "\n" + row.state.label + (row.detail != null ? ": " + row.detail : ""), 16);
      int pad = Ui.dp(this, 8);
      view.setPadding(pad, pad, pad, pad);
      if (row.ticketId != null) {
        String id = row.ticketId;
        view.setOnClickListener(v -> startActivity(new Intent(this, ConversationActivity.class)
            .putExtra(ConversationActivity.EXTRA_TICKET_ID, id)
            .putExtra(ConversationActivity.EXTRA_SUBJECT, row.subject)));
      }
      if (row.state == TicketState.NOT_SENT && row.submissionId != null) {
        String id = row.submissionId;
        view.setText(view.getText() + "\nTap to send again");
        view.setOnClickListener(v -> retry(id));
      }
      list.addView(view, Ui.matchWidth());
    }
    empty.setText("No tickets yet.");
    empty.setVisibility(result.isEmpty() ? View.VISIBLE : View.GONE);
  }
}
