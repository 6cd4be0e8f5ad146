package dev.helpline.android.internal;

import static dev.helpline.android.internal.HelpTestSupport.TEST_TIMEOUT_MS;
import static dev.helpline.android.internal.HelpTestSupport.await;
import static dev.helpline.android.internal.HelpTestSupport.settle;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;
import static org.robolectric.Shadows.shadowOf;

import dev.helpline.Ticket;
import java.util.List;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.android.controller.ActivityController;

/** The report form's draft across recreation, and the categories the host configures. */
@RunWith(RobolectricTestRunner.class)
public class FormTest {
  private HelpTestSupport support;
  private ActivityController<HostActivity> host;
  private ActivityController<HelpFormActivity> form;

  private void open() throws Exception {
    host = Robolectric.buildActivity(HostActivity.class).setup();
    settle();
    host.get().helpButton.performClick();
    form = Robolectric.buildActivity(HelpFormActivity.class, shadowOf(host.get()).getNextStartedActivity()).setup();
    settle();
  }

  @After
  public void tearDown() {
    if (form != null) form.pause().stop().destroy();
    if (host != null) host.pause().stop().destroy();
    if (support != null) support.stop();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void rotationKeepsTheDraftTheTogglesAndTheScreenshot() throws Exception {
    support = HelpTestSupport.start(b -> b.categories(List.of("Cards", "Transfers", "Other")));
    open();
    HelpFormActivity before = form.get();
    before.subject.setText("Card declined");
    before.description.setText("At the grocery store, twice.");
    before.email.setText("ada.home@example.org");
    before.category.setSelection(1);
    before.attachScreenshot.setChecked(false);
    before.attachLogs.setChecked(true);

    form.recreate();
    settle();

    HelpFormActivity after = form.get();
    assertNotSame(before, after);
    assertEquals("Card declined", after.subject.getText().toString());
    assertEquals("At the grocery store, twice.", after.description.getText().toString());
    assertEquals("ada.home@example.org", after.email.getText().toString());
    assertEquals("Transfers", after.category.getSelectedItem());
    assertEquals(false, after.attachScreenshot.isChecked());
    assertEquals(true, after.attachLogs.isChecked());
    assertNotNull("the capture belongs to the form until it finishes", HelpRuntime.get().screenshot().current());

    after.reviewButton.performClick();
    settle();
    after.sendButton.performClick();
    settle();
    Ticket ticket = await(after.submitted.delivery());
    assertEquals("Transfers", support.desk.ticket(ticket.id()).category());
    assertTrue(support.desk.ticket(ticket.id()).attachments().stream().noneMatch(a -> a.fileName().equals("screenshot.png")));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void withoutConfiguredCategoriesTheFormOffersTheStringsDefaults() throws Exception {
    support = HelpTestSupport.start();
    open();
    HelpFormActivity f = form.get();
    assertEquals(4, f.category.getCount());
    assertEquals("Something is broken", f.category.getItemAtPosition(0));
    assertEquals("Other", f.category.getItemAtPosition(3));
  }
}
