package dev.helpline.android.internal;

import static dev.helpline.android.internal.HelpTestSupport.SCREENSHOT_MAX;
import static dev.helpline.android.internal.HelpTestSupport.TEST_TIMEOUT_MS;
import static dev.helpline.android.internal.HelpTestSupport.await;
import static dev.helpline.android.internal.HelpTestSupport.decode;
import static dev.helpline.android.internal.HelpTestSupport.distinctColours;
import static dev.helpline.android.internal.HelpTestSupport.offMain;
import static dev.helpline.android.internal.HelpTestSupport.settle;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.robolectric.Shadows.shadowOf;
import static org.robolectric.shadows.ShadowLooper.shadowMainLooper;

import android.content.Intent;
import android.graphics.Bitmap;
import android.view.View;
import android.widget.TextView;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.testkit.DeskTicket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.android.controller.ActivityController;
import org.robolectric.shadows.ShadowToast;

@RunWith(RobolectricTestRunner.class)
public class HelpFlowTest {
  private HelpTestSupport support;
  private ActivityController<HostActivity> controller;
  private HostActivity main;

  @Before
  public void setUp() throws Exception {
    support = HelpTestSupport.start();
    controller = Robolectric.buildActivity(HostActivity.class).setup();
    main = controller.get();
    settle();
  }

  @After
  public void tearDown() {
    if (controller != null) controller.pause().stop().destroy();
    if (support != null) support.stop();
  }

