package dev.helpline.sample.android;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.robolectric.shadows.ShadowLooper.shadowMainLooper;

import android.app.Application;
import android.graphics.Bitmap;
import android.graphics.BitmapFactory;
import androidx.test.platform.app.InstrumentationRegistry;
import dev.helpline.AppInfo;
import dev.helpline.Requester;
import dev.helpline.testkit.TestDesk;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** A desk in this JVM, a HelpSdk pointed at it, and bounded waits that drive Robolectric's paused main looper. */
final class SampleTestSupport {
  /** Every test's limit (Robolectric runs {@code @Test(timeout)} on the main thread; a Timeout rule would not). */
  static final long TEST_TIMEOUT_MS = 60_000;
  static final int SCREENSHOT_MAX = 256;
  static final String REQUESTER_ID = "user-42";
  static final String EMAIL = "ada@example.com";

  final TestDesk desk;
  final String userToken;

  private SampleTestSupport(TestDesk desk) {
    this.desk = desk;
    this.userToken = desk.issueUserToken(REQUESTER_ID, EMAIL, Duration.ofHours(1));
  }

  static SampleTestSupport start() throws IOException {
    SampleTestSupport support = new SampleTestSupport(TestDesk.builder().start());
    // As in a debug build, but fatal, and before the SDK is created on this (the main) thread: Android's own
    // file calls (getFilesDir() and the like) are caught here as on a device; the JVM's file I/O is IoGuard's job.
    SampleApplication.enableStrictMode(true);
    HelpSdk.install(support.newSdk());
    return support;
  }

  /** A new HelpSdk on the same app (same files directory): what a restarted process creates. */
  HelpSdk newSdk() {
    Application app = (Application) InstrumentationRegistry.getInstrumentation().getTargetContext().getApplicationContext();
    return HelpSdk.create(app, new HelpSdk.Config(desk.baseUrl(), desk.appKey(), AppInfo.of("Acme Banking", "4.2.0"),
        Requester.of(REQUESTER_ID, EMAIL, "Ada Lovelace"), userToken).screenshotMaxDimension(SCREENSHOT_MAX));
  }

  void stop() {
    HelpSdk.uninstall();
    desk.close();
  }

  /** Runs main-thread tasks and waits for background work until both are quiet, at most 20 s. */
  static void settle() throws InterruptedException {
    long deadline = System.nanoTime() + SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      shadowMainLooper().idle();
      if (!HelpSdk.get().background().awaitIdle(10, SECONDS)) {
        throw new AssertionError("background work still running after 10 s");
      }
      if (shadowMainLooper().isIdle()) return;
    }
    throw new AssertionError("the main thread did not settle within 20 s");
  }

  /** Waits for {@code future}, running main-thread tasks meanwhile (Helpline completes it there), at most 20 s. */
  static <T> T await(CompletableFuture<T> future) throws InterruptedException, ExecutionException {
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
  static <T> T offMain(Callable<T> call) throws Exception {
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

  static Bitmap decode(byte[] png) {
    Bitmap bitmap = BitmapFactory.decodeByteArray(png, 0, png.length);
    if (bitmap == null) throw new AssertionError("not a decodable image (" + png.length + " bytes)");
    return bitmap;
  }

  static int distinctColours(Bitmap bitmap) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < bitmap.getHeight(); y += 2) {
      for (int x = 0; x < bitmap.getWidth(); x += 2) colours.add(bitmap.getPixel(x, y));
    }
    return colours.size();
  }
}
