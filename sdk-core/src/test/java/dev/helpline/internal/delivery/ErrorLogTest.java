package dev.helpline.internal.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;

@Timeout(10)
class ErrorLogTest {
  /** Each error-level call: its arguments, the last being a Throwable when a trace is logged. */
  private final List<Object[]> logged = new ArrayList<>();
  private final Logger logger = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
      new Class<?>[] {Logger.class}, (proxy, method, args) -> {
        if (method.getName().equals("error")) logged.add(args);
        if (method.getReturnType() == boolean.class) return true;
        if (method.getReturnType() == String.class) return "test";
        return null;
      });
  private long now = 0;

  private static boolean hasTrace(Object[] call) {
    Object last = call[call.length - 1];
    if (last instanceof Object[]) {
      Object[] varargs = (Object[]) last;
      return varargs.length > 0 && varargs[varargs.length - 1] instanceof Throwable;
    }
    return last instanceof Throwable;
  }

  @Test
  void aFailingDiskLogsOneStackTraceThenAtMostOneLinePerMinute() {
    ErrorLog errors = new ErrorLog(logger, () -> now);
    IOException full = new IOException("No space left on device");

    for (int i = 0; i < 500; i++) {
      errors.error("could not save the state of submission {}", full, "id-" + i);
      now += TimeUnit.MILLISECONDS.toNanos(100); // 10 a second, for 50 s
    }

    assertEquals(1, logged.size(), "one message in 50 s");
    assertTrue(hasTrace(logged.get(0)), Arrays.deepToString(logged.get(0)));
    assertEquals(499, errors.suppressed());

    now += TimeUnit.SECONDS.toNanos(11);
    errors.error("could not save the state of submission {}", full, "id-500");

    assertEquals(2, logged.size());
    assertFalse(hasTrace(logged.get(1)), "a repeat is one line: " + Arrays.deepToString(logged.get(1)));
    assertTrue(Arrays.deepToString(logged.get(1)).contains("499"), Arrays.deepToString(logged.get(1)));
  }

  @Test
  void aDifferentErrorIsLoggedAtOnceWithItsTrace() {
    ErrorLog errors = new ErrorLog(logger, () -> now);
    errors.error("pass failed", new IOException("disk"));
    errors.error("pass failed", new IllegalStateException("bug"));

    assertEquals(2, logged.size());
    assertTrue(hasTrace(logged.get(1)));
  }
}
