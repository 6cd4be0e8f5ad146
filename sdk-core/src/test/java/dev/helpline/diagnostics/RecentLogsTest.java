package dev.helpline.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class RecentLogsTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:15:30.123Z"), ZoneOffset.UTC);

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void createValidatesBothBoundsAtTheirEdges() {
    RecentLogs.create(1, 1024);
    RecentLogs.create(100_000, 16 * 1024 * 1024);

    IllegalArgumentException lines0 = assertThrows(IllegalArgumentException.class, () -> RecentLogs.create(0, 4096));
    assertEquals("maxLines is 0; allowed 1 to 100000", lines0.getMessage());
    IllegalArgumentException linesHigh =
        assertThrows(IllegalArgumentException.class, () -> RecentLogs.create(100_001, 4096));
    assertTrue(linesHigh.getMessage().startsWith("maxLines is 100001"), linesHigh.getMessage());
    IllegalArgumentException bytesLow = assertThrows(IllegalArgumentException.class, () -> RecentLogs.create(10, 1023));
    assertEquals("maxBytes is 1023; allowed 1024 to 16777216", bytesLow.getMessage());
    IllegalArgumentException bytesHigh =
        assertThrows(IllegalArgumentException.class, () -> RecentLogs.create(10, 16 * 1024 * 1024 + 1));
    assertTrue(bytesHigh.getMessage().startsWith("maxBytes is 16777217"), bytesHigh.getMessage());
  }

  @Test
  void keepsExactlyMaxLinesEvictingTheOldest() {
    RecentLogs logs = RecentLogs.create(3, 4096);
    logs.append("one");
    logs.append("two");
    logs.append("three");
    assertEquals(3, logs.lineCount());
    assertEquals("one\ntwo\nthree", logs.snapshot());

    logs.append("four");
    assertEquals(3, logs.lineCount());
    assertEquals("two\nthree\nfour", logs.snapshot());
    assertEquals(utf8("two") + utf8("three") + utf8("four") + 3, logs.byteCount());
  }

  @Test
  void byteBoundCountsUtf8PlusOnePerLineAndHoldsExactlyAtTheEdge() {
    RecentLogs logs = RecentLogs.create(100, 1024);
    String line = "x".repeat(255); // costs 256 bytes
    for (int i = 0; i < 4; i++) logs.append(line);
    assertEquals(1024, logs.byteCount());
    assertEquals(4, logs.lineCount());
    assertEquals(1023, utf8(logs.snapshot()));

    logs.append("y");
    assertEquals(4, logs.lineCount(), "one old line evicted to fit 2 more bytes");
    assertEquals(3 * 256 + 2, logs.byteCount());
    assertTrue(logs.snapshot().endsWith("\ny"));
  }

  @Test
  void multiByteCharactersCountAsTheirUtf8Length() {
    RecentLogs logs = RecentLogs.create(10, 1024);
    logs.append("\u00fc\u20ac\ud83d\ude00"); // 2 + 3 + 4 bytes
    assertEquals(10, logs.byteCount());
  }

  @Test
  void lineLongerThanTheByteBoundIsTruncatedToFitAlone() {
    RecentLogs logs = RecentLogs.create(10, 1024);
    logs.append("before");
    logs.append("zz ".repeat(2000));

    assertEquals(1, logs.lineCount());
    String kept = logs.snapshot();
    assertTrue(kept.startsWith("zz zz"));
    // Cut before the word that crosses the bound: no part of a word is kept.
    assertTrue(kept.endsWith(" zz…[truncated]"), kept.substring(kept.length() - 20));
    assertTrue(utf8(kept) <= 1023, "kept " + utf8(kept));
    assertTrue(utf8(kept) >= 1020, "truncated too much: " + utf8(kept));
    assertEquals(utf8(kept) + 1, logs.byteCount());
  }

  @Test
  void aLineWithoutWhitespaceLongerThanTheByteBoundKeepsOnlyTheMarker() {
    RecentLogs logs = RecentLogs.create(10, 1024);
    logs.append("z".repeat(5000));
    assertEquals("…[truncated]", logs.snapshot());
  }

  @Test
  void truncationNeverSplitsASurrogatePair() {
    RecentLogs logs = RecentLogs.create(10, 1024);
    logs.append("\ud83d\ude00\ud83d\ude00 x\ud83d\ude00".repeat(300));
    String kept = logs.snapshot();
    String body = kept.substring(0, kept.length() - "…[truncated]".length()).replace(" ", "").replace("x", "");
    assertTrue(body.length() > 300, kept);
    assertEquals(0, body.length() % 2);
    assertEquals(body.length() / 2, body.codePointCount(0, body.length()));
    assertTrue(logs.byteCount() <= 1024);
  }

  @Test
  void logFormatsTimestampLevelLoggerAndMessage() {
    RecentLogs logs = RecentLogs.create(10, 4096, CLOCK);
    logs.log("INFO", "app.Sync", "synced 3 items", null);
    assertEquals("2026-11-24T10:15:30.123Z INFO app.Sync - synced 3 items", logs.snapshot());
  }

  @Test
  void logAppendsABoundedStackTrace() {
    RecentLogs logs = RecentLogs.create(10, 64 * 1024, CLOCK);
    IllegalStateException boom = new IllegalStateException("boom", new java.io.IOException("disk full"));
    logs.log("SEVERE", "app.Sync", "sync failed", boom);
    String s = logs.snapshot();
    assertTrue(s.startsWith("2026-11-24T10:15:30.123Z SEVERE app.Sync - sync failed\njava.lang.IllegalStateException: boom\n\tat "), s);
    assertTrue(s.contains("Caused by: java.io.IOException: disk full"), s);
    assertFalse(s.endsWith("\n"));
    assertEquals(1, logs.lineCount());

    logs.clear();
    logs.log("SEVERE", "app.Sync", "deep", new RuntimeException("outer", deep(2000)));
    String deep = logs.snapshot();
    assertTrue(deep.contains("Caused by: java.lang.IllegalStateException: bottom"), "root cause kept");
    assertTrue(deep.contains(" more"), "frames beyond the limit are counted, not shown");
    assertTrue(deep.length() <= 100 + RecentLogs.MAX_STACK_TRACE_CHARS, "length " + deep.length());
  }

  @Test
  void stackTraceStopsAtACauseCycleAndAtTheCharacterBound() {
    RecentLogs logs = RecentLogs.create(10, 64 * 1024, CLOCK);
    IllegalStateException a = new IllegalStateException("a");
    IllegalStateException b = new IllegalStateException("b", a);
    a.initCause(b);
    logs.log("SEVERE", "x", "cycle", a);
    assertEquals(2, logs.snapshot().split("IllegalStateException").length - 1, logs.snapshot());

    logs.clear();
    Throwable chain = new IllegalStateException("m".repeat(3000));
    for (int i = 0; i < 9; i++) chain = new IllegalStateException("m".repeat(3000), chain);
    logs.log("SEVERE", "x", "long", chain);
    String s = logs.snapshot();
    assertTrue(s.contains(" of the trace left out ...\n"), s);
    assertTrue(s.contains("java.lang.IllegalStateException:…[truncated]"), "a long message goes whole: " + s);
    assertTrue(s.length() <= 100 + RecentLogs.MAX_STACK_TRACE_CHARS, "length " + s.length());
  }

  @Test
  void aLongTraceLosesItsMiddleSoTheTopExceptionAndTheRootCauseStay() {
    StackTraceElement[] frames = new StackTraceElement[40];
    for (int i = 0; i < frames.length; i++) {
      frames[i] = new StackTraceElement("org.springframework.web.servlet.FrameworkServlet", "processRequest" + i,
          "FrameworkServlet.java", 1000 + i);
    }
    Throwable t = new java.net.SocketTimeoutException("Read timed out");
    for (String name : new String[] {"SQLException", "DataAccessException", "UndeclaredThrowable", "NestedServlet", "Servlet"}) {
      t = new RuntimeException(name, t);
    }
    for (Throwable x = t; x != null; x = x.getCause()) x.setStackTrace(frames);
    RecentLogs logs = RecentLogs.create(10, 1024 * 1024, CLOCK);

    logs.log("SEVERE", "app", "request failed", t);

    String s = logs.snapshot();
    String trace = s.substring(s.indexOf('\n') + 1);
    assertTrue(trace.length() <= RecentLogs.MAX_STACK_TRACE_CHARS, "length " + trace.length());
    assertTrue(trace.startsWith("java.lang.RuntimeException: Servlet\n\tat org.springframework"), trace);
    assertTrue(trace.contains("\nCaused by: java.net.SocketTimeoutException: Read timed out\n"), trace);
    assertTrue(trace.endsWith("\n\t... 20 more"), "the root cause's frames are the end: " + trace);
    String[] lines = trace.split("\n");
    int marker = -1;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].matches("\t\\.\\.\\. \\d+ lines of the trace left out \\.\\.\\.")) marker = i;
    }
    assertTrue(marker > 0, "one line says how many were left out: " + trace);
    int leftOut = Integer.parseInt(lines[marker].split(" ")[1]);
    // 6 exceptions, each with its line, 20 frames and a "... 20 more" line; 5 of them after "Caused by: ".
    assertEquals(6 * 22, lines.length - 1 + leftOut, "every line is either kept whole or counted");
    for (String line : lines) {
      assertTrue(line.matches("(Caused by: )?java\\.\\S+: \\w+( \\w+)*|\t(at .+\\)|\\.\\.\\. .+)"), "a whole line: " + line);
    }
  }

  private static Throwable deep(int depth) {
    return depth == 0 ? new IllegalStateException("bottom") : deep(depth - 1);
  }

  @Test
  void clearEmptiesTheRing() {
    RecentLogs logs = RecentLogs.create(10, 4096);
    logs.append("a");
    logs.clear();
    assertEquals(0, logs.lineCount());
    assertEquals(0, logs.byteCount());
    assertEquals("", logs.snapshot());
  }

  @Test
  void emptyLinesAreKept() {
    RecentLogs logs = RecentLogs.create(10, 4096);
    logs.append("");
    logs.append("");
    logs.append("a");
    assertEquals("\n\na", logs.snapshot());
    assertEquals(4, logs.byteCount());
  }

  @Test
  void eightThreadsAppendingKeepBothBounds() throws Exception {
    RecentLogs logs = RecentLogs.create(50, 2048);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await(10, TimeUnit.SECONDS);
          for (int i = 0; i < 2000; i++) {
            logs.append("thread " + thread + " line " + i + " " + "p".repeat(i % 97));
            if (i % 100 == 0) {
              assertTrue(logs.lineCount() <= 50);
              assertTrue(logs.byteCount() <= 2048);
              assertTrue(utf8(logs.snapshot()) <= 2048);
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) f.get(20, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }

    assertTrue(logs.lineCount() <= 50);
    assertTrue(logs.byteCount() <= 2048);
    String snapshot = logs.snapshot();
    long expectedBytes = 0;
    for (String line : snapshot.split("\n", -1)) {
      assertTrue(line.startsWith("thread "), line);
      expectedBytes += utf8(line) + 1;
    }
    assertEquals(expectedBytes, logs.byteCount(), "byteCount matches the lines held");
  }
}
