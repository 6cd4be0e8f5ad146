package dev.helpline.internal.redaction;

/**
 * The password in a URL's user info, whatever the scheme and host: {@code
 * postgres://app:[redacted]@10.0.3.7:5432/db}, {@code redis://:[redacted]@redis:6379},
 * {@code mongodb+srv://…}, {@code jdbc:postgresql://…}, {@code amqp://…}. The user name is kept;
 * the host is left to the other rules (an IP address still becomes {@code [ip]}). A URL whose user
 * info is a token alone ({@code https://ghp_…@github.com}) is left to the token's own rule.
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
    int j = userStart;
    int limit = Math.min(n, userStart + MAX_USERINFO);
    while (j < limit) {
      char c = s.charAt(j);
      if (c == '@') {
        break;
      }
      if (c == '/' || c == '?' || c == '#' || Character.isWhitespace(c) || c == '"' || c == '\''
          || c == '<' || c == '>') {
        return false;
      }
      if (c == ':' && colon < 0) {
        colon = j;
      }
      j++;
    }
    if (j >= limit || colon < 0 || j == colon + 1) {
      return false;
    }
    return m.set(j, colon + 1 - start, REPLACEMENT);
  }

  private static boolean isSchemeChar(char c) {
    return Chars.isAlnum(c) || c == '+' || c == '.' || c == '-';
  }
}
