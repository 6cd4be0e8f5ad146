package dev.helpline.internal.redaction;

/**
 * Which keys name a secret, as data. A key is compared in normalised form: letters and digits of
 * any script, lower-cased, with separators ({@code _ - .} and the like) removed, so
 * {@code client_secret}, {@code clientSecret}, {@code CLIENT-SECRET} and {@code client.secret}
 * are one key. A key matches when it ends with one of {@link #SUFFIXES} and that suffix starts a
 * word of the key (after a separator, at a lower-to-upper case change, or at the key's start);
 * suffixes of six or more characters match anywhere ({@code dbpassword}). A trailing group of
 * digits after a separator is ignored ({@code X-Hub-Signature-256}).
 *
 * <p>A bare {@code key} ({@code key}, {@code X-Key}, {@code stripe_key}, {@code licenseKey}) names
 * a secret only when its value looks generated ({@link #looksGenerated}): the word also names map
 * keys, hot keys and sort keys, whose values are words. After a word that says the key is not secret
 * ({@code publicKey}, {@code primaryKey}, {@code Idempotency-Key}, …) it names none.
 */
final class SecretKeys {
  private SecretKeys() {}

  static final int MAX_KEY = 64;

  /** Normalised key endings that name a secret. */
  private static final String[] SUFFIXES = {
    // passwords
    "password", "passwd", "passwort", "passphrase", "pass", "pwd", "pw", "пароль", "密码", "口令",
    // tokens, keys and credentials
    "credential", "credentials",
    "secret", "token", "apikey", "accesskey", "secretkey", "privatekey", "signingkey",
    "encryptionkey", "masterkey", "accountkey", "appkey", "clientkey", "subscriptionkey",
    "secretkeybase", "auth", "authorization", "signature", "sig",
    // session identifiers and cookies
    "sessionid", "sessid", "sid", "session", "csrftoken", "xsrftoken", "aspxauth",
    "aspnetcorecookies"
  };

  /** The last letters of {@link #SUFFIXES}; keys ending in a digit or a separator are read whole. */
  private static final String LAST_CHARS = lastChars();

  private static String lastChars() {
    StringBuilder sb = new StringBuilder();
    for (String suffix : SUFFIXES) {
      char c = suffix.charAt(suffix.length() - 1);
      if (sb.indexOf(String.valueOf(c)) < 0) {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Whole normalised keys that end like a secret but are public. */
  private static final String[] PUBLIC = {"publickeytoken", "nosession", "singlesession"};

  /** Keys whose value is a human password, which may contain spaces. */
  private static final String[] PASSWORD_WORDS = {
    "password", "passwd", "passwort", "passphrase", "pass", "pwd", "pw", "пароль", "密码", "口令"
  };

  /** Cookie names that start with a fixed word followed by a site-specific hash. */
  private static final String[] COOKIE_PREFIXES = {"wordpressloggedin", "wordpresssec", "ssess",
      "sess"};

  /** Keys whose value runs to whitespace, commas included ({@code t=1,v1=abc}). */
  private static final String[] WHOLE_VALUE = {"signature"};

  /** Words before a bare {@code key} that say its value is no secret. */
  private static final String[] NOT_SECRET_KEYS = {
    "public", "primary", "foreign", "sort", "partition", "cache", "idempotency", "routing", "row",
    "hash", "lookup", "hot", "dedup", "object", "map", "group", "message", "index", "unique"
  };

  /** Shortest and longest value after a bare {@code key} taken for a generated credential. */
  static final int MIN_GENERATED = 16;
  private static final int MAX_GENERATED = 512;

  /** The result of looking at one key. */
  static final int NONE = 0;
  static final int SECRET = 1;
  static final int PASSWORD = 2;
  /** A bare {@code key}: a secret when its value {@linkplain #looksGenerated looks generated}. */
  static final int KEY = 3;

  /**
   * Classifies the key {@code s[start, end)}: {@link #NONE}, {@link #SECRET}, {@link #PASSWORD}
   * (a secret whose value may contain spaces) or {@link #KEY} (a secret if its value looks generated).
   */
  static int classify(String s, int start, int end) {
    if (end - start > MAX_KEY || end == start) {
      return NONE;
    }
    // Most keys are not secret; their last character already says so.
    char last = Character.toLowerCase(s.charAt(end - 1));
    if (last < 128 && Chars.isLetter(last) && LAST_CHARS.indexOf(last) < 0
        && !(end - start >= 36 && Chars.isHex(last))) {
      return NONE;
    }
    char[] norm = new char[end - start];
    boolean[] wordStart = new boolean[end - start];
    int n = 0;
    char prev = '\0';
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        boolean upper = Character.isUpperCase(c);
        boolean prevLowerOrDigit = Character.isLowerCase(prev) || Character.isDigit(prev);
        wordStart[n] = n == 0 || !Character.isLetterOrDigit(prev) || (upper && prevLowerOrDigit);
        norm[n++] = Character.toLowerCase(c);
      }
      prev = c;
    }
    // "X-Hub-Signature-256": ignore a trailing digit group that follows a separator.
    int len = n;
    int d = len;
    while (d > 0 && Character.isDigit(norm[d - 1])) {
      d--;
    }
    if (d > 0 && d < len && wordStart[d]) {
      len = d;
    }
    if (len == 0) {
      return NONE;
    }
    for (String p : PUBLIC) {
      if (equalsAt(norm, 0, len, p)) {
        return NONE;
      }
    }
    for (String suffix : SUFFIXES) {
      int k = suffix.length();
      int from = len - k;
      if (from < 0 || !equalsAt(norm, from, len, suffix)) {
        continue;
      }
      if (from == 0 || wordStart[from] || k >= 6) {
        for (String w : PASSWORD_WORDS) {
          if (w.equals(suffix)) {
            return PASSWORD;
          }
        }
        return SECRET;
      }
    }
    int key = len - 3;
    if (key >= 0 && equalsAt(norm, key, len, "key") && (key == 0 || wordStart[key])) {
      int word = Math.max(key - 1, 0);
      while (word > 0 && !wordStart[word]) {
        word--;
      }
      for (String w : NOT_SECRET_KEYS) {
        if (equalsAt(norm, word, key, w)) {
          return NONE;
        }
      }
      return KEY;
    }
    for (String prefix : COOKIE_PREFIXES) {
      // Drupal's SESS<32 hex>, WordPress's wordpress_logged_in_<32 hex>.
      if (len >= prefix.length() + 32 && equalsAt(norm, 0, prefix.length(), prefix)
          && isHex(norm, len - 32, len)) {
        return SECRET;
      }
    }
    return NONE;
  }

  /**
   * Whether the value {@code s[start, end)} looks like a generated credential: at least {@value
   * #MIN_GENERATED} characters of letters, digits and {@code - _ + / = ~}, with a letter and a digit,
   * and not a UUID (an id, which support needs).
   */
  static boolean looksGenerated(String s, int start, int end) {
    if (end - start < MIN_GENERATED || end - start > MAX_GENERATED) {
      return false;
    }
    boolean letter = false;
    boolean digit = false;
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (Chars.isLetter(c)) {
        letter = true;
      } else if (Chars.isDigit(c)) {
        digit = true;
      } else if ("-_+/=~".indexOf(c) < 0) {
        return false;
      }
    }
    return letter && digit && !isUuid(s, start, end);
  }

