package dev.helpline.android.internal;

import static dev.helpline.android.internal.HelpTestSupport.TEST_TIMEOUT_MS;
import static dev.helpline.android.internal.HelpTestSupport.await;
import static dev.helpline.android.internal.HelpTestSupport.offMain;
import static dev.helpline.android.internal.HelpTestSupport.settle;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.robolectric.Shadows.shadowOf;

import android.app.Activity;
import android.content.Intent;
import android.net.Uri;
import android.view.View;
import android.widget.TextView;
import dev.helpline.Ticket;
import dev.helpline.TicketDraft;
import dev.helpline.android.HelplineAndroid;
import dev.helpline.testkit.DeskTicket;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.android.controller.ActivityController;
import org.robolectric.annotation.Config;
import org.robolectric.shadows.ShadowActivity;

/** Replies with a file the user picked; what the user sees when the desk fails a load, a reply or a rating. */
@RunWith(RobolectricTestRunner.class)
public class ConversationTest {
  private HelpTestSupport support;
  private ActivityController<ConversationActivity> controller;

  @After
  public void tearDown() {
    if (controller != null) controller.pause().stop().destroy();
    if (support != null) support.stop();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aReplyCarriesAPickedFileToTheDeskAndTheConversationListsIt() throws Exception {
    support = HelpTestSupport.start();
    Ticket ticket = await(offMain(() -> HelplineAndroid.helpline().submit(TicketDraft.builder()
        .subject("Export fails").description("The CSV export stops halfway.").build())).delivery());
    controller = Robolectric.buildActivity(ConversationActivity.class, new Intent()
        .putExtra(ConversationActivity.EXTRA_TICKET_ID, ticket.id())
        .putExtra(ConversationActivity.EXTRA_SUBJECT, "Export fails")).setup();
    ConversationActivity conversation = controller.get();
    settle();

    conversation.attachButton.performClick();
    ShadowActivity.IntentForResult pick = shadowOf(conversation).getNextStartedActivityForResult();
    assertEquals(Intent.ACTION_GET_CONTENT, pick.intent.getAction());
    byte[] log = "12:00:01 export started\n12:00:09 out of memory\n".getBytes(StandardCharsets.UTF_8);
    Uri uri = Uri.parse("content://com.example.files/exports/export-log.txt");
    shadowOf(conversation.getContentResolver()).registerInputStream(uri, new ByteArrayInputStream(log));
    shadowOf(conversation).receiveResult(pick.intent, Activity.RESULT_OK, new Intent().setData(uri));
    settle();
    assertEquals(1, conversation.picked.size());
    assertEquals("Remove export-log.txt", ((TextView) conversation.attachmentsRow.getChildAt(0)).getText().toString());

    conversation.replyField.setText("Here is the export log.");
    conversation.replyButton.performClick();
    settle();

    List<DeskTicket.Message> atDesk = support.desk.ticket(ticket.id()).messages();
    DeskTicket.Message reply = atDesk.get(atDesk.size() - 1);
    assertEquals("Here is the export log.", reply.body());
    assertEquals(1, reply.attachments().size());
    assertEquals("export-log.txt", reply.attachments().get(0).fileName());
    assertArrayEquals(log, reply.attachments().get(0).bytes());
    assertTrue(conversation.picked.isEmpty());
    String shown = ((TextView) conversation.messages.getChildAt(conversation.messages.getChildCount() - 1)).getText().toString();
    assertEquals("You: Here is the export log.\nAttachment: export-log.txt", shown);
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void rotationKeepsTheReplyBeingWrittenAndItsPickedFile() throws Exception {
    support = HelpTestSupport.start();
    Ticket ticket = deliveredTicket();
    ConversationActivity before = open(ticket);
    byte[] log = "12:00:09 out of memory\n".getBytes(StandardCharsets.UTF_8);
    Uri uri = Uri.parse("content://com.example.files/exports/export-log.txt");
    shadowOf(before.getContentResolver()).registerInputStreamSupplier(uri, () -> new ByteArrayInputStream(log));
    before.attachButton.performClick();
    ShadowActivity.IntentForResult pick = shadowOf(before).getNextStartedActivityForResult();
    shadowOf(before).receiveResult(pick.intent, Activity.RESULT_OK, new Intent().setData(uri));
    settle();
    before.replyField.setText("It fails at 12:00:09 every time, log attached.");

    controller.recreate();
    settle();

    ConversationActivity after = controller.get();
    assertNotSame(before, after);
    assertEquals("It fails at 12:00:09 every time, log attached.", after.replyField.getText().toString());
    assertEquals(1, after.picked.size());
    assertEquals("Remove export-log.txt", ((TextView) after.attachmentsRow.getChildAt(0)).getText().toString());
    after.replyButton.performClick();
    settle();
    List<DeskTicket.Message> atDesk = support.desk.ticket(ticket.id()).messages();
    DeskTicket.Message reply = atDesk.get(atDesk.size() - 1);
    assertEquals("It fails at 12:00:09 every time, log attached.", reply.body());
    assertEquals(1, reply.attachments().size());
    assertArrayEquals(log, reply.attachments().get(0).bytes());
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aRotationWhileAReplyIsSendingOffersNoSecondReplyAndShowsItSent() throws Exception {
    support = HelpTestSupport.start();
    Ticket ticket = deliveredTicket();
    ConversationActivity before = open(ticket);
    int atStart = support.desk.ticket(ticket.id()).messages().size();
    support.desk.faults().forPath("POST", "/v1/tickets").delayNext(1, java.time.Duration.ofSeconds(2));
    before.replyField.setText("It fails at 12:00:09 every time.");
    before.replyButton.performClick();

    controller.recreate(); // the reply is still on its way to the desk

    ConversationActivity after = controller.get();
    assertNotSame(before, after);
    assertFalse("a second Reply is offered while the first is sending", after.replyButton.isEnabled());
    settle();
    assertEquals("", after.replyField.getText().toString());
    assertTrue(after.replyButton.isEnabled());
    List<DeskTicket.Message> atDesk = support.desk.ticket(ticket.id()).messages();
    assertEquals(atStart + 1, atDesk.size());
    String shown = ((TextView) after.messages.getChildAt(after.messages.getChildCount() - 1)).getText().toString();
    assertEquals("You: It fails at 12:00:09 every time.", shown);
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void bidiControlsInTheDesksNamesCannotDisguiseAFileOrReverseTheMessage() throws Exception {
    support = HelpTestSupport.start();
    ConversationActivity conversation = open(deliveredTicket());
    // Shown as is, U+202E (right-to-left override) would read "Attachment: invoiceexe.pdf" and reverse ": Pay ...".
    dev.helpline.Message hostile = new dev.helpline.Message("m-1", dev.helpline.Message.Author.AGENT,
        "Billing\u202E", "Pay the attached invoice today.", null,
        List.of(new dev.helpline.Message.RemoteFile("f-1", "invoice\u202Efdp.exe", "application/octet-stream", 10, null)));

    String shown = ConversationActivity.shown(conversation, hostile);

    assertEquals("Billing: Pay the attached invoice today.\nAttachment: invoicefdp.exe", shown);
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aSolvedTicketRatedJustBeforeARotationIsNotOfferedForRatingAgain() throws Exception {
    support = HelpTestSupport.start();
    Ticket ticket = deliveredTicket();
    support.desk.admin().setStatus(ticket.id(), "solved");
    ConversationActivity before = open(ticket);
    assertEquals(View.VISIBLE, before.rating.getVisibility());
    support.desk.faults().forPath("PUT", "/v1/tickets").delayNext(1, java.time.Duration.ofSeconds(2));
    before.stars.getChildAt(3).performClick(); // "4★"

    controller.recreate(); // the rating is still on its way to the desk

    ConversationActivity after = controller.get();
    assertNotSame(before, after);
    for (int i = 0; i < after.stars.getChildCount(); i++) assertFalse(after.stars.getChildAt(i).isEnabled());
    settle();
    assertEquals(Integer.valueOf(4), support.desk.ticket(ticket.id()).ratingScore());
    assertEquals(View.GONE, after.rating.getVisibility());
    assertEquals("Thanks for rating us 4 of 5.", after.info.getText().toString());

    controller.recreate(); // and later, once rated
    settle();
    assertEquals(View.GONE, controller.get().rating.getVisibility());
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aPickedFileThatCannotBeReadAgainAfterRecreationIsDroppedWithAMessage() throws Exception {
    support = HelpTestSupport.start();
    ConversationActivity before = open(deliveredTicket());
    Uri uri = Uri.parse("content://com.example.files/exports/export-log.txt");
    boolean[] granted = {true};
    shadowOf(before.getContentResolver()).registerInputStreamSupplier(uri, () -> {
      if (!granted[0]) throw new SecurityException("Permission Denial: reading " + uri);
      return new ByteArrayInputStream(new byte[] {'o', 'k'});
    });
    before.attachButton.performClick();
    ShadowActivity.IntentForResult pick = shadowOf(before).getNextStartedActivityForResult();
    shadowOf(before).receiveResult(pick.intent, Activity.RESULT_OK, new Intent().setData(uri));
    settle();
    before.replyField.setText("Log attached.");
    assertEquals(1, before.picked.size());

    granted[0] = false; // the picker's grant did not outlive the process
    controller.recreate();
    settle();

    ConversationActivity after = controller.get();
    assertEquals("Log attached.", after.replyField.getText().toString());
    assertTrue(after.picked.isEmpty());
    assertEquals(1, after.attachmentsRow.getChildCount());
    assertEquals("Could not read that file.", ((TextView) after.attachmentsRow.getChildAt(0)).getText().toString());
    assertTrue(HelpRuntime.get().logs().snapshot().contains("WARN help - reading the picked file failed"));
  }

  private ConversationActivity open(Ticket ticket) throws InterruptedException {
    controller = Robolectric.buildActivity(ConversationActivity.class, new Intent()
        .putExtra(ConversationActivity.EXTRA_TICKET_ID, ticket.id())
        .putExtra(ConversationActivity.EXTRA_SUBJECT, ticket.subject())).setup();
    settle();
    return controller.get();
  }

  private Ticket deliveredTicket() throws Exception {
    return await(offMain(() -> HelplineAndroid.helpline().submit(TicketDraft.builder()
        .subject("Export fails").description("The CSV export stops halfway.").build())).delivery());
  }

  /** The message is the localized one alone, and the desk's error went to the recent logs instead. */
  private static void assertShownAndLogged(String expected, TextView info, String logged) {
    String shown = info.getText().toString();
    assertEquals(expected, shown);
    assertFalse(shown, shown.contains("500") || shown.contains("injected") || shown.contains("http"));
    String log = HelpRuntime.get().logs().snapshot();
    assertTrue(log, log.contains("WARN help - " + logged + " failed"));
    assertTrue(log, log.contains("500"));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aConversationTheDeskFailsToLoadSaysSoWithoutTheErrorText() throws Exception {
    support = HelpTestSupport.start();
    Ticket ticket = deliveredTicket();
    support.desk.faults().forPath("GET", "/v1/tickets").failNext(100, 500);
    ConversationActivity conversation = open(ticket);
    assertShownAndLogged("Could not load this conversation. Try again later.", conversation.info,
        "loading conversation " + ticket.id());

    support.desk.faults().clear();
    conversation.reload();
    settle();
    assertTrue(conversation.info.getText().toString(), conversation.info.getText().toString().startsWith("Status: "));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aTicketTheDeskNoLongerHasSaysSoAndOffersNoReply() throws Exception {
    support = HelpTestSupport.start();
    Ticket ticket = deliveredTicket();
    support.desk.faults().forPath("GET", "/v1/tickets").failNext(100, 404); // deleted at the desk
    ConversationActivity conversation = open(ticket);

    assertEquals("This ticket no longer exists at support.", conversation.info.getText().toString());
    assertFalse(conversation.replyButton.isEnabled());
    assertFalse(conversation.attachButton.isEnabled());
    assertEquals(View.GONE, conversation.rating.getVisibility());
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aReplyTheDeskFailsStaysInTheBoxWithItsFilesAndCanBeSentAgain() throws Exception {
    support = HelpTestSupport.start();
    Ticket ticket = deliveredTicket();
    ConversationActivity conversation = open(ticket);
    int before = support.desk.ticket(ticket.id()).messages().size();
    conversation.picked.add(dev.helpline.Attachment.ofBytes("note.txt", "text/plain", new byte[] {'h', 'i'}));
    support.desk.faults().forPath("POST", "/v1/tickets").failNext(100, 500);
    conversation.replyField.setText("Here is the export log.");
    conversation.replyButton.performClick();
    settle();

    assertShownAndLogged("Could not send your reply. It is still here; try again later.", conversation.info,
        "sending a reply to " + ticket.id());
    assertEquals("Here is the export log.", conversation.replyField.getText().toString());
    assertEquals(1, conversation.picked.size());
    assertTrue(conversation.replyButton.isEnabled());
    assertEquals(before, support.desk.ticket(ticket.id()).messages().size());

    support.desk.faults().clear();
    conversation.replyButton.performClick();
    settle();
    List<DeskTicket.Message> atDesk = support.desk.ticket(ticket.id()).messages();
    assertEquals("Here is the export log.", atDesk.get(atDesk.size() - 1).body());
    assertEquals("", conversation.replyField.getText().toString());
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aRatingTheDeskFailsSaysSoAndTheStarsStayUsable() throws Exception {
    support = HelpTestSupport.start();
    Ticket ticket = deliveredTicket();
    support.desk.admin().setStatus(ticket.id(), "solved");
    ConversationActivity conversation = open(ticket);
    assertEquals(View.VISIBLE, conversation.rating.getVisibility());
    support.desk.faults().failNext(100, 500);
    conversation.stars.getChildAt(3).performClick(); // "4★"
    settle();

    assertShownAndLogged("Could not send your rating. Try again later.", conversation.info, "rating " + ticket.id());
    assertNull(support.desk.ticket(ticket.id()).ratingScore());
    assertEquals(View.VISIBLE, conversation.rating.getVisibility());
    assertTrue(conversation.stars.getChildAt(3).isEnabled());

    support.desk.faults().clear();
    conversation.stars.getChildAt(3).performClick();
    settle();
    assertEquals(Integer.valueOf(4), support.desk.ticket(ticket.id()).ratingScore());
    assertEquals("Thanks for rating us 4 of 5.", conversation.info.getText().toString());
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aReplyOfOnlyIdeographicSpacesIsRefusedOnTheReplyField() throws Exception {
    support = HelpTestSupport.start();
    Ticket ticket = deliveredTicket();
    ConversationActivity conversation = open(ticket);
    int before = support.desk.ticket(ticket.id()).messages().size();
    conversation.replyField.setText("\u3000\u3000");
    conversation.replyButton.performClick();
    settle();
    assertEquals("Write a reply first", String.valueOf(conversation.replyField.getError()));
    assertFalse(conversation.info.getText().toString().contains("Could not send"));
    assertEquals(before, support.desk.ticket(ticket.id()).messages().size());
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aReplyOverTheLimitOrHoldingHalfAnEmojiIsRefusedOnTheReplyField() throws Exception {
    support = HelpTestSupport.start();
    Ticket ticket = deliveredTicket();
    ConversationActivity conversation = open(ticket);
    int before = support.desk.ticket(ticket.id()).messages().size();
    conversation.replyField.setText("y".repeat(64 * 1024 + 1));
    conversation.replyButton.performClick();
    settle();
    assertEquals("Too long: at most 64 KB", String.valueOf(conversation.replyField.getError()));

    conversation.replyField.setText(" Thanks \uD83D"); // a paste cut inside an emoji
    conversation.replyButton.performClick();
    settle();
    assertEquals("Remove the hidden or control character at position 9", String.valueOf(conversation.replyField.getError()));
    assertFalse(conversation.info.getText().toString().contains("Could not send"));
    assertEquals(before, support.desk.ticket(ticket.id()).messages().size());
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  @Config(qualifiers = "ru")
  public void aReplyTheClientRefusesSaysWhatToChangeNotToTryLater() throws Exception {
    support = HelpTestSupport.start();
    Ticket ticket = deliveredTicket();
    ConversationActivity conversation = open(ticket);
    // Within the limit as written; "[email]" is one byte longer than the address it replaces.
    conversation.replyField.setText("x".repeat(64 * 1024 - 7) + " a@b.co");
    conversation.replyButton.performClick();
    settle();
    assertEquals("Этот ответ нельзя отправить в таком виде. Сократите его или уберите необычные символы и попробуйте снова.",
        conversation.info.getText().toString());
    assertTrue(HelpRuntime.get().logs().snapshot().contains("after redaction"));
    assertTrue(conversation.replyButton.isEnabled());
  }

  /** Picks a file of {@code bytes} through the system's picker, as the user does. */
  private static void pick(ConversationActivity conversation, String name, byte[] bytes) throws InterruptedException {
    Uri uri = Uri.parse("content://com.example.files/exports/" + name);
    shadowOf(conversation.getContentResolver()).registerInputStreamSupplier(uri, () -> new ByteArrayInputStream(bytes));
    conversation.attachButton.performClick();
    ShadowActivity.IntentForResult picker = shadowOf(conversation).getNextStartedActivityForResult();
    shadowOf(conversation).receiveResult(picker.intent, Activity.RESULT_OK, new Intent().setData(uri));
    settle();
  }

  private static String lastLine(ConversationActivity conversation) {
    return ((TextView) conversation.attachmentsRow.getChildAt(conversation.attachmentsRow.getChildCount() - 1))
        .getText().toString();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aFileBeyondTheClientsCountIsRefusedWhenPickedAndTheReplyWithTheOthersIsSent() throws Exception {
    support = HelpTestSupport.start();
    Ticket ticket = deliveredTicket();
    ConversationActivity conversation = open(ticket);
    int max = HelpRuntime.get().limits().maxAttachments();
    for (int i = 1; i <= max + 1; i++) pick(conversation, "log-" + i + ".txt", new byte[] {'o', 'k'});
    assertEquals(max, conversation.picked.size());
    assertEquals("No more files can be attached: the limit is " + max + ".", lastLine(conversation));
    assertEquals(View.ACCESSIBILITY_LIVE_REGION_POLITE, conversation.attachmentsRow.getAccessibilityLiveRegion());

    conversation.replyField.setText("All the logs.");
    conversation.replyButton.performClick();
    settle();
    List<DeskTicket.Message> atDesk = support.desk.ticket(ticket.id()).messages();
    assertEquals("All the logs.", atDesk.get(atDesk.size() - 1).body());
    assertEquals(max, atDesk.get(atDesk.size() - 1).attachments().size());
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aFileThatWouldTakeTheFilesOverTheirTotalIsRefusedWhenPicked() throws Exception {
    support = HelpTestSupport.start();
    ConversationActivity conversation = open(deliveredTicket());
    long total = HelpRuntime.get().limits().maxTotalAttachmentBytes();
    byte[] large = new byte[(int) (total / 3 + 1)];
    for (int i = 1; i <= 3; i++) pick(conversation, "dump-" + i + ".bin", large);
    assertEquals(2, conversation.picked.size());
    assertEquals("dump-3.bin would make the files too large together: at most "
        + android.text.format.Formatter.formatShortFileSize(conversation, total) + " in all.", lastLine(conversation));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  @Config(qualifiers = "ru")
  public void aFileOverTheSizeLimitIsSaidToBeTooLargeNotUnreadable() throws Exception {
    support = HelpTestSupport.start();
    ConversationActivity conversation = open(deliveredTicket());
    long max = HelpRuntime.get().limits().maxAttachmentBytes();
    pick(conversation, "dump.bin", new byte[(int) max + 1]);
    assertTrue(conversation.picked.isEmpty());
    assertEquals("Файл dump.bin слишком большой для вложения: не больше "
        + android.text.format.Formatter.formatShortFileSize(conversation, max) + ".", lastLine(conversation));
  }
}
