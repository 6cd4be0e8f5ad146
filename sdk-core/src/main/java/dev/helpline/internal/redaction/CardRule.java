package dev.helpline.internal.redaction;

/**
 * Payment card numbers: 13 to 19 digits starting with 2–6 (the ranges of the major networks:
 * Mastercard 2/5, Amex/Diners/JCB 3, Visa 4, Discover/UnionPay/Maestro 6), either solid or in
 * groups separated by one kind of separator (single spaces, dashes or dots) whose first group has
 * four digits. Only numbers passing the Luhn check are redacted, and the digit run must not
 * continue into a longer number, a decimal or a word; a comma between two solid runs of 13 or more
 * digits separates list items ({@code 4111111111111111,5500005555555559}).
 */
final class CardRule extends Rule {
  static final String KIND = "card";
  private static final String REPLACEMENT = "[card]";
  private static final int MIN_DIGITS = 13;

  CardRule() {
    super(KIND, REPLACEMENT);
  }

  @Override
  boolean canStartWith(char c) {
    return c >= '2' && c <= '6';
  }

  @Override
  boolean match(String s, int start, Match m) {
    if (!DigitRuns.startsCleanly(s, start, m.floor) && !followsListedNumber(s, start, m.floor)
        || DigitRuns.continuesGroups(s, start, ' ', m.floor)
        || DigitRuns.continuesGroups(s, start, '-', m.floor)
        || DigitRuns.continuesGroups(s, start, '.', m.floor)) {
      return false;
    }
    int n = s.length();
    int i = start;
    while (i < n && Chars.isDigit(s.charAt(i))) {
      i++;
    }
    int digits = i - start;
    if (digits > 19) {
      return false;
    }
    if (digits == 4) {
      // Grouped form: further groups of 3-6 digits behind one kind of single separator. A group
      // that does not fit (an expiry date, a 20th digit) ends the number before its separator.
      char sep = Chars.at(s, i);
      if (sep == ' ' || sep == '-' || sep == '.') {
        while (Chars.at(s, i) == sep) {
          int g = i + 1;
          while (g < n && Chars.isDigit(s.charAt(g))) {
            g++;
          }
          int len = g - i - 1;
          if (len < 3 || len > 6 || digits + len > 19 || !endsGroup(s, g, sep)) {
            break;
          }
          digits += len;
          i = g;
        }
      }
    }
    boolean solid = i - start == digits;
    if (digits < MIN_DIGITS || !DigitRuns.endsCleanly(s, i) && !(solid && precedesListedNumber(s, i))
        || !luhn(s, start, i)) {
      return false;
    }
    return m.set(i, 0, REPLACEMENT);
  }

  /**
   * Whether a group ending at {@code g} belongs to this number: not followed by a word character
   * or by another kind of separator (other than a space) and a digit: "4111 1111 1111 1111
   * 555-123-4567" is a card and a phone, not 19 digits of one number.
   */
  private static boolean endsGroup(String s, int g, char sep) {
    char next = Chars.at(s, g);
    if (Chars.continuesToken(next)) {
      return false;
    }
    return next == sep || !DigitRuns.isSeparator(next) || !Chars.isDigit(Chars.at(s, g + 1));
  }

  /**
   * Whether a comma before {@code start} ends a solid run of 13 or more digits: a list of card numbers
   * ({@code 4111111111111111,5500005555555559}), not a number grouped in thousands.
   */
  private static boolean followsListedNumber(String s, int start, int floor) {
    if (Chars.before(s, start - 1, floor) != ',') {
      return false;
    }
    int i = start - 2;
    while (i >= floor && i >= start - 21 && Chars.isDigit(s.charAt(i))) {
      i--;
    }
    return start - 2 - i >= MIN_DIGITS;
  }

  /** Whether {@code end} is a comma followed by a solid run of 13 or more digits (see {@link #followsListedNumber}). */
  private static boolean precedesListedNumber(String s, int end) {
    if (Chars.at(s, end) != ',') {
      return false;
    }
    int i = end + 1;
    while (i < s.length() && i <= end + 20 && Chars.isDigit(s.charAt(i))) {
      i++;
    }
    return i - end - 1 >= MIN_DIGITS;
  }

  private static boolean luhn(String s, int from, int to) {
    int sum = 0;
    boolean doubled = false;
    for (int i = to - 1; i >= from; i--) {
      char c = s.charAt(i);
      if (!Chars.isDigit(c)) {
        continue;
      }
      int d = c - '0';
      if (doubled) {
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      }
      sum += d;
      doubled = !doubled;
    }
    return sum % 10 == 0;
  }
}
