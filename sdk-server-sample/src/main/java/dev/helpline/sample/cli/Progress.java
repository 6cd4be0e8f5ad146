package dev.helpline.sample.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * A progress line on stderr: on a terminal one line rewritten with carriage returns, elsewhere (pipes, CI logs)
 * plain lines, at most one per tenth of the work so logs stay short. Thread-safe.
 */
final class Progress {
  private final PrintStream err;
  private final boolean terminal;
  private int lastTenth = -1;
  private boolean lineOpen;

  Progress(PrintStream err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  /**
   * Progress on a terminal only when stderr, where it goes, is one: the JVM has a console (stdin and stdout on a
   * terminal) and, where the system tells ({@code /proc/self/fd/2} on Linux), stderr is a terminal device too. So
   * {@code helpline flush 2>flush.log} run on a terminal writes plain lines to the file, not carriage returns.
   */
  static Progress forConsole(PrintStream err) {
    return new Progress(err, System.console() != null && stderrMayBeTerminal());
  }

  /**
   * True when stderr is a terminal device or the system cannot tell (no {@code /proc}: the console decides); false
   * for a file or a pipe, and for a descriptor {@code /proc} lists but cannot name, where plain lines suit any target.
   */
  private static boolean stderrMayBeTerminal() {
    Path fd = Paths.get("/proc/self/fd/2");
    if (!Files.exists(fd, LinkOption.NOFOLLOW_LINKS)) return true;
    String target;
    try {
      target = Files.readSymbolicLink(fd).toString();
    } catch (IOException unnamed) {
      return false;
    }
    return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
  }

  /** Reports {@code done} of {@code total} units of {@code what}; {@code bytes} formats them as sizes. */
  synchronized void update(String what, long done, long total, boolean bytes) {
    if (total <= 0) return;
    int tenth = (int) Math.min(10, done * 10 / total);
    String text = String.format(Locale.ROOT, "%s: %s of %s (%d%%)", what, format(done, bytes), format(total, bytes),
        done * 100 / total);
    if (terminal) {
      err.print("\r" + text + "   ");
      lineOpen = true;
      if (done >= total) end();
    } else if (tenth != lastTenth) {
      lastTenth = tenth;
      err.println(text);
    }
    err.flush();
  }

  /** Ends the current terminal line, if any, so the next output starts on a fresh line. */
  synchronized void end() {
    if (lineOpen) {
      err.println();
      lineOpen = false;
    }
    lastTenth = -1;
  }

  private static String format(long n, boolean bytes) {
    if (!bytes) return Long.toString(n);
    if (n < 1024) return n + " B";
    if (n < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
  }
}
