package dev.helpline.benchmarks;

import dev.helpline.DeskException;
import dev.helpline.Helpline;
import dev.helpline.Limits;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.connector.supportapi.internal.SupportApiJson;
import dev.helpline.internal.delivery.NewTickets;
import dev.helpline.internal.outbox.FileOutbox;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Drain throughput: N queued submissions (4 KiB description + diagnostics each) delivered by the
 * SDK to a testkit desk over loopback, against raw OkHttp posts of the same multipart payload with
 * the same headers, at the same concurrency: one at a time, and 4 in flight (the SDK's
 * {@code DeliveryPolicy.concurrency}; raw OkHttp with 4 threads sharing one client). All run in a child JVM
 * capped at {@value #HEAP}; each gets a fresh desk in its own process, so the desk's memory (it
 * keeps every ticket) counts against neither.
 *
 * <p>A third run, the SDK's connector alone ({@code SupportApiConnector.create} on the stored
 * ticket, attachments streamed from the entry's files, no outbox), splits the gap between the two:
 * what the HTTP path costs versus what the outbox's bookkeeping per delivery costs.
 *
 * <p>The queue is built before the clock starts by submitting one ticket while the desk is
 * unreachable and cloning its entry on disk N-1 times under fresh submission ids (submitting N
 * tickets one by one would take minutes and is measured elsewhere).
 *
 * <p>Each side first sends {@link #warmup(int)} tickets more than N, as JMH warms up before it
 * measures: the ratio is the steady state (the last N), while {@code coldTicketsPerSecond} counts
 * every ticket from the child's start, just-in-time compilation included. On 2 cores the compiler
 * competes with the desk for the CPU, and the SDK has several times more code to compile than a
 * bare OkHttp loop (measured: about 15 s of compiler time before the SDK's drain with 4 in flight
 * settles, 5 s for the raw loop), so the cold figures are reported beside the warm ones, not instead
 * of them. Each side also reports its CPU time per measured ticket (every thread of the child JVM)
 * and the compiler's time during the measured tickets, which shows whether the warm-up was enough.
 */
final class DrainHarness {
  static final String HEAP = "64m";
  private static final String RESULT = "RESULT ";

  private DrainHarness() {}

  /**
   * The tickets sent before the measured ones: four times as many, enough for both JVMs' compilers
   * to finish on a 2-core machine (with a fifth as many, the compiler was still busy through most
   * of the measured tickets).
   */
  static int warmup(int n) {
    return 4 * n;
  }

  /** Runs both sides and returns the figures. */
  static Map<String, Object> run(int n, long timeoutSeconds) throws Exception {
    Path root = Fixtures.scratch("drain");
    try {
      Path queued = root.resolve("queued");
      Path template = root.resolve("template");
      fill(queued, template, n + warmup(n));

      Path queued4 = root.resolve("queued4");
      copyTree(queued.resolve("outbox").resolve("pending"), queued4.resolve("outbox").resolve("pending"));
      Map<String, Object> sdk;
      try (DeskProcess desk = DeskProcess.start("1g")) {
        sdk = child("sdk", queued, desk.baseUrl(), n, warmup(n), timeoutSeconds, 1);
      }
      Map<String, Object> raw;
      try (DeskProcess desk = DeskProcess.start("1g")) {
        raw = child("raw", template, desk.baseUrl(), n, warmup(n), timeoutSeconds, 1);
      }
      Map<String, Object> sdk4;
      try (DeskProcess desk = DeskProcess.start("1g")) {
        sdk4 = child("sdk", queued4, desk.baseUrl(), n, warmup(n), timeoutSeconds, 4);
      }
      Map<String, Object> raw4;
      try (DeskProcess desk = DeskProcess.start("1g")) {
        raw4 = child("raw", template, desk.baseUrl(), n, warmup(n), timeoutSeconds, 4);
      }
      Map<String, Object> connectorOnly;
      try (DeskProcess desk = DeskProcess.start("1g")) {
        connectorOnly = child("connector", template, desk.baseUrl(), n, warmup(n), timeoutSeconds, 1);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("tickets", n);
      out.put("warmupTickets", warmup(n));
      out.put("heapLimit", "-Xmx" + HEAP);
      out.put("sdk", sdk);
      out.put("rawOkHttp", raw);
      out.put("connectorOnly", connectorOnly);
      out.put("connectorRatio", ((Number) connectorOnly.get("ticketsPerSecond")).doubleValue()
          / ((Number) raw.get("ticketsPerSecond")).doubleValue());
      double ratio = ((Number) sdk.get("ticketsPerSecond")).doubleValue()
          / ((Number) raw.get("ticketsPerSecond")).doubleValue();
      out.put("ratio", ratio);
      out.put("sdk4", sdk4);
      out.put("rawOkHttp4", raw4);
      out.put("ratio4", ((Number) sdk4.get("ticketsPerSecond")).doubleValue()
          / ((Number) raw4.get("ticketsPerSecond")).doubleValue());
      return out;
    } finally {
      Fixtures.deleteTree(root);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(from)) {
      for (Path p : ds) Files.copy(p, to.resolve(p.getFileName()));
    }
  }

  /** Builds {@code queued} with n pending entries and {@code template} with one. */
  static void fill(Path queued, Path template, int n) throws IOException {
    try (SupportApiConnector dead = Fixtures.connector(Fixtures.DEAD_DESK, DeskProcess.APP_KEY);
        Helpline h = Fixtures.client(dead, template).build()) {
      h.submit(Fixtures.draft(false));
    }
    Path templatePending = template.resolve("outbox").resolve("pending");
    Path entry = null;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(templatePending, "*.entry")) {
      for (Path p : ds) entry = p;
    }
    if (entry == null) throw new IOException("no entry file in " + templatePending);
    // The failed delivery attempt left a back-off beside the entry (<id>.state); it is not copied,
    // so the queue starts fresh.
    String name = entry.getFileName().toString();
    String templateId = name.substring(0, name.length() - ".entry".length());
    byte[] bytes = Files.readAllBytes(entry);
    // The entry file starts with magic, version, ticket length, file length and a CRC-32 of those
    // and the ticket (see the SDK's EntryCodec); a copy under another id of the same length
    // changes only the ticket and the CRCs.
    int jsonLength = ByteBuffer.wrap(bytes, 8, 4).getInt();
    String json = Fixtures.utf8(Arrays.copyOfRange(bytes, 24, 24 + jsonLength));
    Path pending = queued.resolve("outbox").resolve("pending");
    Files.createDirectories(pending);
    for (int i = 0; i < n; i++) {
      String id = UUID.randomUUID().toString();
      byte[] newJson = json.replace(templateId, id).getBytes(StandardCharsets.UTF_8);
      if (newJson.length != jsonLength) throw new IllegalStateException("submission ids must be UUIDs");
      byte[] copy = bytes.clone();
      System.arraycopy(newJson, 0, copy, 24, jsonLength);
      CRC32 crc = new CRC32();
      crc.update(copy, 0, 20);
      crc.update(newJson, 0, jsonLength);
      ByteBuffer.wrap(copy, 20, 4).putInt((int) crc.getValue());
      // Format version 2 ends with a CRC-32 of every byte before it.
      CRC32 whole = new CRC32();
      whole.update(copy, 0, copy.length - 4);
      ByteBuffer.wrap(copy, copy.length - 4, 4).putInt((int) whole.getValue());
      Files.write(pending.resolve(id + ".entry"), copy);
    }
  }

  static Map<String, Object> child(String mode, Path dir, String url, int n, int warmup, long timeoutSeconds,
      int concurrency) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(Jvm.java());
    cmd.add("-Xmx" + HEAP);
    cmd.add("-cp");
    cmd.add(Jvm.classPath());
    cmd.add(DrainHarness.class.getName());
    cmd.add(mode);
    cmd.add(dir.toString());
    cmd.add(url);
    cmd.add(Integer.toString(n));
    cmd.add(Long.toString(timeoutSeconds));
    cmd.add(Integer.toString(concurrency));
    cmd.add(Integer.toString(warmup));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String result = null;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith(RESULT)) result = line.substring(RESULT.length());
      }
    }
    if (!p.waitFor(timeoutSeconds + 60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("drain child (" + mode + ") did not finish");
    }
    if (p.exitValue() != 0 || result == null) {
      throw new IllegalStateException("drain child (" + mode + ") failed with exit code " + p.exitValue());
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) Json.parse(result);
    return m;
  }

  /** Child JVM: {@code sdk|raw|burst|connector <dir> <deskUrl> <n> <timeoutSeconds> <concurrency> <warmup>}. */
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path dir = Path.of(args[1]);
    String url = args[2];
    int n = Integer.parseInt(args[3]);
    long timeout = Long.parseLong(args[4]);
    int concurrency = Integer.parseInt(args[5]);
    int warmup = Integer.parseInt(args[6]);
    HeapWatch heap = new HeapWatch();
    Map<String, Object> out;
    switch (mode) {
      case "sdk": out = drainWithSdk(dir, url, n, warmup, timeout, concurrency); break;
      case "raw": out = postRaw(dir, url, n, warmup, concurrency); break;
      case "burst": out = BurstHarness.burst(dir, url, n, warmup, timeout); break;
      case "connector": out = connectorOnly(dir, url, n, warmup); break;
      default: throw new IllegalArgumentException("unknown mode " + mode + "; expected sdk, raw, burst or connector");
    }
    out.put("concurrency", concurrency);
    out.put("peakHeapBytes", heap.peakBytes());
    out.put("maxHeapAfterGcBytes", heap.maxUsedAfterGcBytes());
    out.put("gcCount", heap.collections());
    out.put("maxHeapBytes", HeapWatch.maxHeapBytes());
    System.out.println(RESULT + Json.write(out, false));
    System.out.flush();
    System.exit(0);
  }

  private static Map<String, Object> drainWithSdk(Path dir, String url, int n, int warmup, long timeoutSeconds,
      int concurrency) throws Exception {
    int total = n + warmup;
    CountDownLatch delivered = new CountDownLatch(total);
    Moment[] warmedAt = new Moment[1];
    AtomicInteger retries = new AtomicInteger();
    AtomicReference<String> problem = new AtomicReference<>();
    Submission.Listener listener = new Submission.Listener() {
      @Override public void onDelivered(Submission s, Ticket t) {
        synchronized (warmedAt) {
          delivered.countDown();
          if (delivered.getCount() == n) warmedAt[0] = Moment.now();
        }
      }

      @Override public void onRetrying(Submission s, Instant next, Throwable cause) {
        retries.incrementAndGet();
        problem.compareAndSet(null, "retrying: " + cause);
      }

      @Override public void onFailed(Submission s, DeskException reason) {
        problem.compareAndSet(null, "failed: " + reason.getMessage());
      }

      @Override public void onQuarantined(String entryName, String reason) {
        problem.compareAndSet(null, "quarantined " + entryName + ": " + reason);
      }
    };
    Moment start = Moment.now();
    try (SupportApiConnector connector = Fixtures.connector(url, DeskProcess.APP_KEY);
        Helpline h = Fixtures.client(connector, dir).addDeliveryListener(listener)
            .deliveryPolicy(dev.helpline.DeliveryPolicy.builder().concurrency(concurrency).build()).build()) {
      if (!delivered.await(timeoutSeconds, TimeUnit.SECONDS)) {
        throw new IllegalStateException((total - delivered.getCount()) + " of " + total + " delivered within "
            + timeoutSeconds + " s; first problem: " + problem.get());
      }
      Moment end = Moment.now();
      int left = h.health().pending();
      if (left != 0) throw new IllegalStateException(left + " entries still pending after all were reported delivered");
      Moment warm;
      synchronized (warmedAt) {
        warm = warmup == 0 ? start : warmedAt[0];
      }
      Map<String, Object> out = rates(n, warmup, start, warm, end);
      out.put("retries", retries.get());
      return out;
    }
  }

  /**
   * Steady-state rate over the last {@code n} tickets, and the cold rate over all of them from the child's start;
   * the client's CPU time per ticket and the JIT compiler's time over the last {@code n}.
   */
  static Map<String, Object> rates(int n, int warmup, Moment start, Moment warm, Moment end) {
    Map<String, Object> out = new LinkedHashMap<>();
    double seconds = (end.nanos() - warm.nanos()) / 1e9;
    out.put("seconds", seconds);
    out.put("ticketsPerSecond", n / seconds);
    out.put("coldTicketsPerSecond", (n + warmup) / ((end.nanos() - start.nanos()) / 1e9));
    out.put("cpuMillisPerTicket", (end.cpuNanos() - warm.cpuNanos()) / 1e6 / n);
    out.put("jitMillisMeasured", end.jitMillis() - warm.jitMillis());
    return out;
  }

  private static NewTicket storedTicket(Path template) throws IOException {
    FileOutbox outbox = new FileOutbox(template, Limits.defaults(), Clock.systemUTC());
    try {
      return NewTickets.from(outbox.pending().get(0).record());
    } finally {
      outbox.close();
    }
  }

  private static Map<String, Object> connectorOnly(Path template, String url, int n, int warmup) throws IOException {
    NewTicket stored = storedTicket(template);
    Moment start = Moment.now();
    Moment warm = start;
    try (SupportApiConnector connector = Fixtures.connector(url, DeskProcess.APP_KEY)) {
      for (int i = 0; i < n + warmup; i++) {
        if (i == warmup) warm = Moment.now();
        NewTicket t = NewTicket.builder()
            .submissionId(UUID.randomUUID().toString())
            .attempt(1) // a fresh submission: the connector needs no lookup
            .subject(stored.subject())
            .description(stored.description())
            .category(stored.category())
            .priority(stored.priority())
            .tags(stored.tags())
            .customFields(stored.customFields())
            .requester(stored.requester())
            .attachments(stored.attachments())
            .diagnosticsSummary(stored.diagnosticsSummary())
            .createdAt(stored.createdAt())
            .build();
        connector.create(t, dev.helpline.connector.Connector.UploadProgress.NONE);
      }
    }
    return rates(n, warmup, start, warm, Moment.now());
  }

  private static Map<String, Object> postRaw(Path template, String url, int n, int warmup, int concurrency) throws Exception {
    Moment start = Moment.now();
    NewTicket ticket = storedTicket(template);
    byte[] ticketPart = SupportApiJson.ticketPart(ticket).toByteArray();
    List<String[]> attachmentMeta = new ArrayList<>();
    List<byte[]> attachmentBytes = new ArrayList<>();
    for (dev.helpline.Attachment a : ticket.attachments()) {
      attachmentMeta.add(new String[] {a.fileName(), a.mediaType()});
      try (InputStream in = a.openStream()) {
        attachmentBytes.add(in.readAllBytes());
      }
    }
    MediaType json = MediaType.get("application/json");
    OkHttpClient client = new OkHttpClient.Builder()
        .addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
            .header("User-Agent", SupportApiConnector.DEFAULT_USER_AGENT).build()))
        .build();
    String endpoint = url + "/v1/tickets";
    client.dispatcher().setMaxRequestsPerHost(Math.max(5, concurrency));
    for (int i = 0; i < warmup; i++) postOne(client, endpoint, ticketPart, json, attachmentMeta, attachmentBytes);
    Moment warm = Moment.now();
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Exception> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < concurrency; t++) {
      Thread thread = new Thread(() -> {
        try {
          while (next.getAndIncrement() < n && failure.get() == null) {
            postOne(client, endpoint, ticketPart, json, attachmentMeta, attachmentBytes);
          }
        } catch (Exception e) {
          failure.compareAndSet(null, e);
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) thread.join();
    if (failure.get() != null) throw failure.get();
    Moment end = Moment.now();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    return rates(n, warmup, start, warm, end);
  }

  private static void postOne(OkHttpClient client, String endpoint, byte[] ticketPart, MediaType json,
      List<String[]> attachmentMeta, List<byte[]> attachmentBytes) throws IOException {
    MultipartBody.Builder body = new MultipartBody.Builder().setType(MultipartBody.FORM)
        .addFormDataPart("ticket", null, RequestBody.create(ticketPart, json));
    for (int j = 0; j < attachmentMeta.size(); j++) {
      String[] meta = attachmentMeta.get(j);
      body.addFormDataPart("attachment", meta[0], RequestBody.create(attachmentBytes.get(j), MediaType.get(meta[1])));
    }
    Request request = new Request.Builder().url(endpoint)
        .header("Authorization", "Bearer " + DeskProcess.APP_KEY)
        .header("Idempotency-Key", UUID.randomUUID().toString())
        .post(body.build())
        .build();
    try (Response response = client.newCall(request).execute()) {
      ResponseBody rb = response.body();
      String answer = rb == null ? "" : rb.string();
      if (!response.isSuccessful()) {
        throw new IOException("desk answered HTTP " + response.code() + ": " + answer);
      }
    }
  }
}
