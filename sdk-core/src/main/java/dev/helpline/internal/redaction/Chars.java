package dev.helpline.internal.redaction;

/** Character tests shared by the rules. ASCII-only unless the name says otherwise. */
final class Chars {
  private Chars() {}

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  static boolean isLower(char c) {
    return c >= 'a' && c <= 'z';
  }

  static boolean isLetter(char c) {
    return isUpper(c) || isLower(c);
  }

  static boolean isAlnum(char c) {
    return isDigit(c) || isLetter(c);
  }

  /**
   * Whether {@code s[from, to)} holds an {@code @}, plain or percent-encoded: a user name that is an e-mail
   * address, which goes with its password rather than being kept beside the marker.
   */
  static boolean holdsAt(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == '@' || s.startsWith("%40", i) && i + 3 <= to) {
        return true;
      }
    }
    return false;
  }

  static boolean isHex(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  static boolean isBase64Url(char c) {
    return isAlnum(c) || c == '-' || c == '_';
  }

  /** Letters and digits of any script, plus underscore: characters that continue a word. */
  static boolean isWordChar(char c) {
    if (c < 128) {
      return isAlnum(c) || c == '_';
    }
    return isWideLetterOrDigit(c);
  }

  /**
   * Whether a match must not end right before {@code c}: a word character, or {@code '['}, which
   * is where a replacement starts in already redacted text. Treating both alike means a second pass
   * sees the same boundaries as the first.
   */
  static boolean continuesToken(char c) {
    return c == '[' || isWordChar(c);
  }

  /**
   * A non-ASCII letter, digit or combining mark; marks count so that decomposed text
   * ({@code e} + U+0301) stays one word.
   */
  static boolean isWideLetterOrDigit(char c) {
    if (Character.isLetterOrDigit(c)) {
      return true;
    }
    int type = Character.getType(c);
    return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
  }

  /**
   * Whether {@code %} followed by {@code hi lo} encodes a separator: {@code %3D %3F %26 %2F %3A %20 %3C
   * %3E %22 %2C %3B}, characters that no token contains.
   */
  static boolean isEncodedSeparator(char hi, char lo) {
    char l = Character.toUpperCase(lo);
    if (hi == '3') {
      return l == 'D' || l == 'F' || l == 'A' || l == 'C' || l == 'E' || l == 'B';
    }
    if (hi == '2') {
      return l == '6' || l == 'F' || l == '0' || l == '2' || l == 'C';
    }
    return false;
  }

  /**
   * Whether {@code i} directly follows an {@linkplain #isEncodedSeparator encoded separator} at or after
   * {@code floor}: in URL-encoded text ({@code text=my%20number%20is%20555-123-4567}) a token starts there,
   * though the character before it is a letter or digit.
   */
  static boolean followsEncodedSeparator(String s, int i, int floor) {
    return i - 3 >= floor && s.charAt(i - 3) == '%' && isEncodedSeparator(s.charAt(i - 2), s.charAt(i - 1));
  }

  /** Whether {@code s[from, to)} is whitespace only (or empty). */
  static boolean isBlank(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Character.isWhitespace(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static char at(String s, int i) {
    return i >= 0 && i < s.length() ? s.charAt(i) : '\0';
  }

  /**
   * The character at {@code i} as seen from after the last replacement ending at {@code floor}:
   * anything before it reads as that replacement's closing {@code ']'}, which every look-behind
   * treats as a boundary.
   */
  static char before(String s, int i, int floor) {
    if (i < 0) {
      return '\0';
    }
    return i < floor ? ']' : s.charAt(i);
  }

  /**
   * Index of {@code needle} starting in {@code [from, from + max]}, or -1: a search that never
   * reads further than its bound, so callers stay linear however often they search.
   */
  static int indexWithin(String s, String needle, int from, int max) {
    int last = Math.min(from + max, s.length() - needle.length());
    for (int i = Math.max(0, from); i <= last; i++) {
      if (s.startsWith(needle, i)) {
        return i;
      }
    }
    return -1;
  }

  /** Index of the first character at or after {@code i} that is not a space or tab. */
  static int skipBlanks(String s, int i) {
    int n = s.length();
    while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /**
   * Whether the word just before {@code start} (skipping up to four separators such as
   * {@code " "}, {@code ":"}, {@code "="}, {@code "/"}, {@code "(\""}, also URL-encoded) introduces a version
   * number: one of {@link #VERSION_WORDS}, or a word ending in "version" ({@code AssemblyVersion},
   * {@code app_version}), so that {@code version 1.2.3.4} is not taken for an IP address or a
   * phone number.
   */
  static boolean followsVersionWord(String s, int start, int floor) {
    long word = wordBefore(s, start, floor, false);
    if (word < 0) {
      return false;
    }
    int begin = (int) (word >>> 32);
    int end = (int) word;
    for (String w : VERSION_WORDS) {
      if (w.length() == end - begin && s.regionMatches(true, begin, w, 0, w.length())) {
        return true;
      }
    }
    return end - begin > 7 && s.regionMatches(true, end - 7, "version", 0, 7);
  }

  /**
   * Whether the word just before {@code start} (skipping separators as {@link
   * #followsVersionWord} does) is one of {@code keys} (lower case), in any case, alone or as the
   * last part of a longer key: after {@code _} or {@code -} or starting a camel-case part ({@code
   * contact_phone}, {@code X-Phone}, {@code userPhone}, {@code GPSLatitude}), so that {@code
   * phone=5551234567} can be told from an id. A key's {@code _} also matches a {@code -}, as headers
   * and options write them ({@code X-Phone-Number}, {@code --android-id}). A word that only ends in the
   * same letters ({@code smartphone}, {@code hotel}) is not the key.
   */
  static boolean followsKey(String s, int start, int floor, String[] keys) {
    long word = wordBefore(s, start, floor, true);
    if (word < 0) {
      return false;
    }
    int begin = (int) (word >>> 32);
    int end = (int) word;
    for (String key : keys) {
      int from = end - key.length();
      if (from < begin || !isKeyAt(s, from, key)) {
        continue;
      }
      if (from == begin || s.charAt(from - 1) == '_' || s.charAt(from - 1) == '-') {
        return true;
      }
      if (isUpper(s.charAt(from)) && (!isUpper(s.charAt(from - 1)) || isLower(at(s, from + 1)))) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code key} (lower case) is at {@code from} in any case, its {@code _} matching {@code -} too. */
  private static boolean isKeyAt(String s, int from, String key) {
    for (int k = 0; k < key.length(); k++) {
      char c = s.charAt(from + k);
      char want = key.charAt(k);
      if (Character.toLowerCase(c) != want && !(want == '_' && c == '-')) {
        return false;
      }
    }
    return true;
  }

  /**
   * The word of letters and {@code _} (and, if {@code hyphens}, a {@code -} between letters) just before
   * {@code start}, skipping up to four separators, as {@code begin << 32 | end}; -1 if there is none or it
   * continues a longer alphanumeric token.
   */
  private static long wordBefore(String s, int start, int floor, boolean hyphens) {
    int i = start - 1;
    int skipped = 0;
    while (i >= floor && skipped < 4) {
      char c = s.charAt(i);
      if (c == ' ' || c == ':' || c == '=' || c == '/' || c == '\t' || c == '-' || c == '('
          || c == '"' || c == '\'' || c == '>' || c == '+') {
        i--;
        skipped++;
      } else if (followsEncodedSeparator(s, i + 1, floor)) {
        i -= 3; // "version%3D1.2.3.4", "phone%3D5551234567": URL-encoded separators
        skipped++;
      } else {
        break;
      }
    }
    int end = i + 1;
    while (i >= floor && end - i <= 32) {
      char c = s.charAt(i);
      boolean inner = hyphens && c == '-' && i + 1 < end && isLetter(s.charAt(i + 1))
          && i - 1 >= floor && isLetter(s.charAt(i - 1));
      if (!isLetter(c) && c != '_' && !inner) {
        break;
      }
      i--;
    }
    int begin = i + 1;
    if (begin == end || isAlnum(before(s, i, floor))) {
      return -1;
    }
    return (long) begin << 32 | end;
  }

  private static final String[] VERSION_WORDS = {
    "v", "ver", "vers", "version", "release", "build", "rev", "revision", "firmware", "fw",
    "android", "ios", "ipados", "macos", "windows", "kernel", "chrome", "firefox", "safari",
    "edge", "java", "jdk", "jre", "sdk", "os"
  };

}
