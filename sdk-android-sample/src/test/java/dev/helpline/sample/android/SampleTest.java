package dev.helpline.sample.android;

import static dev.helpline.android.internal.HelpTestSupport.TEST_TIMEOUT_MS;
import static dev.helpline.android.internal.HelpTestSupport.await;
import static dev.helpline.android.internal.HelpTestSupport.offMain;
import static dev.helpline.android.internal.HelpTestSupport.settle;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.robolectric.Shadows.shadowOf;

import android.app.Activity;
import android.content.Intent;
import android.graphics.Bitmap;
import android.view.View;
import android.view.ViewGroup;
import android.widget.EditText;
import android.widget.TextView;
import dev.helpline.Submission;
import dev.helpline.android.HelplineAndroid;
import dev.helpline.android.internal.HelpTestSupport;
import dev.helpline.testkit.DeskTicket;
import dev.helpline.testkit.TestDesk;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.android.controller.ActivityController;
import org.robolectric.fakes.RoboMenu;

/**
 * The sample's own lines, run for real: Helpline installed by {@code installHelp} against the test
 * desk, the user taps the sample's help button, fills in the library's form and the desk gets the
 * report with the account number masked in the screenshot. The screens are driven as a user would,
 * by their labels.
 */
@RunWith(RobolectricTestRunner.class)
public class SampleTest {
  private TestDesk desk;
  private ActivityController<MainActivity> main;
  private ActivityController<? extends Activity> form;

  @Before
  public void setUp() throws Exception {
    desk = TestDesk.builder().start();
    HelpTestSupport.enableStrictMode(true);
    SampleApplication.installHelp(HelpTestSupport.application(), desk.baseUrl(), desk.appKey(),
        desk.issueUserToken("user-42", "ada@example.com", Duration.ofHours(1)));
    main = Robolectric.buildActivity(MainActivity.class).setup();
    settle();
  }

  @After
  public void tearDown() {
    if (form != null) form.pause().stop().destroy();
    if (main != null) main.pause().stop().destroy();
    HelplineAndroid.uninstall();
    if (desk != null) desk.close();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void theSamplesHelpButtonSendsAReportWithTheAccountNumberMasked() throws Exception {
    MainActivity activity = main.get();
    View help = find(activity, v -> v.isClickable() && "Help".contentEquals(String.valueOf(v.getContentDescription())));
    help.performClick();
    Intent next = shadowOf(activity).getNextStartedActivity();
    assertEquals("dev.helpline.android.internal.HelpFormActivity", next.getComponent().getClassName());
    @SuppressWarnings("unchecked")
    Class<? extends Activity> formClass = (Class<? extends Activity>) Class.forName(next.getComponent().getClassName());
    form = Robolectric.buildActivity(formClass, next).setup();
    settle();

    Activity f = form.get();
    ((EditText) find(f, v -> v instanceof EditText && "Subject".contentEquals(String.valueOf(((EditText) v).getHint()))))
        .setText("Transfer stuck");
    button(f, "Review what will be sent").performClick();
    settle();
    button(f, "Send").performClick();
    settle();

    DeskTicket atDesk = theOneTicketAtTheDesk();
    assertEquals("Transfer stuck", atDesk.subject());
    assertEquals("ada@example.com", atDesk.requesterEmail());
    DeskTicket.File png = atDesk.attachments().stream().filter(a -> a.fileName().equals("screenshot.png")).findFirst()
        .orElseThrow(() -> new AssertionError("no screenshot: " + atDesk.attachments()));
    Bitmap shot = HelpTestSupport.decode(png.bytes());
    TextView account = (TextView) find(activity, v -> v instanceof TextView
        && ((TextView) v).getText().toString().startsWith("DE89"));
    int[] loc = new int[2];
    account.getLocationInWindow(loc);
    assertEquals(dev.helpline.android.internal.WindowScreenshots.MASK_COLOR,
        shot.getPixel(loc[0] + account.getWidth() / 2, loc[1] + account.getHeight() / 2));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void theMenuOffersHelpAndMyTickets() {
    RoboMenu menu = new RoboMenu(main.get());
    assertTrue(main.get().onCreateOptionsMenu(menu));
    assertEquals("Help", menu.getItem(0).getTitle().toString());
    assertEquals("My tickets", menu.getItem(1).getTitle().toString());
  }

  /**
   * The ticket the report became. Delivery may finish while the form settles, and a delivered
   * submission leaves the device, so the queue holds the report or the desk already does.
   */
  private DeskTicket theOneTicketAtTheDesk() throws Exception {
    List<Submission> queued = offMain(() -> HelplineAndroid.helpline().submissions());
    if (!queued.isEmpty()) {
      assertEquals(1, queued.size());
      await(queued.get(0).delivery());
    }
    assertEquals(1, desk.ticketCount());
    return desk.tickets().get(0);
  }

  private static View button(Activity a, String label) {
    return find(a, v -> v.isClickable() && label.contentEquals(String.valueOf(v.getContentDescription())));
  }

  private static View find(Activity a, Predicate<View> match) {
    View found = find(a.getWindow().getDecorView(), match);
    assertNotNull("no such view on " + a.getClass().getSimpleName(), found);
    return found;
  }

  private static View find(View v, Predicate<View> match) {
    if (match.test(v)) return v;
    if (v instanceof ViewGroup) {
      for (int i = 0; i < ((ViewGroup) v).getChildCount(); i++) {
        View hit = find(((ViewGroup) v).getChildAt(i), match);
        if (hit != null) return hit;
      }
    }
    return null;
  }
}
