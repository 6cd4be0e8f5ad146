package dev.helpline.sample.android;

import android.app.Application;
import android.content.pm.ApplicationInfo;
import android.content.pm.PackageManager;
import android.os.Bundle;
import android.os.StrictMode;
import dev.helpline.AppInfo;
import dev.helpline.Requester;
import org.jspecify.annotations.Nullable;

/**
 * Creates the process-wide {@link HelpSdk} (no I/O, so on the main thread) and, in debuggable
 * builds, turns on StrictMode for disk and network access on the main thread. The desk is read
 * from {@code <meta-data>} in the manifest: {@code dev.helpline.BASE_URL}, {@code dev.helpline.APP_KEY}
 * and, for the demo only, {@code dev.helpline.USER_TOKEN} (a real app gets the token from its backend).
 */
public class SampleApplication extends Application {
  @Override
  public void onCreate() {
    super.onCreate();
    if ((getApplicationInfo().flags & ApplicationInfo.FLAG_DEBUGGABLE) != 0) enableStrictMode(false);
    Bundle meta = metaData();
    String baseUrl = meta.getString("dev.helpline.BASE_URL", "http://10.0.2.2:8080"); // the emulator's host
    String appKey = meta.getString("dev.helpline.APP_KEY", "sample-app-key");
    @Nullable String userToken = meta.getString("dev.helpline.USER_TOKEN");
    HelpSdk sdk = HelpSdk.create(this, new HelpSdk.Config(baseUrl, appKey, AppInfo.of("Acme Banking", versionName()),
        Requester.of("user-42", "ada@example.com", "Ada Lovelace"), userToken));
    HelpSdk.install(sdk);
    sdk.watchConnectivity();
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

  private Bundle metaData() {
    try {
      ApplicationInfo info = getPackageManager().getApplicationInfo(getPackageName(), PackageManager.GET_META_DATA);
      return info.metaData != null ? info.metaData : new Bundle();
    } catch (PackageManager.NameNotFoundException e) {
      throw new IllegalStateException("the running app's own package " + getPackageName() + " is not installed", e);
    }
  }

  private String versionName() {
    try {
      String name = getPackageManager().getPackageInfo(getPackageName(), 0).versionName;
      return name != null && !name.isEmpty() ? name : "0";
    } catch (PackageManager.NameNotFoundException e) {
      throw new IllegalStateException("the running app's own package " + getPackageName() + " is not installed", e);
    }
  }
}
