package dev.helpline.android.internal;

import static dev.helpline.android.internal.HelpTestSupport.TEST_TIMEOUT_MS;
import static dev.helpline.android.internal.HelpTestSupport.await;
import static dev.helpline.android.internal.HelpTestSupport.offMain;
import static dev.helpline.android.internal.HelpTestSupport.settle;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.robolectric.Shadows.shadowOf;

import android.app.Activity;
import android.content.Intent;
import android.view.View;
import android.view.ViewGroup;
import android.widget.EditText;
import android.widget.TextView;
import dev.helpline.Ticket;
import dev.helpline.TicketDraft;
import dev.helpline.android.HelplineAndroid;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.android.controller.ActivityController;

/**
 * Every control on every screen has a TalkBack label (its content description, hint, or a view whose labelFor
 * names it) and a touch target of at least 48 x 48 dp; messages that appear after an action are read out.
 */
@RunWith(RobolectricTestRunner.class)
public class AccessibilityTest {
  private HelpTestSupport support;
  private final List<ActivityController<?>> open = new ArrayList<>();

  @Before
  public void setUp() throws Exception {
    support = HelpTestSupport.start();
  }

  @After
  public void tearDown() {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).pause().stop().destroy();
    support.stop();
  }

  private <A extends Activity> A launch(Class<A> type, Intent intent) throws Exception {
    ActivityController<A> c = Robolectric.buildActivity(type, intent).setup();
    open.add(c);
    settle();
    return c.get();
  }

  /** Checks every visible control under {@code root}; returns how many it checked. */
  static int assertAccessible(View root) {
    int minPx = Math.round(Ui.MIN_TOUCH_DP * root.getResources().getDisplayMetrics().density);
    List<String> problems = new ArrayList<>();
    int[] checked = {0};
    walk(root, v -> {
      boolean control = v.isClickable() || v instanceof EditText || v instanceof AnnotationView;
      if (!control || !v.isShown()) return;
      checked[0]++;
      CharSequence label = v.getContentDescription();
      if ((label == null || label.length() == 0) && v instanceof EditText) label = ((EditText) v).getHint();
      TextView labelView = labelOf(root, v);
      if ((label == null || label.length() == 0) && labelView != null) label = labelView.getText();
      String name = v.getClass().getSimpleName() + (v instanceof TextView ? " '" + ((TextView) v).getText() + "'" : "");
      if (label == null || label.toString().trim().isEmpty()) problems.add(name + " has no label");
      if (v.getWidth() < minPx || v.getHeight() < minPx) {
        problems.add(name + " is " + v.getWidth() + "x" + v.getHeight() + " px, under " + minPx);
      }
    });
    assertTrue(String.join("\n", problems), problems.isEmpty());
    return checked[0];
  }

  private static void walk(View v, java.util.function.Consumer<View> visit) {
    visit.accept(v);
    if (v instanceof ViewGroup) {
      ViewGroup g = (ViewGroup) v;
      for (int i = 0; i < g.getChildCount(); i++) walk(g.getChildAt(i), visit);
    }
  }

  private static View content(Activity a) {
    return a.findViewById(android.R.id.content);
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void theHelpButtonTheFormAndTheEditorAreLabelledWithLargeTouchTargets() throws Exception {
    support.desk.admin().publishNotice("{\"id\":\"n1\",\"type\":\"announcement\",\"title\":\"New cards arrive\"}");
    HostActivity host = launch(HostActivity.class, new Intent());
    await(HelplineAndroid.helpline().noticeCenter().refresh());
    assertEquals("New cards arrive", host.banner.noticeView().getText().toString());
    assertEquals(1, assertAccessible(host.banner)); // dismiss
    assertEquals(1, assertAccessible(host.helpButton));

    host.helpButton.performClick();
    HelpFormActivity form = launch(HelpFormActivity.class, shadowOf(host).getNextStartedActivity());
    form.subject.setText("Card payment"); // suggestions would be checked too
    form.reviewButton.performClick();
    settle();
    int formControls = assertAccessible(content(form));
    assertTrue("subject, description, category, e-mail, toggles, buttons: " + formControls, formControls >= 10);

    form.annotateButton.performClick();
    AnnotateActivity editor = launch(AnnotateActivity.class, shadowOf(form).getNextStartedActivity());
    assertEquals(6, assertAccessible(content(editor))); // three tools, undo, done, the canvas
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void myTicketsAndTheConversationAreLabelledWithLargeTouchTargets() throws Exception {
    Ticket ticket = await(offMain(() -> HelplineAndroid.helpline().submit(TicketDraft.builder().subject("Card blocked")
        .description("Since this morning.").build())).delivery());
    support.desk.admin().reply(ticket.id(), "Unblocked it.");
    support.desk.admin().setStatus(ticket.id(), "solved");
    support.desk.faults().forPath("POST", "/v1/tickets").failNext(1, 422);
    dev.helpline.Submission refused = offMain(() -> HelplineAndroid.helpline().submit(TicketDraft.builder().subject("Refused").build()));
    org.junit.Assert.assertThrows(java.util.concurrent.ExecutionException.class, () -> await(refused.delivery()));

    TicketsActivity list = launch(TicketsActivity.class, new Intent());
    assertEquals(2, list.list.getChildCount());
    assertEquals(2, assertAccessible(content(list)));

    list.list.getChildAt(list.rows.get(0).ticketId != null ? 0 : 1).performClick();
    ConversationActivity conversation = launch(ConversationActivity.class, shadowOf(list).getNextStartedActivity());
    assertEquals(View.VISIBLE, conversation.rating.getVisibility());
    // reply field, attach, reply, five stars
    assertEquals(8, assertAccessible(content(conversation)));
    assertEquals("Rate 5 of 5",
        ((ViewGroup) conversation.rating.getChildAt(1)).getChildAt(4).getContentDescription().toString());
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aReportTheFormCannotPrepareIsAnnouncedNotOnlyShownInRed() throws Exception {
    HelpFormActivity form = launch(HelpFormActivity.class, new Intent());
    // 200 characters, within the limit; "[email]" is one longer than the address it replaces.
    form.subject.setText("x".repeat(193) + " a@b.co");
    form.reviewButton.performClick();
    settle();
    assertEquals(View.VISIBLE, form.error.getVisibility());
    assertEquals(View.ACCESSIBILITY_LIVE_REGION_POLITE, form.error.getAccessibilityLiveRegion());
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aReplyTheDeskFailsIsAnnounced() throws Exception {
    Ticket ticket = await(offMain(() -> HelplineAndroid.helpline().submit(TicketDraft.builder().subject("Card blocked")
        .build())).delivery());
    ConversationActivity conversation = launch(ConversationActivity.class,
        new Intent().putExtra(ConversationActivity.EXTRA_TICKET_ID, ticket.id()));
    support.desk.faults().forPath("POST", "/v1/tickets").failNext(100, 500);
    conversation.replyField.setText("Still blocked.");
    conversation.replyButton.performClick();
    settle();
    assertEquals("Could not send your reply. It is still here; try again later.", conversation.info.getText().toString());
    assertEquals(View.ACCESSIBILITY_LIVE_REGION_POLITE, conversation.info.getAccessibilityLiveRegion());
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void myTicketsAnnouncesThatTheDeskCannotBeReached() throws Exception {
    support.desk.faults().dropConnectionAtStartNext(1000);
    TicketsActivity list = launch(TicketsActivity.class, new Intent());
    assertEquals("Could not load your tickets from support. Try again later.", list.empty.getText().toString());
    assertEquals(View.ACCESSIBILITY_LIVE_REGION_POLITE, list.empty.getAccessibilityLiveRegion());
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void theCategoryHasAVisibleLabelTiedToItAndTalkBackStillHearsTheChoice() throws Exception {
    HelpFormActivity form = launch(HelpFormActivity.class, new Intent());
    form.category.setSelection(1);
    settle();
    TextView label = labelOf(content(form), form.category);
    assertTrue("no view has labelFor set to the category", label != null);
    assertEquals("Category", label.getText().toString());
    assertTrue(label.isShown());
    CharSequence description = form.category.getContentDescription();
    assertTrue("the description hides the chosen category: " + description,
        description == null || description.toString().contains("Billing"));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void theFirstFieldWithAnErrorTakesTheFocusSoItsMessageIsShownAndRead() throws Exception {
    HelpFormActivity form = launch(HelpFormActivity.class, new Intent());
    form.email.setText("not an address");
    form.description.requestFocus();
    form.description.setText("It crashed");
    assertTrue(form.description.isFocused());
    form.reviewButton.performClick();
    settle();
    assertEquals("Enter a subject", String.valueOf(form.subject.getError()));
    assertTrue("the subject, whose error only shows as an icon while another field has the focus",
        form.subject.isFocused());
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void whatWillBeSentIsReadOutWhenTheReviewIsReady() throws Exception {
    HelpFormActivity form = launch(HelpFormActivity.class, new Intent());
    form.subject.setText("Card payment fails");
    form.reviewButton.performClick();
    settle();
    assertTrue(form.consent.getText().toString(), form.consent.getText().toString().startsWith("This is exactly what will be sent:"));
    assertEquals(View.ACCESSIBILITY_LIVE_REGION_POLITE, form.consent.getAccessibilityLiveRegion());
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void suggestionsAreReadOutWhenTheyAppearWhileTheUserTypes() throws Exception {
    support.desk.admin().publishStatus("{\"status\":{\"indicator\":\"major\",\"description\":\"Partial outage\"},"
        + "\"components\":[],\"scheduled_maintenances\":[],\"incidents\":["
        + "{\"id\":\"i1\",\"name\":\"Card payments fail\",\"status\":\"investigating\",\"impact\":\"major\"}]}");
    await(HelplineAndroid.helpline().statusMonitor().refresh());
    HelpFormActivity form = launch(HelpFormActivity.class, new Intent());
    form.subject.setText("Card payments");
    org.robolectric.shadows.ShadowLooper.shadowMainLooper()
        .idleFor(java.time.Duration.ofMillis(HelpFormActivity.DEFLECTION_DELAY_MS + 100));
    settle();
    assertEquals(View.VISIBLE, form.suggestions.getVisibility());
    assertTrue(((TextView) form.suggestions.getChildAt(0)).getText().toString().startsWith("Known issue: Card payments fail"));
    assertEquals(View.ACCESSIBILITY_LIVE_REGION_POLITE, form.suggestions.getAccessibilityLiveRegion());
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aScreenshotThatWillNotBeAttachedIsNotAnnouncedAsOneThatWill() throws Exception {
    HostActivity host = launch(HostActivity.class, new Intent());
    host.helpButton.performClick();
    HelpFormActivity form = launch(HelpFormActivity.class, shadowOf(host).getNextStartedActivity());
    assertEquals(View.VISIBLE, form.screenshotPreview.getVisibility());
    assertTrue(form.screenshotPreview.isImportantForAccessibility()); // "Screenshot that will be attached"

    form.attachScreenshot.setChecked(false); // only dimmed on screen
    org.junit.Assert.assertFalse(form.screenshotPreview.isImportantForAccessibility());
    form.attachScreenshot.setChecked(true);
    assertTrue(form.screenshotPreview.isImportantForAccessibility());
  }

  /** The text view under {@code root} whose labelFor names {@code field}, or null. */
  static TextView labelOf(View root, View field) {
    TextView[] found = {null};
    if (field.getId() == View.NO_ID) return null;
    walk(root, v -> {
      if (v instanceof TextView && ((TextView) v).getLabelFor() == field.getId()) found[0] = (TextView) v;
    });
    return found[0];
  }
}
