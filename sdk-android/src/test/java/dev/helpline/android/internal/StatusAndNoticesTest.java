package dev.helpline.android.internal;

import static dev.helpline.android.internal.HelpTestSupport.TEST_TIMEOUT_MS;
import static dev.helpline.android.internal.HelpTestSupport.await;
import static dev.helpline.android.internal.HelpTestSupport.offMain;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;
import static org.robolectric.shadows.ShadowLooper.shadowMainLooper;

import android.view.View;
import android.view.ViewGroup;
import dev.helpline.Helpline;
import dev.helpline.notices.Notice;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.android.controller.ActivityController;

/**
 * The status banner and the notices, driven by Helpline's status monitor and notice center. Each step
 * asks Helpline to fetch now and waits for that future (completed on the main thread after the
 * listeners ran), so nothing depends on the polling timer.
 */
@RunWith(RobolectricTestRunner.class)
public class StatusAndNoticesTest {
  private static final String MAINTENANCE = "{\"id\":\"maint-1\",\"type\":\"maintenance\",\"severity\":\"warning\","
      + "\"title\":\"Planned maintenance\",\"body\":\"Transfers pause on Sunday 02:00-04:00 UTC.\","
      + "\"targeting\":{\"platforms\":[\"android\"]}}";
  private static final String IOS_ONLY = "{\"id\":\"ios-1\",\"type\":\"announcement\",\"title\":\"New on iPhone\","
      + "\"targeting\":{\"platforms\":[\"ios\"]}}";
  private static final String EXPIRED = "{\"id\":\"old-1\",\"type\":\"announcement\",\"title\":\"Old news\","
      + "\"endsAt\":\"2020-01-01T00:00:00Z\"}";

  private HelpTestSupport support;

  @Before
  public void setUp() throws Exception {
    support = HelpTestSupport.start();
  }

  @After
  public void tearDown() {
    if (support != null) support.stop();
  }

  private static Helpline helpline() {
    return HelpRuntime.get().helpline();
  }

  /** Fetches the status now; returns once the status listeners ran on the main thread. */
  private static void refreshStatus() throws Exception {
    await(helpline().statusMonitor().refresh());
  }

  /** Fetches the notices now; returns once the notice listeners ran on the main thread. */
  private static void refreshNotices() throws Exception {
    await(helpline().noticeCenter().refresh());
  }

