package dev.helpline.internal.redaction;

/**
 * JSON Web Tokens: three base64url segments separated by dots, the first starting with
 * {@code eyJ} (the encoding of <code>{"</code>). The signature may be empty (unsecured JWTs,
 * {@code alg: none}) or missing with its dot when the payload starts with {@code eyJ} too.
 */
final class JwtRule extends Rule {
  static final String KIND = "jwt";
  private static final String REPLACEMENT = "[jwt]";

  JwtRule() {
    super(KIND, REPLACEMENT);
  }

  @Override
  boolean canStartWith(char c) {
    return c == 'e';
  }

  @Override
  boolean match(String s, int start, Match m) {
    // Starting inside a longer base64url or dotted run would rescan that run at every "eyJ".
    char prev = Chars.before(s, start - 1, m.floor);
    if (!s.startsWith("eyJ", start) || Chars.isBase64Url(prev) || prev == '.') {
      return false;
    }
    int i = segmentEnd(s, start + 3);
    if (i - start < 10 || Chars.at(s, i) != '.') {
      return false;
    }
    int second = i + 1;
    i = segmentEnd(s, second);
    if (i - second < 2) {
      return false;
    }
    if (Chars.at(s, i) != '.') {
      // header.payload without the signature's dot: both parts must be JSON.
      return s.startsWith("eyJ", second) && i - second >= 10 && m.set(i, 0, REPLACEMENT);
    }
    i = segmentEnd(s, i + 1);
    return m.set(i, 0, REPLACEMENT);
  }

  private static int segmentEnd(String s, int i) {
    int n = s.length();
    while (i < n && Chars.isBase64Url(s.charAt(i))) {
      i++;
    }
    return i;
  }
}
