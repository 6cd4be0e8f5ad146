package dev.helpline.internal.redaction;

/**
 * HTTP credentials: {@code Bearer xxx}, and inside an {@code Authorization} (or
 * {@code Proxy-Authorization}) header also {@code Basic}, {@code token}, {@code Negotiate},
 * {@code NTLM} and {@code DPoP} credentials. The scheme word is kept as written, the credential
 * becomes {@code [token]}.
 *
 * <p>{@code Bearer} outside a header is redacted only when the credential looks like one (at least
 * eight token characters including a digit or one of {@code -._~+/=}), so prose such as "bearer of
 * bad news" stays. The other schemes are common words and need the header context.
 */
final class BearerRule extends Rule {
  static final String KIND = "bearer";
  private static final String REPLACEMENT = "[token]";
  private static final String[] SCHEMES = {"bearer", "basic", "token", "negotiate", "ntlm", "dpop"};

  BearerRule() {
    super(KIND, REPLACEMENT);
  }

  @Override
  boolean canStartWith(char c) {
    return c == 'B' || c == 'b' || c == 'T' || c == 't' || c == 'N' || c == 'n' || c == 'D'
        || c == 'd';
  }

  @Override
  boolean match(String s, int start, Match m) {
    String scheme = null;
    char second = Character.toLowerCase(Chars.at(s, start + 1));
    if (second != 'e' && second != 'a' && second != 'o' && second != 't' && second != 'p') {
      return false; // the second letters of bearer, basic, token, negotiate, ntlm, dpop
    }
    for (String candidate : SCHEMES) {
      if (s.regionMatches(true, start, candidate, 0, candidate.length())) {
        scheme = candidate;
        break;
      }
    }
    if (scheme == null) {
      return false;
    }
    int afterScheme = start + scheme.length();
    int i = Chars.skipBlanks(s, afterScheme);
    if (i == afterScheme) {
      return false;
    }
    boolean inHeader = followsAuthorizationHeader(s, start, m.floor);
    if (!inHeader && !scheme.equals("bearer")) {
      return false;
    }
    int credStart = i;
    int n = s.length();
    boolean looksLikeToken = false;
    while (i < n && isTokenChar(s.charAt(i))) {
      char c = s.charAt(i);
      if (!Chars.isLetter(c)) {
        looksLikeToken = true;
      }
      i++;
    }
    int credEnd = i;
    if (credEnd == credStart) {
      return false;
    }
    if (!inHeader && (credEnd - credStart < 8 || !looksLikeToken)) {
      return false;
    }
    return m.set(credEnd, credStart - start, REPLACEMENT);
  }

  private static boolean isTokenChar(char c) {
    return Chars.isAlnum(c)
        || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
  }

  /** Looks back over {@code Authorization: "} (case-insensitive; quotes, blanks, ':' or '='). */
  private static boolean followsAuthorizationHeader(String s, int start, int floor) {
    int i = start - 1;
    while (i >= floor && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '"'
        || s.charAt(i) == '\'')) {
      i--;
    }
    if (i < floor || (s.charAt(i) != ':' && s.charAt(i) != '=')) {
      return false;
    }
    i--;
    while (i >= floor && (s.charAt(i) == ' ' || s.charAt(i) == '"' || s.charAt(i) == '\'')) {
      i--;
    }
    String header = "authorization";
    int from = i - header.length() + 1;
    return from >= floor && s.regionMatches(true, from, header, 0, header.length());
  }
}
