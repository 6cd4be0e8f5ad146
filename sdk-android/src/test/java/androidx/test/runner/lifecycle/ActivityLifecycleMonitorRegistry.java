// Stand-in for the class of the same name in androidx.test:monitor, which is published only as an .aar outside
// Maven Central. Robolectric 4.17 loads exactly these members; keep Robolectric pinned (see pom.xml).
package androidx.test.runner.lifecycle;

import java.util.concurrent.atomic.AtomicReference;

public final class ActivityLifecycleMonitorRegistry {
  private static final AtomicReference<ActivityLifecycleMonitor> MONITOR = new AtomicReference<>();

  private ActivityLifecycleMonitorRegistry() {}

  public static ActivityLifecycleMonitor getInstance() {
    ActivityLifecycleMonitor monitor = MONITOR.get();
    if (monitor == null) throw new IllegalStateException("No activity lifecycle monitor registered");
    return monitor;
  }

  public static void registerInstance(ActivityLifecycleMonitor monitor) {
    MONITOR.set(monitor);
  }
}
