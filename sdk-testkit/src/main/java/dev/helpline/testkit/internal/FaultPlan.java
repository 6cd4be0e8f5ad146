package dev.helpline.testkit.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Queued faults, consumed first-in first-out by the requests they match. Thread-safe. */
public final class FaultPlan {
  /** What happens to a faulted request. */
  public enum Kind {
    FAIL, RATE_LIMIT, DELAY, DROP_AT_START, DROP_MID_BODY, FAIL_AFTER_PROCESSING;

    /** Parses the admin API's names: fail, rateLimit, delay, dropAtStart, dropMidBody, failAfterProcessing. */
    public static Kind parse(String name) {
      switch (name) {
        case "fail": return FAIL;
        case "rateLimit": return RATE_LIMIT;
        case "delay": return DELAY;
        case "dropAtStart": return DROP_AT_START;
        case "dropMidBody": return DROP_MID_BODY;
        case "failAfterProcessing": return FAIL_AFTER_PROCESSING;
        default:
          throw ApiException.invalid("kind", "kind '" + name
              + "' is not one of fail, rateLimit, delay, dropAtStart, dropMidBody, failAfterProcessing");
      }
    }
  }

  /** One fault to apply to one request. */
  public static final class Fault {
    public final Kind kind;
    public final int status;
    public final Duration duration;

    Fault(Kind kind, int status, Duration duration) {
      this.kind = kind;
      this.status = status;
      this.duration = duration;
    }
  }

  private static final class Rule {
    final Fault fault;
    final @Nullable String method;
    final String pathPrefix;
    int remaining;

    Rule(Fault fault, @Nullable String method, String pathPrefix, int remaining) {
      this.fault = fault;
      this.method = method;
      this.pathPrefix = pathPrefix;
      this.remaining = remaining;
    }
  }

  private static final int MAX_RULES = 10_000;
  private final List<Rule> rules = new ArrayList<>();

  /** Queues {@code count} faults for requests with the method (any if null) whose path starts with the prefix. */
  public synchronized void add(Kind kind, int count, int status, Duration duration, @Nullable String method,
      String pathPrefix) {
    if (count < 0) {
      throw new IllegalArgumentException("n: must be >= 0 but was " + count);
    }
    if (rules.size() >= MAX_RULES) {
      throw new IllegalArgumentException("faults: " + MAX_RULES + " fault rules are queued already");
    }
    if (count > 0) {
      rules.add(new Rule(new Fault(kind, status, duration),
          method == null ? null : method.toUpperCase(Locale.ROOT), pathPrefix, count));
    }
  }

  /** Takes the first queued fault matching the request, or null. */
  public synchronized @Nullable Fault take(String method, String path) {
    Iterator<Rule> it = rules.iterator();
    while (it.hasNext()) {
      Rule r = it.next();
      if ((r.method == null || r.method.equals(method)) && path.startsWith(r.pathPrefix)) {
        if (--r.remaining == 0) {
          it.remove();
        }
        return r.fault;
      }
    }
    return null;
  }

  public synchronized void clear() {
    rules.clear();
  }
}
