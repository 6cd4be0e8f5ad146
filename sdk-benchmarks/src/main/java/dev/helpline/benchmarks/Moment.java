package dev.helpline.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * A point in a child's run: the wall clock, the CPU time this process has used (every thread,
 * the JIT compiler's and the collector's included) and the JIT compiler's total time. Two moments
 * tell how much CPU the stretch between them took and whether the compiler was still busy in it.
 */
record Moment(long nanos, long cpuNanos, long jitMillis) {
  private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

  static Moment now() {
    long cpu = ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
    long jit = JIT != null && JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : -1;
    return new Moment(System.nanoTime(), cpu, jit);
  }
}
