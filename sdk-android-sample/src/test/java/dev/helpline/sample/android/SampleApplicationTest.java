package dev.helpline.sample.android;

import static dev.helpline.sample.android.SampleTestSupport.TEST_TIMEOUT_MS;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.robolectric.Shadows.shadowOf;
import static org.robolectric.shadows.ShadowLooper.shadowMainLooper;

import android.net.ConnectivityManager;
import androidx.test.platform.app.InstrumentationRegistry;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.annotation.Config;

/** The real Application: it wires Helpline in onCreate, on the main thread, without I/O. */
@RunWith(RobolectricTestRunner.class)
@Config(application = SampleApplication.class)
public class SampleApplicationTest {
  @After
  public void tearDown() {
    HelpSdk.uninstall();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void onCreateInstallsTheSdkAndWatchesConnectivityWithoutMainThreadIo() throws Exception {
    HelpSdk sdk = HelpSdk.get();
    assertNotNull(sdk.helpline());
    assertEquals("Acme Banking", sdk.app().name());
    assertEquals("user-42", sdk.requester().id());
    ConnectivityManager cm = InstrumentationRegistry.getInstrumentation().getTargetContext()
        .getSystemService(ConnectivityManager.class);
    assertEquals(1, shadowOf(cm).getNetworkCallbacks().size());
    // A fatal StrictMode from here on: whatever onCreate left for the main looper must not touch the disk.
    SampleApplication.enableStrictMode(true);
    shadowMainLooper().idle();
    assertEquals(true, sdk.background().awaitIdle(10, java.util.concurrent.TimeUnit.SECONDS));
    shadowMainLooper().idle();
  }
}
