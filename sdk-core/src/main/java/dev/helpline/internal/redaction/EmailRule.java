package dev.helpline.internal.redaction;

/**
 * E-mail addresses: a local part of up to 64 characters ({@code A-Z a-z 0-9 . _ % + -} and letters
 * or digits of any script, as RFC 6531 allows), {@code @}, then at least two dot-separated domain
 * labels whose last one (the top-level domain) has two or more letters. Quoted local parts and
 * bare hosts ({@code root@localhost}) are not matched. Asset names such as {@code icon@2x.png}
 * (a label of digits followed by {@code x}) are not addresses, nor are scp-style remotes
 * ({@code git@github.com:org/repo.git}).
 *
 * <p>Addresses inside URLs are found percent-encoded too: {@code jane%40example.com}, with the
 * local part starting after an encoded separator ({@code %3D}, {@code %3F}, {@code %26},
 * {@code %2F}, {@code %3A}, {@code %20}; see {@link Chars#followsEncodedSeparator}), so {@code
 * login%3Fuser%3Djane%40example.com} keeps {@code login%3Fuser%3D}, and what comes before the
 * separator is left to the other rules. Punycode top-level domains ({@code xn--p1ai}) count as top-level
 * domains.
 */
final class EmailRule extends Rule {
  static final String KIND = "email";
  private static final String REPLACEMENT = "[email]";
  private static final int MAX_LOCAL = 64;
  private static final int MAX_DOMAIN = 253;

  EmailRule() {
    super(KIND, REPLACEMENT);
  }

  @Override
  boolean canStartWith(char c) {
    return Chars.isAlnum(c) || c == '_' || c >= 128;
  }

  @Override
  boolean match(String s, int start, Match m) {
    int n = s.length();
    char prev = Chars.before(s, start - 1, m.floor);
    int at = Math.min(m.nextAt(s, start), m.nextEncodedAt(s, start));
    if (at - start > MAX_LOCAL * 2 || at >= n
        || isLocalChar(prev) && !Chars.followsEncodedSeparator(s, start, m.floor)) {
      return false;
    }
    int i = start;
    int localStart = start;
    int atLength = 0;
    while (i < n && i - localStart < MAX_LOCAL) {
      char c = s.charAt(i);
      if (c == '@') {
        atLength = 1;
        break;
      }
      if (c == '%' && i + 2 < n) {
        if (s.charAt(i + 1) == '4' && s.charAt(i + 2) == '0') {
          atLength = 3;
          break;
        }
        if (Chars.isEncodedSeparator(s.charAt(i + 1), s.charAt(i + 2))) {
          return false; // the address starts after it, where the scan tries again
        }
      }
      if (!isLocalChar(c)) {
        break;
      }
      if (isCjk(c) && Chars.isAlnum(Chars.at(s, i + 1))) {
        localStart = i + 1; // "邮箱是zhangwei@…": CJK text runs into the address without a space
      }
      i++;
    }
    if (atLength == 0 || i == localStart) {
      return false;
    }
    int domainStart = i + atLength;
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
    if (next == '[' || isLabelChar(next)) {
      return false;
    }
    char afterColon = Chars.at(s, end + 1);
    if (next == ':' && (isPathStart(afterColon) || afterColon == '[')) {
      return false; // git@github.com:org/repo.git
    }
    if (isScaleSuffix(s, domainStart)) {
      return false;
    }
    return m.set(end, localStart - start, REPLACEMENT);
  }

  /** Han, kana and Hangul: scripts written without spaces between words. */
  private static boolean isCjk(char c) {
    return c >= 0x2E80 && c <= 0x9FFF || c >= 0xAC00 && c <= 0xD7AF || c >= 0xF900 && c <= 0xFAFF;
  }

  private static boolean isPathStart(char c) {
    return Chars.isAlnum(c) || c == '/' || c == '~' || c == '.' || c == '_';
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
    if (to - from > 4 && s.regionMatches(true, from, "xn--", 0, 4)) {
      return true; // punycode, as in xn--p1ai
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
