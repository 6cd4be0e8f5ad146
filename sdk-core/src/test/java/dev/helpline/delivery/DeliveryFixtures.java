package dev.helpline.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.helpline.AppInfo;
import dev.helpline.Attachment;
import dev.helpline.Helpline;
import dev.helpline.TicketDraft;
import dev.helpline.connector.Connector;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.DeliveryPolicy;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Shared helpers of the delivery end-to-end tests: clients on real desks, payloads, child JVMs, outbox checks. */
final class DeliveryFixtures {
  static final String ATTACHMENT_NAME = "payload.bin";

  private DeliveryFixtures() {}

  /** Short timings so that retries, circuit opening and half-opening happen within a test. */
  static DeliveryPolicy fastConfig() {
    return DeliveryPolicy.builder()
        .initialBackoff(Duration.ofMillis(100))
        .maxBackoff(Duration.ofMillis(400))
        .tickInterval(Duration.ofMillis(200))
        .lockBusyRetry(Duration.ofMillis(50))
        .circuitWindow(4, 4)
        .circuitFailureRatePercent(50)
        .circuitOpenWait(Duration.ofMinutes(5))
        .build();
  }

  static SupportApiConnector connector(String baseUrl, String appKey) {
    return SupportApiConnector.builder()
        .baseUrl(baseUrl)
        .appKey(appKey)
        .connectTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(5))
        .writeTimeout(Duration.ofSeconds(5))
        .build();
  }

  static Helpline.Builder client(Connector connector, Path dataDirectory, DeliveryPolicy config) {
    return Helpline.builder()
        .app(AppInfo.of("Delivery Tests", "1.0.0", "100"))
        .connector(connector)
        .dataDirectory(dataDirectory)
        .deliveryPolicy(config);
  }

  /** A draft without diagnostics whose one attachment's bytes are derived from the subject. */
  static TicketDraft draft(String subject) {
    return TicketDraft.builder()
        .subject(subject)
        .description("Reproduction steps for " + subject)
        .includeDiagnostics(false)
        .addAttachment(Attachment.ofBytes(ATTACHMENT_NAME, "application/octet-stream", payload(subject)))
        .build();
  }

  /** 1 to 6 KiB of bytes determined by {@code subject}, every byte value possible. */
  static byte[] payload(String subject) {
    Random r = new Random(subject.hashCode());
    byte[] b = new byte[1024 + r.nextInt(5 * 1024)];
    r.nextBytes(b);
    return b;
  }

  /** A loopback port nothing listens on (free a moment ago; a desk may bind it later). */
  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  /** Polls observable state until it holds; fails with {@code what} after {@code timeout}. */
  static void await(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout + " waiting until " + what);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  /** Asserts that nothing is left in the outbox: no pending, failed or quarantined entry, no half-written or half-deleted one. */
  static void assertOutboxEmpty(Path dataDirectory) throws IOException {
    Path root = dataDirectory.resolve("outbox");
    for (String dir : new String[] {"pending", "failed", "quarantine", "trash"}) {
      assertEquals(List.of(), list(root.resolve(dir)), "outbox/" + dir + " must be empty");
    }
    // Each process has a tmp/<instance>/ work directory; entries are only ever built inside one.
    List<String> leftovers = new ArrayList<>();
    for (String instance : list(root.resolve("tmp"))) {
      Path p = root.resolve("tmp").resolve(instance);
      if (Files.isDirectory(p)) {
        for (String e : list(p)) leftovers.add(instance + "/" + e);
      }
    }
    assertEquals(List.of(), leftovers, "outbox/tmp must hold no half-written entries");
  }

  static List<String> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  /** A JVM running a main class of the tests, with the test classpath; its stdout is read as complete lines. */
  static final class ChildJvm {
    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();
    final Path stderr;
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> outputClosed = new CompletableFuture<>();

    private static final class Waiter {
      final String prefix;
      final CompletableFuture<String> line = new CompletableFuture<>();

      Waiter(String prefix) {
        this.prefix = prefix;
      }
    }

    private ChildJvm(Process process, Path stderr) {
      this.process = process;
      this.stderr = stderr;
      Thread reader = new Thread(this::read, "child-stdout-" + process.pid());
      reader.setDaemon(true);
      reader.start();
    }

    static ChildJvm start(Path stderr, Class<?> main, String... args) throws IOException {
      String cp = System.getProperty("surefire.test.class.path");
      if (cp == null || cp.isEmpty()) cp = System.getProperty("java.class.path");
      String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
      List<String> cmd = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
          "-Xshare:auto", "-cp", cp, main.getName()));
      cmd.addAll(List.of(args));
      Process p = new ProcessBuilder(cmd)
          .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
          .start();
      return new ChildJvm(p, stderr);
    }

    /** Completes with the first complete line starting with {@code prefix}, or exceptionally if output ends first. */
    CompletableFuture<String> line(String prefix) {
      Waiter w = new Waiter(prefix);
      waiters.add(w);
      for (String l : lines) if (l.startsWith(prefix)) w.line.complete(l);
      if (outputClosed.isDone()) w.line.completeExceptionally(new IllegalStateException("child output ended"));
      return w.line;
    }

    /** Waits for the child to exit by itself; fails with its stderr when it does not, or not with 0. */
    void awaitSuccess(Duration timeout) throws Exception {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("child did not finish within " + timeout + "; stdout " + lines + "\nstderr:\n" + stderr());
      }
      // The last lines may still be in the pipe when the process is gone.
      outputClosed.get(10, TimeUnit.SECONDS);
      assertEquals(0, process.exitValue(), () -> "child failed; stdout " + lines + "\nstderr:\n" + stderr());
    }

    /**
     * SIGKILL: no shutdown hook, no finally block, no close runs. Sent through the process handle,
     * because {@code Process.destroyForcibly()} also closes our end of stdout, dropping lines the
     * child wrote before it died that the reader had not consumed yet.
     */
    void kill() throws Exception {
      process.toHandle().destroyForcibly();
      if (!process.waitFor(10, TimeUnit.SECONDS)) throw new AssertionError("killed child did not exit");
      outputClosed.get(10, TimeUnit.SECONDS);
    }

    String stderr() {
      try {
        return new String(Files.readAllBytes(stderr), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(unreadable: " + e + ")";
      }
    }

    /** Splits stdout on '\n' and drops a trailing fragment: a line cut short by a kill is not a line. */
    private void read() {
      try (InputStream in = process.getInputStream()) {
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
          for (int i = 0; i < n; i++) {
            if (buf[i] == '\n') {
              String line = new String(current.toByteArray(), StandardCharsets.UTF_8);
              current.reset();
              lines.add(line);
              for (Waiter w : waiters) if (line.startsWith(w.prefix)) w.line.complete(line);
            } else {
              current.write(buf[i]);
            }
          }
        }
      } catch (IOException e) {
        // the pipe broke with the process
      } finally {
        outputClosed.complete(null);
        for (Waiter w : waiters) w.line.completeExceptionally(new IllegalStateException("child output ended"));
      }
    }
  }
}
