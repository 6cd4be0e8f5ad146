package dev.helpline.android.internal;

import static dev.helpline.android.internal.HelpTestSupport.TEST_TIMEOUT_MS;
import static dev.helpline.android.internal.HelpTestSupport.await;
import static dev.helpline.android.internal.HelpTestSupport.settle;
import static dev.helpline.android.internal.HelpTestSupport.offMain;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.robolectric.Shadows.shadowOf;

import android.view.View;
import dev.helpline.Ticket;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.android.controller.ActivityController;
import org.robolectric.annotation.Config;
import org.robolectric.shadows.ShadowToast;

/** The report form's draft across recreation, the categories the host configures, its checks and its consent block. */
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
  public void aFormRecreatedWhileSendIsSavingClosesAsAfterASendAndTheReportIsFiledOnce() throws Exception {
    support = HelpTestSupport.start();
    open();
    HelpFormActivity before = form.get();
    before.subject.setText("Card declined");
    before.reviewButton.performClick();
    settle();
    assertTrue(before.sendButton.isEnabled());
    // The durable write takes longer than a rotation: both background threads are busy for a moment.
    CountDownLatch slowDisk = new CountDownLatch(1);
    for (int i = 0; i < 2; i++) {
      HelpRuntime.get().background().execute(() -> {
        try {
          slowDisk.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, new Background.Callback<Void>() {
        @Override public void onResult(Void ignored) {}
      });
    }

    before.sendButton.performClick();
    form.recreate(); // the user rotates the phone right after tapping Send
    HelpFormActivity after = form.get();
    assertFalse("no second review while the draft is saving", after.reviewButton.isEnabled());
    assertFalse("no second Send while the draft is saving", after.sendButton.isEnabled());
    slowDisk.countDown();
    settle();

    assertTrue("the recreated form closes as after any send", after.isFinishing());
    assertNotNull(after.submitted);
    assertEquals("Thanks! We'll send it as soon as we can.", ShadowToast.getTextOfLatestToast());
    assertEquals(TicketsActivity.class.getName(), shadowOf(after).getNextStartedActivity().getComponent().getClassName());
    await(HelpRuntime.get().helpline().flush());
    assertEquals(1, support.desk.ticketCount());
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

  @Test(timeout = TEST_TIMEOUT_MS)
  @Config(qualifiers = "ru")
  public void limitsAreShownOnTheirFieldInTheUsersLanguage() throws Exception {
    support = HelpTestSupport.start();
    open();
    HelpFormActivity f = form.get();
    f.subject.setText("x".repeat(201));
    f.description.setText("y".repeat(64 * 1024 + 1));
    f.email.setText("a".repeat(250) + "@example.org");
    f.reviewButton.performClick();
    settle();
    assertEquals("Слишком длинно: не больше 200 символов", String.valueOf(f.subject.getError()));
    assertEquals("Слишком длинно: не больше 64 КБ", String.valueOf(f.description.getError()));
    assertEquals("Укажите адрес вида name@example.com", String.valueOf(f.email.getError()));
    assertEquals(View.GONE, f.error.getVisibility());

    f.subject.setText("Перевод\u200Bне проходит"); // a zero-width space pasted after the 7th letter
    f.description.setText("Каждый раз");
    f.email.setText("");
    f.reviewButton.performClick();
    settle();
    assertEquals("Уберите скрытый или управляющий символ в позиции 8", String.valueOf(f.subject.getError()));
    assertNull("fixed fields lose their errors", f.description.getError());
    assertNull(f.email.getError());
    assertFalse(f.sendButton.isEnabled());
    assertTrue(offMain(() -> HelpRuntime.get().helpline().submissions()).isEmpty());
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  @Config(qualifiers = "ru")
  public void aDraftTheClientRefusesGetsALocalizedMessageAndTheErrorGoesToTheLogs() throws Exception {
    support = HelpTestSupport.start();
    open();
    HelpFormActivity f = form.get();
    // 200 characters, within the limit; "[email]" is one longer than the address it replaces.
    f.subject.setText("x".repeat(193) + " a@b.co");
    f.reviewButton.performClick();
    settle();
    assertEquals(View.VISIBLE, f.error.getVisibility());
    assertEquals("Это обращение нельзя отправить в таком виде. Сократите его или уберите необычные символы и попробуйте снова.",
        f.error.getText().toString());
    assertFalse(f.sendButton.isEnabled());
    assertTrue(HelpRuntime.get().logs().snapshot().contains("after redaction"));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  @Config(qualifiers = "ru")
  public void theConsentBlockSpeaksTheUsersLanguage() throws Exception {
    support = HelpTestSupport.start();
    open();
    HelpFormActivity f = form.get();
    f.subject.setText("Перевод не проходит");
    f.description.setText("Каждый раз");
    f.reviewButton.performClick();
    settle();
    String consent = f.consent.getText().toString();
    assertTrue(consent, consent.startsWith("Будет отправлено ровно это:\nТема: Перевод не проходит\nКатегория: Что-то не работает\n"));
    assertTrue(consent, consent.contains("От: Ada Lovelace <ada@example.com> (user-42)"));
    assertTrue(consent, consent.contains("\nКаждый раз\n"));
    assertTrue(consent, consent.contains("Вложения, всего "));
    assertTrue(consent, consent.contains("\n  diagnostics.json"));
    assertTrue(consent, consent.contains("Диагностика:\n"));
    assertFalse(consent, consent.contains("Subject"));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aSubjectOfOnlyIdeographicOrNoBreakSpacesIsRefusedOnTheSubjectField() throws Exception {
    support = HelpTestSupport.start();
    open();
    HelpFormActivity f = form.get();
    for (String blank : new String[] {"\u3000\u3000", "\u00A0", " \u2003 "}) {
      f.subject.setText(blank); // what a Japanese input method types for "space"
      f.reviewButton.performClick();
      settle();
      assertEquals(blank, "Enter a subject", String.valueOf(f.subject.getError()));
      assertEquals(blank, View.GONE, f.error.getVisibility());
      assertFalse(f.sendButton.isEnabled());
    }
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void anAddressTheClientWouldRefuseIsRefusedOnTheEmailField() throws Exception {
    support = HelpTestSupport.start();
    open();
    HelpFormActivity f = form.get();
    f.subject.setText("Card declined");
    for (String address : new String[] {"ada..lovelace@example.org", "ada\u00A0lovelace@example.org",
        "ada@example.org\u200B", "ada(home)@example.org", "ada@-example.org", "a".repeat(65) + "@example.org"}) {
      f.email.setText(address);
      f.reviewButton.performClick();
      settle();
      assertEquals(address, "Enter an e-mail address like name@example.com", String.valueOf(f.email.getError()));
      assertEquals(address, View.GONE, f.error.getVisibility());
    }
    f.email.setText("  ada.home+help@пример.рф ");
    f.reviewButton.performClick();
    settle();
    assertNull(f.email.getError());
    assertTrue(f.sendButton.isEnabled());
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aHiddenCharacterIsPlacedWhereTheUserSeesItAfterLeadingSpaces() throws Exception {
    support = HelpTestSupport.start();
    open();
    HelpFormActivity f = form.get();
    f.subject.setText("   Card\u200Bdeclined");
    f.reviewButton.performClick();
    settle();
    assertEquals("Remove the hidden or control character at position 8", String.valueOf(f.subject.getError()));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void halfAnEmojiInTheDescriptionIsRefusedOnTheDescriptionFieldAtItsPosition() throws Exception {
    support = HelpTestSupport.start();
    open();
    HelpFormActivity f = form.get();
    f.subject.setText("Card declined");
    f.description.setText("  \uD83D\uDE00 twice \uD83D"); // a paste cut inside the second emoji
    f.reviewButton.performClick();
    settle();
    assertEquals("Remove the hidden or control character at position 11", String.valueOf(f.description.getError()));
    assertEquals(View.GONE, f.error.getVisibility());
    assertFalse(f.sendButton.isEnabled());
  }
}
