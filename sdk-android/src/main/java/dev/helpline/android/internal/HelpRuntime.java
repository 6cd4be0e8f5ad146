package dev.helpline.android.internal;

import android.app.Activity;
import android.app.Application;
import android.content.Context;
import android.content.Intent;
import android.net.ConnectivityManager;
import android.net.Network;
import android.os.Bundle;
import dev.helpline.AppInfo;
import dev.helpline.Message;
import dev.helpline.Submission;
import dev.helpline.Helpline;
import dev.helpline.Limits;
import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.android.HelpConfig;
import dev.helpline.android.HelpStrings;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.diagnostics.DiagnosticsProvider;
import dev.helpline.diagnostics.RecentLogs;
import dev.helpline.notices.Notice;
import dev.helpline.notices.NoticeCenter;
import dev.helpline.notices.NoticeSource;
import dev.helpline.status.StatusMonitor;
import dev.helpline.status.StatusSnapshot;
import dev.helpline.status.StatusSource;
import java.io.Closeable;
import java.io.File;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * One installation of Helpline in an app: created by {@code HelplineAndroid.install} in
 * {@code Application.onCreate} (creation does no disk or network I/O) and reached by the screens
 * through {@link #get()}. It owns the Helpline client (which also polls service status and notices),
 * the background executor, the connectivity callback that resumes delivery when the network returns,
 * the foreground tracking that pauses status polling while no activity is visible, and the shake
 * detector, which listens only while one of the host's own screens is resumed.
 */
public final class HelpRuntime implements Closeable {
  private static final AtomicReference<@Nullable HelpRuntime> INSTANCE = new AtomicReference<>();

  private final Context context;
  private final HelpConfig config;
  /** The client's bounds on drafts, which the report form also checks to name the field concerned. */
  private final Limits limits = Limits.defaults();
  private final AppInfo app;
  private final ShakeDetector shake;
  /** Guards {@link #http} and {@link #httpClosed}. */
  private final Object httpLock = new Object();
  /** Every request of Helpline goes through this client; built on first use, see {@link #http()}. */
  private @Nullable OkHttpClient http;
  private boolean httpClosed;
  private final SupportApiConnector connector;
  private final Helpline helpline;
  private final Background background;
  private final CapturedScreenshot screenshot = new CapturedScreenshot();
  private final FormSends<Submission> formSends = new FormSends<>();
  private final FormSends<Message> replySends = new FormSends<>();
  private final FormSends<Integer> rateSends = new FormSends<>();
  private final RecentLogs logs = RecentLogs.create(500, 64 * 1024);
  private final CopyOnWriteArrayList<Runnable> submissionObservers = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<Runnable> statusObservers = new CopyOnWriteArrayList<>();
  /** Notices Helpline announced (once per install) that no screen has shown yet. Main thread only. */
  private final ArrayDeque<Notice> unshownNotices = new ArrayDeque<>();
  private final Set<Activity> startedActivities = new HashSet<>(); // main thread only
  private final Application.@Nullable ActivityLifecycleCallbacks foregroundTracker;
  private boolean wasInBackground; // main thread only
  /** The host's own activity that is resumed now, if any (never one of the help screens). Main thread only. */
  private @Nullable Activity resumedHostActivity;
  /** The activity that opened the report form and has not been paused since, if any. Main thread only. */
  private @Nullable Activity openedHelp;
  private ConnectivityManager.@Nullable NetworkCallback networkCallback;

  private HelpRuntime(Context context, HelpConfig config) {
    this.context = context.getApplicationContext() != null ? context.getApplicationContext() : context;
    this.config = config;
    this.app = config.app() != null ? config.app() : appInfo(this.context);
    this.shake = new ShakeDetector(config.shakeThresholdG(), config.shakeDebounceMillis(), this::onShake);
    Context appContext = this.context;
    // Helpline creates its directory inside the files directory but not the files directory itself;
    // getFilesDir() creates that, which is disk I/O: do it first thing on the background threads.
    this.background = new Background(() -> {
      if (appContext.getFilesDir() == null) throw new IllegalStateException("the app's files directory cannot be created");
    });
    this.connector = SupportApiConnector.builder().baseUrl(config.baseUrl()).appKey(config.appKey())
        .okHttpClient(this::http).build();
    File filesDir = filesDirWithoutIo(this.context);
    File dir = new File(filesDir, "helpline"); // a path only: created by Helpline on its own thread
    Call.Factory calls = request -> http().newCall(request); // the first call builds the client
    Helpline.Builder b = Helpline.builder()
        .app(app)
        .connector(connector)
        .dataDirectory(dir.toPath())
        .requester(config.requester())
        .userToken(config.userToken())
        .callbackExecutor(background.mainExecutor())
        .screenshotProvider(screenshot)
        .screenshotMaxDimension(config.screenshotMaxDimension())
        .recentLogs(logs)
        .limits(limits)
        .statusSource(StatusSource.supportApi(config.baseUrl(), calls))
        .addNoticeSource(NoticeSource.supportApi(config.baseUrl(), calls))
        .platform("android")
        .locale(locale(this.context))
        // Both listeners run on the main thread (the callback executor).
        .addStatusListener(new StatusMonitor.Listener() {
          @Override public void onSnapshot(StatusSnapshot snapshot) {
            statusChanged();
          }
        })
        .addNoticeListener(new NoticeCenter.Listener() {
          // Helpline records the id on disk before this call: each notice arrives once per install.
          @Override public void onNotice(Notice notice) {
            unshownNotices.add(notice);
            statusChanged();
          }
        })
        .addDeliveryListener(new Submission.Listener() {
          @Override public void onQueued(Submission s) {
            changed();
          }

          @Override public void onDelivered(Submission s, Ticket t) {
            logs.log("INFO", "help", "submission " + s.id() + " delivered as ticket " + t.id(), null);
            changed();
          }

          @Override public void onRetrying(Submission s, Instant next, Throwable cause) {
            logs.log("WARN", "help", "submission " + s.id() + " will be retried at " + next + ": " + cause, null);
            changed();
          }

          @Override public void onFailed(Submission s, dev.helpline.DeskException reason) {
            changed();
          }
        });
    for (DiagnosticsProvider p : AndroidDiagnostics.providers(this.context)) b.addDiagnosticsProvider(p);
    this.helpline = b.build();
    this.foregroundTracker = trackForeground();
    background.execute(() -> {}, new Background.Callback<@Nullable Void>() {
      @Override public void onResult(@Nullable Void ignored) {}

      @Override public void onError(Throwable error) {
        logs.log("ERROR", "help", "preparing the files directory failed", error);
      }
    });
  }

  /**
   * The client every request of Helpline (tickets, status, notices, articles) goes through, built by the first
   * request: building an {@code OkHttpClient} loads the TLS trust store from disk (upwards of 100 ms on some
   * devices), which {@code Application.onCreate} must not wait for. Requests run on background threads only.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  OkHttpClient http() {
    synchronized (httpLock) {
      if (httpClosed) throw new IllegalStateException("Helpline was uninstalled");
      if (http == null) {
        http = new OkHttpClient.Builder()
            .connectTimeout(10, TimeUnit.SECONDS)
            .readTimeout(20, TimeUnit.SECONDS)
            .addInterceptor(chain -> {
              IoGuard.checkNotMainThread("HTTP " + chain.request().method() + " " + chain.request().url().encodedPath());
              return chain.proceed(chain.request());
            })
            .build();
      }
      return http;
    }
  }

  /** Creates an installation for {@code context}'s application. No disk or network I/O. */
  public static HelpRuntime create(Context context, HelpConfig config) {
    return new HelpRuntime(Objects.requireNonNull(context, "context == null"), Objects.requireNonNull(config, "config == null"));
  }

  /**
   * The path of {@code Context.getFilesDir()} without calling it: on first use that method creates the
   * directory, a disk write StrictMode reports on the main thread. The files directory is always
   * {@code files} under the app's data directory.
   */
  static File filesDirWithoutIo(Context context) {
    return new File(context.getApplicationInfo().dataDir, "files");
  }

  /**
   * Makes {@code runtime} the process-wide installation, closing the one it replaces (which waits
   * briefly for its delivery thread), and starts watching connectivity.
   */
  public static void install(HelpRuntime runtime) {
    HelpRuntime previous = INSTANCE.getAndSet(Objects.requireNonNull(runtime, "runtime == null"));
    if (previous != null && previous != runtime) previous.close();
    runtime.watchConnectivity();
  }

  public static boolean isInstalled() {
    return INSTANCE.get() != null;
  }

  /** The process-wide installation. @throws IllegalStateException when none was installed */
  public static HelpRuntime get() {
    HelpRuntime runtime = INSTANCE.get();
    if (runtime == null) {
      throw new IllegalStateException("HelplineAndroid.install(application, config) was not called (do it in Application.onCreate)");
    }
    return runtime;
  }

  /** Closes and forgets the process-wide installation, if any. */
  public static void uninstall() {
    HelpRuntime previous = INSTANCE.getAndSet(null);
    if (previous != null) previous.close();
  }

  /**
   * Registers a default-network callback: when a network becomes available, Helpline attempts the
   * queued submissions at once instead of waiting for its backoff or the next launch.
   */
  public synchronized void watchConnectivity() {
    if (networkCallback != null) return;
    ConnectivityManager cm = context.getSystemService(ConnectivityManager.class);
    if (cm == null) return;
    ConnectivityManager.NetworkCallback callback = new ConnectivityManager.NetworkCallback() {
      @Override
      public void onAvailable(Network network) {
        helpline.networkAvailable();
      }
    };
    cm.registerDefaultNetworkCallback(callback);
    networkCallback = callback;
  }

  public Helpline helpline() {
    return helpline;
  }

  public Background background() {
    return background;
  }

  public CapturedScreenshot screenshot() {
    return screenshot;
  }

  /** The report forms' sends, which outlive a form recreated while its Send is saving. Main thread. */
  FormSends<Submission> formSends() {
    return formSends;
  }

  /** The conversations' replies being sent, by conversation screen. */
  FormSends<Message> replySends() {
    return replySends;
  }

  /** The conversations' ratings being sent (the score), by conversation screen. */
  FormSends<Integer> rateSends() {
    return rateSends;
  }

  public RecentLogs logs() {
    return logs;
  }

  public HelpConfig config() {
    return config;
  }

  /** The bounds the client holds drafts to. */
  public Limits limits() {
    return limits;
  }

  public HelpStrings strings() {
    return config.strings();
  }

  public ShakeDetector shakeDetector() {
    return shake;
  }

  public AppInfo app() {
    return app;
  }

  public @Nullable Requester requester() {
    return config.requester();
  }

  /** The categories the form offers: the configured ones, else the strings' defaults in {@code locale}. */
  public List<String> categories(Locale locale) {
    if (!config.categories().isEmpty()) return config.categories();
    return Arrays.asList(config.strings().get(HelpStrings.Key.CATEGORIES, locale).split("\\|"));
  }

  /**
   * Captures {@code activity}'s window as it is now (sensitive views masked; nothing for a secure
   * window), then opens the report form. A second call before {@code activity} is paused (a double tap
   * lands before the form's window covers it) is ignored: one form per gesture. Main thread.
   */
  public void showHelp(Activity activity) {
    if (foregroundTracker != null && activity == openedHelp) return; // without tracking, no pause clears it
    logs.log("INFO", "help", "help opened from " + activity.getClass().getSimpleName(), null);
    screenshot.set(WindowScreenshots.capture(activity, config.screenshotMaxDimension()));
    activity.startActivity(new Intent(activity, HelpFormActivity.class));
    openedHelp = activity;
  }

  /** A shake while {@link #resumedHostActivity} is on screen opens help from there. */
  private void onShake() {
    Activity host = resumedHostActivity;
    if (host != null && !host.isFinishing()) showHelp(host);
  }

  /**
   * Runs {@code observer} on the main thread whenever Helpline has a new status snapshot or a notice
   * to show; it reads {@code helpline().status()} and {@link #takeUnshownNotice()}, both memory only.
   */
  public void addStatusObserver(Runnable observer) {
    statusObservers.add(Objects.requireNonNull(observer, "observer == null"));
  }

  public void removeStatusObserver(Runnable observer) {
    statusObservers.remove(observer);
  }

  /**
   * The next notice to show, or null; it counts as shown once taken, so it appears on one screen only,
   * once per install. Notices that ended or were dismissed meanwhile are skipped. Main thread.
   */
  public @Nullable Notice takeUnshownNotice() {
    Set<String> relevant = new HashSet<>();
    for (Notice n : helpline.notices()) relevant.add(n.id());
    Notice next;
    while ((next = unshownNotices.poll()) != null) {
      if (relevant.contains(next.id())) return next;
    }
    return null;
  }

  /**
   * Whether the activity {@code context} belongs to is started (visible); true for a context of no
   * activity, and when the installation cannot track activities. Main thread.
   */
  public boolean isStarted(Context context) {
    if (foregroundTracker == null) return true;
    Context c = context;
    while (c instanceof android.content.ContextWrapper) {
      if (c instanceof Activity) return startedActivities.contains(c);
      c = ((android.content.ContextWrapper) c).getBaseContext();
    }
    return true;
  }

  private void statusChanged() {
    for (Runnable r : statusObservers) r.run();
  }

  /**
   * Polls status only while one of the app's activities is started (as {@code ProcessLifecycleOwner}
   * would tell), and re-reads the notices on coming back to the foreground.
   */
  private Application.@Nullable ActivityLifecycleCallbacks trackForeground() {
    if (!(context instanceof Application)) return null;
    Application.ActivityLifecycleCallbacks callbacks = new Application.ActivityLifecycleCallbacks() {
      @Override public void onActivityStarted(Activity activity) {
        if (!startedActivities.add(activity)) return;
        statusChanged(); // its banners catch up with what was learned while it was stopped
        if (startedActivities.size() == 1) {
          helpline.setForeground(true);
          if (wasInBackground) {
            // New notices reach the notice listener; a failed source keeps its last notices.
            helpline.noticeCenter().refresh().whenComplete((notices, error) -> {
              if (error != null) logs.log("WARN", "help", "notice refresh failed", error);
            });
          }
          wasInBackground = false;
        }
      }

      @Override public void onActivityStopped(Activity activity) {
        if (startedActivities.remove(activity) && startedActivities.isEmpty()) {
          helpline.setForeground(false);
          wasInBackground = true;
        }
      }

      @Override public void onActivityCreated(Activity activity, @Nullable Bundle savedInstanceState) {}

      @Override public void onActivityResumed(Activity activity) {
        if (isHelpScreen(activity)) return;
        resumedHostActivity = activity;
        if (config.shakeToReport()) shake.start(context);
      }

      @Override public void onActivityPaused(Activity activity) {
        if (activity == openedHelp) openedHelp = null; // the form covers it; back on it, help opens again
        if (activity != resumedHostActivity) return;
        resumedHostActivity = null;
        shake.stop();
      }

      @Override public void onActivitySaveInstanceState(Activity activity, Bundle outState) {}

      @Override public void onActivityDestroyed(Activity activity) {}
    };
    ((Application) context).registerActivityLifecycleCallbacks(callbacks);
    return callbacks;
  }

  /** The current locale of {@code context}: the language the screens speak, notices and articles are chosen for. */
  public static Locale locale(Context context) {
    return context.getResources().getConfiguration().getLocales().get(0);
  }

  private static boolean isHelpScreen(Activity activity) {
    return activity instanceof HelpFormActivity || activity instanceof AnnotateActivity
        || activity instanceof TicketsActivity || activity instanceof ConversationActivity;
  }

  /** The app's label and version name from its package (memory: the package manager caches the app's own info). */
  private static AppInfo appInfo(Context context) {
    CharSequence label = context.getApplicationInfo().loadLabel(context.getPackageManager());
    String version = "0";
    try {
      String name = context.getPackageManager().getPackageInfo(context.getPackageName(), 0).versionName;
      if (name != null && !name.isEmpty()) version = name;
    } catch (android.content.pm.PackageManager.NameNotFoundException e) {
      // the running app's own package is always installed; keep "0"
    }
    String name = label != null && label.length() > 0 ? label.toString() : context.getPackageName();
    return AppInfo.of(name, version);
  }

  /** Runs {@code observer} on the main thread whenever a submission is queued, retried, delivered or refused. */
  public void addSubmissionObserver(Runnable observer) {
    submissionObservers.add(Objects.requireNonNull(observer, "observer == null"));
  }

  public void removeSubmissionObserver(Runnable observer) {
    submissionObservers.remove(observer);
  }

  private void changed() {
    for (Runnable r : submissionObservers) r.run();
  }

  /**
   * Stops background work; queued tickets stay on disk and are delivered by the next instance. Blocks
   * until Helpline's delivery thread stopped (at most a few seconds).
   */
  @Override
  public synchronized void close() {
    shake.stop();
    if (foregroundTracker != null) ((Application) context).unregisterActivityLifecycleCallbacks(foregroundTracker);
    if (networkCallback != null) {
      ConnectivityManager cm = context.getSystemService(ConnectivityManager.class);
      if (cm != null) cm.unregisterNetworkCallback(networkCallback);
      networkCallback = null;
    }
    helpline.close();
    connector.close();
    background.close();
    OkHttpClient built;
    synchronized (httpLock) {
      httpClosed = true;
      built = http;
    }
    if (built != null) {
      built.dispatcher().executorService().shutdown();
      built.connectionPool().evictAll();
    }
  }
}
