package dev.helpline.internal.redaction;

/**
 * HTTP auth scheme words ({@code Bearer}, {@code Basic}, …) as {@link SecretPairRule} meets them in a
 * value: a scheme takes its credential along ({@code token: Bearer x} loses both), and an
 * {@code Authorization} value that starts with a known scheme is left to {@link BearerRule}.
 */
final class AuthSchemes {
  private AuthSchemes() {}

  private static final String AUTHORIZATION = "authorization";
  /** Longest word taken for an unknown scheme after an {@code Authorization} key. */
  private static final int MAX_SCHEME = 32;

  /** Known schemes: after one an {@code Authorization} value is left to {@link BearerRule} or kept. */
  private static final String[] SCHEMES = {
    "bearer", "basic", "token", "digest", "negotiate", "ntlm", "dpop", "oauth", "hoba", "mutual",
    "vapid", "aws4-hmac-sha256"
  };

  /** Whether the key {@code s[start, keyEnd)} ends with {@code authorization} ({@code Proxy-Authorization} too). */
  static boolean namesAuthorization(String s, int start, int keyEnd) {
    return keyEnd - start >= AUTHORIZATION.length()
        && s.regionMatches(true, keyEnd - AUTHORIZATION.length(), AUTHORIZATION, 0, AUTHORIZATION.length());
  }

  /**
   * When the value {@code s[valueStart, end)} is an auth scheme word followed by one blank and a credential
   * ({@code Bearer x}), where the credential starts; else -1. After an {@code Authorization} key any word of a
   * scheme's characters counts ({@code ApiKey x}, {@code SSWS x}, {@code Bot x}): the header holds nothing but
   * a credential.
   */
  static int credentialStart(String s, int valueStart, int end, boolean authorization) {
    char after = Chars.at(s, end + 1);
    if (Chars.at(s, end) != ' ' || after == '\0' || Character.isWhitespace(after)) {
      return -1;
    }
    if (authorization && isSchemeWord(s, valueStart, end)) {
      return end + 1;
    }
    for (String scheme : SCHEMES) {
      if (scheme.length() == end - valueStart && s.regionMatches(true, valueStart, scheme, 0, scheme.length())) {
        return end + 1;
      }
    }
    return -1;
  }

  /** A known scheme word at {@code valueStart}, alone or followed by its credential, as in {@code Bearer abc}. */
  static boolean startsWithScheme(String s, int valueStart) {
    for (String scheme : SCHEMES) {
      int end = valueStart + scheme.length();
      if (s.regionMatches(true, valueStart, scheme, 0, scheme.length())
          && (end == s.length() || Character.isWhitespace(s.charAt(end))
          || s.charAt(end) == '"' || s.charAt(end) == '\'' || s.charAt(end) == ',')) {
        return true;
      }
    }
    return false;
  }

  /** A word that may name a scheme: a letter, then letters, digits, {@code - _ .}. */
  private static boolean isSchemeWord(String s, int from, int to) {
    if (to - from > MAX_SCHEME || !Chars.isLetter(s.charAt(from))) {
      return false;
    }
    for (int i = from + 1; i < to; i++) {
      char c = s.charAt(i);
      if (!Chars.isAlnum(c) && c != '-' && c != '_' && c != '.') {
        return false;
      }
    }
    return true;
  }
}
