package dev.helpline.android.internal;

import android.app.ActivityManager;
import android.content.Context;
import android.content.pm.PackageInfo;
import android.content.pm.PackageManager;
import android.content.res.Configuration;
import android.net.ConnectivityManager;
import android.net.Network;
import android.net.NetworkCapabilities;
import android.os.Build;
import android.os.StatFs;
import android.util.DisplayMetrics;
import dev.helpline.diagnostics.DiagnosticsProvider;
import java.util.Arrays;
import java.util.List;

/**
 * Diagnostics providers for Android: device, screen, network, device memory, storage and the
 * installed app. Helpline runs them on its background threads under a time budget; none of them
 * blocks on the network. Sections {@code memory} and {@code app} merge with sdk-core's sections of
 * the same name (JVM heap; the configured app name and version).
 */
public final class AndroidDiagnostics {
  private AndroidDiagnostics() {}

  /** Every Android provider, reading from the application context of {@code context}. */
  public static List<DiagnosticsProvider> providers(Context context) {
    Context app = context.getApplicationContext() != null ? context.getApplicationContext() : context;
    return Arrays.asList(device(), screen(app), network(app), memory(app), storage(app), app(app));
  }

  public static DiagnosticsProvider device() {
    return provider("device", sink -> {
      sink.put("manufacturer", Build.MANUFACTURER);
      sink.put("brand", Build.BRAND);
      sink.put("model", Build.MODEL);
      sink.put("android_version", Build.VERSION.RELEASE);
      sink.put("api_level", Build.VERSION.SDK_INT);
    });
  }

  public static DiagnosticsProvider screen(Context context) {
    return provider("screen", sink -> {
      DisplayMetrics m = context.getResources().getDisplayMetrics();
      sink.put("width_px", m.widthPixels);
      sink.put("height_px", m.heightPixels);
      sink.put("density", (double) m.density);
      sink.put("density_dpi", m.densityDpi);
      int orientation = context.getResources().getConfiguration().orientation;
      sink.put("orientation", orientation == Configuration.ORIENTATION_LANDSCAPE ? "landscape" : "portrait");
    });
  }

  public static DiagnosticsProvider network(Context context) {
    return provider("network", sink -> {
      ConnectivityManager cm = context.getSystemService(ConnectivityManager.class);
      sink.put("type", networkType(cm));
      if (cm != null) sink.put("metered", cm.isActiveNetworkMetered());
    });
  }

  /** "wifi", "cellular", "ethernet", "vpn", "other" or "none". */
  static String networkType(ConnectivityManager cm) {
    if (cm == null) return "none";
    Network active = cm.getActiveNetwork();
    NetworkCapabilities caps = active != null ? cm.getNetworkCapabilities(active) : null;
    if (caps == null) return "none";
    if (caps.hasTransport(NetworkCapabilities.TRANSPORT_VPN)) return "vpn";
    if (caps.hasTransport(NetworkCapabilities.TRANSPORT_WIFI)) return "wifi";
    if (caps.hasTransport(NetworkCapabilities.TRANSPORT_CELLULAR)) return "cellular";
    if (caps.hasTransport(NetworkCapabilities.TRANSPORT_ETHERNET)) return "ethernet";
    return "other";
  }

  public static DiagnosticsProvider memory(Context context) {
    return provider("memory", sink -> {
      ActivityManager am = context.getSystemService(ActivityManager.class);
      ActivityManager.MemoryInfo info = new ActivityManager.MemoryInfo();
      am.getMemoryInfo(info);
      sink.put("device_available_bytes", info.availMem);
      sink.put("device_total_bytes", info.totalMem);
      sink.put("device_low_memory", info.lowMemory);
    });
  }

  public static DiagnosticsProvider storage(Context context) {
    return provider("storage", sink -> {
      StatFs fs = new StatFs(context.getFilesDir().getPath());
      sink.put("data_available_bytes", fs.getAvailableBytes());
      sink.put("data_total_bytes", fs.getTotalBytes());
    });
  }

  public static DiagnosticsProvider app(Context context) {
    return provider("app", sink -> {
      PackageInfo info = context.getPackageManager().getPackageInfo(context.getPackageName(), 0);
      sink.put("package", context.getPackageName());
      sink.put("version_name", info.versionName);
      sink.put("version_code", versionCode(info));
    });
  }

  @SuppressWarnings("deprecation") // versionCode is the only field before API 28
  private static long versionCode(PackageInfo info) {
    return Build.VERSION.SDK_INT >= 28 ? longVersionCode(info) : info.versionCode;
  }

  @NewerApi
  private static long longVersionCode(PackageInfo info) {
    return info.getLongVersionCode();
  }

  private interface Body {
    void contribute(DiagnosticsProvider.Sink sink) throws PackageManager.NameNotFoundException;
  }

  private static DiagnosticsProvider provider(String name, Body body) {
    return new DiagnosticsProvider() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void contribute(DiagnosticsProvider.Sink sink) throws Exception {
        body.contribute(sink);
      }

      @Override
      public String toString() {
        return "AndroidDiagnostics." + name;
      }
    };
  }
}
