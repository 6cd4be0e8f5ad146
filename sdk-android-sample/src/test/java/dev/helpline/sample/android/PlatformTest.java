package dev.helpline.sample.android;

import static dev.helpline.sample.android.SampleTestSupport.TEST_TIMEOUT_MS;
import static dev.helpline.sample.android.SampleTestSupport.offMain;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.robolectric.shadows.ShadowLooper.shadowMainLooper;

import android.os.Build;
import android.os.StrictMode;
import androidx.test.platform.app.InstrumentationRegistry;
import dev.helpline.diagnostics.Diagnostics;
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
  public void androidProvidersReportDeviceScreenNetworkMemoryStorageAndApp() throws Exception {
    Diagnostics d = offMain(() -> HelpSdk.get().helpline().diagnostics());
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
  public void theSamplesOwnIoRefusesTheMainThread() {
    HelpSdk sdk = HelpSdk.get();
    IllegalStateException seen = assertThrows(IllegalStateException.class, () -> sdk.seenNotices().load());
    assertTrue(seen.getMessage(), seen.getMessage().startsWith("SeenNotices.load does disk or network I/O"));
    assertThrows(IllegalStateException.class, () -> sdk.statusFeed().status());
    assertThrows(IllegalStateException.class, () -> sdk.statusFeed().notices());
    assertThrows(IllegalStateException.class, () -> sdk.statusFeed().searchArticles("card", 3));
    assertThrows(IllegalStateException.class, () -> TicketsActivity.load(sdk.helpline(), true));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void theFilesDirectoryIsKnownWithoutCreatingIt() throws Exception {
    android.content.Context context = InstrumentationRegistry.getInstrumentation().getTargetContext();
    File expected = offMain(context::getFilesDir);
    assertEquals(expected.getCanonicalFile(), HelpSdk.filesDirWithoutIo(context).getCanonicalFile());
    Path outbox = HelpSdk.filesDirWithoutIo(context).toPath().resolve("helpline");
    assertNotNull(outbox);
  }
}
