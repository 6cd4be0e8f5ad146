package dev.helpline.internal.redaction;

/** Boundary tests shared by the number rules (card, phone, IPv4). */
final class DigitRuns {
  private DigitRuns() {}

  /**
   * Whether a number may start at {@code start}: not the continuation of a dotted, dashed or
   * slashed number ({@code 1.2.3.4.5}, {@code a-12}, {@code /12}). A {@code +} after a lower-case
   * letter is a form's blank ({@code Call+me+at+555-123-4567}); other {@code +} signs join what follows
   * ({@code GMT+0800 2026}).
   */
  static boolean startsCleanly(String s, int start, int floor) {
    char prev = Chars.before(s, start - 1, floor);
    if (prev == '+' && Chars.isLower(Chars.before(s, start - 2, floor))) {
      return true; // a form's blank: "Call+me+at+555-123-4567"; not a zone's offset, "GMT+0800"
    }
    if (prev == '.' || prev == '/' || prev == '\\' || prev == '+' || prev == '@' || prev == ':'
        && Chars.isDigit(Chars.before(s, start - 2, floor))) {
      return false;
    }
    if (prev == '-' || prev == ',') {
      return !Chars.isWordChar(Chars.before(s, start - 2, floor));
    }
    return true;
  }

  /**
   * Whether {@code start} directly follows a digit and the separator {@code sep}, i.e. would be a
   * later group of a longer grouped number ({@code 0000 0000 ...}) rather than a number of its own.
   */
  static boolean continuesGroups(String s, int start, char sep, int floor) {
    return sep != 0 && Chars.before(s, start - 1, floor) == sep
        && Chars.isDigit(Chars.before(s, start - 2, floor));
  }

  /** Whether {@code [from, to)} is not empty and holds only ASCII digits; false where it runs past the text. */
  static boolean allDigits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Chars.isDigit(Chars.at(s, i))) {
        return false;
      }
    }
    return to > from;
  }

  static boolean isSeparator(char c) {
    return c == '.' || c == ':' || c == '-' || c == '/' || c == ',';
  }

  /**
   * Whether a number may end at {@code end}: followed by neither a word character nor a
   * separator that continues it with another digit ({@code 12.5}, {@code 12:30}, {@code 12-3}).
   */
  static boolean endsCleanly(String s, int end) {
    char next = Chars.at(s, end);
    if (Chars.continuesToken(next) || next == '@') {
      return false;
    }
    if (next == '.' || next == ':' || next == '-' || next == '/' || next == ',') {
      char after = Chars.at(s, end + 1);
      return !Chars.isDigit(after) && after != '[';
    }
    return true;
  }
}
