package dev.helpline.android.internal;

import android.app.Activity;
import android.content.ActivityNotFoundException;
import android.content.Intent;
import android.graphics.Bitmap;
import android.net.Uri;
import android.os.Bundle;
import android.os.Handler;
import android.os.Looper;
import android.text.InputType;
import android.view.View;
import android.widget.AdapterView;
import android.widget.ArrayAdapter;
import android.widget.Button;
import android.widget.CheckBox;
import android.widget.EditText;
import android.widget.ImageView;
import android.widget.LinearLayout;
import android.widget.ScrollView;
import android.widget.Spinner;
import android.widget.TextView;
import android.widget.Toast;
import android.view.ViewGroup;
import dev.helpline.Limits;
import dev.helpline.Preview;
import dev.helpline.Requester;
import dev.helpline.Submission;
import dev.helpline.TicketDraft;
import dev.helpline.android.HelpStrings.Key;
import dev.helpline.android.StatusBannerView;
import dev.helpline.Article;
import dev.helpline.articles.ArticleSearch;
import dev.helpline.internal.text.EmailAddress;
import dev.helpline.internal.text.OneLine;
import dev.helpline.internal.text.Spaces;
import dev.helpline.internal.text.Surrogates;
import dev.helpline.status.Incident;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The report form: subject, description, category, e-mail, "attach screenshot" with a preview of
 * the captured (and annotated) window, "attach logs", matching incidents and articles before filing,
 * and a consent preview of exactly what will be sent. "Send" queues precisely the reviewed payload;
 * any edit after review asks for a new review. The draft survives recreation (rotation, process
 * death while in the background) through the saved instance state. A form recreated while its Send is
 * still saving offers no second Send: the outcome reaches the new instance ({@link FormSends}), which
 * closes as after any send, or shows the error.
 */
public class HelpFormActivity extends Activity {
  static final long DEFLECTION_DELAY_MS = 400;

  EditText subject;
  EditText description;
  Spinner category;
  EditText email;
  CheckBox attachScreenshot;
  ImageView screenshotPreview;
  CheckBox attachLogs;
  LinearLayout suggestions;
  TextView consent;
  TextView error;
  Button reviewButton;
  Button sendButton;
  Button annotateButton;
  Button ticketsButton;
  StatusBannerView banner;
  @Nullable Preview reviewed;
  /** The attached image the form last showed; the editor publishes a new one for every change. */
  private @Nullable Bitmap shownShot;
  /** The submission this instance queued, or showed queued when it was recreated during Send. */
  @Nullable Submission submitted;
  /** This form's id, kept across recreation, under which {@link FormSends} routes its Send's outcome. */
  private String formId = "";
  private final Background.Callback<Submission> sendOutcome = new Background.Callback<Submission>() {
    @Override public void onResult(Submission submission) {
      sent(submission);
    }

    @Override public void onError(Throwable t) {
      reviewButton.setEnabled(true);
      sendButton.setEnabled(reviewed != null);
      showError(t);
    }
  };
  private final Handler handler = new Handler(Looper.getMainLooper());
  private final Runnable deflect = this::deflect;
  /** Bumped by every edit, so a review that was running while the user typed is not offered for sending. */
  private int edits;

