package dev.helpline.android.internal;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.robolectric.shadows.ShadowLooper.shadowMainLooper;

import android.app.Application;
import android.graphics.Bitmap;
import android.graphics.BitmapFactory;
import android.os.StrictMode;
import androidx.test.platform.app.InstrumentationRegistry;
import dev.helpline.AppInfo;
import dev.helpline.Requester;
import dev.helpline.android.HelpConfig;
import dev.helpline.android.HelplineAndroid;
import dev.helpline.testkit.TestDesk;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * A desk in this JVM, Helpline installed against it with fatal StrictMode, and bounded waits that
 * drive Robolectric's paused main looper. Shared with the sample's tests through the test jar.
 */
public final class HelpTestSupport {
  /** Every test's limit (Robolectric runs {@code @Test(timeout)} on the main thread; a Timeout rule would not). */
  public static final long TEST_TIMEOUT_MS = 120_000;
  /** The tests' largest screenshot side: smaller than the window, so scaling is exercised. */
  public static final int SCREENSHOT_MAX = 256;
  public static final String REQUESTER_ID = "user-42";
  public static final String EMAIL = "ada@example.com";

  public final TestDesk desk;
  public final String userToken;
  private final UnaryOperator<HelpConfig.Builder> customize;

  private HelpTestSupport(TestDesk desk, UnaryOperator<HelpConfig.Builder> customize) {
    this.desk = desk;
    this.userToken = desk.issueUserToken(REQUESTER_ID, EMAIL, Duration.ofHours(1));
    this.customize = customize;
  }

  /** Starts a desk and installs Helpline with the test configuration. */
  public static HelpTestSupport start() throws IOException {
    return start(b -> b);
  }

  /** Starts a desk and installs Helpline with the test configuration changed by {@code customize}. */
  public static HelpTestSupport start(UnaryOperator<HelpConfig.Builder> customize) throws IOException {
    HelpTestSupport support = new HelpTestSupport(TestDesk.builder().start(), customize);
    // Fatal, and before Helpline is installed on this (the main) thread: Android's own file calls
    // (getFilesDir() and the like) are caught as on a device; the JVM's file I/O is IoGuard's job.
    enableStrictMode(true);
    support.install();
    return support;
  }

  public static Application application() {
    return (Application) InstrumentationRegistry.getInstrumentation().getTargetContext().getApplicationContext();
  }

  /** The configuration the tests install: the desk, the signed-in requester, and the change given to {@link #start}. */
  public HelpConfig config() {
    return customize.apply(HelpConfig.builder(desk.baseUrl(), desk.appKey())
        .app(AppInfo.of("Acme Banking", "4.2.0"))
        .requester(Requester.of(REQUESTER_ID, EMAIL, "Ada Lovelace"))
        .userToken(userToken)
        .screenshotMaxDimension(SCREENSHOT_MAX)).build();
  }

  /** Installs Helpline anew on the same app (same files directory): what a restarted process does. */
  public void install() {
    HelplineAndroid.install(application(), config());
  }

  public void stop() {
    HelplineAndroid.uninstall();
    desk.close();
    StrictMode.setThreadPolicy(StrictMode.ThreadPolicy.LAX);
  }

  /** Main-thread disk reads, disk writes and network access are logged, or crash the app when {@code fatal}. */
  public static void enableStrictMode(boolean fatal) {
    StrictMode.ThreadPolicy.Builder policy = new StrictMode.ThreadPolicy.Builder()
        .detectDiskReads()
        .detectDiskWrites()
        .detectNetwork()
        .penaltyLog();
    if (fatal) policy.penaltyDeath();
    StrictMode.setThreadPolicy(policy.build());
  }

  /** Runs main-thread tasks and waits for background work until both are quiet, at most 20 s. */
  public static void settle() throws InterruptedException {
    long deadline = System.nanoTime() + SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      shadowMainLooper().idle();
      if (!HelpRuntime.get().background().awaitIdle(10, SECONDS)) {
        throw new AssertionError("background work still running after 10 s");
      }
      if (shadowMainLooper().isIdle()) return;
    }
    throw new AssertionError("the main thread did not settle within 20 s");
  }

  /** Waits for {@code future}, running main-thread tasks meanwhile (Helpline completes it there), at most 20 s. */
  public static <T> T await(CompletableFuture<T> future) throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      shadowMainLooper().idle();
      try {
        return future.get(50, MILLISECONDS);
      } catch (TimeoutException notYet) {
        // run the main looper again
      }
    }
    throw new AssertionError("future not completed within 20 s: " + future);
  }

  /** Runs {@code call} on another thread, as the app does, and returns its result (tests must not do I/O on main either). */
  public static <T> T offMain(Callable<T> call) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        result.complete(call.call());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    }, "test-io");
    t.start();
    try {
      return result.get(20, SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception) throw (Exception) e.getCause();
      throw e;
    }
  }

  public static Bitmap decode(byte[] png) {
    Bitmap bitmap = BitmapFactory.decodeByteArray(png, 0, png.length);
    if (bitmap == null) throw new AssertionError("not a decodable image (" + png.length + " bytes)");
    return bitmap;
  }

  public static int distinctColours(Bitmap bitmap) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < bitmap.getHeight(); y += 2) {
      for (int x = 0; x < bitmap.getWidth(); x += 2) colours.add(bitmap.getPixel(x, y));
    }
    return colours.size();
  }
}
