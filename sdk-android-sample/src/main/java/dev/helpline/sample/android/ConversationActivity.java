package dev.helpline.sample.android;

import android.app.Activity;
import android.graphics.Color;
import android.os.Bundle;
import android.text.InputType;
import android.view.View;
import android.widget.Button;
import android.widget.EditText;
import android.widget.LinearLayout;
import android.widget.ScrollView;
import android.widget.TextView;
import dev.helpline.Helpline;
import dev.helpline.Message;
import dev.helpline.Rating;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import dev.helpline.connector.Capability;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** One ticket's conversation: messages oldest first, a reply box, and a 1–5 rating once support solved it. */
public class ConversationActivity extends Activity {
  static final String EXTRA_TICKET_ID = "dev.helpline.sample.TICKET_ID";
  static final String EXTRA_SUBJECT = "dev.helpline.sample.SUBJECT";

  String ticketId;
  LinearLayout messages;
  EditText replyField;
  Button replyButton;
  LinearLayout rating;
  TextView info;

  @Override
  protected void onCreate(@Nullable Bundle savedInstanceState) {
    setTheme(Ui.THEME);
    super.onCreate(savedInstanceState);
    setTitle("Conversation");
    ticketId = Objects.requireNonNull(getIntent().getStringExtra(EXTRA_TICKET_ID), "intent extra " + EXTRA_TICKET_ID);
    String subject = getIntent().getStringExtra(EXTRA_SUBJECT);
    LinearLayout root = Ui.column(this);
    root.setBackgroundColor(Color.WHITE);
    root.addView(Ui.text(this, subject != null ? subject : "Ticket " + ticketId, 20));
    messages = Ui.column(this);
    root.addView(messages, Ui.matchWidth());
    info = Ui.text(this, "", 14);
    root.addView(info, Ui.matchWidth());
    replyField = Ui.field(this, "Your reply", InputType.TYPE_CLASS_TEXT | InputType.TYPE_TEXT_FLAG_MULTI_LINE);
    root.addView(replyField, Ui.matchWidth());
    replyButton = Ui.button(this, "Reply", v -> reply());
    root.addView(replyButton, Ui.matchWidth());
    rating = Ui.row(this);
    rating.setVisibility(View.GONE);
    rating.addView(Ui.text(this, "Rate our help: ", 14));
    for (int score = 1; score <= 5; score++) {
      int s = score;
      rating.addView(Ui.button(this, s + "★", v -> rate(s)));
    }
    root.addView(rating, Ui.matchWidth());
    ScrollView scroll = new ScrollView(this);
    scroll.addView(root);
    setContentView(scroll);
    reload();
  }

  private static final class Loaded {
    final Ticket ticket;
    final List<Message> messages;

    Loaded(Ticket ticket, List<Message> messages) {
      this.ticket = ticket;
      this.messages = messages;
    }
  }

  void reload() {
    HelpSdk sdk = HelpSdk.get();
    Helpline helpline = sdk.helpline();
    java.util.concurrent.Callable<Loaded> load = () -> new Loaded(helpline.ticket(ticketId), helpline.messages(ticketId));
    sdk.background().run(load, new Background.Callback<Loaded>() {
      @Override public void onResult(Loaded loaded) {
        if (isDestroyed()) return;
        messages.removeAllViews();
        for (Message m : loaded.messages) {
          String who = m.author() == Message.Author.REQUESTER ? "You"
              : m.authorName() != null ? m.authorName() : "Support";
          TextView t = Ui.text(ConversationActivity.this, who + ": " + m.body(), 16);
          if (m.author() != Message.Author.REQUESTER) t.setBackgroundColor(0xFFF1F8E9);
          messages.addView(t, Ui.matchWidth());
        }
        boolean solved = loaded.ticket.status() == TicketStatus.SOLVED;
        rating.setVisibility(solved && helpline.capabilities().contains(Capability.RATE) ? View.VISIBLE : View.GONE);
        info.setText("Status: " + loaded.ticket.status().name().toLowerCase(java.util.Locale.ROOT));
      }

      @Override public void onError(Throwable t) {
        if (!isDestroyed()) info.setText("Could not load the conversation: " + t.getMessage());
      }
    });
  }

  void reply() {
    String body = replyField.getText().toString().trim();
    if (body.isEmpty()) {
      replyField.setError("Write a reply first");
      return;
    }
    HelpSdk sdk = HelpSdk.get();
    replyButton.setEnabled(false);
    sdk.background().run(() -> sdk.helpline().reply(ticketId, body), new Background.Callback<Message>() {
      @Override public void onResult(Message sent) {
        if (isDestroyed()) return;
        replyButton.setEnabled(true);
        replyField.setText("");
        reload();
      }

      @Override public void onError(Throwable t) {
        if (isDestroyed()) return;
        replyButton.setEnabled(true);
        info.setText("Could not send your reply: " + t.getMessage());
      }
    });
  }

  void rate(int score) {
    HelpSdk sdk = HelpSdk.get();
    sdk.background().run(() -> {
      sdk.helpline().rate(ticketId, Rating.of(score));
      return score;
    }, new Background.Callback<Integer>() {
      @Override public void onResult(Integer s) {
        if (isDestroyed()) return;
        rating.setVisibility(View.GONE);
        info.setText("Thanks for rating us " + s + " of 5.");
      }

      @Override public void onError(Throwable t) {
        if (!isDestroyed()) info.setText("Could not send your rating: " + t.getMessage());
      }
    });
  }
}
