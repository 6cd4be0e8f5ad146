package dev.helpline.android.internal;

import static dev.helpline.android.internal.HelpTestSupport.TEST_TIMEOUT_MS;
import static dev.helpline.android.internal.HelpTestSupport.await;
import static dev.helpline.android.internal.HelpTestSupport.offMain;
import static dev.helpline.android.internal.HelpTestSupport.settle;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import android.content.Intent;
import android.widget.TextView;
import dev.helpline.Ticket;
import dev.helpline.TicketDraft;
import dev.helpline.android.HelpButton;
import dev.helpline.android.HelpStrings;
import dev.helpline.android.HelpStrings.Key;
import dev.helpline.android.HelplineAndroid;
import java.util.Locale;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.android.controller.ActivityController;
import org.robolectric.annotation.Config;

/** English and Russian, plural forms, and the host's overrides. */
@RunWith(RobolectricTestRunner.class)
public class StringsTest {
  private static final Locale RU = new Locale("ru");
  private HelpTestSupport support;

  @After
  public void tearDown() {
    if (support != null) support.stop();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void russianPluralFormsFollowTheLastDigits() {
    HelpStrings s = HelpStrings.defaults();
    assertEquals("1 обращение", s.plural(Key.TICKET_COUNT, 1, RU));
    assertEquals("2 обращения", s.plural(Key.TICKET_COUNT, 2, RU));
    assertEquals("4 обращения", s.plural(Key.TICKET_COUNT, 4, RU));
    assertEquals("5 обращений", s.plural(Key.TICKET_COUNT, 5, RU));
    assertEquals("11 обращений", s.plural(Key.TICKET_COUNT, 11, RU));
    assertEquals("12 обращений", s.plural(Key.TICKET_COUNT, 12, RU));
    assertEquals("21 обращение", s.plural(Key.TICKET_COUNT, 21, RU));
    assertEquals("22 обращения", s.plural(Key.TICKET_COUNT, 22, RU));
    assertEquals("111 обращений", s.plural(Key.TICKET_COUNT, 111, RU));
    assertEquals("0 обращений", s.plural(Key.TICKET_COUNT, 0, RU));
    assertEquals("1 ticket", s.plural(Key.TICKET_COUNT, 1, Locale.ENGLISH));
    assertEquals("2 tickets", s.plural(Key.TICKET_COUNT, 2, Locale.ENGLISH));
    assertEquals("21 tickets", s.plural(Key.TICKET_COUNT, 21, Locale.ENGLISH));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  @Config(qualifiers = "ru")
  public void theFormSpeaksRussianWhenTheDeviceDoes() throws Exception {
    support = HelpTestSupport.start();
    ActivityController<HelpFormActivity> form = Robolectric.buildActivity(HelpFormActivity.class).setup();
    HelpFormActivity f = form.get();
    assertEquals("Помощь", f.getTitle().toString());
    assertEquals("Тема", f.subject.getHint().toString());
    assertEquals("Посмотреть, что будет отправлено", f.reviewButton.getText().toString());
    assertEquals("Отправить", f.sendButton.getContentDescription().toString());
    assertEquals("Что-то не работает", f.category.getItemAtPosition(0));
    f.reviewButton.performClick();
    settle();
    assertEquals("Укажите тему", String.valueOf(f.subject.getError()));
    form.pause().stop().destroy();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  @Config(qualifiers = "ru")
  public void myTicketsCountsInRussian() throws Exception {
    support = HelpTestSupport.start();
    for (String subject : new String[] {"Карта", "Перевод"}) {
      await(offMain(() -> HelplineAndroid.helpline().submit(TicketDraft.builder().subject(subject).build())).delivery());
    }
    ActivityController<TicketsActivity> list = Robolectric.buildActivity(TicketsActivity.class).setup();
    settle();
    assertEquals("2 обращения", list.get().count.getText().toString());
    java.util.Set<String> rows = new java.util.HashSet<>();
    for (int i = 0; i < list.get().list.getChildCount(); i++) {
      rows.add(((TextView) list.get().list.getChildAt(i)).getText().toString());
    }
    assertEquals(java.util.Set.of("Карта\nотправлено", "Перевод\nотправлено"), rows);
    list.pause().stop().destroy();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  @Config(qualifiers = "ru")
  public void statusesSpeakRussianWhenTheDeviceDoes() throws Exception {
    support = HelpTestSupport.start();
    support.desk.admin().publishStatus("{\"status\":{\"indicator\":\"major\",\"description\":\"Partial outage\"},"
        + "\"components\":[{\"id\":\"c1\",\"name\":\"Платежи\",\"status\":\"degraded_performance\"},"
        + "{\"id\":\"c2\",\"name\":\"Вход\",\"status\":\"major_outage\"}],\"scheduled_maintenances\":[],\"incidents\":["
        + "{\"id\":\"i1\",\"name\":\"Сбой оплаты картой\",\"status\":\"investigating\",\"impact\":\"major\"}]}");
    await(HelplineAndroid.helpline().statusMonitor().refresh());
    ActivityController<HostActivity> host = Robolectric.buildActivity(HostActivity.class).setup();
    settle();
    assertEquals("Платежи: работает медленнее обычного · Вход: серьёзный сбой",
        host.get().banner.statusView().getText().toString());

    HelpRuntime.get().screenshot().set(null);
    ActivityController<HelpFormActivity> form = Robolectric.buildActivity(HelpFormActivity.class).setup();
    form.get().subject.setText("Оплата картой");
    org.robolectric.shadows.ShadowLooper.shadowMainLooper()
        .idleFor(java.time.Duration.ofMillis(HelpFormActivity.DEFLECTION_DELAY_MS + 100));
    settle();
    assertEquals("Известная проблема: Сбой оплаты картой (выясняем причину). Мы уже работаем над ней.",
        ((TextView) form.get().suggestions.getChildAt(0)).getText().toString());

    Ticket ticket = await(offMain(() -> HelplineAndroid.helpline().submit(TicketDraft.builder().subject("Карта").build())).delivery());
    ActivityController<ConversationActivity> conversation = Robolectric.buildActivity(ConversationActivity.class,
        new Intent().putExtra(ConversationActivity.EXTRA_TICKET_ID, ticket.id())).setup();
    settle();
    assertEquals("Статус: новое", conversation.get().info.getText().toString());
    conversation.pause().stop().destroy();
    form.pause().stop().destroy();
    host.pause().stop().destroy();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void theHostOverridesAStatusText() throws Exception {
    support = HelpTestSupport.start(b -> b.strings(HelpStrings.defaults()
        .with(Key.COMPONENT_PARTIAL_OUTAGE, "some features unavailable")));
    support.desk.admin().setComponent("Payments", "partial_outage");
    await(HelplineAndroid.helpline().statusMonitor().refresh());
    ActivityController<HostActivity> host = Robolectric.buildActivity(HostActivity.class).setup();
    settle();
    assertEquals("Payments: some features unavailable", host.get().banner.statusView().getText().toString());
    host.pause().stop().destroy();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void theHostOverridesATextForOneLanguageOrForAll() throws Exception {
    HelpStrings strings = HelpStrings.defaults()
        .with(Key.HELP, "Support")
        .with(RU, Key.HELP, "Поддержка")
        .with(Locale.GERMAN, Key.SEND, "Senden");
    assertEquals("Support", strings.get(Key.HELP, Locale.ENGLISH));
    assertEquals("Support", strings.get(Key.HELP, Locale.FRENCH));
    assertEquals("Поддержка", strings.get(Key.HELP, RU));
    assertEquals("Senden", strings.get(Key.SEND, Locale.GERMAN));
    assertEquals("Subject", strings.get(Key.SUBJECT, Locale.GERMAN)); // a missing text falls back to English
    assertEquals("Тема", strings.get(Key.SUBJECT, RU));
    assertEquals("Help", HelpStrings.defaults().get(Key.HELP, Locale.ENGLISH)); // the defaults are unchanged

    support = HelpTestSupport.start(b -> b.strings(strings));
    ActivityController<HostActivity> host = Robolectric.buildActivity(HostActivity.class).setup();
    HelpButton button = host.get().helpButton;
    assertEquals("Support", button.getText().toString());
    assertEquals("Support", button.getContentDescription().toString());
    host.pause().stop().destroy();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void categoriesGivenAsATextAreHeldToTheRulesOfConfiguredOnes() {
    // Each would pass here and then be refused by preview, in the user's form, for every report filed under it.
    IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
        () -> HelpStrings.defaults().with(Key.CATEGORIES, "Cards||Other"));
    assertEquals("categories[1] is blank; it must be 1 to 80 characters", blank.getMessage());
    IllegalArgumentException twoLines = assertThrows(IllegalArgumentException.class,
        () -> HelpStrings.defaults().with(RU, Key.CATEGORIES, "Карты|Переводы\nи платежи"));
    assertTrue(twoLines.getMessage(), twoLines.getMessage().startsWith("categories[1] contains a control or format character"));
    IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
        () -> HelpStrings.defaults().with(Key.CATEGORIES, "Cards|" + "x".repeat(101)));
    assertEquals("categories[1] is 101 characters; it must be 1 to 80 characters", tooLong.getMessage());
    assertEquals("Карты|Переводы", HelpStrings.defaults().with(RU, Key.CATEGORIES, "Карты|Переводы").get(Key.CATEGORIES, RU));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void anEmptyOverrideOrAPluralOfASimpleTextIsRefused() {
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> HelpStrings.defaults().with(Key.SEND, ""));
    assertEquals("text for SEND is 0 characters; it must be 1 to 500", empty.getMessage());
    IllegalArgumentException notPlural = assertThrows(IllegalArgumentException.class,
        () -> HelpStrings.defaults().plural(Key.SEND, 2, RU));
    assertTrue(notPlural.getMessage(), notPlural.getMessage().contains("SEND is not a plural text"));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  @Config(qualifiers = "fa")
  public void theRatingStarsShowTheDigitsOfTheUsersLanguage() throws Exception {
    support = HelpTestSupport.start();
    Ticket ticket = await(offMain(() -> HelplineAndroid.helpline().submit(TicketDraft.builder().subject("کارت").build())).delivery());
    ActivityController<ConversationActivity> conversation = Robolectric.buildActivity(ConversationActivity.class,
        new Intent().putExtra(ConversationActivity.EXTRA_TICKET_ID, ticket.id())).setup();
    settle();
    // Persian writes 5 as ۵, as String.format does for every other number on these screens.
    assertEquals("۵★", ((TextView) conversation.get().stars.getChildAt(4)).getText().toString());
    conversation.pause().stop().destroy();
  }
}
