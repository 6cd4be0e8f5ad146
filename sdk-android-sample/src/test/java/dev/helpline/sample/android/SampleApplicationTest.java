package dev.helpline.sample.android;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.robolectric.Shadows.shadowOf;
import static org.robolectric.shadows.ShadowLooper.shadowMainLooper;

import android.net.ConnectivityManager;
import dev.helpline.android.HelplineAndroid;
import dev.helpline.android.internal.HelpTestSupport;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.annotation.Config;

/** The real Application: it installs Helpline in onCreate, on the main thread, without I/O. */
@RunWith(RobolectricTestRunner.class)
@Config(application = SampleApplication.class)
public class SampleApplicationTest {
  @After
  public void tearDown() {
    HelplineAndroid.uninstall();
  }

  @Test(timeout = HelpTestSupport.TEST_TIMEOUT_MS)
  public void onCreateInstallsHelplineAndWatchesConnectivityWithoutMainThreadIo() throws Exception {
    assertTrue(HelplineAndroid.isInstalled());
    assertTrue("the app's label names it when no AppInfo is configured", !HelplineAndroid.helpline().app().name().isEmpty());
    ConnectivityManager cm = HelpTestSupport.application().getSystemService(ConnectivityManager.class);
    assertEquals(1, shadowOf(cm).getNetworkCallbacks().size());
    // Fatal StrictMode from here on: whatever onCreate left for the main looper must not touch the disk.
    HelpTestSupport.enableStrictMode(true);
    shadowMainLooper().idle();
    HelpTestSupport.settle();
  }
}
