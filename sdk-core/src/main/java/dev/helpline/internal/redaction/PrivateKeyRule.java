package dev.helpline.internal.redaction;

/**
 * PEM private-key blocks, removed whole as {@code [private-key]}: {@code -----BEGIN … PRIVATE
 * KEY-----} (RSA, EC, DSA, OpenSSH, PKCS#8, encrypted PKCS#8) and {@code -----BEGIN PGP PRIVATE
 * KEY BLOCK-----}, through the matching {@code -----END …-----} line. The body may be indented
 * (YAML), hold {@code Proc-Type}/{@code DEK-Info} headers, or be written with literal {@code \n}
 * escapes inside a JSON string. A block cut short (no END line) is removed through its last line
 * that is base64 or a PEM header, so what follows on the next line is still seen by the other
 * rules. A body of any length is removed whole, and so is a block whose lines each start with a log prefix
 * (logcat, {@code docker compose logs}), through its END line.
 */
final class PrivateKeyRule extends Rule {
  static final String KIND = "privatekey";
  private static final String REPLACEMENT = "[private-key]";
  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final String DASHES = "-----";
  private static final int MAX_LABEL = 40;
  /** Room for an 8192-bit key's body with a prefix of 100 characters on each of its lines. */
  private static final int MAX_PREFIXED = 24 * 1024;

  PrivateKeyRule() {
    super(KIND, REPLACEMENT);
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
    int bodyStart = labelEnd + DASHES.length();
    int i = bodyStart;
    // The body ends at its END line, at a character no key holds, or where another "-----"
    // starts (a new block): scans of two blocks never overlap, and a match consumes what it read.
    while (i < n) {
      char c = s.charAt(i);
      if (c == '-' && s.startsWith(DASHES, i)) {
        if (s.startsWith(END, i)) {
          int close = Chars.indexWithin(s, DASHES, i + END.length(), MAX_LABEL);
          if (close >= 0) {
            return m.set(close + DASHES.length(), 0, REPLACEMENT);
          }
        }
        break;
      }
      if (!isBodyChar(c)) {
        int endLine = prefixedEnd(s, i, m);
        if (endLine >= 0) {
          return m.set(endLine, 0, REPLACEMENT);
        }
        break;
      }
      i++;
    }
    return m.set(truncatedEnd(s, bodyStart, i), 0, REPLACEMENT);
  }

  /**
   * The end of the block when its lines carry a log prefix ({@code D KeyStore: MIIE…} in logcat, {@code app-1  |}
   * in {@code docker compose logs}): the end of a private key's END line within {@value #MAX_PREFIXED} characters
   * of {@code from}, with no other block starting before it; else -1. Everything in between goes, prefixes too.
   */
  private static int prefixedEnd(String s, int from, Match m) {
    int end = m.nextPemEnd(s, from);
    if (end - from > MAX_PREFIXED || end == s.length() || m.nextPemBegin(s, from) < end) {
      return -1;
    }
    int labelStart = end + END.length();
    int close = Chars.indexWithin(s, DASHES, labelStart, MAX_LABEL);
    if (close < 0 || Chars.indexWithin(s, "PRIVATE KEY", labelStart, close - labelStart) < 0) {
      return -1;
    }
    return close + DASHES.length();
  }

  /**
   * End of a block without its END line: after the last body line that is base64 or a PEM
   * header ({@code Proc-Type: 4,ENCRYPTED}), plus the base64 start of the first line that is
   * neither, if it is long enough to be key material. Lines end at real or escaped line breaks.
   * Text after the block, such as a URL on the next line, is left for the other rules.
   */
  private static int truncatedEnd(String s, int bodyStart, int scanEnd) {
    int end = bodyStart;
    int i = bodyStart;
    while (i < scanEnd) {
      // Skip line breaks (real or written as \n, \r) and indentation.
      char c = s.charAt(i);
      if (c == '\n' || c == '\r' || c == ' ' || c == '\t') {
        i++;
        continue;
      }
      if (c == '\\' && (Chars.at(s, i + 1) == 'n' || Chars.at(s, i + 1) == 'r')) {
        i += 2;
        continue;
      }
      int lineStart = i;
      int base64End = i;
      while (base64End < scanEnd && isBase64(s.charAt(base64End))) {
        base64End++;
      }
      int lineEnd = base64End;
      while (lineEnd < scanEnd && !isLineBreak(s, lineEnd)) {
        lineEnd++;
      }
      if (lineEnd == base64End || isHeaderLine(s, lineStart, lineEnd)) {
        end = lineEnd;
        i = lineEnd;
        continue;
      }
      if (base64End - lineStart >= MIN_PARTIAL_LINE) {
        end = base64End;
      }
      break;
    }
    return end;
  }

  private static final int MIN_PARTIAL_LINE = 16;

  private static boolean isLineBreak(String s, int i) {
    char c = s.charAt(i);
    return c == '\n' || c == '\r'
        || c == '\\' && (Chars.at(s, i + 1) == 'n' || Chars.at(s, i + 1) == 'r');
  }

  private static boolean isBase64(char c) {
    return Chars.isAlnum(c) || c == '+' || c == '/' || c == '=';
  }

  /** {@code Proc-Type: 4,ENCRYPTED}, {@code DEK-Info: AES-128-CBC,0123…}. */
  private static boolean isHeaderLine(String s, int from, int to) {
    int i = from;
    while (i < to && (Chars.isLetter(s.charAt(i)) || s.charAt(i) == '-')) {
      i++;
    }
    if (i == from || i + 1 >= to || s.charAt(i) != ':' || s.charAt(i + 1) != ' ') {
      return false;
    }
    for (int j = i + 2; j < to; j++) {
      char c = s.charAt(j);
      if (!Chars.isAlnum(c) && c != ',' && c != '-' && c != ' ') {
        return false;
      }
    }
    return true;
  }

  /** Base64, line breaks and indentation, literal escapes, and the characters of PEM headers. */
  private static boolean isBodyChar(char c) {
    return Chars.isAlnum(c) || c == '+' || c == '/' || c == '=' || c == '\\' || c == ':'
        || c == ',' || c == '-' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }
}
