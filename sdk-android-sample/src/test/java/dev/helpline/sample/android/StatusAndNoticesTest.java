package dev.helpline.sample.android;

import static dev.helpline.sample.android.SampleTestSupport.TEST_TIMEOUT_MS;
import static dev.helpline.sample.android.SampleTestSupport.offMain;
import static dev.helpline.sample.android.SampleTestSupport.settle;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.robolectric.shadows.ShadowLooper.shadowMainLooper;

import android.view.View;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.android.controller.ActivityController;

@RunWith(RobolectricTestRunner.class)
public class StatusAndNoticesTest {
  private static final String MAINTENANCE = "{\"id\":\"maint-1\",\"type\":\"maintenance\",\"severity\":\"warning\","
      + "\"title\":\"Planned maintenance\",\"body\":\"Transfers pause on Sunday 02:00-04:00 UTC.\","
      + "\"targeting\":{\"platforms\":[\"android\"]}}";
  private static final String IOS_ONLY = "{\"id\":\"ios-1\",\"type\":\"announcement\",\"title\":\"New on iPhone\","
      + "\"targeting\":{\"platforms\":[\"ios\"]}}";
  private static final String EXPIRED = "{\"id\":\"old-1\",\"type\":\"announcement\",\"title\":\"Old news\","
      + "\"endsAt\":\"2020-01-01T00:00:00Z\"}";

  private SampleTestSupport support;

  @Before
  public void setUp() throws Exception {
    support = SampleTestSupport.start();
  }

  @After
  public void tearDown() {
    if (support != null) support.stop();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void theStatusBannerAppearsWhenAComponentIsDegradedAndGoesWhenItRecovers() throws Exception {
    support.desk.admin().setComponent("Payments", "operational");
    ActivityController<MainActivity> controller = Robolectric.buildActivity(MainActivity.class).setup();
    MainActivity main = controller.get();
    settle();
    assertEquals(View.GONE, main.statusBanner.getVisibility());

    support.desk.admin().setComponent("Payments", "degraded_performance");
    shadowMainLooper().idleFor(Duration.ofMillis(MainActivity.STATUS_REFRESH_MS)); // the periodic refresh
    settle();
    assertEquals(View.VISIBLE, main.statusBanner.getVisibility());
    assertEquals("Payments: degraded performance", main.statusBanner.getText().toString());

    support.desk.admin().setComponent("Payments", "operational");
    controller.pause().stop();
    controller.start().resume(); // coming back to the app refreshes at once
    settle();
    assertEquals(View.GONE, main.statusBanner.getVisibility());
    controller.pause().stop().destroy();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void anActiveMaintenanceWindowShowsTheBanner() throws Exception {
    support.desk.admin().publishStatus("{\"status\":{\"indicator\":\"maintenance\",\"description\":\"Maintenance\"},"
        + "\"components\":[],\"incidents\":[],\"scheduled_maintenances\":["
        + "{\"name\":\"Database upgrade\",\"status\":\"in_progress\",\"impact\":\"maintenance\"}]}");
    ActivityController<MainActivity> controller = Robolectric.buildActivity(MainActivity.class).setup();
    settle();
    assertEquals(View.VISIBLE, controller.get().statusBanner.getVisibility());
    assertEquals("Maintenance: Database upgrade", controller.get().statusBanner.getText().toString());
    controller.pause().stop().destroy();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aNoticeIsShownOnceAcrossRecreationAndProcessRestart() throws Exception {
    support.desk.admin().publishNotice(IOS_ONLY);
    support.desk.admin().publishNotice(EXPIRED);
    support.desk.admin().publishNotice(MAINTENANCE);
    ActivityController<MainActivity> controller = Robolectric.buildActivity(MainActivity.class).setup();
    settle();
    MainActivity first = controller.get();
    assertEquals(View.VISIBLE, first.noticeBar.getVisibility());
    assertEquals("Planned maintenance\nTransfers pause on Sunday 02:00-04:00 UTC.", first.noticeText.getText().toString());

    // Rotation: a new activity instance, same process.
    controller.recreate();
    settle();
    MainActivity recreated = controller.get();
    assertFalse(recreated == first);
    assertEquals(View.GONE, recreated.noticeBar.getVisibility());
    controller.pause().stop().destroy();

    // Process restart: a new HelpSdk (new Helpline, new seen store) on the same files directory.
    Path seenFile = HelpSdk.filesDirWithoutIo(first).toPath().resolve("helpline-sample/seen-notices.txt");
    assertEquals(List.of("maint-1"), offMain(() -> Files.readAllLines(seenFile, StandardCharsets.UTF_8)));
    HelpSdk.install(support.newSdk());
    ActivityController<MainActivity> restarted = Robolectric.buildActivity(MainActivity.class).setup();
    settle();
    assertEquals(View.GONE, restarted.get().noticeBar.getVisibility());

    // A new notice is shown, once, and can be dismissed.
    support.desk.admin().publishNotice("{\"id\":\"maint-2\",\"type\":\"maintenance\",\"title\":\"Another window\"}");
    restarted.pause().stop();
    restarted.start().resume();
    settle();
    MainActivity shown = restarted.get();
    assertEquals(View.VISIBLE, shown.noticeBar.getVisibility());
    assertTrue(shown.noticeText.getText().toString().startsWith("Another window"));
    ((android.view.ViewGroup) shown.noticeBar).getChildAt(1).performClick(); // Dismiss
    assertEquals(View.GONE, shown.noticeBar.getVisibility());
    restarted.pause().stop();
    restarted.start().resume();
    settle();
    assertEquals(View.GONE, shown.noticeBar.getVisibility());
    restarted.pause().stop().destroy();
  }
}
