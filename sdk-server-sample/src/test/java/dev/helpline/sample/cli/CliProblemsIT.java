package dev.helpline.sample.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.sample.cli.HelplineJar.Result;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code target/helpline.jar} as a separate process into trouble: a desk that is down, answers 500 or 401 (and
 * echoes the request's headers, token included, in its error), a data directory that is read-only or a file. Each
 * problem is one line on stderr in words, with no stack trace, no exception class name and no token, and a non-zero
 * exit code. And {@code helpline outbox} only reads: it lists queued submissions without attempting, changing or
 * sending any of them.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CliProblemsIT {
  private static final String APP_KEY = "app_SECRET_problems_k3y";
  /** A line of the progress reporter, the only stderr line that is not a problem. */
  private static final Pattern PROGRESS = Pattern.compile("[a-z ]+: \\d+ of \\d+ \\(\\d+%\\)");
  private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s+at [\\w$.]+\\(|^Caused by: |\\.\\.\\. \\d+ more");

  @TempDir Path tmp;
  private Path data;
  private MockWebServer desk;
  private volatile int status = 500;

  @BeforeEach
  void startDesk() throws IOException {
    data = tmp.resolve("data");
    desk = new MockWebServer();
    desk.setDispatcher(new Dispatcher() {
      @Override public MockResponse dispatch(RecordedRequest request) {
        // A careless desk: its error repeats what it was sent, the app key included.
        String echo = request.getHeaders().toString().replace("\n", " ").replace("\"", "'");
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
            .setBody("{\"error\":{\"code\":\"echo\",\"message\":\"request was " + echo + "\"}}");
      }
    });
    desk.start();
  }

  @AfterEach
  void stopDesk() throws IOException {
    desk.shutdown();
  }

  // ---- outbox only reads

  @Test
  void outboxListsQueuedSubmissionsWithoutAttemptingChangingOrSendingThem() throws Exception {
    status = 503;
    assertEquals(3, run("file", "--desk", deadUrl(), "--data", data.toString(), "--subject", "First", "--wait", "0")
        .code);
    // This client delivers both to the desk; long enough for the attempts to come back, however slow the JVM starts.
    assertEquals(3, run("file", "--desk", url(), "--data", data.toString(), "--subject", "Second", "--wait", "8")
        .code);
    Path lock = data.resolve("outbox/delivery.lock");
    Files.deleteIfExists(lock); // no process runs now; a delivery pass would take this lock again
    Map<String, byte[]> before = files(data.resolve("outbox/pending"));
    int requests = desk.getRequestCount();

    Result text = run("outbox", "--data", data.toString());
    Result json = run("outbox", "--data", data.toString(), "--json");

    assertEquals(0, text.code, text.toString());
    assertTrue(text.out.startsWith("2 pending, 0 failed in " + data), text.toString());
    assertTrue(text.out.contains("\"First\"") && text.out.contains("\"Second\""), text.toString());
    assertTrue(text.out.contains("last error: desk refused the request: HTTP 503"), text.toString());
    assertEquals("", text.err, "listing reports no problem");
    assertEquals(0, json.code, json.toString());
    assertTrue(json.out.contains("\"subject\":\"First\"") && json.out.contains("\"subject\":\"Second\""),
        json.toString());
    assertEquals(requests, desk.getRequestCount(), "no delivery attempt reached the desk");
    assertFalse(Files.exists(lock), "no delivery pass ran: the outbox's delivery lock was never taken");
    Map<String, byte[]> after = files(data.resolve("outbox/pending"));
    assertEquals(before.keySet(), after.keySet());
    for (String name : before.keySet()) assertArrayEquals(before.get(name), after.get(name), name + " changed");
  }

  @Test
  void outboxRetryAndDiscardChangeOnlyTheOutbox() throws Exception {
    status = 401;
    assertEquals(3, run("file", "--desk", deadUrl(), "--data", data.toString(), "--subject", "One", "--wait", "0")
        .code);
    assertEquals(3, run("file", "--desk", deadUrl(), "--data", data.toString(), "--subject", "Two", "--wait", "0")
        .code);
    Result refused = run("flush", "--desk", url(), "--data", data.toString());
    assertEquals(2, refused.code, refused.toString());
    int requests = desk.getRequestCount();

    Result retried = run("outbox", "--data", data.toString(), "--retry", "all");

    assertEquals(0, retried.code, retried.toString());
    assertTrue(retried.out.startsWith("2 pending, 0 failed"), retried.toString());
    assertEquals(requests, desk.getRequestCount(), "a retry queues again; only flush delivers");
  }

  @Test
  void outboxRefusesToRetryAndDiscardTheSameSubmissionBeforeChangingAnything() throws Exception {
    status = 401;
    queueOne();
    queueOne();
    assertEquals(2, run("flush", "--desk", url(), "--data", data.toString()).code);
    List<String> ids = new ArrayList<>();
    Matcher m = Pattern.compile("\"localId\":\"([^\"]+)\"").matcher(run("outbox", "--data", data.toString(), "--json").out);
    while (m.find()) ids.add(m.group(1));
    assertEquals(2, ids.size(), ids.toString());
    Map<String, byte[]> failed = files(data.resolve("outbox/failed"));
    Map<String, byte[]> pending = files(data.resolve("outbox/pending"));

    for (String[] change : new String[][] {
        {"--retry", "all", "--discard", "all"},
        {"--retry", ids.get(0), "--discard", ids.get(0)},
        {"--retry", "all", "--discard", ids.get(1)},
        {"--discard", "all", "--retry", ids.get(1)},
        {"--retry", ids.get(0), "--retry", "no-such-id"}}) {
      List<String> args = new ArrayList<>(List.of("outbox", "--data", data.toString()));
      args.addAll(List.of(change));
      Result r = run(args.toArray(new String[0]));
      assertEquals(2, r.code, r.toString());
      assertOneProblem(r, "nothing was changed");
      assertEquals("", r.out, r.toString());
      assertSameFiles(failed, files(data.resolve("outbox/failed")));
      assertSameFiles(pending, files(data.resolve("outbox/pending")));
    }

    Result both = run("outbox", "--data", data.toString(), "--retry", ids.get(0), "--discard", ids.get(1));
    assertEquals(0, both.code, both.toString());
    assertTrue(both.out.startsWith("1 pending, 0 failed"), both.toString());
    assertTrue(both.out.contains("pending " + ids.get(0)), both.toString());
  }

  // ---- the desk

  @Test
  void fileToADeskThatIsDownIsOneLineAndStaysQueued() throws Exception {
    Result r = run("file", "--desk", deadUrl(), "--data", data.toString(), "--subject", "Down", "--wait", "1");
    assertEquals(3, r.code, r.toString());
    assertOneProblem(r, "stays queued");
  }

  @Test
  void fileToADeskAnswering500IsOneLineAndStaysQueued() throws Exception {
    status = 500;
    Result r = run("file", "--desk", url(), "--data", data.toString(), "--subject", "Server error", "--wait", "8");
    assertEquals(3, r.code, r.toString());
    assertOneProblem(r, "HTTP 500");
    assertTrue(desk.getRequestCount() > 0, "the desk was asked");
  }

  @Test
  void fileRefusedWith401IsOneLineNamingTheFixAndNeverTheEchoedToken() throws Exception {
    status = 401;
    Result r = run("file", "--desk", url(), "--data", data.toString(), "--subject", "Wrong key");
    assertEquals(2, r.code, r.toString());
    assertOneProblem(r, "HTTP 401");
    assertTrue(r.err.contains("check the app key"), r.toString());
  }

  @Test
  void flushToADeskThatIsDownIsOneLineAndKeepsThePending() throws Exception {
    queueOne();
    Result r = run("flush", "--desk", deadUrl(), "--data", data.toString(), "--wait", "20");
    assertEquals(3, r.code, r.toString());
    assertEquals("{\"delivered\":0,\"pending\":1,\"failed\":0}", r.out.trim());
    assertOneProblem(r, "1 submission(s) still pending");
  }

  @Test
  void flushToADeskAnswering500IsOneLineNamingTheError() throws Exception {
    queueOne();
    status = 500;
    Result r = run("flush", "--desk", url(), "--data", data.toString(), "--wait", "20");
    assertEquals(3, r.code, r.toString());
    assertOneProblem(r, "HTTP 500");
  }

  @Test
  void flushRefusedWith401IsOneLineNamingTheFix() throws Exception {
    queueOne();
    status = 401;
    Result r = run("flush", "--desk", url(), "--data", data.toString(), "--wait", "20");
    assertEquals(2, r.code, r.toString());
    assertEquals("{\"delivered\":0,\"pending\":0,\"failed\":1}", r.out.trim());
    assertOneProblem(r, "1 submission(s) refused by the desk");
    assertTrue(r.err.contains("HTTP 401") && r.err.contains("check the app key"), r.toString());
  }

  // ---- the data directory

  @Test
  void aReadOnlyDataDirectoryIsOneLineForFileAndFlush() throws Exception {
    Files.createDirectories(data);
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      if (Files.isWritable(data)) {
        // Running as root: permissions are not enforced, so a file where the outbox goes makes it unwritable.
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.write(data.resolve("outbox"), new byte[] {1});
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-xr-xr-x"));
      }
      Result file = run("file", "--desk", url(), "--data", data.toString(), "--subject", "Nowhere to queue");
      assertEquals(1, file.code, file.toString());
      assertOneProblem(file, data.toString());
      assertTrue(file.err.contains("pass --data with a directory you can write to"), file.toString());
      Result flush = run("flush", "--desk", url(), "--data", data.toString());
      assertEquals(1, flush.code, flush.toString());
      assertOneProblem(flush, data.toString());
      assertEquals(0, desk.getRequestCount(), "nothing reached the desk");
    } finally {
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void aDataDirectoryThatIsAFileIsOneLineForFileFlushAndOutbox() throws Exception {
    Files.write(data, "not a directory".getBytes(StandardCharsets.UTF_8));
    for (String[] command : new String[][] {
        {"file", "--desk", url(), "--data", data.toString(), "--subject", "s"},
        {"flush", "--desk", url(), "--data", data.toString()},
        {"outbox", "--data", data.toString()}}) {
      Result r = run(command);
      assertEquals(1, r.code, r.toString());
      assertOneProblem(r, "--data " + data + " is a file, not a directory");
    }
    assertEquals(0, desk.getRequestCount(), "nothing reached the desk");
  }

  @Test
  void libraryLogsAreOneLineEachEvenAtDebug() throws Exception {
    status = 500;
    Result r = run(Map.of("HELPLINE_TOKEN", APP_KEY, "HELPLINE_LOG_LEVEL", "debug"),
        "file", "--desk", url(), "--data", data.toString(), "--subject", "Verbose", "--wait", "1");
    assertEquals(3, r.code, r.toString());
    for (String line : r.err.split("\n")) {
      assertTrue(line.startsWith("helpline: ") || PROGRESS.matcher(line).matches(), "not one of ours: " + line);
    }
    assertTrue(r.err.contains("helpline: debug: "), "the library's debug log is shown: " + r);
  }

  // ---- helpers

  private void queueOne() throws Exception {
    Result queued = run("file", "--desk", deadUrl(), "--data", data.toString(), "--subject", "Queued", "--wait", "0");
    assertEquals(3, queued.code, queued.toString());
  }

  /** Exactly one problem line on stderr, containing {@code expected}; the other lines are progress. */
  private static void assertOneProblem(Result r, String expected) {
    List<String> problems = new ArrayList<>();
    for (String line : r.err.split("\n")) {
      if (line.isEmpty() || PROGRESS.matcher(line).matches()) continue;
      problems.add(line);
    }
    assertEquals(1, problems.size(), "expected one problem line:\n" + r);
    assertTrue(problems.get(0).startsWith("helpline: "), r.toString());
    assertTrue(problems.get(0).contains(expected), "expected '" + expected + "' in " + r);
  }

  private HelplineJar.Result run(String... args) throws Exception {
    return run(Map.of("HELPLINE_TOKEN", APP_KEY), args);
  }

  /** Runs the jar; whatever happens, nothing it prints is a stack trace, a class name or the token. */
  private HelplineJar.Result run(Map<String, String> env, String... args) throws Exception {
    Result r = HelplineJar.run(tmp, List.of(), env, Duration.ofSeconds(60), args);
    for (String printed : new String[] {r.out, r.err}) {
      assertFalse(printed.contains(APP_KEY), "the token was printed: " + r);
      assertFalse(printed.contains("Exception"), "an exception's class name was printed: " + r);
      assertFalse(printed.contains("\tat "), "a stack trace was printed: " + r);
      assertFalse(STACK_FRAME.matcher(printed).find(), "a stack trace was printed: " + r);
    }
    return r;
  }

  private static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
    assertEquals(expected.keySet(), actual.keySet(), "the outbox changed");
    for (String name : expected.keySet()) assertArrayEquals(expected.get(name), actual.get(name), name + " changed");
  }

  private String url() {
    String u = desk.url("/").toString();
    return u.substring(0, u.length() - 1);
  }

  private static Map<String, byte[]> files(Path dir) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.collect(Collectors.toList())) out.put(p.getFileName().toString(), Files.readAllBytes(p));
    }
    return out;
  }

  private static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }

  /** A URL where nothing listens: the port was free a moment ago. */
  private static String deadUrl() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return "http://127.0.0.1:" + s.getLocalPort();
    }
  }
}
