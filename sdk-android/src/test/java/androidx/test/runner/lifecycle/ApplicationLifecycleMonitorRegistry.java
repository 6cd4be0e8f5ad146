// Stand-in for the class of the same name in androidx.test:monitor, which is published only as an .aar outside
// Maven Central. Robolectric 4.17 loads exactly these members; keep Robolectric pinned (see pom.xml).
package androidx.test.runner.lifecycle;

import java.util.concurrent.atomic.AtomicReference;

public final class ApplicationLifecycleMonitorRegistry {
  private static final AtomicReference<ApplicationLifecycleMonitor> MONITOR = new AtomicReference<>();

  private ApplicationLifecycleMonitorRegistry() {}

  public static ApplicationLifecycleMonitor getInstance() {
    ApplicationLifecycleMonitor monitor = MONITOR.get();
    if (monitor == null) throw new IllegalStateException("No application lifecycle monitor registered");
    return monitor;
  }

  public static void registerInstance(ApplicationLifecycleMonitor monitor) {
    MONITOR.set(monitor);
  }
}