  private HelpFormActivity openForm() throws InterruptedException {
    main.helpButton.performClick();
    Intent next = shadowOf(main).getNextStartedActivity();
    HelpFormActivity form = Robolectric.buildActivity(HelpFormActivity.class, next).setup().get();
    settle();
    return form;
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aDoubleTapOnTheHelpButtonOpensOneFormAndHelpOpensAgainOnceTheFormIsClosed() throws Exception {
    main.helpButton.performClick();
    main.helpButton.performClick(); // the second tap lands before the form's window covers the host

    Intent first = shadowOf(main).getNextStartedActivity();
    assertEquals(HelpFormActivity.class.getName(), first.getComponent().getClassName());
    assertNull("one report form per gesture", shadowOf(main).getNextStartedActivity());

    controller.pause().stop(); // the form covers the host; the user closes it
    ActivityController<HelpFormActivity> form = Robolectric.buildActivity(HelpFormActivity.class, first).setup();
    form.get().finish();
    form.pause().stop().destroy();
    controller.restart().resume();
    settle();

    main.helpButton.performClick();
    Intent again = shadowOf(main).getNextStartedActivity();
    assertNotNull("help opens again once the user is back", again);
    assertEquals(HelpFormActivity.class.getName(), again.getComponent().getClassName());
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void anEmptySubjectShowsAnInlineErrorAndSubmitsNothing() throws Exception {
    HelpFormActivity form = openForm();
    form.description.setText("It crashed");
    form.email.setText("not an address");

    form.reviewButton.performClick();
    settle();

    assertEquals("Enter a subject", String.valueOf(form.subject.getError()));
    assertNotNull(form.email.getError());
    assertNull(form.reviewed);
    assertFalse(form.sendButton.isEnabled());
    form.sendButton.performClick(); // disabled, and nothing reviewed: a no-op
    settle();
    assertNull(form.submitted);
    assertEquals(0, support.desk.ticketCount());
    assertTrue(offMain(() -> HelpRuntime.get().helpline().submissions()).isEmpty());
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void submitQueuesTheReviewedReportAndDeliversItWithTheMaskedScreenshot() throws Exception {
    HelpFormActivity form = openForm();
    assertTrue(form.attachScreenshot.isChecked());
    assertNotNull(form.screenshotPreview.getDrawable());
    form.subject.setText("Transfers fail");
    form.description.setText("Every transfer fails. Reach me at ada.private@example.org");
    form.attachLogs.setChecked(true);

    form.reviewButton.performClick();
    settle();

    String consent = form.consent.getText().toString();
    assertTrue(consent, consent.contains("Subject: Transfers fail"));
    assertTrue(consent, consent.contains("screenshot.png"));
    assertTrue(consent, consent.contains("diagnostics.json"));
    assertTrue(consent, consent.contains("logs.txt"));
    assertFalse("the consent preview is redacted", consent.contains("ada.private@example.org"));
    assertTrue(form.sendButton.isEnabled());

    form.sendButton.performClick();
    settle();

    Submission submission = form.submitted;
    assertNotNull("queued", submission);
    assertEquals(Submission.State.QUEUED, submission.state());
    assertTrue(form.isFinishing());
    assertEquals(TicketsActivity.class.getName(), shadowOf(form).getNextStartedActivity().getComponent().getClassName());

    Ticket ticket = await(submission.delivery());
    DeskTicket atDesk = support.desk.ticket(ticket.id());
    assertEquals("Transfers fail", atDesk.subject());
    assertFalse(atDesk.description().contains("ada.private@example.org"));
    DeskTicket.File png = atDesk.attachments().stream().filter(f -> f.fileName().equals("screenshot.png")).findFirst()
        .orElseThrow(() -> new AssertionError("no screenshot at the desk: " + atDesk.attachments()));
    Bitmap shot = decode(png.bytes());
    View root = main.getWindow().getDecorView();
    assertEquals(SCREENSHOT_MAX, Math.max(shot.getWidth(), shot.getHeight()));
    assertEquals((double) root.getWidth() / root.getHeight(), (double) shot.getWidth() / shot.getHeight(), 0.02);
    assertTrue(distinctColours(shot) > 5);
    int[] loc = new int[2];
    main.accountNumber.getLocationInWindow(loc);
    double scale = (double) shot.getWidth() / root.getWidth();
    assertEquals(WindowScreenshots.MASK_COLOR, shot.getPixel((int) ((loc[0] + main.accountNumber.getWidth() / 2.0) * scale),
        (int) ((loc[1] + main.accountNumber.getHeight() / 2.0) * scale)));
    String diagnostics = new String(atDesk.attachments().stream().filter(f -> f.fileName().equals("diagnostics.json"))
        .findFirst().orElseThrow(AssertionError::new).bytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(diagnostics, diagnostics.contains("\"api_level\""));
    assertTrue(diagnostics, diagnostics.contains("\"density_dpi\""));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void editingAfterReviewAsksForANewReview() throws Exception {
    HelpFormActivity form = openForm();
    form.subject.setText("Transfers fail");
    form.reviewButton.performClick();
    settle();
    assertTrue(form.sendButton.isEnabled());

    form.description.setText("Added a detail after reviewing");

    assertFalse(form.sendButton.isEnabled());
    assertNull(form.reviewed);
    assertEquals("", form.consent.getText().toString());

    // An edit while a review is still running: that review is never offered for sending.
    form.reviewButton.performClick();
    form.description.setText("Typed while the review ran");
    settle();
    assertNull(form.reviewed);
    assertFalse(form.sendButton.isEnabled());
    assertEquals("", form.consent.getText().toString());
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void theTicketListShowsStatesAndTheAgentsReplyAndTheUserRepliesAndRates() throws Exception {
    HelpFormActivity form = openForm();
    form.subject.setText("Card blocked");
    form.description.setText("My card is blocked since this morning.");
    form.reviewButton.performClick();
    settle();
    form.sendButton.performClick();
    settle();
    Ticket ticket = await(form.submitted.delivery());

    ActivityController<TicketsActivity> listController = Robolectric.buildActivity(TicketsActivity.class).setup();
    TicketsActivity list = listController.get();
    settle();
    assertEquals(List.of("Card blocked — SENT"), labels(list));

    support.desk.admin().reply(ticket.id(), "We unblocked your card, please try again.");
    list.reload();
    settle();
    assertEquals(List.of("Card blocked — AGENT_REPLIED"), labels(list));

    list.list.getChildAt(0).performClick();
    Intent open = shadowOf(list).getNextStartedActivity();
    assertEquals(ticket.id(), open.getStringExtra(ConversationActivity.EXTRA_TICKET_ID));
    ConversationActivity conversation = Robolectric.buildActivity(ConversationActivity.class, open).setup().get();
    settle();
    // The conversation starts with the original report, its attachments listed under it.
    String first = text(conversation.messages, 0);
    assertTrue(first, first.startsWith("You: My card is blocked since this morning.\n"));
    assertTrue(first, first.contains("\nAttachment: screenshot.png"));
    assertEquals("Support: We unblocked your card, please try again.", text(conversation.messages, 1));
    assertEquals(View.GONE, conversation.rating.getVisibility());

    conversation.replyField.setText("Works now, thanks!");
    conversation.replyButton.performClick();
    settle();
    assertEquals("You: Works now, thanks!", text(conversation.messages, 2));
    List<String> atDesk = support.desk.ticket(ticket.id()).messages().stream().map(DeskTicket.Message::body)
        .collect(Collectors.toList());
    assertTrue(atDesk.toString(), atDesk.contains("Works now, thanks!"));

    support.desk.admin().setStatus(ticket.id(), "solved");
    conversation.reload();
    settle();
    assertEquals(View.VISIBLE, conversation.rating.getVisibility());
    ((android.view.ViewGroup) conversation.rating.getChildAt(1)).getChildAt(4).performClick(); // "5★"
    settle();
    assertEquals(Integer.valueOf(5), support.desk.ticket(ticket.id()).ratingScore());
    assertEquals(View.GONE, conversation.rating.getVisibility());

    list.reload();
    settle();
    assertEquals(List.of("Card blocked — RESOLVED"), labels(list));
    listController.pause().stop().destroy();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void deliveryResumesWhenConnectivityReturns() throws Exception {
    HelpRuntime.get().watchConnectivity();
    // The first attempt is told to come back in ten minutes: only the network callback can make it sooner.
    support.desk.faults().forPath("POST", "/v1/tickets").rateLimitNext(1, Duration.ofMinutes(10));
    CompletableFuture<Void> retrying = new CompletableFuture<>();
    ActivityController<TicketsActivity> listController = Robolectric.buildActivity(TicketsActivity.class).setup();
    TicketsActivity list = listController.get();
    HelpRuntime.get().addSubmissionObserver(() -> {
      if (HelpRuntime.get().logs().snapshot().contains("will be retried")) retrying.complete(null);
    });

    HelpFormActivity form = openForm();
    form.subject.setText("Offline report");
    form.reviewButton.performClick();
    settle();
    form.sendButton.performClick();
    settle();
    await(retrying);
    settle();
    assertEquals(List.of("Offline report — QUEUED"), labels(list));
    assertFalse(form.submitted.delivery().isDone());

    android.net.ConnectivityManager cm = main.getSystemService(android.net.ConnectivityManager.class);
    java.util.Set<android.net.ConnectivityManager.NetworkCallback> callbacks = shadowOf(cm).getNetworkCallbacks();
    assertEquals(1, callbacks.size());
    callbacks.iterator().next().onAvailable(org.robolectric.shadows.ShadowNetwork.newInstance(1));

    Ticket ticket = await(form.submitted.delivery());
    assertEquals("Offline report", support.desk.ticket(ticket.id()).subject());
    settle();
    assertEquals(List.of("Offline report — SENT"), labels(list));
    listController.pause().stop().destroy();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aReportTheDeskRefusedIsListedWithTheReasonAndCanBeSentAgain() throws Exception {
    support.desk.faults().forPath("POST", "/v1/tickets").failNext(1, 422);
    ActivityController<TicketsActivity> listController = Robolectric.buildActivity(TicketsActivity.class).setup();
    TicketsActivity list = listController.get();
    HelpFormActivity form = openForm();
    form.subject.setText("Refused once");
    form.reviewButton.performClick();
    settle();
    form.sendButton.performClick();
    settle();
    CompletableFuture<Ticket> firstTry = form.submitted.delivery();
    java.util.concurrent.ExecutionException refused =
        org.junit.Assert.assertThrows(java.util.concurrent.ExecutionException.class, () -> await(firstTry));
    assertTrue(String.valueOf(refused.getCause()), refused.getCause() instanceof dev.helpline.DeskException);
    settle();
    assertEquals(1, list.rows.size());
    assertEquals(TicketState.NOT_SENT, list.rows.get(0).state);
    assertNotNull(list.rows.get(0).detail);
    assertEquals(0, support.desk.ticketCount());

    list.list.getChildAt(0).performClick(); // "Tap to send again"
    settle();
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    while (support.desk.ticketCount() == 0 && System.nanoTime() < deadline) {
      await(offMainFuture(() -> HelpRuntime.get().helpline().flush().get(10, java.util.concurrent.TimeUnit.SECONDS)));
    }
    assertEquals(1, support.desk.ticketCount());
    list.reload();
    settle();
    assertEquals(List.of("Refused once — SENT"), labels(list));
    listController.pause().stop().destroy();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aReportThatCannotBeSentAgainSaysSoWithoutTheErrorText() throws Exception {
    support.desk.faults().forPath("POST", "/v1/tickets").failNext(1, 500);
    support.desk.faults().forPath("POST", "/v1/tickets").failNext(1, 422);
    Submission submitted = offMain(() -> HelpRuntime.get().helpline().submit(
        dev.helpline.TicketDraft.builder().subject("Refused report").build()));
    org.junit.Assert.assertThrows(java.util.concurrent.ExecutionException.class, () -> await(submitted.delivery()));
    ActivityController<TicketsActivity> listController = Robolectric.buildActivity(TicketsActivity.class).setup();
    TicketsActivity list = listController.get();
    settle();
    assertEquals(TicketState.NOT_SENT, list.rows.get(0).state);
    // Discarded elsewhere just before the tap: sending it again fails on the device.
    offMain(() -> {
      HelpRuntime.get().helpline().discard(submitted.id());
      return null;
    });
    settle();
    list.retry(submitted.id());
    settle();

    String shown = list.empty.getText().toString();
    assertEquals("Could not send this report again. Try again later.", shown);
    assertEquals(View.VISIBLE, list.empty.getVisibility());
    assertFalse(shown, shown.contains(submitted.id()));
    String log = HelpRuntime.get().logs().snapshot();
    assertTrue(log, log.contains("WARN help - sending submission " + submitted.id() + " again failed"));
    listController.pause().stop().destroy();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void reportsQueuedOnTheDeviceAreListedWhenTheDeskCannotBeReached() throws Exception {
    support.desk.faults().dropConnectionAtStartNext(1000); // no network: every request to the desk fails
    Submission queued = offMain(() -> HelpRuntime.get().helpline().submit(
        dev.helpline.TicketDraft.builder().subject("Offline report").build()));
    assertEquals(Submission.State.QUEUED, queued.state());

    ActivityController<TicketsActivity> listController = Robolectric.buildActivity(TicketsActivity.class).setup();
    TicketsActivity list = listController.get();
    settle();
    assertEquals(List.of("Offline report — QUEUED"), labels(list));
    assertEquals(View.VISIBLE, list.empty.getVisibility());
    assertEquals("Could not load your tickets from support. Try again later.", list.empty.getText().toString());
    String log = HelpRuntime.get().logs().snapshot();
    assertTrue(log, log.contains("loading the desk's tickets failed"));

    support.desk.faults().clear();
    list.reload();
    settle();
    assertEquals(1, list.rows.size()); // queued still, or sent by now
    assertEquals(View.GONE, list.empty.getVisibility());
    listController.pause().stop().destroy();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aTicketWhoseConversationFailsToLoadDoesNotHideTheOtherTickets() throws Exception {
    Ticket kept = await(offMain(() -> HelpRuntime.get().helpline().submit(
        dev.helpline.TicketDraft.builder().subject("Card blocked").build())).delivery());
    Ticket failing = await(offMain(() -> HelpRuntime.get().helpline().submit(
        dev.helpline.TicketDraft.builder().subject("Export fails").build())).delivery());
    Ticket deleted = await(offMain(() -> HelpRuntime.get().helpline().submit(
        dev.helpline.TicketDraft.builder().subject("Old question").build())).delivery());
    support.desk.admin().reply(kept.id(), "We unblocked your card.");
    support.desk.faults().forPath("GET", "/v1/tickets/" + failing.id() + "/messages").failNext(1000, 500);
    support.desk.faults().forPath("GET", "/v1/tickets/" + deleted.id() + "/messages").failNext(1000, 404);

    ActivityController<TicketsActivity> listController = Robolectric.buildActivity(TicketsActivity.class).setup();
    TicketsActivity list = listController.get();
    settle();

    List<String> shown = labels(list);
    assertTrue(shown.toString(), shown.contains("Card blocked — AGENT_REPLIED"));
    assertTrue(shown.toString(), shown.contains("Export fails — SENT")); // its status alone, without its conversation
    assertFalse(shown.toString(), shown.toString().contains("Old question")); // gone from the desk meanwhile
    assertEquals(View.GONE, list.empty.getVisibility());
    listController.pause().stop().destroy();
  }

  private static <T> CompletableFuture<T> offMainFuture(java.util.concurrent.Callable<T> call) {
    CompletableFuture<T> f = new CompletableFuture<>();
    new Thread(() -> {
      try {
        f.complete(call.call());
      } catch (Throwable t) {
        f.completeExceptionally(t);
      }
    }, "test-io").start();
    return f;
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void matchingIncidentsAndArticlesAreSuggestedBeforeFiling() throws Exception {
    support.desk.admin().publishStatus("{\"status\":{\"indicator\":\"major\",\"description\":\"Partial outage\"},"
        + "\"components\":[],\"scheduled_maintenances\":[],\"incidents\":["
        + "{\"id\":\"i1\",\"name\":\"Card payments failing\",\"status\":\"investigating\",\"impact\":\"major\"},"
        + "{\"id\":\"i2\",\"name\":\"Login slow\",\"status\":\"resolved\",\"impact\":\"minor\"}]}");
    support.desk.admin().addArticle("a1", "Why a card payment is declined", "Limits and blocked cards.",
        "https://help.example.com/a1");
    support.desk.admin().addArticle("a2", "Changing your address", "Profile settings.", "https://help.example.com/a2");
    await(HelpRuntime.get().helpline().statusMonitor().refresh()); // the incident is in Helpline's snapshot now
    HelpRuntime.get().screenshot().set(null);
    HelpFormActivity form = Robolectric.buildActivity(HelpFormActivity.class).setup().get();

    form.subject.setText("Card payment declined at login");
    shadowMainLooper().idleFor(Duration.ofMillis(HelpFormActivity.DEFLECTION_DELAY_MS + 100));
    settle();

    assertEquals(View.VISIBLE, form.suggestions.getVisibility());
    assertEquals(2, form.suggestions.getChildCount());
    assertEquals("Known issue: Card payments failing (investigating). We're working on it.", text(form.suggestions, 0));
    assertEquals("Might help: Why a card payment is declined", text(form.suggestions, 1));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void anArticleWithoutALinkIsPlainTextAndALinkNoAppCanOpenSaysSo() throws Exception {
    support.desk.admin().addArticle("a1", "Why a card payment is declined", "Limits and blocked cards.", "");
    support.desk.admin().addArticle("a2", "Card payment limits", "Daily limits.", "https://help.example.com/a2");
    HelpRuntime.get().screenshot().set(null);
    HelpFormActivity form = Robolectric.buildActivity(HelpFormActivity.class).setup().get();
    shadowOf(HelpTestSupport.application()).checkActivities(true); // as on a device: no browser, no activity

    form.subject.setText("Card payment declined");
    shadowMainLooper().idleFor(Duration.ofMillis(HelpFormActivity.DEFLECTION_DELAY_MS + 100));
    settle();

    assertEquals(2, form.suggestions.getChildCount());
    View noLink = form.suggestions.getChildAt(0);
    View link = form.suggestions.getChildAt(1);
    assertEquals("Might help: Why a card payment is declined", text(form.suggestions, 0));
    assertFalse("an article without an address is no link", noLink.isClickable());
    assertFalse(noLink.performClick());
    assertEquals("Might help: Card payment limits", text(form.suggestions, 1));
    assertTrue(link.performClick()); // nothing handles the link: a message instead of a crash
    assertEquals("No app on this device can open this link.", ShadowToast.getTextOfLatestToast());
    assertFalse(form.isFinishing());
  }

  private static List<String> labels(TicketsActivity list) {
    return list.rows.stream().map(Object::toString).collect(Collectors.toList());
  }

  private static String text(android.view.ViewGroup group, int index) {
    return ((TextView) group.getChildAt(index)).getText().toString();
  }
}
