package dev.helpline.internal.delivery;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs a repeated error once with its stack trace and then at most once per interval, counting
 * what it held back: a failing disk or desk meets the same error several times a second, and a
 * full stack trace each time would flood the host's log. A different error logs at once.
 */
final class ErrorLog {
  static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Logger log;
  private final LongSupplier nanoTime;
  private String lastKey = "";
  private long lastLoggedAt;
  private int suppressed;

  ErrorLog(Logger log) {
    this(log, System::nanoTime);
  }

  ErrorLog(Logger log, LongSupplier nanoTime) {
    this.log = log;
    this.nanoTime = nanoTime;
  }

  /** Logs {@code message} (an SLF4J pattern with {@code args}) and {@code t} at error level, rate-limited. */
  void error(String message, Throwable t, Object... args) {
    String key = message + '|' + t.getClass().getName() + '|' + t.getMessage();
    long now = nanoTime.getAsLong();
    int held;
    synchronized (this) {
      if (key.equals(lastKey) && now - lastLoggedAt < INTERVAL_NANOS) {
        suppressed++;
        return;
      }
      boolean repeat = key.equals(lastKey);
      held = suppressed;
      lastKey = key;
      lastLoggedAt = now;
      suppressed = 0;
      if (repeat) {
        // Seen before: one line, without the trace already logged.
        log.error(message + " (again; {} more like it in the last minute): {}", append(args, held, t.toString()));
        return;
      }
    }
    log.error(message, append(args, t));
  }

  /** How many messages were held back since the last one logged; for tests. */
  synchronized int suppressed() {
    return suppressed;
  }

  private static Object[] append(Object[] args, Object... more) {
    Object[] out = new Object[args.length + more.length];
    System.arraycopy(args, 0, out, 0, args.length);
    System.arraycopy(more, 0, out, args.length, more.length);
    return out;
  }
}
