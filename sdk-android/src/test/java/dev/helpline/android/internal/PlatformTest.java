package dev.helpline.android.internal;

import static dev.helpline.android.internal.HelpTestSupport.TEST_TIMEOUT_MS;
import static dev.helpline.android.internal.HelpTestSupport.await;
import static dev.helpline.android.internal.HelpTestSupport.offMain;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.robolectric.shadows.ShadowLooper.shadowMainLooper;

import android.os.Build;
import android.os.StrictMode;
import androidx.test.platform.app.InstrumentationRegistry;
import dev.helpline.Helpline;
import dev.helpline.TicketDraft;
import dev.helpline.diagnostics.Diagnostics;
import dev.helpline.status.Component;
import dev.helpline.status.StatusSnapshot;
import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;

/** Android diagnostics, and the rules that keep disk and network I/O off the main thread. */
@RunWith(RobolectricTestRunner.class)
public class PlatformTest {
  private HelpTestSupport support;

  @Before
  public void setUp() throws Exception {
    support = HelpTestSupport.start();
  }

  @After
  public void tearDown() {
    if (support != null) support.stop();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void androidProvidersReportDeviceScreenNetworkMemoryStorageAndApp() throws Exception {
    Diagnostics d = offMain(() -> HelpRuntime.get().helpline().diagnostics());
    Map<String, Map<String, Object>> s = d.sections();
    assertTrue(d.failures().toString(), d.failures().isEmpty());
    assertEquals(Build.MANUFACTURER, s.get("device").get("manufacturer"));
    assertEquals(Build.MODEL, s.get("device").get("model"));
    assertEquals(34L, s.get("device").get("api_level"));
    assertEquals(Build.VERSION.RELEASE, s.get("device").get("android_version"));
    assertTrue((Long) s.get("screen").get("width_px") > 0);
    assertTrue((Long) s.get("screen").get("density_dpi") > 0);
    assertNotNull(s.get("network").get("type"));
    assertNotNull(s.get("memory").get("device_available_bytes"));
    assertNotNull(s.get("memory").get("device_total_bytes"));
    assertNotNull(s.get("storage").get("data_available_bytes"));
    assertEquals("org.robolectric.default", s.get("app").get("package"));
    assertEquals("Acme Banking", s.get("app").get("name")); // sdk-core's keys are kept in the merged section
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void strictModeIsFatalForMainThreadDiskAccessDuringTests() {
    // Framework I/O goes through Android's BlockGuard in Robolectric too: the first getNoBackupFilesDir()
    // creates the directory (the sample never calls it). StrictMode reports from the main looper, so the
    // death comes when it runs, as it does in every settle() of the other tests.
    RuntimeException death = assertThrows(RuntimeException.class, () -> {
      InstrumentationRegistry.getInstrumentation().getTargetContext().getNoBackupFilesDir();
      shadowMainLooper().idle();
    });
    assertTrue(String.valueOf(death.getCause()), death.getCause() instanceof android.os.strictmode.DiskWriteViolation);
    StrictMode.setThreadPolicy(StrictMode.ThreadPolicy.LAX);
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void theSamplesOwnIoAndEveryHttpRequestRefuseTheMainThread() {
    HelpRuntime sdk = HelpRuntime.get();
    assertThrows(IllegalStateException.class, () -> TicketsActivity.load(sdk.helpline(), true));
    // The app's HTTP client (shared with Helpline) refuses requests made on the main thread.
    IllegalStateException http = assertThrows(IllegalStateException.class,
        () -> sdk.helpline().articles().search("card payments", null));
    assertTrue(http.getMessage(), http.getMessage().startsWith("HTTP GET /v1/articles/search does disk or network I/O"));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void helplinesStatusAndNoticeCallsOnTheMainThreadAnswerFromMemory() throws Exception {
    support.desk.admin().setComponent("Payments", "partial_outage");
    support.desk.admin().publishNotice("{\"id\":\"n1\",\"type\":\"announcement\",\"title\":\"Hello\"}");
    Helpline helpline = HelpRuntime.get().helpline();
    TicketDraft draft = TicketDraft.builder().subject("Payments fail").build();
    // With StrictMode fatal and the HTTP guard on: these return at once and the fetches run on Helpline's threads.
    StatusSnapshot fetched = await(helpline.statusMonitor().refresh());
    assertEquals(Component.Status.PARTIAL_OUTAGE, fetched.components().get(0).status());
    assertEquals(fetched.components(), helpline.status().components());
    assertEquals(1, await(helpline.noticeCenter().refresh()).size());
    assertEquals("n1", helpline.notices().get(0).id());
    helpline.matchIncidents(draft);
    helpline.noticeCenter().dismiss("n1");
    assertTrue(helpline.notices().isEmpty());
    helpline.setForeground(false);
    helpline.setForeground(true);
    await(helpline.noticeCenter().refresh()); // the dismissal was written on the center's thread
    shadowMainLooper().idle();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void theFilesDirectoryIsKnownWithoutCreatingIt() throws Exception {
    android.content.Context context = InstrumentationRegistry.getInstrumentation().getTargetContext();
    File expected = offMain(context::getFilesDir);
    assertEquals(expected.getCanonicalFile(), HelpRuntime.filesDirWithoutIo(context).getCanonicalFile());
    Path outbox = HelpRuntime.filesDirWithoutIo(context).toPath().resolve("helpline");
    assertNotNull(outbox);
  }
}