  @Override
  protected void onCreate(@Nullable Bundle savedInstanceState) {
    Ui.applyTheme(this);
    super.onCreate(savedInstanceState);
    setTitle(Ui.s(this, Key.HELP));
    HelpRuntime sdk = HelpRuntime.get();
    LinearLayout root = Ui.screen(this);
    LinearLayout header = Ui.row(this);
    header.addView(Ui.heading(this, Ui.s(this, Key.CONTACT_SUPPORT)), Ui.weighted());
    ticketsButton = Ui.button(this, Ui.s(this, Key.MY_TICKETS),
        v -> startActivity(new Intent(this, TicketsActivity.class)));
    header.addView(ticketsButton);
    root.addView(header, Ui.matchWidth());
    banner = new StatusBannerView(this);
    root.addView(banner, Ui.matchWidth());

    subject = Ui.singleLine(this, Ui.s(this, Key.SUBJECT));
    root.addView(subject, Ui.matchWidth());
    suggestions = Ui.column(this);
    suggestions.setVisibility(View.GONE);
    // Read out when they appear: the user is typing in the subject and would not find them otherwise.
    suggestions.setAccessibilityLiveRegion(View.ACCESSIBILITY_LIVE_REGION_POLITE);
    root.addView(suggestions, Ui.matchWidth());
    description = Ui.field(this, Ui.s(this, Key.DESCRIPTION), InputType.TYPE_CLASS_TEXT | InputType.TYPE_TEXT_FLAG_MULTI_LINE);
    description.setMinLines(3);
    root.addView(description, Ui.matchWidth());
    category = new Spinner(this);
    // A visible label tied to the spinner, not a content description: that would replace the chosen category in
    // what TalkBack reads, and sighted users would see a value without a name.
    category.setId(View.generateViewId());
    TextView categoryLabel = Ui.text(this, Ui.s(this, Key.CATEGORY), 14);
    categoryLabel.setLabelFor(category.getId());
    root.addView(categoryLabel, Ui.matchWidth());
    category.setMinimumHeight(Ui.dp(this, Ui.MIN_TOUCH_DP));
    ArrayAdapter<String> categories = new ArrayAdapter<>(this, android.R.layout.simple_spinner_item,
        sdk.categories(Ui.locale(this)));
    categories.setDropDownViewResource(android.R.layout.simple_spinner_dropdown_item);
    category.setAdapter(categories);
    root.addView(category, Ui.matchWidth());
    email = Ui.field(this, Ui.s(this, Key.EMAIL), InputType.TYPE_CLASS_TEXT | InputType.TYPE_TEXT_VARIATION_EMAIL_ADDRESS);
    Requester requester = sdk.requester();
    if (requester != null && requester.email() != null) email.setText(requester.email());
    root.addView(email, Ui.matchWidth());

    Bitmap shot = sdk.screenshot().current();
    attachScreenshot = Ui.checkBox(this, Ui.s(this, shot != null ? Key.ATTACH_SCREENSHOT : Key.SCREENSHOT_UNAVAILABLE));
    screenshotPreview = new ImageView(this);
    screenshotPreview.setAdjustViewBounds(true);
    screenshotPreview.setContentDescription(Ui.s(this, Key.SCREENSHOT_PREVIEW));
    annotateButton = Ui.button(this, Ui.s(this, Key.ANNOTATE), v -> startActivity(new Intent(this, AnnotateActivity.class)));
    if (shot != null) {
      attachScreenshot.setChecked(true);
    } else {
      attachScreenshot.setChecked(false);
      attachScreenshot.setEnabled(false);
      screenshotPreview.setVisibility(View.GONE);
      annotateButton.setVisibility(View.GONE);
    }
    root.addView(attachScreenshot);
    LinearLayout shotRow = Ui.row(this);
    shotRow.addView(screenshotPreview, new LinearLayout.LayoutParams(Ui.dp(this, 120), ViewGroup.LayoutParams.WRAP_CONTENT));
    shotRow.addView(annotateButton, Ui.weighted());
    root.addView(shotRow, Ui.matchWidth());
    attachLogs = Ui.checkBox(this, Ui.s(this, Key.ATTACH_LOGS));
    root.addView(attachLogs);

    error = Ui.text(this, "", 14);
    error.setTextColor(Ui.ERROR_COLOR);
    error.setVisibility(View.GONE);
    error.setAccessibilityLiveRegion(View.ACCESSIBILITY_LIVE_REGION_POLITE); // read out, not only shown in red
    root.addView(error, Ui.matchWidth());
    reviewButton = Ui.button(this, Ui.s(this, Key.REVIEW), v -> review());
    root.addView(reviewButton, Ui.matchWidth());
    consent = Ui.text(this, "", 12);
    consent.setTypeface(android.graphics.Typeface.MONOSPACE);
    // Read out when the review is ready: TalkBack stays on Review, and Send alone would not say what it sends.
    consent.setAccessibilityLiveRegion(View.ACCESSIBILITY_LIVE_REGION_POLITE);
    root.addView(consent, Ui.matchWidth());
    sendButton = Ui.primary(this, Ui.s(this, Key.SEND), v -> send());
    sendButton.setEnabled(false);
    root.addView(sendButton, Ui.matchWidth());

    Ui.onTextChanged(subject, () -> {
      invalidateReview();
      handler.removeCallbacks(deflect);
      handler.postDelayed(deflect, DEFLECTION_DELAY_MS);
    });
    Ui.onTextChanged(description, this::invalidateReview);
    Ui.onTextChanged(email, this::invalidateReview);
    attachScreenshot.setOnCheckedChangeListener((b, checked) -> {
      screenshotPreview.setAlpha(checked ? 1f : 0.3f);
      // Its label says it will be attached; unchecked, TalkBack skips it and the check box says it will not be.
      screenshotPreview.setImportantForAccessibility(checked ? View.IMPORTANT_FOR_ACCESSIBILITY_YES
          : View.IMPORTANT_FOR_ACCESSIBILITY_NO);
      invalidateReview();
    });
    attachLogs.setOnCheckedChangeListener((b, checked) -> invalidateReview());
    category.setOnItemSelectedListener(new AdapterView.OnItemSelectedListener() {
      @Override public void onItemSelected(AdapterView<?> parent, View view, int position, long id) {
        invalidateReview();
      }

      @Override public void onNothingSelected(AdapterView<?> parent) {}
    });

    formId = savedInstanceState != null ? savedInstanceState.getString("form", "") : "";
    if (formId.isEmpty()) formId = java.util.UUID.randomUUID().toString();
    if (savedInstanceState != null) restore(savedInstanceState);
    if (sdk.formSends().attach(formId, sendOutcome)) {
      reviewButton.setEnabled(false); // Send is saving this draft: one report per tap
      sendButton.setEnabled(false);
    }
    ScrollView scroll = new ScrollView(this);
    scroll.addView(root);
    setContentView(scroll);
  }

