package dev.helpline.internal.redaction;

/**
 * {@code password=hunter2}, {@code "client_secret": "x"}, {@code X-Auth-Token: abc}: keeps the key
 * and the separator, replaces the value with {@code [redacted]}.
 *
 * <p>A key is a run of {@code [A-Za-z0-9_.-]}; it matches when, ignoring case and treating
 * {@code -} like {@code _}, it equals one of {@link #KEYS} or ends with {@code _key} / {@code .key}
 * (so {@code db_password}, {@code X-Auth-Token} count); keys of six or more characters also match
 * as a plain suffix ({@code clientSecret}, {@code dbPassword}). An unquoted value runs to
 * whitespace, {@code &}, {@code ,}, {@code ;} or a quote; a quoted value runs to its closing quote
 * (backslash escapes honoured) or the end of the line. Empty values are left alone. Keys are at
 * most 64 characters, with at most a quote and 31 blanks before the separator.
 */
final class SecretPairRule extends Rule {
  static final String KIND = "secret";
  private static final String REPLACEMENT = "[redacted]";
  private static final int MAX_KEY = 64;
  /** Room for a closing quote and blanks between key and separator. */
  private static final int MAX_GAP = 32;

  private static final String[] KEYS = {
    "password", "passwd", "pwd", "secret", "token", "api_key", "apikey", "access_token",
    "refresh_token", "client_secret", "auth", "secret_key", "private_key", "passphrase",
    "authorization", "sessionid", "session_id"
  };

  private static final String AUTHORIZATION = "authorization";

  /** Schemes after which an Authorization value is left to {@link BearerRule} or kept. */
  private static final String[] SCHEMES = {
    "bearer", "basic", "token", "digest", "negotiate", "ntlm", "dpop", "oauth", "hoba", "mutual",
    "vapid", "aws4-hmac-sha256"
  };

  SecretPairRule() {
    super(KIND);
  }

  @Override
  boolean canStartWith(char c) {
    return Chars.isLetter(c);
  }

  @Override
  boolean match(String s, int start, Match m) {
    int n = s.length();
    if (m.nextSeparator(s, start) - start > MAX_KEY + MAX_GAP) {
      return false;
    }
    int i = start;
    while (i < n && i - start < MAX_KEY && isKeyChar(s.charAt(i))) {
      i++;
    }
    int keyEnd = i;
    if (keyEnd < n && isKeyChar(s.charAt(keyEnd))) {
      return false;
    }
    // Cheapest test first: most words are not followed by a separator.
    char open = Chars.before(s, start - 1, m.floor);
    if ((open == '"' || open == '\'') && Chars.at(s, i) == open) {
      i++;
    }
    i = Chars.skipBlanks(s, i);
    if (i >= n || (s.charAt(i) != '=' && s.charAt(i) != ':')) {
      return false;
    }
    if (s.charAt(i) == ':' && i + 1 < n && s.charAt(i + 1) == '/') {
      return false; // a URL scheme such as token://host, not a pair
    }
    if (!isSecretKey(s, start, keyEnd)) {
      return false;
    }
    i = Chars.skipBlanks(s, i + 1);
    if (i >= n) {
      return false;
    }
    char q = s.charAt(i);
    int valueStart;
    int valueEnd;
    if (q == '"' || q == '\'') {
      valueStart = i + 1;
      valueEnd = valueStart;
      while (valueEnd < n) {
        char c = s.charAt(valueEnd);
        if (c == q || c == '\n' || c == '\r') {
          break;
        }
        valueEnd += (c == '\\' && valueEnd + 1 < n) ? 2 : 1;
      }
      valueEnd = Math.min(valueEnd, n);
    } else {
      valueStart = i;
      valueEnd = i;
      while (valueEnd < n && !endsUnquoted(s.charAt(valueEnd))) {
        valueEnd++;
      }
    }
    if (valueEnd == valueStart) {
      return false;
    }
    if (keyEnd - start >= AUTHORIZATION.length()
        && sameKey(s, keyEnd - AUTHORIZATION.length(), AUTHORIZATION)
        && startsWithScheme(s, valueStart)) {
      return false; // "Authorization: Bearer x" keeps its scheme; the bearer rule takes the value
    }
    return m.set(valueEnd, valueStart - start, REPLACEMENT);
  }

  /** An HTTP auth scheme word, alone or followed by its credential, as in {@code Bearer abc}. */
  private static boolean startsWithScheme(String s, int valueStart) {
    for (String scheme : SCHEMES) {
      int end = valueStart + scheme.length();
      if (s.regionMatches(true, valueStart, scheme, 0, scheme.length())
          && (end == s.length() || endsUnquoted(s.charAt(end)))) {
        return true;
      }
    }
    return false;
  }

  private static boolean endsUnquoted(char c) {
    return Character.isWhitespace(c) || c == '&' || c == ',' || c == ';' || c == '"' || c == '\'';
  }

  private static boolean isKeyChar(char c) {
    return Chars.isAlnum(c) || c == '_' || c == '-' || c == '.';
  }

  private static boolean isSecretKey(String s, int start, int end) {
    int len = end - start;
    for (String key : KEYS) {
      int k = key.length();
      if (k > len) {
        continue;
      }
      int from = end - k;
      if (!sameKey(s, from, key)) {
        continue;
      }
      if (from == start || k >= 6) {
        return true;
      }
      char before = s.charAt(from - 1);
      if (before == '_' || before == '-' || before == '.') {
        return true;
      }
    }
    return false;
  }

  private static boolean sameKey(String s, int from, String key) {
    for (int j = 0; j < key.length(); j++) {
      char c = s.charAt(from + j);
      if (c == '-') {
        c = '_';
      } else if (Chars.isUpper(c)) {
        c = (char) (c + ('a' - 'A'));
      }
      if (c != key.charAt(j)) {
        return false;
      }
    }
    return true;
  }
}
