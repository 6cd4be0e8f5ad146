// Stand-in for the class of the same name in androidx.test:monitor, which is published only as an .aar outside
// Maven Central. Robolectric 4.17 loads exactly these members; keep Robolectric pinned (see pom.xml).
package androidx.test.runner.intent;

import java.util.concurrent.atomic.AtomicReference;

public final class IntentMonitorRegistry {
  private static final AtomicReference<IntentMonitor> MONITOR = new AtomicReference<>();

  private IntentMonitorRegistry() {}

  public static IntentMonitor getInstance() {
    IntentMonitor monitor = MONITOR.get();
    if (monitor == null) throw new IllegalStateException("No intent monitor registered");
    return monitor;
  }

  public static void registerInstance(IntentMonitor monitor) {
    MONITOR.set(monitor);
  }
}
