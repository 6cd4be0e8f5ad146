package dev.helpline.benchmarks;

import dev.helpline.DeskException;
import dev.helpline.Helpline;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.connector.supportapi.SupportApiConnector;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A backend burst: N durable submissions from one process ({@code submit} on one thread, each
 * stored with its fsyncs before it returns), delivered end to end to a testkit desk over loopback;
 * the clock runs from the first {@code submit} to the last delivery. Against a non-durable,
 * sequential OkHttp client posting the same tickets (same multipart payload and headers) to the same
 * kind of desk. Both run in a child JVM capped like the drain, each against a fresh desk process.
 */
final class BurstHarness {
  private BurstHarness() {}

  static Map<String, Object> run(int n, long timeoutSeconds) throws Exception {
    Path root = Fixtures.scratch("burst");
    try {
      Path template = root.resolve("template");
      DrainHarness.fill(root.resolve("unused"), template, 0);
      Map<String, Object> sdk;
      try (DeskProcess desk = DeskProcess.start("1g")) {
        sdk = DrainHarness.child("burst", root.resolve("client"), desk.baseUrl(), n, timeoutSeconds, 4);
      }
      Map<String, Object> raw;
      try (DeskProcess desk = DeskProcess.start("1g")) {
        raw = DrainHarness.child("raw", template, desk.baseUrl(), n, timeoutSeconds, 1);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("tickets", n);
      out.put("sdk", sdk);
      out.put("rawOkHttp", raw);
      out.put("ratio", ((Number) sdk.get("ticketsPerSecond")).doubleValue()
          / ((Number) raw.get("ticketsPerSecond")).doubleValue());
      return out;
    } finally {
      Fixtures.deleteTree(root);
    }
  }

  /** In the child JVM: submits n tickets on this thread and waits until all are delivered. */
  static Map<String, Object> burst(Path dir, String url, int n, long timeoutSeconds) throws Exception {
    CountDownLatch delivered = new CountDownLatch(n);
    AtomicReference<String> problem = new AtomicReference<>();
    Submission.Listener listener = new Submission.Listener() {
      @Override public void onDelivered(Submission s, Ticket t) {
        delivered.countDown();
      }

      @Override public void onFailed(Submission s, DeskException reason) {
        problem.compareAndSet(null, "failed: " + reason.getMessage());
      }
    };
    try (SupportApiConnector connector = Fixtures.connector(url, DeskProcess.APP_KEY);
        Helpline h = Fixtures.client(connector, dir).addDeliveryListener(listener).build()) {
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) h.submit(Fixtures.draft(false));
      double submitSeconds = (System.nanoTime() - start) / 1e9;
      if (!delivered.await(timeoutSeconds, TimeUnit.SECONDS)) {
        throw new IllegalStateException((n - delivered.getCount()) + " of " + n + " delivered within " + timeoutSeconds
            + " s; first problem: " + problem.get());
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      int left = h.health().pending();
      if (left != 0) throw new IllegalStateException(left + " entries still pending after all were reported delivered");
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("seconds", seconds);
      out.put("submitSeconds", submitSeconds);
      out.put("ticketsPerSecond", n / seconds);
      return out;
    }
  }
}
