package dev.helpline.android.internal;

import static dev.helpline.android.internal.HelpTestSupport.TEST_TIMEOUT_MS;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.robolectric.Shadows.shadowOf;
import static org.robolectric.shadows.ShadowLooper.shadowMainLooper;

import android.net.ConnectivityManager;
import dev.helpline.android.HelpButton;
import dev.helpline.android.HelpConfig;
import dev.helpline.android.HelplineAndroid;
import dev.helpline.Ticket;
import dev.helpline.internal.http.TlsInitWatch;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.android.controller.ActivityController;
import org.robolectric.fakes.RoboMenu;
import org.robolectric.fakes.RoboMenuItem;

/** The public entry points: install, the help button, the menu items, and what they refuse. */
@RunWith(RobolectricTestRunner.class)
public class InstallTest {
  private HelpTestSupport support;

  @After
  public void tearDown() {
    if (support != null) support.stop();
    HelplineAndroid.uninstall();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void installOnTheMainThreadDoesNoDiskOrNetworkAndWatchesConnectivity() throws Exception {
    support = HelpTestSupport.start(); // installs once with StrictMode fatal
    // Installing again (a new configuration) replaces the first installation and its network callback.
    HelplineAndroid.install(HelpTestSupport.application(), support.config());
    shadowMainLooper().idle(); // StrictMode reports from the main looper: a violation would throw here
    assertTrue(HelplineAndroid.isInstalled());
    ConnectivityManager cm = HelpTestSupport.application().getSystemService(ConnectivityManager.class);
    assertEquals(1, shadowOf(cm).getNetworkCallbacks().size());
    assertTrue(HelpRuntime.get().background().awaitIdle(10, TimeUnit.SECONDS));
    shadowMainLooper().idle();
    assertEquals("Acme Banking", HelplineAndroid.helpline().app().name());
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void theHttpClientIsBuiltByTheFirstRequestNeverOnTheMainThread() throws Exception {
    Thread main = Thread.currentThread(); // Robolectric runs a test on the main looper's thread
    // Building an OkHttpClient loads the TLS trust store from disk, which install must not wait for.
    try (TlsInitWatch watch = TlsInitWatch.start()) {
      support = HelpTestSupport.start();
      FutureTask<List<Ticket>> firstRequest = new FutureTask<>(() -> HelplineAndroid.helpline().tickets());
      new Thread(firstRequest, "first-request").start();
      assertEquals(List.of(), firstRequest.get(30, TimeUnit.SECONDS));
      shadowMainLooper().idle();
      // The first request (this one, or the status monitor's first poll) built the client.
      assertFalse("the trust store was loaded", watch.threads().isEmpty());
      assertFalse("never on the main thread: " + watch.threads(), watch.threads().contains(main));
    }
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void theMenuItemsOpenHelpAndMyTickets() throws Exception {
    support = HelpTestSupport.start();
    ActivityController<HostActivity> controller = Robolectric.buildActivity(HostActivity.class).setup();
    HostActivity host = controller.get();
    RoboMenu menu = new RoboMenu(host);
    HelplineAndroid.addMenuItems(menu, host);
    assertEquals(2, menu.size());
    assertEquals("Help", menu.getItem(0).getTitle().toString());
    assertEquals("My tickets", menu.getItem(1).getTitle().toString());

    ((RoboMenuItem) menu.getItem(0)).click();
    assertEquals(HelpFormActivity.class.getName(), shadowOf(host).getNextStartedActivity().getComponent().getClassName());
    ((RoboMenuItem) menu.getItem(1)).click();
    assertEquals(TicketsActivity.class.getName(), shadowOf(host).getNextStartedActivity().getComponent().getClassName());
    controller.pause().stop().destroy();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void beforeInstallTheEntryPointsSayWhatToDo() {
    HelplineAndroid.uninstall();
    assertFalse(HelplineAndroid.isInstalled());
    ActivityController<android.app.Activity> controller = Robolectric.buildActivity(android.app.Activity.class).setup();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> HelplineAndroid.showHelp(controller.get()));
    assertTrue(e.getMessage(), e.getMessage().contains("HelplineAndroid.install(application, config)"));
    assertThrows(IllegalStateException.class, () -> new HelpButton(controller.get()));
    controller.pause().stop().destroy();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void badConfigurationIsRefusedNamingTheSettingAndItsLimits() throws Exception {
    HelpConfig.Builder b = HelpConfig.builder("https://desk.example.com", "key");
    assertMessage("shakeThresholdG is 1.0; it must lie between 1.5 and 10", () -> b.shakeThresholdG(1.0f));
    assertMessage("shakeDebounceMillis is 100; it must lie between 500 and 60000", () -> b.shakeDebounceMillis(100));
    assertMessage("screenshotMaxDimension is 10; it must lie between 64 and 8192", () -> b.screenshotMaxDimension(10));
    assertMessage("categories has 0 entries; it must have 1 to 20", () -> b.categories(java.util.List.of()));
    assertMessage("categories[1] is blank; it must be 1 to 80 characters",
        () -> b.categories(java.util.List.of("Cards", " ")));
    // A pasted zero-width space would pass here and then be refused by preview, in the user's form.
    assertMessage("categories[1] contains a control or format character (U+200B) at index 4",
        () -> b.categories(java.util.List.of("Cards", "Bank\u200Btransfers")));
    assertMessage("baseUrl must start with http:// or https://", () -> HelpConfig.builder("desk.example.com", "key"));
    support = HelpTestSupport.start();
    // A help button needs the activity it opens help from.
    assertMessage("context must be an activity", () -> new HelpButton(HelpTestSupport.application()));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aCategoryOfOnlyIdeographicOrNoBreakSpacesIsRefusedAsBlank() {
    HelpConfig.Builder b = HelpConfig.builder("https://desk.example.com", "key");
    // It would pass here and then be refused by preview as blank, in the user's form, for every report filed under it.
    assertMessage("categories[1] is blank; it must be 1 to 80 characters",
        () -> b.categories(java.util.List.of("Cards", "\u3000\u3000")));
    assertMessage("categories[0] is blank; it must be 1 to 80 characters",
        () -> b.categories(java.util.List.of("\u00A0", "Cards")));
  }

  private static void assertMessage(String expectedStart, org.junit.function.ThrowingRunnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage(), e.getMessage().startsWith(expectedStart));
  }
}
