package dev.helpline.sample.cli;

import java.io.PrintStream;
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

  /** Progress on a terminal only when stdout and stderr are attached to one. */
  static Progress forConsole(PrintStream err) {
    return new Progress(err, System.console() != null);
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
