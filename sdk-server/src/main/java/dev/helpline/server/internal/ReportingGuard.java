package dev.helpline.server.internal;

import java.util.List;
import java.util.function.Supplier;

/**
 * Keeps the SDK's own log events from becoming tickets. Two rules: nothing logged on a thread
 * while it is reporting (filing, syncing counts, sending a follow-up) is reported, and events of
 * the SDK's loggers and of the libraries it delivers through are never reported, whatever thread
 * logged them (the delivery thread logs a desk outage; filing it would queue a ticket that fails
 * the same way).
 */
public final class ReportingGuard {
  /** Logger name prefixes never reported: the SDK (not its samples) and the libraries it sends through. */
  public static final List<String> SDK_LOGGERS = List.of(
      "dev.helpline.", "okhttp3.", "retrofit2.", "io.github.resilience4j.", "org.postgresql.", "com.zaxxer.hikari.");
  private static final String SAMPLES = "dev.helpline.sample.";

  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  private ReportingGuard() {}

  /** True while this thread is inside {@link #run}. */
  public static boolean active() {
    return DEPTH.get()[0] > 0;
  }

  /** Runs {@code work} with the guard active on this thread. */
  public static <T> T run(Supplier<T> work) {
    int[] depth = DEPTH.get();
    depth[0]++;
    try {
      return work.get();
    } finally {
      depth[0]--;
    }
  }

  /** Whether an event of this logger is the SDK's own (or a delivery library's) and must not be reported. */
  public static boolean isSdkLogger(String loggerName) {
    if (loggerName.startsWith(SAMPLES)) return false;
    for (String p : SDK_LOGGERS) if (loggerName.startsWith(p)) return true;
    return false;
  }
}
