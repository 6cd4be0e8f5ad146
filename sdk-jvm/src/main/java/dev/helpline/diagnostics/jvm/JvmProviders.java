package dev.helpline.diagnostics.jvm;

import dev.helpline.diagnostics.DiagnosticsProvider;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;

/** Providers that need {@code java.lang.management}: desktop and server JVMs only, never Android. */
public final class JvmProviders {
  private JvmProviders() {}

  /**
   * Section {@code process}: {@code uptimeMs} and {@code pid} of this JVM, and, when the JVM offers
   * {@code com.sun.management.OperatingSystemMXBean}, the device's {@code physicalMemoryTotalBytes}
   * and {@code physicalMemoryFreeBytes} (absent otherwise). Reads in-process MXBeans only: no I/O.
   */
  public static DiagnosticsProvider process() {
    return new DiagnosticsProvider() {
      @Override
      public String name() {
        return "process";
      }

      @Override
      public void contribute(DiagnosticsProvider.Sink sink) {
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        sink.put("uptimeMs", runtime.getUptime());
        sink.put("pid", runtime.getPid());
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
          com.sun.management.OperatingSystemMXBean sun = (com.sun.management.OperatingSystemMXBean) os;
          long total = sun.getTotalMemorySize();
          long free = sun.getFreeMemorySize();
          // Some containers report 0 or -1 when the value is unknown; absent is more honest.
          if (total > 0) sink.put("physicalMemoryTotalBytes", total);
          if (free >= 0 && total > 0) sink.put("physicalMemoryFreeBytes", free);
        }
      }

      @Override
      public String toString() {
        return "DiagnosticsProvider{process}";
      }
    };
  }
}
