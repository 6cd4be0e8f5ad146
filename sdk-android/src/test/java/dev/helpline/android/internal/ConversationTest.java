package dev.helpline.android.internal;

import static dev.helpline.android.internal.HelpTestSupport.TEST_TIMEOUT_MS;
import static dev.helpline.android.internal.HelpTestSupport.await;
import static dev.helpline.android.internal.HelpTestSupport.offMain;
import static dev.helpline.android.internal.HelpTestSupport.settle;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.robolectric.Shadows.shadowOf;

import android.app.Activity;
import android.content.Intent;
import android.net.Uri;
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
import org.robolectric.shadows.ShadowActivity;

/** Replies with a file the user picked. */
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
}