  @Override
  protected void onResume() {
    super.onResume();
    Bitmap shot = HelpRuntime.get().screenshot().current(); // annotated in the editor meanwhile
    if (shot != null) screenshotPreview.setImageBitmap(shot);
    if (shot != shownShot) {
      // A review holds the image as it was: after a mark-up it would send what the user just blacked out.
      shownShot = shot;
      invalidateReview();
    }
  }

  @Override
  protected void onSaveInstanceState(Bundle out) {
    super.onSaveInstanceState(out);
    out.putString("form", formId);
    out.putString("subject", subject.getText().toString());
    out.putString("description", description.getText().toString());
    out.putString("email", email.getText().toString());
    out.putInt("category", category.getSelectedItemPosition());
    out.putBoolean("screenshot", attachScreenshot.isChecked());
    out.putBoolean("logs", attachLogs.isChecked());
  }

  private void restore(Bundle in) {
    subject.setText(in.getString("subject", ""));
    description.setText(in.getString("description", ""));
    email.setText(in.getString("email", ""));
    int position = in.getInt("category", 0);
    if (position >= 0 && position < category.getCount()) category.setSelection(position);
    attachScreenshot.setChecked(attachScreenshot.isEnabled() && in.getBoolean("screenshot", true));
    attachLogs.setChecked(in.getBoolean("logs", false));
  }

  @Override
  protected void onDestroy() {
    handler.removeCallbacks(deflect);
    HelpRuntime.get().formSends().detach(formId, sendOutcome, isFinishing());
    if (isFinishing()) HelpRuntime.get().screenshot().set(null); // the capture belongs to this form only
    super.onDestroy();
  }

  private void invalidateReview() {
    edits++;
    reviewed = null;
    sendButton.setEnabled(false);
    consent.setText("");
  }

