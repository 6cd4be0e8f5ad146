package dev.helpline.internal.redaction;

/**
 * Vendor API keys with a recognisable prefix: AWS access key ids ({@code AKIA}/{@code ASIA} + 16),
 * GitHub tokens ({@code ghp_ gho_ ghu_ ghs_ ghr_} + 36 or more, {@code github_pat_}), Slack
 * ({@code xoxa- xoxb- xoxp- xoxr-}), Stripe secret and restricted keys ({@code sk_live_ sk_test_
 * rk_live_ rk_test_}) and Google API keys ({@code AIza} + 35). Generic {@code api_key=...} pairs
 * are left to the secret-pair rule.
 */
final class ApiKeyRule extends Rule {
  static final String KIND = "apikey";
  private static final String REPLACEMENT = "[apikey]";
  private static final int MAX = 255;

  ApiKeyRule() {
    super(KIND);
  }

  @Override
  boolean canStartWith(char c) {
    return c == 'A' || c == 'g' || c == 'x' || c == 's' || c == 'r';
  }

  @Override
  boolean match(String s, int start, Match m) {
    int end = -1;
    switch (s.charAt(start)) {
      case 'A':
        if (s.startsWith("AKIA", start) || s.startsWith("ASIA", start)) {
          end = exact(s, start + 4, 16, ApiKeyRule::isUpperAlnum, Chars::isAlnum);
        } else if (s.startsWith("AIza", start)) {
          end = exact(s, start + 4, 35, Chars::isBase64Url, Chars::isBase64Url);
        }
        break;
      case 'g':
        if (s.startsWith("github_pat_", start)) {
          end = atLeast(s, start + 11, 22, ApiKeyRule::isAlnumOrUnderscore);
        } else if (s.startsWith("gh", start) && "pousr".indexOf(Chars.at(s, start + 2)) >= 0
            && Chars.at(s, start + 3) == '_') {
          end = atLeast(s, start + 4, 36, Chars::isAlnum);
        }
        break;
      case 'x':
        if (s.startsWith("xox", start) && "abpr".indexOf(Chars.at(s, start + 3)) >= 0
            && Chars.at(s, start + 4) == '-') {
          end = atLeast(s, start + 5, 10, ApiKeyRule::isAlnumOrDash);
        }
        break;
      case 's':
      case 'r':
        if (s.startsWith("k_live_", start + 1) || s.startsWith("k_test_", start + 1)) {
          end = atLeast(s, start + 8, 10, Chars::isAlnum);
        }
        break;
      default:
        break;
    }
    return end >= 0 && m.set(end, 0, REPLACEMENT);
  }

  private interface CharTest {
    boolean test(char c);
  }

  /** Exactly {@code count} characters of {@code body}, not followed by a {@code boundary} one. */
  private static int exact(String s, int i, int count, CharTest body, CharTest boundary) {
    int end = i + count;
    if (end > s.length()) {
      return -1;
    }
    for (int j = i; j < end; j++) {
      if (!body.test(s.charAt(j))) {
        return -1;
      }
    }
    char next = Chars.at(s, end);
    return boundary.test(next) || Chars.continuesToken(next) ? -1 : end;
  }

  /** At least {@code min} (at most {@link #MAX}) characters of {@code body}, then a boundary. */
  private static int atLeast(String s, int i, int min, CharTest body) {
    int j = i;
    int n = s.length();
    while (j < n && j - i < MAX && body.test(s.charAt(j))) {
      j++;
    }
    if (j - i < min || Chars.continuesToken(Chars.at(s, j))) {
      return -1;
    }
    return j;
  }

  private static boolean isUpperAlnum(char c) {
    return Chars.isUpper(c) || Chars.isDigit(c);
  }

  private static boolean isAlnumOrUnderscore(char c) {
    return Chars.isAlnum(c) || c == '_';
  }

  private static boolean isAlnumOrDash(char c) {
    return Chars.isAlnum(c) || c == '-';
  }
}
