package dev.helpline.internal.text;

/**
 * The one way to shorten text that is redacted later: a diagnostics value when it is collected, a log
 * line when it is kept, the subject, message, context values and stack trace of an error report.
 * Limits in characters ({@link #cut}) and in UTF-8 bytes ({@link #cutUtf8}). Stateless and thread-safe;
 * never splits a surrogate pair.
 *
 * <p>Why a cut of its own: the redaction rules recognise an e-mail address, a card number, an IBAN, a
 * phone number, a JWT or an API key only whole, so a plain cut inside one ({@code ada.lovelace@exam…},
 * {@code 4111 1111 11…}) leaves a fragment that no rule matches and that leaves the device. Redacting
 * before cutting would avoid that only where a redactor is at hand, and it is not at any of these
 * places: a value is cut when it is collected or logged, long before a report is prepared and
 * redacted. So the cut itself never keeps part of a token:
 *
 * <ol>
 *   <li>it goes back to before the whitespace-separated word that crosses the limit, which is dropped
 *       whole however long it is (text with no whitespace before the limit keeps nothing of it);
 *   <li>then it drops a trailing run that could be the start of a grouped number (card, IBAN, phone,
 *       account): groups of letters and digits separated by single spaces, dashes, dots or slashes,
 *       from the first group holding a digit; groups without a digit continue a run only when they are
 *       at most four capital letters (an IBAN's bank code). A number that ended before the cut may go
 *       with it: losing a few characters next to the cut is the price of never sending part of one;
 *   <li>then it drops trailing whitespace and appends the marker.
 * </ol>
 */
public final class SafeCut {
  private SafeCut() {}

  /**
   * {@code s} itself when it has at most {@code max} characters; otherwise a prefix cut as the class
   * describes, followed by {@code marker}, at most {@code max} characters in all.
   *
   * @throws IllegalArgumentException when {@code max} is shorter than the marker
   */
  public static String cut(String s, int max, String marker) {
    if (s.length() <= max) return s;
    if (max < marker.length()) {
      throw new IllegalArgumentException("max is " + max + "; the marker alone takes " + marker.length());
    }
    return s.substring(0, end(s, max - marker.length())) + marker;
  }

  /**
   * {@code s} itself when it has at most {@code maxBytes} UTF-8 bytes; otherwise a prefix cut as the class
   * describes, followed by {@code marker}, at most {@code maxBytes} UTF-8 bytes in all: for limits a desk or the
   * client counts in bytes, which text outside ASCII reaches before it reaches as many characters.
   *
   * @throws IllegalArgumentException when {@code maxBytes} is smaller than the marker
   */
  public static String cutUtf8(String s, int maxBytes, String marker) {
    if (3L * s.length() <= maxBytes || utf8Length(s) <= maxBytes) return s;
    long budget = maxBytes - utf8Length(marker);
    if (budget < 0) {
      throw new IllegalArgumentException("maxBytes is " + maxBytes + "; the marker alone takes " + utf8Length(marker));
    }
    long bytes = 0;
    int end = 0;
    while (end < s.length()) {
      int cp = Character.codePointAt(s, end);
      bytes += utf8Length(cp);
      if (bytes > budget) break;
      end += Character.charCount(cp);
    }
    return s.substring(0, end(s, end)) + marker;
  }

  /** The length of {@code s} in UTF-8 bytes; an unpaired surrogate counts three, as a replacement character. */
  public static long utf8Length(CharSequence s) {
    long n = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = Character.codePointAt(s, i);
      n += utf8Length(cp);
      i += Character.charCount(cp);
    }
    return n;
  }

  /** The length of {@code codePoint} in UTF-8 bytes. */
  public static int utf8Length(int codePoint) {
    return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }

  /**
   * Where to cut {@code s} when at most its first {@code end} characters may be kept and the rest is
   * dropped: an index at most {@code end}, before any word that crosses it and any grouped number it
   * may have cut (see the class description). {@code s.length()} when {@code end} keeps it all.
   */
  public static int end(CharSequence s, int end) {
    if (end >= s.length()) return s.length();
    if (end <= 0) return 0;
    int i = end;
    if (Character.isHighSurrogate(s.charAt(i - 1)) && Character.isLowSurrogate(s.charAt(i))) i--;
    if (!Character.isWhitespace(s.charAt(i))) {
      while (i > 0 && !Character.isWhitespace(s.charAt(i - 1))) i--;
    }
    i = groupedNumberStart(s, trimEnd(s, i));
    return trimEnd(s, i);
  }

  /** The start of a grouped number ending at {@code end}, or {@code end} when none does. */
  private static int groupedNumberStart(CharSequence s, int end) {
    int start = end;
    int i = end;
    while (true) {
      int g = i;
      while (g > 0 && Character.isLetterOrDigit(s.charAt(g - 1))) g--;
      if (g == i) break;
      boolean digit = false;
      boolean capitals = i - g <= 4;
      for (int k = g; k < i; k++) {
        char c = s.charAt(k);
        if (Character.isDigit(c)) digit = true;
        if (!Character.isUpperCase(c)) capitals = false;
      }
      if (!digit && !capitals) break;
      if (digit) start = g;
      if (g < 2 || !isGroupSeparator(s.charAt(g - 1)) || !Character.isLetterOrDigit(s.charAt(g - 2))) break;
      i = g - 1;
    }
    return start;
  }

  private static boolean isGroupSeparator(char c) {
    return c == ' ' || c == '-' || c == '.' || c == '/';
  }

  private static int trimEnd(CharSequence s, int end) {
    int i = end;
    while (i > 0 && Character.isWhitespace(s.charAt(i - 1))) i--;
    return i;
  }
}
