package dev.helpline.android.internal;

import android.app.Activity;
import android.content.Intent;
import android.database.Cursor;
import android.net.Uri;
import android.provider.OpenableColumns;
import android.os.Bundle;
import android.text.InputType;
import android.text.format.Formatter;
import android.view.View;
import android.widget.Button;
import android.widget.EditText;
import android.widget.LinearLayout;
import android.widget.ScrollView;
import android.widget.TextView;
import dev.helpline.Attachment;
import dev.helpline.DeskException;
import dev.helpline.Helpline;
import dev.helpline.Limits;
import dev.helpline.Message.RemoteFile;
import dev.helpline.android.HelpStrings.Key;
import dev.helpline.Message;
import dev.helpline.Rating;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import dev.helpline.connector.Capability;
import dev.helpline.internal.text.SafeCut;
import dev.helpline.internal.text.Spaces;
import dev.helpline.internal.text.Surrogates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * One ticket's conversation: messages oldest first with their attachments, a reply box that can
 * attach files (picked with the system's document picker, read off the main thread), and a 1–5
 * rating once support solved it. The reply being written and its picked files survive recreation
 * (rotation, process death in the background): the saved state keeps the text and the files' URIs,
 * which are read again; a file that can no longer be read is dropped with a message. A reply still being sent when
 * the screen is recreated reaches the new instance ({@link FormSends}), which offers no second Reply meanwhile and
 * clears the box once it is sent; after process death the box is restored as it was. A rating, likewise, reaches
 * the screen that shows the ticket when it is done, and a screen that showed it done offers no rating again. A
 * ticket the desk no longer has (404) is said to be gone, with no reply offered.
 */
public class ConversationActivity extends Activity {
  static final String EXTRA_TICKET_ID = "dev.helpline.android.TICKET_ID";
  static final String EXTRA_SUBJECT = "dev.helpline.android.SUBJECT";
  static final int PICK_FILE = 1;
  /** The most of a picked file read into memory; the client's attachment limits apply too, the desk's on top. */
  static final int MAX_PICKED_BYTES = 10 * 1024 * 1024;

  String ticketId;
  LinearLayout messages;
  EditText replyField;
  Button replyButton;
  Button attachButton;
  LinearLayout attachmentsRow;
  /** Files picked for the next reply. Main thread only. */
  final List<Attachment> picked = new ArrayList<>();
  /** Where each picked file was read from, kept in the saved state to read it again. Main thread only. */
  private final Map<Attachment, Uri> pickedFrom = new IdentityHashMap<>();
  /** Files picked and still being read, saved too so that a recreation meanwhile keeps them. Main thread only. */
  private final List<Uri> reading = new ArrayList<>();
  LinearLayout rating;
  LinearLayout stars;
  TextView info;
  /** This screen's id, kept across recreation, under which {@link FormSends} routes its reply's and rating's outcome. */
  private String screenId = "";
  /** Whether the user rated the ticket on this screen; kept across recreation, so the rating is offered once. */
  private boolean rated;
  private final Background.Callback<Integer> rateOutcome = new Background.Callback<Integer>() {
    @Override public void onResult(Integer s) {
      rated = true;
      rating.setVisibility(View.GONE);
      info.setText(Ui.f(ConversationActivity.this, Key.RATED, s));
    }

    @Override public void onError(Throwable t) {
      setStarsEnabled(true);
      info.setText(Ui.failed(ConversationActivity.this, Key.RATING_FAILED, "rating " + ticketId, t));
    }
  };
  private final Background.Callback<Message> replyOutcome = new Background.Callback<Message>() {
    @Override public void onResult(Message sent) {
      replyButton.setEnabled(true);
      replyField.setText("");
      picked.clear();
      pickedFrom.clear();
      reading.clear(); // files of the sent reply still being read again after a recreation
      showPicked();
      reload();
    }

    @Override public void onError(Throwable t) {
      replyButton.setEnabled(true);
      // The reply and its files stay in place, so sending again is one tap; a reply the client refused (a
      // redaction marker can lengthen it) needs a change first, not a later try.
      Key message = t instanceof IllegalArgumentException ? Key.REPLY_INVALID : Key.REPLY_FAILED;
      info.setText(Ui.failed(ConversationActivity.this, message, "sending a reply to " + ticketId, t));
    }
  };

  @Override
  protected void onCreate(@Nullable Bundle savedInstanceState) {
    Ui.applyTheme(this);
    super.onCreate(savedInstanceState);
    ticketId = Objects.requireNonNull(getIntent().getStringExtra(EXTRA_TICKET_ID), "intent extra " + EXTRA_TICKET_ID);
    String subject = getIntent().getStringExtra(EXTRA_SUBJECT);
    setTitle(subject != null ? subject : ticketId);
    LinearLayout root = Ui.screen(this);
    root.addView(Ui.heading(this, subject != null ? subject : ticketId), Ui.matchWidth());
    messages = Ui.column(this);
    root.addView(messages, Ui.matchWidth());
    info = Ui.text(this, "", 14);
    // The outcome of a reply or a rating: read out, as the user's focus stays on the button they tapped.
    info.setAccessibilityLiveRegion(View.ACCESSIBILITY_LIVE_REGION_POLITE);
    root.addView(info, Ui.matchWidth());
    replyField = Ui.field(this, Ui.s(this, Key.YOUR_REPLY), InputType.TYPE_CLASS_TEXT | InputType.TYPE_TEXT_FLAG_MULTI_LINE);
    root.addView(replyField, Ui.matchWidth());
    attachmentsRow = Ui.column(this);
    // Read out: a file refused when picked is named here, while the user's focus is back on Attach.
    attachmentsRow.setAccessibilityLiveRegion(View.ACCESSIBILITY_LIVE_REGION_POLITE);
    root.addView(attachmentsRow, Ui.matchWidth());
    LinearLayout actions = Ui.row(this);
    attachButton = Ui.button(this, Ui.s(this, Key.ATTACH_FILE), v -> pickFile());
    actions.addView(attachButton, Ui.weighted());
    replyButton = Ui.primary(this, Ui.s(this, Key.REPLY), v -> reply());
    actions.addView(replyButton, Ui.weighted());
    root.addView(actions, Ui.matchWidth());
    rating = Ui.column(this);
    rating.setVisibility(View.GONE);
    rating.addView(Ui.text(this, Ui.s(this, Key.RATE), 14));
    stars = Ui.row(this);
    for (int score = 1; score <= 5; score++) {
      int s = score;
      // In the user's digits, as every other number on the help screens (String.format in their locale).
      android.widget.Button star = Ui.button(this, String.format(Ui.locale(this), "%d★", s), v -> rate(s));
      star.setContentDescription(Ui.f(this, Key.RATE_SCORE, s));
      stars.addView(star, Ui.weighted());
    }
    rating.addView(stars, Ui.matchWidth());
    root.addView(rating, Ui.matchWidth());
    ScrollView scroll = new ScrollView(this);
    scroll.addView(root);
    setContentView(scroll);
    if (savedInstanceState != null) {
      replyField.setText(savedInstanceState.getString("reply", ""));
      List<String> files = savedInstanceState.getStringArrayList("picked");
      List<Uri> uris = new ArrayList<>();
      if (files != null) for (String f : files) uris.add(Uri.parse(f));
      if (!uris.isEmpty()) readPicked(uris);
      screenId = savedInstanceState.getString("screenId", "");
      rated = savedInstanceState.getBoolean("rated", false);
    }
    if (screenId.isEmpty()) screenId = java.util.UUID.randomUUID().toString();
    if (HelpRuntime.get().replySends().attach(screenId, replyOutcome)) {
      replyButton.setEnabled(false); // the reply is still being sent: one reply per tap
    }
    if (HelpRuntime.get().rateSends().attach(screenId, rateOutcome)) setStarsEnabled(false); // one rating per tap
    reload();
  }

  @Override
  protected void onSaveInstanceState(Bundle out) {
    super.onSaveInstanceState(out);
    out.putString("screenId", screenId);
    out.putBoolean("rated", rated);
    out.putString("reply", replyField.getText().toString());
    ArrayList<String> files = new ArrayList<>();
    for (Attachment a : picked) {
      Uri from = pickedFrom.get(a);
      if (from != null) files.add(from.toString());
    }
    for (Uri u : reading) files.add(u.toString());
    out.putStringArrayList("picked", files);
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
    HelpRuntime sdk = HelpRuntime.get();
    Helpline helpline = sdk.helpline();
    Callable<Loaded> load = () -> new Loaded(helpline.ticket(ticketId), helpline.messages(ticketId));
    sdk.background().run(load, new Background.Callback<Loaded>() {
      @Override public void onResult(Loaded loaded) {
        if (isDestroyed()) return;
        messages.removeAllViews();
        ConversationActivity c = ConversationActivity.this;
        for (Message m : loaded.messages) {
          TextView t = Ui.text(c, shown(c, m), 16);
          if (m.author() != Message.Author.REQUESTER) {
            t.setBackgroundColor(0x2200A040); // a tint that reads on light and dark backgrounds
          }
          messages.addView(t, Ui.matchWidth());
        }
        boolean solved = loaded.ticket.status() == TicketStatus.SOLVED;
        rating.setVisibility(solved && !rated && helpline.capabilities().contains(Capability.RATE) ? View.VISIBLE : View.GONE);
        info.setText(Ui.f(c, Key.STATUS, Ui.s(c, StatusText.ticketStatus(loaded.ticket.status()))));
      }

      @Override public void onError(Throwable t) {
        if (isDestroyed()) return;
        if (t instanceof DeskException && ((DeskException) t).httpStatus() == 404) {
          // Deleted at the desk: nothing to try again later, and a reply would be refused.
          info.setText(Ui.failed(ConversationActivity.this, Key.CONVERSATION_GONE, "loading conversation " + ticketId, t));
          replyButton.setEnabled(false);
          attachButton.setEnabled(false);
          rating.setVisibility(View.GONE);
          return;
        }
        info.setText(Ui.failed(ConversationActivity.this, Key.CONVERSATION_UNAVAILABLE, "loading conversation " + ticketId, t));
      }
    });
  }

  /**
   * A message as the conversation shows it: who wrote it, its text, its attachments' names, one a line. The desk's
   * author and file names are shown without control and format characters: a bidi override in them would reverse
   * the text after it ("invoice\u202Efdp.exe" reads as "invoiceexe.pdf").
   */
  static String shown(android.content.Context c, Message m) {
    String who = m.author() == Message.Author.REQUESTER ? Ui.s(c, Key.YOU)
        : m.authorName() != null ? Ui.oneLine(m.authorName()) : Ui.s(c, Key.SUPPORT);
    StringBuilder text = new StringBuilder(who).append(": ").append(m.body());
    for (RemoteFile f : m.attachments()) text.append('\n').append(Ui.f(c, Key.ATTACHMENT, Ui.oneLine(f.fileName())));
    return text.toString();
  }

  void reply() {
    String typed = replyField.getText().toString();
    String body = typed.trim();
    HelpRuntime sdk = HelpRuntime.get();
    // The client's rules for a reply body, checked here to name the field concerned.
    int maxBytes = sdk.limits().maxDescriptionBytes();
    int broken = Surrogates.firstUnpaired(body); // half of an emoji, left by a cut paste
    if (Spaces.isBlank(body)) { // as the client decides it: the ideographic and no-break spaces that trim() keeps too
      replyField.setError(Ui.s(this, Key.ERROR_REPLY_EMPTY));
      return;
    } else if (SafeCut.utf8Length(body) > maxBytes) {
      replyField.setError(Ui.f(this, Key.ERROR_TOO_LONG_KB, maxBytes / 1024));
      return;
    } else if (broken >= 0) {
      replyField.setError(Ui.f(this, Key.ERROR_HIDDEN_CHARACTER, Ui.position(typed, body, broken)));
      return;
    }
    replyButton.setEnabled(false);
    List<Attachment> files = Collections.unmodifiableList(new ArrayList<>(picked));
    String id = screenId;
    FormSends<Message> sends = sdk.replySends();
    sends.started(id);
    sdk.background().run(() -> sdk.helpline().reply(ticketId, body, files), new Background.Callback<Message>() {
      @Override public void onResult(Message sent) {
        sends.succeeded(id, sent); // to this instance, or the one that replaced it
      }

      @Override public void onError(Throwable t) {
        sends.failed(id, t);
      }
    });
  }

  void rate(int score) {
    HelpRuntime sdk = HelpRuntime.get();
    setStarsEnabled(false);
    String id = screenId;
    FormSends<Integer> sends = sdk.rateSends();
    sends.started(id);
    sdk.background().run(() -> {
      sdk.helpline().rate(ticketId, Rating.of(score));
      return score;
    }, new Background.Callback<Integer>() {
      @Override public void onResult(Integer s) {
        sends.succeeded(id, s); // to this instance, or the one that replaced it
      }

      @Override public void onError(Throwable t) {
        sends.failed(id, t);
      }
    });
  }

  @Override
  protected void onDestroy() {
    HelpRuntime.get().replySends().detach(screenId, replyOutcome, isFinishing());
    HelpRuntime.get().rateSends().detach(screenId, rateOutcome, isFinishing());
    super.onDestroy();
  }

  private void setStarsEnabled(boolean enabled) {
    for (int i = 0; i < stars.getChildCount(); i++) stars.getChildAt(i).setEnabled(enabled);
  }

  /** Opens the system's document picker; the file comes back in {@link #onActivityResult}. */
  void pickFile() {
    Intent pick = new Intent(Intent.ACTION_GET_CONTENT).setType("*/*").addCategory(Intent.CATEGORY_OPENABLE);
    startActivityForResult(pick, PICK_FILE);
  }

  @Override
  protected void onActivityResult(int requestCode, int resultCode, @Nullable Intent data) {
    super.onActivityResult(requestCode, resultCode, data);
    if (requestCode != PICK_FILE || resultCode != RESULT_OK || data == null || data.getData() == null) return;
    readPicked(Collections.singletonList(data.getData()));
  }

  /** A picked file larger than a reply may attach. */
  static final class TooLarge extends IOException {
    final String fileName;

    TooLarge(String fileName, long max) {
      super(fileName + " is larger than " + max + " bytes");
      this.fileName = fileName;
    }
  }

  /**
   * Reads picked files off the main thread and adds them, in order, to the reply. One that cannot be read, is too
   * large, is one more than the client's {@link Limits#maxAttachments()} or would take the files over
   * {@link Limits#maxTotalAttachmentBytes()} is dropped with a message saying which, where the files are listed, so
   * the reply can still be sent.
   */
  private void readPicked(List<Uri> uris) {
    reading.addAll(uris);
    android.content.ContentResolver resolver = getContentResolver();
    HelpRuntime sdk = HelpRuntime.get();
    long maxBytes = maxPickedBytes(sdk.limits());
    sdk.background().run(() -> {
      List<Object> files = new ArrayList<>(); // per URI: the Attachment, or the failure reading it
      for (Uri uri : uris) {
        try {
          files.add(read(resolver, uri, maxBytes));
        } catch (IOException | RuntimeException unreadable) { // SecurityException once the grant is gone
          sdk.logs().log("WARN", "help", "reading the picked file failed", unreadable);
          files.add(unreadable);
        }
      }
      return files;
    }, new Background.Callback<List<Object>>() {
      @Override public void onResult(List<Object> files) {
        if (isDestroyed()) return;
        List<Boolean> wanted = new ArrayList<>(); // false: the reply was sent meanwhile without it
        for (Uri uri : uris) wanted.add(reading.remove(uri));
        ConversationActivity c = ConversationActivity.this;
        Limits limits = sdk.limits();
        long total = 0;
        for (Attachment a : picked) total += a.size();
        List<String> refused = new ArrayList<>();
        boolean unreadable = false;
        for (int i = 0; i < files.size(); i++) {
          Object read = files.get(i);
          if (!wanted.get(i)) {
            continue;
          } else if (read instanceof TooLarge) {
            String size = Formatter.formatShortFileSize(c, maxBytes);
            refused.add(Ui.f(c, Key.FILE_TOO_LARGE, ((TooLarge) read).fileName, size));
          } else if (!(read instanceof Attachment)) {
            unreadable = true;
          } else if (picked.size() >= limits.maxAttachments()) {
            refused.add(Ui.f(c, Key.FILES_TOO_MANY, limits.maxAttachments()));
          } else if (total + ((Attachment) read).size() > limits.maxTotalAttachmentBytes()) {
            String size = Formatter.formatShortFileSize(c, limits.maxTotalAttachmentBytes());
            refused.add(Ui.f(c, Key.FILES_TOO_LARGE_TOGETHER, ((Attachment) read).fileName(), size));
          } else {
            Attachment file = (Attachment) read;
            total += file.size();
            picked.add(file);
            pickedFrom.put(file, uris.get(i));
          }
        }
        showPicked();
        // Where the file would be listed: the ticket's status, loading meanwhile, shares the info line.
        if (unreadable) attachmentsRow.addView(Ui.text(c, Ui.s(c, Key.FILE_UNREADABLE), 14), Ui.matchWidth());
        for (String message : refused) attachmentsRow.addView(Ui.text(c, message, 14), Ui.matchWidth());
      }
    });
  }

  /** The largest file a reply attaches: the client's limit, held to what is read into memory. */
  static long maxPickedBytes(Limits limits) {
    return Math.min(MAX_PICKED_BYTES, limits.maxAttachmentBytes());
  }

  /**
   * Reads a picked document into memory, at most {@code maxBytes} of it: its display name, type and bytes.
   * Background thread.
   *
   * @throws TooLarge when it holds more than {@code maxBytes}
   */
  static Attachment read(android.content.ContentResolver resolver, Uri uri, long maxBytes) throws IOException {
    IoGuard.checkNotMainThread("reading " + uri);
    String name = null;
    try (Cursor c = resolver.query(uri, new String[] {OpenableColumns.DISPLAY_NAME}, null, null, null)) {
      if (c != null && c.moveToFirst() && !c.isNull(0)) name = c.getString(0);
    } catch (RuntimeException noProvider) {
      // a provider without metadata: fall back to the URI's last segment
    }
    if (name == null || name.isEmpty()) name = uri.getLastPathSegment() != null ? uri.getLastPathSegment() : "attachment";
    String type = resolver.getType(uri);
    try (InputStream in = resolver.openInputStream(uri)) {
      if (in == null) throw new IOException(uri + " cannot be opened");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[16 * 1024];
      int n;
      while ((n = in.read(buf)) != -1) {
        out.write(buf, 0, n);
        if (out.size() > maxBytes) throw new TooLarge(name, maxBytes);
      }
      return Attachment.ofBytes(Attachment.sanitizeFileName(name), type != null ? type : "application/octet-stream", out.toByteArray());
    }
  }

  private void showPicked() {
    attachmentsRow.removeAllViews();
    for (Attachment a : picked) {
      attachmentsRow.addView(Ui.link(this, Ui.f(this, Key.REMOVE_FILE, a.fileName()), v -> {
        picked.remove(a);
        pickedFrom.remove(a);
        showPicked();
      }), Ui.matchWidth());
    }
  }
}