  private static boolean isUuid(String s, int start, int end) {
    if (end - start != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(start + i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : !Chars.isHex(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the key at {@code start} is the tag of a logcat line: after a priority letter and
   * {@code /} at a line's start or after a blank (the brief format and Android Studio's,
   * {@code D/FirebaseAuth: …}), or after the thread id and a priority letter (threadtime, {@code
   * 1234  1234 D Session : …}). A tag names the class that logs, not what the message holds, so
   * {@code Auth}, {@code Session} or {@code Token} there is read as a bare {@code key} ({@link #KEY}).
   */
  static boolean isLogTag(String s, int start, int floor) {
    char level = Chars.before(s, start - 2, floor);
    if (level == '\0' || "VDIWEFA".indexOf(level) < 0) {
      return false;
    }
    char mark = Chars.before(s, start - 1, floor);
    char before = Chars.before(s, start - 3, floor);
    if (mark == '/') {
      return before == '\0' || Character.isWhitespace(before);
    }
    return mark == ' ' && before == ' ' && Chars.isDigit(Chars.before(s, start - 4, floor));
  }

  /** Whether the key {@code s[start, end)} takes its value up to whitespace, commas included. */
  static boolean takesWholeValue(String s, int start, int end) {
    for (String w : WHOLE_VALUE) {
      int from = end - w.length();
      if (from >= start && s.regionMatches(true, from, w, 0, w.length())) {
        return true;
      }
    }
    return false;
  }

  /** Whether a password word can start with {@code c}: a cheap test before {@link #isPasswordWord}. */
  static boolean mayBePasswordWord(char c) {
    return c == 'p' || c == 'P' || c == 'п' || c == 'П' || c == '密' || c == '口';
  }

  /** Whether {@code word} (lower case) is a password word, for phrases like "password for x:". */
  static boolean isPasswordWord(String s, int start, int end) {
    for (String w : PASSWORD_WORDS) {
      if (w.length() == end - start && s.regionMatches(true, start, w, 0, w.length())) {
        return true;
      }
    }
    return false;
  }

  private static boolean equalsAt(char[] norm, int from, int to, String key) {
    if (to - from != key.length()) {
      return false;
    }
    for (int j = 0; j < key.length(); j++) {
      if (norm[from + j] != key.charAt(j)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHex(char[] norm, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Chars.isHex(norm[i])) {
        return false;
      }
    }
    return true;
  }
}
