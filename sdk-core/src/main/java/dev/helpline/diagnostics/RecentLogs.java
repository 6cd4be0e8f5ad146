package dev.helpline.diagnostics;

import dev.helpline.internal.text.SafeCut;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A bounded ring of recent log lines, attached to reports so an agent sees what happened just
 * before. Thread-safe; appending is cheap and never blocks on I/O.
 *
 * <p>Both bounds hold at all times: at most {@code maxLines} lines, and at most {@code maxBytes}
 * bytes, where each line costs its UTF-8 length plus one for its line break (so {@link
 * #snapshot()} never exceeds {@code maxBytes} bytes of UTF-8). The oldest lines are evicted first;
 * a single line that alone exceeds the byte bound is truncated. A "line" is one appended entry; an
 * entry from {@link #log} with a stack trace spans several text lines. Lines are kept as given; they are
 * redacted when a report attaches them, not here.
 *
 * <p>Because redaction comes after these cuts, a cut never keeps part of a word. A stack trace longer
 * than {@value #MAX_STACK_TRACE_CHARS} characters loses whole lines from its middle, so that both the top
 * exception and the root cause stay. A line cut to the byte bound (or one line of a trace cut to a quarter
 * of {@value #MAX_STACK_TRACE_CHARS}) goes back to before the word crossing the bound, and before a
 * grouped number (a card, an IBAN, a phone number) it may have cut short, which the redaction rules would
 * no longer recognise. A line without whitespace keeps nothing but the marker.
 */
public final class RecentLogs {
  /** The smallest {@code maxLines} accepted. */
  public static final int MIN_LINES = 1;
  /** The largest {@code maxLines} accepted. */
  public static final int MAX_LINES = 100_000;
  /** The smallest {@code maxBytes} accepted: 1 KiB. */
  public static final int MIN_BYTES = 1024;
  /** The largest {@code maxBytes} accepted: 16 MiB. */
  public static final int MAX_BYTES = 16 * 1024 * 1024;

  /**
   * The most characters of stack trace kept per logged throwable, the marker of a cut included; within
   * that, each throwable in the cause chain shows at most 20 frames and at most 10 causes are shown. A
   * longer trace keeps its first and last lines (the top exception and the root cause) and leaves out
   * whole lines in the middle, saying how many.
   */
  public static final int MAX_STACK_TRACE_CHARS = 8 * 1024;

  private static final String TRUNCATED = "…[truncated]";
  private static final int MAX_FRAMES = 20;
  private static final int MAX_CAUSES = 10;

  private final int maxLines;
  private final int maxBytes;
  private final Clock clock;
  private final ArrayDeque<Entry> lines = new ArrayDeque<>();
  private long byteCount;

  private RecentLogs(int maxLines, int maxBytes, Clock clock) {
    this.maxLines = maxLines;
    this.maxBytes = maxBytes;
    this.clock = clock;
  }

  /**
   * A ring keeping at most {@code maxLines} lines (1 to 100,000) and {@code maxBytes} bytes (1 KiB
   * to 16 MiB), timestamping with the system UTC clock.
   *
   * @throws IllegalArgumentException naming the parameter when it is out of range
   */
  public static RecentLogs create(int maxLines, int maxBytes) {
    return create(maxLines, maxBytes, Clock.systemUTC());
  }

  /** Like {@link #create(int, int)}, timestamping {@link #log} lines with {@code clock}. */
  public static RecentLogs create(int maxLines, int maxBytes, Clock clock) {
    Objects.requireNonNull(clock, "clock == null");
    if (maxLines < MIN_LINES || maxLines > MAX_LINES) {
      throw new IllegalArgumentException("maxLines is " + maxLines + "; allowed " + MIN_LINES + " to " + MAX_LINES);
    }
    if (maxBytes < MIN_BYTES || maxBytes > MAX_BYTES) {
      throw new IllegalArgumentException("maxBytes is " + maxBytes + "; allowed " + MIN_BYTES + " to " + MAX_BYTES);
    }
    return new RecentLogs(maxLines, maxBytes, clock);
  }

  /** The most lines kept. */
  public int maxLines() {
    return maxLines;
  }

  /** The most bytes kept, counted as {@link #byteCount()} counts them. */
  public int maxBytes() {
    return maxBytes;
  }

  /** Appends {@code line}, truncating it if it alone exceeds the byte bound and evicting the oldest lines. */
  public void append(String line) {
    Objects.requireNonNull(line, "line == null");
    int cost = (int) SafeCut.utf8Length(line) + 1;
    if (cost > maxBytes) {
      line = SafeCut.cutUtf8(line, maxBytes - 1, TRUNCATED);
      cost = (int) SafeCut.utf8Length(line) + 1;
    }
    Entry entry = new Entry(line, cost);
    synchronized (lines) {
      while (!lines.isEmpty() && (lines.size() >= maxLines || byteCount + cost > maxBytes)) {
        byteCount -= lines.removeFirst().cost;
      }
      lines.addLast(entry);
      byteCount += cost;
    }
  }

  /**
   * Appends a line {@code "<ISO instant> <LEVEL> <logger> - <message>"}, followed by the stack trace
   * of {@code thrown} and its causes (at most {@value #MAX_STACK_TRACE_CHARS} characters) when it is
   * not null. Suppressed exceptions are not included.
   */
  public void log(String level, String logger, String message, @Nullable Throwable thrown) {
    log(clock.instant(), level, logger, message, thrown);
  }

  void log(Instant at, String level, String logger, @Nullable String message, @Nullable Throwable thrown) {
    StringBuilder s = new StringBuilder(64 + (message != null ? message.length() : 4));
    DateTimeFormatter.ISO_INSTANT.formatTo(at, s);
    s.append(' ').append(level).append(' ').append(logger).append(" - ").append(message);
    if (thrown != null) {
      StringBuilder trace = new StringBuilder();
      appendThrowable(trace, thrown);
      s.append('\n').append(cutMiddle(trace.toString()));
    }
    append(s.toString());
  }

  /**
   * Appends the throwable and its causes, each with at most 20 frames, so that a long chain stays short
   * enough for {@link #cutMiddle} to keep both its top and its root cause.
   */
  private static void appendThrowable(StringBuilder s, Throwable thrown) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    int depth = 0;
    for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
      if (depth++ == MAX_CAUSES) {
        s.append("\n(further causes omitted)");
        break;
      }
      if (t != thrown) s.append("\nCaused by: ");
      s.append(t);
      StackTraceElement[] frames = t.getStackTrace();
      int shown = Math.min(frames.length, MAX_FRAMES);
      for (int i = 0; i < shown; i++) s.append("\n\tat ").append(frames[i]);
      if (frames.length > shown) s.append("\n\t... ").append(frames.length - shown).append(" more");
    }
  }

  /**
   * {@code trace} itself when it has at most {@value #MAX_STACK_TRACE_CHARS} characters; otherwise its first
   * and last lines with a line saying how many were left out between them: the top exception is where the
   * failure surfaced, the last cause is why, and the middle of a long chain of wrappers tells the least. Each
   * line is first cut to a quarter of the bound (a message can be long), so both ends keep at least one
   * line; apart from that, lines are kept or dropped whole, so no cut lands inside a token.
   */
  static String cutMiddle(String trace) {
    if (trace.length() <= MAX_STACK_TRACE_CHARS) return trace;
    String[] lines = trace.split("\n", -1);
    for (int i = 0; i < lines.length; i++) lines[i] = SafeCut.cut(lines[i], MAX_STACK_TRACE_CHARS / 4, TRUNCATED);
    // Each kept line is counted with its line break; reserved: the longest the marker can be.
    int budget = MAX_STACK_TRACE_CHARS - leftOut(lines.length).length();
    int head = 0;
    int used = 0;
    while (head < lines.length && used + lines[head].length() + 1 <= budget / 2) used += lines[head++].length() + 1;
    int tail = lines.length;
    while (tail > head && used + lines[tail - 1].length() + 1 <= budget) used += lines[--tail].length() + 1;
    if (tail == head) return String.join("\n", lines);
    StringBuilder out = new StringBuilder(MAX_STACK_TRACE_CHARS);
    for (int i = 0; i < head; i++) out.append(lines[i]).append('\n');
    out.append(leftOut(tail - head));
    for (int i = tail; i < lines.length; i++) out.append('\n').append(lines[i]);
    return out.toString();
  }

  private static String leftOut(int lines) {
    return "\t... " + lines + (lines == 1 ? " line" : " lines") + " of the trace left out ...";
  }

  /** The lines, oldest first, joined with {@code \n} (no trailing line break). */
  public String snapshot() {
    synchronized (lines) {
      StringBuilder s = new StringBuilder((int) Math.min(Integer.MAX_VALUE, byteCount));
      boolean first = true;
      for (Entry e : lines) {
        if (!first) s.append('\n');
        s.append(e.text);
        first = false;
      }
      return s.toString();
    }
  }

  /** The number of entries held. */
  public int lineCount() {
    synchronized (lines) {
      return lines.size();
    }
  }

  /** The bytes held: the UTF-8 length of every line plus one per line. Never above {@link #maxBytes()}. */
  public long byteCount() {
    synchronized (lines) {
      return byteCount;
    }
  }

  /** Removes every line. */
  public void clear() {
    synchronized (lines) {
      lines.clear();
      byteCount = 0;
    }
  }

  @Override
  public String toString() {
    return "RecentLogs{lines=" + lineCount() + "/" + maxLines + ", bytes=" + byteCount() + "/" + maxBytes + "}";
  }

  private static final class Entry {
    final String text;
    final int cost;

    Entry(String text, int cost) {
      this.text = text;
      this.cost = cost;
    }
  }

  /**
   * Feeds {@code java.util.logging} records into a {@link RecentLogs} ring: timestamp, level, logger
   * name, the message formatted with its parameters by this handler's {@link Formatter} (a {@link
   * SimpleFormatter} unless replaced), and the stack trace of the thrown exception. Never throws:
   * problems go to the handler's {@link ErrorManager}. Thread-safe.
   *
   * <pre>{@code
   * Logger.getLogger("").addHandler(new LoggingHandler(recentLogs));
   * }</pre>
   */
  public static final class LoggingHandler extends Handler {
    private final RecentLogs logs;

    /** A handler feeding {@code logs}, at every level unless {@link #setLevel} says otherwise. */
    public LoggingHandler(RecentLogs logs) {
      this.logs = Objects.requireNonNull(logs, "logs == null");
      setFormatter(new SimpleFormatter());
    }

    @Override
    public void publish(LogRecord record) {
      try {
        if (record == null || !isLoggable(record)) return;
        String message;
        try {
          Formatter formatter = getFormatter();
          message = formatter != null ? formatter.formatMessage(record) : record.getMessage();
        } catch (RuntimeException e) {
          reportError("formatting a log record failed", e, ErrorManager.FORMAT_FAILURE);
          message = record.getMessage();
        }
        String logger = record.getLoggerName();
        logs.log(
            Instant.ofEpochMilli(record.getMillis()),
            record.getLevel().getName(),
            logger != null ? logger : "",
            message,
            record.getThrown());
      } catch (RuntimeException e) {
        reportError("recording a log record failed", e, ErrorManager.WRITE_FAILURE);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