  /**
   * Validates the form inline; returns the draft, or null with errors shown on the fields and the focus on the
   * first of them (a field without the focus shows its error as an icon only, and TalkBack reads the focused one).
   */
  @Nullable TicketDraft validate() {
    error.setVisibility(View.GONE);
    for (EditText field : new EditText[] {subject, description, email}) field.setError(null); // errors of the last try
    @Nullable EditText firstInvalid = null;
    // The client's own limits, checked here to name the field concerned.
    Limits limits = HelpRuntime.get().limits();
    String typed = subject.getText().toString();
    String s = typed.trim();
    int hidden = OneLine.firstForbidden(s);
    if (Spaces.isBlank(s)) { // as the client decides it: the ideographic and no-break spaces that trim() keeps too
      subject.setError(Ui.s(this, Key.ERROR_SUBJECT));
      firstInvalid = subject;
    } else if (s.codePointCount(0, s.length()) > limits.maxSubjectChars()) {
      subject.setError(Ui.f(this, Key.ERROR_TOO_LONG, limits.maxSubjectChars()));
      firstInvalid = subject;
    } else if (hidden >= 0) {
      subject.setError(Ui.f(this, Key.ERROR_HIDDEN_CHARACTER, Ui.position(typed, s, hidden)));
      firstInvalid = subject;
    }
    String typedText = description.getText().toString();
    String text = typedText.trim();
    int broken = Surrogates.firstUnpaired(text); // half of an emoji, left by a cut paste
    if (text.getBytes(StandardCharsets.UTF_8).length > limits.maxDescriptionBytes()) {
      description.setError(Ui.f(this, Key.ERROR_TOO_LONG_KB, limits.maxDescriptionBytes() / 1024));
      if (firstInvalid == null) firstInvalid = description;
    } else if (broken >= 0) {
      description.setError(Ui.f(this, Key.ERROR_HIDDEN_CHARACTER, Ui.position(typedText, text, broken)));
      if (firstInvalid == null) firstInvalid = description;
    }
    String mail = email.getText().toString().trim();
    if (!mail.isEmpty() && (mail.length() > Requester.MAX_EMAIL_CHARS || !EmailAddress.isWellFormed(mail))) {
      email.setError(Ui.s(this, Key.ERROR_EMAIL));
      if (firstInvalid == null) firstInvalid = email;
    }
    if (firstInvalid != null) {
      firstInvalid.requestFocus();
      return null;
    }
    Requester configured = HelpRuntime.get().requester();
    Requester requester = configured;
    if (!mail.isEmpty()) {
      requester = Requester.of(configured != null ? configured.id() : null, mail, configured != null ? configured.name() : null);
    }
    Object cat = category.getSelectedItem();
    return TicketDraft.builder()
        .subject(s)
        .description(text)
        .category(cat != null ? cat.toString() : null)
        .requester(requester)
        .includeScreenshot(attachScreenshot.isEnabled() && attachScreenshot.isChecked())
        .includeLogs(attachLogs.isChecked())
        .includeDiagnostics(true)
        .build();
  }

  /** Shows exactly what would be sent (redacted, with diagnostics and attachments) and enables Send. */
  void review() {
    TicketDraft draft = validate();
    if (draft == null) return;
    HelpRuntime sdk = HelpRuntime.get();
    int reviewedEdits = edits;
    reviewButton.setEnabled(false);
    sdk.background().run(() -> sdk.helpline().preview(draft), new Background.Callback<Preview>() {
      @Override public void onResult(Preview preview) {
        if (isDestroyed()) return;
        reviewButton.setEnabled(true);
        if (edits != reviewedEdits) return; // the form changed meanwhile: this is not what the user sees
        reviewed = preview;
        consent.setText(ConsentText.of(HelpFormActivity.this, preview));
        sendButton.setEnabled(true);
      }

      @Override public void onError(Throwable t) {
        if (isDestroyed()) return;
        reviewButton.setEnabled(true);
        showError(t);
      }
    });
  }

  /**
   * Queues the reviewed payload (a durable local write, off the main thread); the instance showing the form
   * when it is saved thanks the user, opens the ticket list and closes.
   */
  void send() {
    Preview preview = reviewed;
    if (preview == null) return;
    HelpRuntime sdk = HelpRuntime.get();
    String id = formId;
    sendButton.setEnabled(false);
    reviewButton.setEnabled(false);
    FormSends<Submission> sends = sdk.formSends();
    sends.started(id);
    sdk.background().run(() -> sdk.helpline().submit(preview), new Background.Callback<Submission>() {
      @Override public void onResult(Submission submission) {
        submitted = submission;
        sends.succeeded(id, submission); // to this instance, or the one that replaced it
      }

      @Override public void onError(Throwable t) {
        sends.failed(id, t);
      }
    });
  }

