package dev.helpline.sample.android;

import android.app.Application;
import android.content.pm.ApplicationInfo;
import android.content.pm.PackageManager;
import android.os.Bundle;
import android.os.StrictMode;
import dev.helpline.Requester;
import dev.helpline.android.HelpConfig;
import dev.helpline.android.HelplineAndroid;
import org.jspecify.annotations.Nullable;

/**
 * Installs Helpline (no I/O, so on the main thread) and, in debuggable builds, turns on StrictMode
 * for disk and network access on the main thread. The desk is read from {@code <meta-data>} in the
 * manifest: {@code dev.helpline.BASE_URL}, {@code dev.helpline.APP_KEY} and, for the demo only,
 * {@code dev.helpline.USER_TOKEN} (a real app gets the token from its backend).
 */
public class SampleApplication extends Application {
  @Override
  public void onCreate() {
    super.onCreate();
    if ((getApplicationInfo().flags & ApplicationInfo.FLAG_DEBUGGABLE) != 0) {
      StrictMode.setThreadPolicy(new StrictMode.ThreadPolicy.Builder().detectDiskReads().detectDiskWrites()
          .detectNetwork().penaltyLog().build());
    }
    Bundle meta = metaData();
    installHelp(this, meta.getString("dev.helpline.BASE_URL", "http://10.0.2.2:8080"), // the emulator's host
        meta.getString("dev.helpline.APP_KEY", "sample-app-key"), meta.getString("dev.helpline.USER_TOKEN"));
  }

  /** Everything the app does to get Helpline: the lines the README shows. */
  static void installHelp(Application app, String baseUrl, String appKey, @Nullable String userToken) {
    // helpline:begin
    HelplineAndroid.install(app, HelpConfig.builder(baseUrl, appKey)
        .requester(Requester.of("user-42", "ada@example.com", "Ada Lovelace"))
        .userToken(userToken)
        .shakeToReport(true)
        .build());
    // helpline:end
  }

  private Bundle metaData() {
    try {
      ApplicationInfo info = getPackageManager().getApplicationInfo(getPackageName(), PackageManager.GET_META_DATA);
      return info.metaData != null ? info.metaData : new Bundle();
    } catch (PackageManager.NameNotFoundException e) {
      throw new IllegalStateException("the running app's own package " + getPackageName() + " is not installed", e);
    }
  }
}
