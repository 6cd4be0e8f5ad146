package dev.helpline.diagnostics.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.diagnostics.Diagnostics;
import dev.helpline.diagnostics.DiagnosticsProvider;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class JvmProvidersTest {
  @Test
  void processReportsPidUptimeAndDeviceMemory() throws Exception {
    DiagnosticsProvider process = JvmProviders.process();
    Diagnostics.Builder b = Diagnostics.builder(Instant.EPOCH);
    process.contribute(b.section(process.name()));
    Map<String, Object> s = b.build().sections().get("process");

    assertEquals("process", process.name());
    assertEquals(ManagementFactory.getRuntimeMXBean().getPid(), s.get("pid"));
    assertTrue((Long) s.get("uptimeMs") >= 0);
    boolean sunBean = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean;
    if (sunBean) {
      long total = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
      // Reported exactly when the platform knows it; some containers report 0 for unknown.
      assertEquals(total > 0, s.containsKey("physicalMemoryTotalBytes"));
      if (total > 0) {
        assertEquals(total, s.get("physicalMemoryTotalBytes"));
        long free = (Long) s.get("physicalMemoryFreeBytes");
        assertTrue(free >= 0 && free <= total, free + " / " + total);
      }
    } else {
      assertTrue(!s.containsKey("physicalMemoryTotalBytes") && !s.containsKey("physicalMemoryFreeBytes"));
    }
  }
}