  private void sent(Submission submission) {
    submitted = submission;
    Toast.makeText(this, Ui.s(this, Key.THANKS), Toast.LENGTH_SHORT).show();
    startActivity(new Intent(this, TicketsActivity.class));
    finish();
  }

  /**
   * A failed review or send, in the user's language; the exception goes to the recent logs. A refused draft
   * is one that passed the form's checks but not the client's (a redaction marker can lengthen a text).
   */
  private void showError(Throwable t) {
    String message = t instanceof IllegalArgumentException ? Ui.failed(this, Key.ERROR_INVALID, "preparing the report", t)
        : Ui.failed(this, Key.ERROR_SAVE, "saving the report", t);
    error.setText(message);
    error.setVisibility(View.VISIBLE);
  }

  /**
   * Suggests active incidents that match the subject (Helpline's last status snapshot, memory only)
   * and the desk's articles for it (searched on a background thread), before the user files.
   */
  void deflect() {
    String query = subject.getText().toString().trim();
    if (query.length() < ArticleSearch.MIN_QUERY_CHARS) {
      suggestions.removeAllViews();
      suggestions.setVisibility(View.GONE);
      return;
    }
    HelpRuntime sdk = HelpRuntime.get();
    Locale locale = HelpRuntime.locale(this);
    sdk.background().run(() -> sdk.helpline().articles().search(query, locale), new Background.Callback<List<Article>>() {
      @Override public void onResult(List<Article> articles) {
        if (isDestroyed() || !subject.getText().toString().trim().equals(query)) return; // the user typed on
        showSuggestions(sdk.helpline().matchIncidents(deflectionDraft(query)), articles);
      }

      @Override public void onError(Throwable t) {
        // A desk without articles still deflects with incidents.
        sdk.logs().log("WARN", "help", "article search failed", t);
        if (isDestroyed() || !subject.getText().toString().trim().equals(query)) return;
        showSuggestions(sdk.helpline().matchIncidents(deflectionDraft(query)), Collections.emptyList());
      }
    });
  }

  /** What the form says so far, for incident matching (words of subject and description, the category). */
  private TicketDraft deflectionDraft(String query) {
    Object cat = category.getSelectedItem();
    return TicketDraft.builder()
        .subject(query)
        .description(description.getText().toString().trim())
        .category(cat != null ? cat.toString() : null)
        .build();
  }

  private void showSuggestions(List<Incident> incidents, List<Article> articles) {
    suggestions.removeAllViews();
    for (Incident incident : incidents) {
      String status = Ui.s(this, StatusText.incidentStatus(incident.status()));
      TextView t = Ui.text(this, Ui.f(this, Key.KNOWN_ISSUE, incident.name(), status), 14);
      t.setBackgroundColor(Ui.BANNER_COLOR);
      t.setTextColor(Ui.BANNER_TEXT);
      suggestions.addView(t, Ui.matchWidth());
    }
    for (Article a : articles) {
      String label = Ui.f(this, Key.MIGHT_HELP, a.title());
      Uri link = webLink(a.url());
      // An article the desk gave no web address is still worth reading the title of, but is no link.
      TextView t = link != null ? Ui.link(this, label, v -> open(link)) : Ui.text(this, label, 16);
      suggestions.addView(t, Ui.matchWidth());
    }
    suggestions.setVisibility(suggestions.getChildCount() > 0 ? View.VISIBLE : View.GONE);
  }

  /** {@code url} when it is an absolute http(s) address a browser can open, else null (empty, relative, other schemes). */
  static @Nullable Uri webLink(String url) {
    Uri uri = Uri.parse(url.trim());
    String scheme = uri.getScheme();
    boolean web = "https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme);
    return web && uri.getHost() != null && !uri.getHost().isEmpty() ? uri : null;
  }

  /** Opens {@code link} in the browser; a device without one gets a message, not a crash. */
  private void open(Uri link) {
    try {
      startActivity(new Intent(Intent.ACTION_VIEW, link));
    } catch (ActivityNotFoundException noBrowser) {
      Toast.makeText(this, Ui.failed(this, Key.NO_APP_FOR_LINK, "opening an article", noBrowser), Toast.LENGTH_LONG).show();
    }
  }
}
