package dev.helpline.internal.redaction;

/**
 * E-mail addresses: a local part of up to 64 characters ({@code A-Z a-z 0-9 . _ % + -} and letters
 * or digits of any script, as RFC 6531 allows), {@code @}, then at least two dot-separated domain
 * labels whose last one (the top-level domain) has two or more letters. Quoted local parts and
 * bare hosts ({@code root@localhost}) are not matched. Asset names such as {@code icon@2x.png}
 * (a label of digits followed by {@code x}) are not addresses.
 */
final class EmailRule extends Rule {
  static final String KIND = "email";
  private static final String REPLACEMENT = "[email]";
  private static final int MAX_LOCAL = 64;
  private static final int MAX_DOMAIN = 253;

  EmailRule() {
    super(KIND);
  }

  @Override
  boolean canStartWith(char c) {
    return Chars.isAlnum(c) || c == '_' || c >= 128;
  }

  @Override
  boolean match(String s, int start, Match m) {
    int n = s.length();
    char prev = Chars.before(s, start - 1, m.floor);
    int at = m.nextAt(s, start);
    if (at - start > MAX_LOCAL || at >= n || isLocalChar(prev)) {
      return false;
    }
    int i = start;
    while (i < n && i - start < MAX_LOCAL && isLocalChar(s.charAt(i))) {
      i++;
    }
    if (i >= n || s.charAt(i) != '@' || i == start) {
      return false;
    }
    int domainStart = i + 1;
    int j = domainStart;
    int labels = 0;
    // The address ends after the last label that can be a top-level domain, so that
    // "a@example.com.DE89..." keeps "a@example.com" whatever follows the dot.
    int end = -1;
    while (j < n && j - domainStart < MAX_DOMAIN) {
      int labelStart = j;
      while (j < n && isLabelChar(s.charAt(j))) {
        j++;
      }
      if (j == labelStart || s.charAt(labelStart) == '-' || s.charAt(j - 1) == '-') {
        break;
      }
      labels++;
      if (labels >= 2 && isTopLevelDomain(s, labelStart, j)) {
        end = j;
      }
      if (j + 1 < n && s.charAt(j) == '.' && isLabelChar(s.charAt(j + 1))) {
        j++;
      } else {
        break;
      }
    }
    if (end < 0) {
      return false;
    }
    char next = Chars.at(s, end);
    if (next == '@' || next == '[' || isLabelChar(next)) {
      return false;
    }
    if (isScaleSuffix(s, domainStart)) {
      return false;
    }
    return m.set(end, 0, REPLACEMENT);
  }

  private static boolean isLocalChar(char c) {
    if (c < 128) {
      return Chars.isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }
    return Chars.isWideLetterOrDigit(c);
  }

  private static boolean isLabelChar(char c) {
    if (c < 128) {
      return Chars.isAlnum(c) || c == '-';
    }
    return Chars.isWideLetterOrDigit(c);
  }

  private static boolean isTopLevelDomain(String s, int from, int to) {
    if (to - from < 2) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(Chars.isLetter(c) || (c >= 128 && Character.isLetter(c)))) {
        return false;
      }
    }
    return true;
  }

  /** {@code 2x.png}, {@code 3x.webp}: the first domain label is a digit run followed by 'x'. */
  private static boolean isScaleSuffix(String s, int domainStart) {
    int i = domainStart;
    while (i < s.length() && Chars.isDigit(s.charAt(i))) {
      i++;
    }
    return i > domainStart && Chars.at(s, i) == 'x' && Chars.at(s, i + 1) == '.';
  }
}
