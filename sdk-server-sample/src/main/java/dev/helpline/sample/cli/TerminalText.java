package dev.helpline.sample.cli;

import java.util.Locale;

/**
 * Text from the network (desks, feeds) made safe to print on a terminal in text mode. Control characters (C0,
 * DEL, C1: escape sequences, BEL, NUL, CR, line feeds inside one-line fields), line and paragraph separators and
 * format characters (bidi overrides, zero-width characters) are shown escaped as {@code \u001B}, so a hostile
 * feed can neither drive the terminal (set its title, clear the screen, move the cursor) nor start a line of its
 * own that looks like the command's output. Long text is cut with "… N more". JSON output does not go through
 * here: it is exact, and its encoder escapes controls itself.
 */
final class TerminalText {
  /** The most characters of one field printed; the rest is counted. */
  static final int MAX_LINE_CHARS = 2_000;
  /** The most lines of one multi-line text printed; the rest is counted. */
  static final int MAX_LINES = 50;
  /** The most entries of one list printed; the rest is counted. */
  static final int MAX_ITEMS = 200;

  private TerminalText() {}

  /** {@code text} as one safe line: every line break is escaped too. */
  static String line(String text) {
    return escape(text, 0, text.length());
  }

  /**
   * {@code text} as safe lines, each prefixed with {@code indent}: real line breaks (LF, CRLF) separate lines,
   * blank lines are dropped, everything else that is not printable is escaped, and at most {@link #MAX_LINES}
   * lines are printed, then "… N more lines". The indent keeps every line of network text visibly inside the
   * entry it belongs to.
   */
  static String block(String text, String indent) {
    return block(text, indent, false);
  }

  /** Like {@link #block(String, String)}; with {@code keepBlank}, blank lines are printed as an indent alone. */
  static String block(String text, String indent, boolean keepBlank) {
    StringBuilder out = new StringBuilder();
    int printed = 0;
    int skipped = 0;
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) end = text.length();
      int stop = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
      if (keepBlank || !text.substring(start, stop).trim().isEmpty()) {
        if (printed < MAX_LINES) {
          if (printed > 0) out.append('\n');
          out.append(indent).append(escape(text, start, stop));
          printed++;
        } else {
          skipped++;
        }
      }
      start = end + 1;
    }
    if (skipped > 0) out.append('\n').append(indent).append(more(skipped, "line"));
    return out.toString();
  }

  /** "… 3 more lines": what a capped listing prints in place of what it left out. */
  static String more(long n, String noun) {
    return "… " + n + " more " + noun + (n == 1 ? "" : "s");
  }

  private static String escape(String s, int from, int to) {
    StringBuilder out = new StringBuilder(Math.min(to - from, MAX_LINE_CHARS) + 16);
    int chars = 0;
    for (int i = from; i < to; ) {
      int cp = s.codePointAt(i);
      int n = Character.charCount(cp);
      if (chars == MAX_LINE_CHARS) {
        out.append(' ').append(more(s.codePointCount(i, to), "character"));
        break;
      }
      if (unsafe(cp)) {
        for (int k = 0; k < n; k++) out.append(String.format(Locale.ROOT, "\\u%04X", (int) s.charAt(i + k)));
      } else {
        out.appendCodePoint(cp);
      }
      chars++;
      i += n;
    }
    return out.toString();
  }

  private static boolean unsafe(int cp) {
    int type = Character.getType(cp);
    return Character.isISOControl(cp) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
  }
}
