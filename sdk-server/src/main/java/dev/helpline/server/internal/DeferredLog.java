package dev.helpline.server.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;

/**
 * The error reporter's own log lines, written on the reporter's thread rather than the caller's.
 * A report often runs inside a logging call (the Logback appender, the JUL handler); a line logged
 * there goes back into the logging system the call is part of, and behind a queue such as Logback's
 * {@code AsyncAppender} the queue's own worker would wait on the queue it has to drain. Handing the
 * line to another thread keeps every report free of that wait. At most {@value #MAX_PENDING} lines
 * wait at once; further ones, and those of a closed reporter, are dropped. Thread-safe.
 */
public final class DeferredLog {
  static final int MAX_PENDING = 1000;

  private final Logger log;
  private final Executor thread;
  private final AtomicInteger pending = new AtomicInteger();

  /** Lines of {@code log}, written by {@code thread} (the reporter's). */
  public DeferredLog(Logger log, Executor thread) {
    this.log = log;
    this.thread = thread;
  }

  public void warn(String format, Object... args) {
    later(() -> log.warn(format, args));
  }

  public void error(String format, Object... args) {
    later(() -> log.error(format, args));
  }

  private void later(Runnable line) {
    if (pending.incrementAndGet() > MAX_PENDING) {
      pending.decrementAndGet();
      return;
    }
    try {
      thread.execute(() -> {
        pending.decrementAndGet();
        ReportingGuard.run(() -> {
          line.run();
          return null;
        });
      });
    } catch (RejectedExecutionException closed) {
      pending.decrementAndGet();
    }
  }
}
