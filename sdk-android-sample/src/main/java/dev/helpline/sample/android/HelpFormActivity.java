package dev.helpline.sample.android;

import android.app.Activity;
import android.content.Intent;
import android.graphics.Bitmap;
import android.graphics.Color;
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
import dev.helpline.Preview;
import dev.helpline.Requester;
import dev.helpline.Submission;
import dev.helpline.TicketDraft;
import dev.helpline.Article;
import dev.helpline.articles.ArticleSearch;
import dev.helpline.status.Incident;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The help form: subject, description, category, e-mail, "attach screenshot" with a preview of
 * the captured window, "attach logs", matching incidents and articles before filing, and a consent
 * preview of exactly what will be sent. "Send" queues precisely the reviewed payload; any edit
 * after review asks for a new review.
 */
public class HelpFormActivity extends Activity {
  static final String[] CATEGORIES = {"Something is broken", "Billing", "Account", "Other"};
  static final long DEFLECTION_DELAY_MS = 400;
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

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
  @Nullable Preview reviewed;
  @Nullable Submission submitted;
  private final Handler handler = new Handler(Looper.getMainLooper());
  private final Runnable deflect = this::deflect;
  /** Bumped by every edit, so a review that was running while the user typed is not offered for sending. */
  private int edits;

  @Override
  protected void onCreate(@Nullable Bundle savedInstanceState) {
    setTheme(Ui.THEME);
    super.onCreate(savedInstanceState);
    setTitle("Help");
    HelpSdk sdk = HelpSdk.get();
    LinearLayout root = Ui.column(this);
    root.setBackgroundColor(Color.WHITE);
    root.addView(Ui.text(this, "Contact support", 20));

    subject = Ui.singleLine(this, "Subject");
    root.addView(subject, Ui.matchWidth());
    suggestions = Ui.column(this);
    suggestions.setVisibility(View.GONE);
    root.addView(suggestions, Ui.matchWidth());
    description = Ui.field(this, "What happened?", InputType.TYPE_CLASS_TEXT | InputType.TYPE_TEXT_FLAG_MULTI_LINE);
    description.setMinLines(3);
    root.addView(description, Ui.matchWidth());
    category = new Spinner(this);
    ArrayAdapter<String> categories = new ArrayAdapter<>(this, android.R.layout.simple_spinner_item, CATEGORIES);
    categories.setDropDownViewResource(android.R.layout.simple_spinner_dropdown_item);
    category.setAdapter(categories);
    root.addView(category, Ui.matchWidth());
    email = Ui.field(this, "E-mail for our answer", InputType.TYPE_CLASS_TEXT | InputType.TYPE_TEXT_VARIATION_EMAIL_ADDRESS);
    Requester requester = sdk.requester();
    if (requester != null && requester.email() != null) email.setText(requester.email());
    root.addView(email, Ui.matchWidth());

    attachScreenshot = new CheckBox(this);
    screenshotPreview = new ImageView(this);
    screenshotPreview.setAdjustViewBounds(true);
    Bitmap shot = sdk.screenshot().current();
    if (shot != null) {
      attachScreenshot.setText("Attach screenshot");
      attachScreenshot.setChecked(true);
      screenshotPreview.setImageBitmap(shot);
    } else {
      attachScreenshot.setText("Screenshot unavailable for this screen");
      attachScreenshot.setChecked(false);
      attachScreenshot.setEnabled(false);
      screenshotPreview.setVisibility(View.GONE);
    }
    root.addView(attachScreenshot);
    root.addView(screenshotPreview, new LinearLayout.LayoutParams(Ui.dp(this, 120), LinearLayout.LayoutParams.WRAP_CONTENT));
    attachLogs = new CheckBox(this);
    attachLogs.setText("Attach recent logs");
    root.addView(attachLogs);

    error = Ui.text(this, "", 14);
    error.setTextColor(Ui.ERROR_COLOR);
    error.setVisibility(View.GONE);
    root.addView(error, Ui.matchWidth());
    reviewButton = Ui.button(this, "Review what will be sent", v -> review());
    root.addView(reviewButton, Ui.matchWidth());
    consent = Ui.text(this, "", 12);
    consent.setTypeface(android.graphics.Typeface.MONOSPACE);
    root.addView(consent, Ui.matchWidth());
    sendButton = Ui.button(this, "Send", v -> send());
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
      invalidateReview();
    });
    attachLogs.setOnCheckedChangeListener((b, checked) -> invalidateReview());
    category.setOnItemSelectedListener(new AdapterView.OnItemSelectedListener() {
      @Override public void onItemSelected(AdapterView<?> parent, View view, int position, long id) {
        invalidateReview();
      }

      @Override public void onNothingSelected(AdapterView<?> parent) {}
    });

    ScrollView scroll = new ScrollView(this);
    scroll.addView(root);
    setContentView(scroll);
  }

  @Override
  protected void onDestroy() {
    handler.removeCallbacks(deflect);
    if (isFinishing()) HelpSdk.get().screenshot().set(null); // the capture belongs to this form only
    super.onDestroy();
  }

  private void invalidateReview() {
    edits++;
    reviewed = null;
    sendButton.setEnabled(false);
    consent.setText("");
  }

  /** Validates the form inline; returns the draft, or null with errors shown on the fields. */
  @Nullable TicketDraft validate() {
    error.setVisibility(View.GONE);
    boolean ok = true;
    String s = subject.getText().toString().trim();
    if (s.isEmpty()) {
      subject.setError("Enter a subject");
      ok = false;
    }
    String mail = email.getText().toString().trim();
    if (!mail.isEmpty() && !EMAIL.matcher(mail).matches()) {
      email.setError("Enter an e-mail address like name@example.com");
      ok = false;
    }
    if (!ok) return null;
    Requester configured = HelpSdk.get().requester();
    Requester requester = configured;
    if (!mail.isEmpty()) {
      requester = Requester.of(configured != null ? configured.id() : null, mail, configured != null ? configured.name() : null);
    }
    Object cat = category.getSelectedItem();
    return TicketDraft.builder()
        .subject(s)
        .description(description.getText().toString().trim())
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
    HelpSdk sdk = HelpSdk.get();
    int reviewedEdits = edits;
    reviewButton.setEnabled(false);
    sdk.background().run(() -> sdk.helpline().preview(draft), new Background.Callback<Preview>() {
      @Override public void onResult(Preview preview) {
        if (isDestroyed()) return;
        reviewButton.setEnabled(true);
        if (edits != reviewedEdits) return; // the form changed meanwhile: this is not what the user sees
        reviewed = preview;
        String summary = preview.diagnosticsSummary();
        consent.setText(preview + (summary != null ? "\nDiagnostics:\n" + summary : ""));
        sendButton.setEnabled(true);
      }

      @Override public void onError(Throwable t) {
        if (isDestroyed()) return;
        reviewButton.setEnabled(true);
        showError(t);
      }
    });
  }

  /** Queues the reviewed payload (a durable local write, off the main thread) and opens the ticket list. */
  void send() {
    Preview preview = reviewed;
    if (preview == null) return;
    HelpSdk sdk = HelpSdk.get();
    sendButton.setEnabled(false);
    sdk.background().run(() -> sdk.helpline().submit(preview), new Background.Callback<Submission>() {
      @Override public void onResult(Submission submission) {
        submitted = submission;
        if (isDestroyed()) return;
        Toast.makeText(HelpFormActivity.this, "Thanks! We'll send it as soon as we can.", Toast.LENGTH_SHORT).show();
        startActivity(new Intent(HelpFormActivity.this, TicketsActivity.class));
        finish();
      }

      @Override public void onError(Throwable t) {
        if (isDestroyed()) return;
        sendButton.setEnabled(true);
        showError(t);
      }
    });
  }

  private void showError(Throwable t) {
    String message = t instanceof IOException ? "Could not save your report: " + t.getMessage() : String.valueOf(t.getMessage());
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
    HelpSdk sdk = HelpSdk.get();
    Locale locale = HelpSdk.appLocale(this);
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
      String status = incident.status().wireName().replace('_', ' ');
      TextView t = Ui.text(this, "Known issue: " + incident.name() + " (" + status + "). We're working on it.", 14);
      t.setBackgroundColor(Ui.BANNER_COLOR);
      suggestions.addView(t, Ui.matchWidth());
    }
    for (Article a : articles) {
      TextView t = Ui.text(this, "Might help: " + a.title(), 14);
      t.setTextColor(0xFF1565C0);
      t.setOnClickListener(v -> startActivity(new Intent(Intent.ACTION_VIEW, Uri.parse(a.url()))));
      suggestions.addView(t, Ui.matchWidth());
    }
    suggestions.setVisibility(suggestions.getChildCount() > 0 ? View.VISIBLE : View.GONE);
  }
}
