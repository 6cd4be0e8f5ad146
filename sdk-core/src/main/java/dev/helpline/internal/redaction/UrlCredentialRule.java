package dev.helpline.internal.redaction;

/**
 * The password in a URL's user info, whatever the scheme and host: {@code
 * postgres://app:[redacted]@10.0.3.7:5432/db}, {@code redis://:[redacted]@redis:6379},
 * {@code mongodb+srv://…}, {@code jdbc:postgresql://…}, {@code amqp://…}. The password runs to the
 * last {@code @} before the host, so one written unencoded with {@code @ # ?} in it goes whole. The user
 * name is kept, unless it is an e-mail address; the host is left to the other rules (an IP address still
 * becomes {@code [ip]}). A URL whose user info is a token alone ({@code https://ghp_…@github.com}) is
 * left to the token's own rule.
 */
final class UrlCredentialRule extends Rule {
  static final String KIND = SecretPairRule.KIND;
  private static final String REPLACEMENT = "[redacted]";
  private static final int MAX_SCHEME = 24;
  private static final int MAX_USERINFO = 512;

  UrlCredentialRule() {
    super(KIND, REPLACEMENT);
  }

  @Override
  boolean canStartWith(char c) {
    return Chars.isLetter(c);
  }

  @Override
  boolean match(String s, int start, Match m) {
    int n = s.length();
    if (m.nextSeparator(s, start) - start > MAX_SCHEME) {
      return false; // no ':' close enough to end a scheme
    }
    int i = start;
    while (i < n && i - start < MAX_SCHEME && isSchemeChar(s.charAt(i))) {
      i++;
    }
    if (!s.startsWith("://", i)) {
      return false;
    }
    int userStart = i + 3;
    if (m.nextAt(s, userStart) - userStart > MAX_USERINFO) {
      return false;
    }
    int colon = -1;
    int at = -1;
    int j = userStart;
    int limit = Math.min(n, userStart + MAX_USERINFO);
    for (; j < limit; j++) {
      char c = s.charAt(j);
      if (c == '/' || Character.isWhitespace(c) || c == '"' || c == '\'' || c == '<' || c == '>'
          || (c == '?' || c == '#') && (colon < 0 || at >= 0 || isPort(s, colon + 1, j))) {
        break; // the authority ends; a password may hold '?' and '#', a port (host:8080?q=a@b) may not
      }
      if (c == '@' && colon >= 0) {
        at = j; // the last '@' ends the user info: a password may hold '@' too
      } else if (c == ':' && colon < 0) {
        colon = j;
      }
    }
    if (colon < 0 || at < 0 || at == colon + 1) {
      return false;
    }
    int keep = Chars.holdsAt(s, userStart, colon) ? userStart : colon + 1;
    return m.set(at, keep - start, REPLACEMENT);
  }

  private static boolean isPort(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Chars.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isSchemeChar(char c) {
    return Chars.isAlnum(c) || c == '+' || c == '.' || c == '-';
  }
}
