package dev.helpline.internal.redaction;

/**
 * PEM private-key blocks, removed whole as {@code [private-key]}: {@code -----BEGIN … PRIVATE
 * KEY-----} (RSA, EC, DSA, OpenSSH, PKCS#8, encrypted PKCS#8) and {@code -----BEGIN PGP PRIVATE
 * KEY BLOCK-----}, through the matching {@code -----END …-----} line. The body may be indented
 * (YAML), hold {@code Proc-Type}/{@code DEK-Info} headers, or be written with literal {@code \n}
 * escapes inside a JSON string. A block cut short (no END line) is removed up to where its body
 * stops; a body longer than {@value #MAX_BODY} characters ends the match there.
 */
final class PrivateKeyRule extends Rule {
  static final String KIND = "privatekey";
  private static final String REPLACEMENT = "[private-key]";
  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final String DASHES = "-----";
  private static final int MAX_LABEL = 40;
  private static final int MAX_BODY = 64 * 1024;

  PrivateKeyRule() {
    super(KIND);
  }

  @Override
  boolean canStartWith(char c) {
    return c == '-';
  }

  @Override
  boolean match(String s, int start, Match m) {
    if (!s.startsWith(BEGIN, start)) {
      return false;
    }
    int labelStart = start + BEGIN.length();
    int labelEnd = Chars.indexWithin(s, DASHES, labelStart, MAX_LABEL);
    if (labelEnd < 0 || Chars.indexWithin(s, "PRIVATE KEY", labelStart, labelEnd - labelStart) < 0) {
      return false;
    }
    int n = s.length();
    int i = labelEnd + DASHES.length();
    int lastBody = i;
    int limit = Math.min(n, i + MAX_BODY);
    while (i < limit) {
      char c = s.charAt(i);
      if (c == '-' && s.startsWith(END, i)) {
        int close = Chars.indexWithin(s, DASHES, i + END.length(), MAX_LABEL);
        if (close >= 0) {
          return m.set(close + DASHES.length(), 0, REPLACEMENT);
        }
        break;
      }
      if (!isBodyChar(c)) {
        break;
      }
      if (!Character.isWhitespace(c)) {
        lastBody = i + 1;
      }
      i++;
    }
    // Cut short: remove the header and whatever body followed it.
    while (lastBody > start && s.charAt(lastBody - 1) == '\\') {
      lastBody--;
    }
    return m.set(lastBody, 0, REPLACEMENT);
  }

  /** Base64, line breaks and indentation, literal escapes, and the characters of PEM headers. */
  private static boolean isBodyChar(char c) {
    return Chars.isAlnum(c) || c == '+' || c == '/' || c == '=' || c == '\\' || c == ':'
        || c == ',' || c == '-' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }
}
