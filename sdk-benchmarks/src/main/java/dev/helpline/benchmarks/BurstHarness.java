package dev.helpline.benchmarks;

import dev.helpline.DeskException;
import dev.helpline.Helpline;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.connector.supportapi.SupportApiConnector;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A backend burst: N durable submissions from one process ({@code submit} on one thread, each
 * stored with its fsyncs before it returns), delivered end to end to a testkit desk over loopback;
 * the clock runs from the first {@code submit} to the last delivery. Against a non-durable,
 * sequential OkHttp client posting the same tickets (same multipart payload and headers) to the same
 * kind of desk. Both run in a child JVM capped like the drain, each against a fresh desk process, and
 * both first send {@link #warmup(int)} tickets more, unmeasured.
 */
final class BurstHarness {
  private BurstHarness() {}

  /**
   * The tickets sent before the measured ones: ten times as many. A submission runs each of its steps
   * once, so the submit path reaches the compiler's thresholds only after thousands of tickets: after
   * four times as many (the drain's warm-up), the compiler still took 1.0–2.1 s of the measured 2.4 s
   * on 2 cores; after ten times, 0.1–0.5 s, as for the drain.
   */
  static int warmup(int n) {
    return 10 * n;
  }

  static Map<String, Object> run(int n, long timeoutSeconds) throws Exception {
    Path root = Fixtures.scratch("burst");
    try {
      Path template = root.resolve("template");
      DrainHarness.fill(root.resolve("unused"), template, 0);
      Map<String, Object> sdk;
      try (DeskProcess desk = DeskProcess.start("1g")) {
        sdk = DrainHarness.child("burst", root.resolve("client"), desk.baseUrl(), n, warmup(n), timeoutSeconds, 4);
      }
      Map<String, Object> raw;
      try (DeskProcess desk = DeskProcess.start("1g")) {
        raw = DrainHarness.child("raw", template, desk.baseUrl(), n, warmup(n), timeoutSeconds, 1);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("tickets", n);
      out.put("warmupTickets", warmup(n));
      out.put("sdk", sdk);
      out.put("rawOkHttp", raw);
      out.put("ratio", ((Number) sdk.get("ticketsPerSecond")).doubleValue()
          / ((Number) raw.get("ticketsPerSecond")).doubleValue());
      return out;
    } finally {
      Fixtures.deleteTree(root);
    }
  }

  /**
   * In the child JVM: submits {@code warmup} tickets and waits until they are delivered, then submits n
   * on this thread and waits until all are delivered.
   */
  static Map<String, Object> burst(Path dir, String url, int n, int warmup, long timeoutSeconds) throws Exception {
    Semaphore delivered = new Semaphore(0);
    AtomicReference<String> problem = new AtomicReference<>();
    Submission.Listener listener = new Submission.Listener() {
      @Override public void onDelivered(Submission s, Ticket t) {
        delivered.release();
      }

      @Override public void onFailed(Submission s, DeskException reason) {
        problem.compareAndSet(null, "failed: " + reason.getMessage());
      }
    };
    Moment start = Moment.now();
    try (SupportApiConnector connector = Fixtures.connector(url, DeskProcess.APP_KEY);
        Helpline h = Fixtures.client(connector, dir).addDeliveryListener(listener).build()) {
      for (int i = 0; i < warmup; i++) h.submit(Fixtures.draft(false));
      await(delivered, warmup, timeoutSeconds, problem);
      Moment warm = Moment.now();
      for (int i = 0; i < n; i++) h.submit(Fixtures.draft(false));
      double submitSeconds = (System.nanoTime() - warm.nanos()) / 1e9;
      await(delivered, n, timeoutSeconds, problem);
      Moment end = Moment.now();
      int left = h.health().pending();
      if (left != 0) throw new IllegalStateException(left + " entries still pending after all were reported delivered");
      Map<String, Object> out = DrainHarness.rates(n, warmup, start, warm, end);
      out.put("submitSeconds", submitSeconds);
      return out;
    }
  }

  private static void await(Semaphore delivered, int n, long timeoutSeconds,
      AtomicReference<String> problem) throws InterruptedException {
    if (!delivered.tryAcquire(n, timeoutSeconds, TimeUnit.SECONDS)) {
      throw new IllegalStateException(delivered.availablePermits() + " of " + n + " delivered within " + timeoutSeconds
          + " s; first problem: " + problem.get());
    }
  }
}