  private static List<String> relevantNoticeIds() {
    return helpline().notices().stream().map(Notice::id).collect(Collectors.toList());
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void theStatusBannerAppearsWhenAComponentIsDegradedAndGoesWhenItRecovers() throws Exception {
    support.desk.admin().setComponent("Payments", "operational");
    ActivityController<HostActivity> controller = Robolectric.buildActivity(HostActivity.class).setup();
    HostActivity main = controller.get();
    refreshStatus();
    assertEquals(View.GONE, main.banner.statusView().getVisibility());

    support.desk.admin().setComponent("Payments", "degraded_performance");
    refreshStatus();
    assertEquals(View.VISIBLE, main.banner.statusView().getVisibility());
    assertEquals("Payments: degraded performance", main.banner.statusView().getText().toString());

    support.desk.admin().setComponent("Payments", "operational");
    refreshStatus();
    assertEquals(View.GONE, main.banner.statusView().getVisibility());
    controller.pause().stop().destroy();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void pollingPausesInTheBackgroundAndTheBannerShowsWhatWasLearnedMeanwhileOnReturn() throws Exception {
    ActivityController<HostActivity> controller = Robolectric.buildActivity(HostActivity.class).setup();
    HostActivity main = controller.get();
    refreshStatus();
    assertFalse(helpline().statusMonitor().isPaused());

    controller.pause().stop();
    assertTrue("no activity is visible: status polling pauses", helpline().statusMonitor().isPaused());
    support.desk.admin().setComponent("Cards", "major_outage");
    refreshStatus(); // e.g. a push message asked for it; the stopped screen is not updated
    assertEquals(View.GONE, main.banner.statusView().getVisibility());

    controller.start().resume();
    assertFalse(helpline().statusMonitor().isPaused());
    assertEquals(View.VISIBLE, main.banner.statusView().getVisibility()); // from memory, at once
    assertEquals("Cards: major outage", main.banner.statusView().getText().toString());
    controller.pause().stop().destroy();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void anActiveMaintenanceWindowShowsTheBannerAndOtherwiseTheOverallIndicatorDoes() throws Exception {
    support.desk.admin().publishStatus("{\"status\":{\"indicator\":\"maintenance\",\"description\":\"Maintenance\"},"
        + "\"components\":[],\"incidents\":[],\"scheduled_maintenances\":["
        + "{\"id\":\"m1\",\"name\":\"Database upgrade\",\"status\":\"in_progress\",\"impact\":\"maintenance\"},"
        + "{\"id\":\"m2\",\"name\":\"Next week\",\"status\":\"scheduled\",\"impact\":\"maintenance\"}]}");
    ActivityController<HostActivity> controller = Robolectric.buildActivity(HostActivity.class).setup();
    refreshStatus();
    assertEquals(View.VISIBLE, controller.get().banner.statusView().getVisibility());
    assertEquals("Maintenance: Database upgrade", controller.get().banner.statusView().getText().toString());

    support.desk.admin().publishStatus("{\"status\":{\"indicator\":\"minor\",\"description\":\"Minor Service Outage\"},"
        + "\"components\":[],\"incidents\":[],\"scheduled_maintenances\":[]}");
    refreshStatus();
    assertEquals("Minor Service Outage", controller.get().banner.statusView().getText().toString());
    controller.pause().stop().destroy();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aNoticeIsShownOnceAcrossRecreationAndProcessRestartAndADismissalPersists() throws Exception {
    support.desk.admin().publishNotice(IOS_ONLY);
    support.desk.admin().publishNotice(EXPIRED);
    support.desk.admin().publishNotice(MAINTENANCE);
    ActivityController<HostActivity> controller = Robolectric.buildActivity(HostActivity.class).setup();
    refreshNotices();
    HostActivity first = controller.get();
    assertEquals(View.VISIBLE, first.banner.noticeView().getVisibility());
    assertEquals("Planned maintenance\nTransfers pause on Sunday 02:00-04:00 UTC.", first.banner.noticeView().getText().toString());
    assertEquals(List.of("maint-1"), relevantNoticeIds()); // not the iOS one, not the expired one

    // Rotation: a new activity instance, same process.
    controller.recreate();
    refreshNotices();
    HostActivity recreated = controller.get();
    assertNotSame(first, recreated);
    assertEquals(View.GONE, recreated.banner.noticeView().getVisibility());
    controller.pause().stop().destroy();

    // Process restart: a new installation and Helpline client on the same files directory.
    Path store = HelpRuntime.filesDirWithoutIo(first).toPath().resolve("helpline/notices/notices-state.json");
    String stored = offMain(() -> new String(Files.readAllBytes(store), StandardCharsets.UTF_8));
    assertTrue(stored, stored.contains("maint-1"));
    support.install();
    ActivityController<HostActivity> restarted = Robolectric.buildActivity(HostActivity.class).setup();
    refreshNotices();
    assertEquals(List.of("maint-1"), relevantNoticeIds()); // still relevant, but already shown on this install
    assertEquals(View.GONE, restarted.get().banner.noticeView().getVisibility());

    // A new notice is shown once, and dismissed.
    support.desk.admin().publishNotice("{\"id\":\"maint-2\",\"type\":\"maintenance\",\"title\":\"Another window\"}");
    refreshNotices();
    HostActivity shown = restarted.get();
    assertEquals(View.VISIBLE, shown.banner.noticeView().getVisibility());
    assertEquals("Another window", shown.banner.noticeView().getText().toString());
    ((ViewGroup) shown.banner.noticeView().getParent()).getChildAt(1).performClick(); // Dismiss
    assertEquals(View.GONE, shown.banner.noticeView().getVisibility());
    assertFalse(relevantNoticeIds().contains("maint-2"));
    // The center's worker runs one task at a time: once this refresh is done, the dismissal is on disk.
    refreshNotices();
    restarted.pause().stop().destroy();

    // Another restart: the dismissal is remembered, and nothing is shown again.
    support.install();
    ActivityController<HostActivity> again = Robolectric.buildActivity(HostActivity.class).setup();
    refreshNotices();
    assertEquals(List.of("maint-1"), relevantNoticeIds());
    assertEquals(View.GONE, again.get().banner.noticeView().getVisibility());
    shadowMainLooper().idle();
    again.pause().stop().destroy();
  }
}
