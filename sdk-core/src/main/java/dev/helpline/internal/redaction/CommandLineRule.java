package dev.helpline.internal.redaction;

/**
 * Secrets in command lines, as {@code [redacted]}:
 *
 * <ul>
 *   <li>{@code --password X}, {@code --token X}, {@code --api-key X} and other long options
 *       named like a secret ({@link SecretKeys}), with the value after a space (the {@code =}
 *       form is a {@link SecretPairRule} pair);
 *   <li>{@code -u user:pass} and {@code --user user:pass} (curl): the part after the colon (the
 *       user too when it is an e-mail address), unless both parts are numbers ({@code docker run -u 1000:1000});
 *   <li>{@code -pX} after {@code mysql}, {@code mysqldump}, {@code mysqladmin} or {@code mariadb};
 *       {@code -p X} after {@code sshpass} or {@code az}; {@code -a X} after {@code redis-cli}.
 * </ul>
 *
 * The value runs to whitespace, or to its closing quote when quoted.
 */
final class CommandLineRule extends Rule {
  static final String KIND = SecretPairRule.KIND;
  private static final String REPLACEMENT = "[redacted]";
  /** How far back on the line a command name is looked for. */
  private static final int MAX_LOOKBACK = 256;

  private static final String[] P_ATTACHED = {"mysql", "mysqldump", "mysqladmin", "mariadb"};
  private static final String[] P_SPACED = {"sshpass", "az"};
  private static final String[] A_SPACED = {"redis-cli"};

  CommandLineRule() {
    super(KIND, REPLACEMENT);
  }

  @Override
  boolean canStartWith(char c) {
    return c == '-';
  }

  @Override
  boolean match(String s, int start, Match m) {
    char before = Chars.before(s, start - 1, m.floor);
    if (!Character.isWhitespace(before) && before != '\0' && before != '"' && before != '\'') {
      return false; // an option follows a space: not a-b, not ---
    }
    char c1 = Chars.at(s, start + 1);
    if (c1 == '-') {
      return longOption(s, start, m);
    }
    char c2 = Chars.at(s, start + 2);
    if (c1 == 'u' && c2 == ' ') {
      return userAndPassword(s, start + 3, start, m);
    }
    if (c1 == 'p' && c2 != ' ' && c2 != '\0' && !Character.isWhitespace(c2)
        && afterCommand(s, start, P_ATTACHED, m)) {
      return value(s, start + 2, start, m);
    }
    if ((c1 == 'p' && afterCommand(s, start, P_SPACED, m)
        || c1 == 'a' && afterCommand(s, start, A_SPACED, m)) && c2 == ' ') {
      return value(s, start + 3, start, m);
    }
    return false;
  }

  private static boolean longOption(String s, int start, Match m) {
    int nameStart = start + 2;
    int i = nameStart;
    int n = s.length();
    while (i < n && i - nameStart < SecretKeys.MAX_KEY
        && (Chars.isAlnum(s.charAt(i)) || s.charAt(i) == '-' || s.charAt(i) == '_')) {
      i++;
    }
    if (i == nameStart || Chars.at(s, i) != ' ') {
      return false;
    }
    if (i - nameStart == 4 && s.regionMatches(nameStart, "user", 0, 4)) {
      return userAndPassword(s, i + 1, start, m);
    }
    if (SecretKeys.classify(s, nameStart, i) == SecretKeys.NONE) {
      return false;
    }
    return value(s, i + 1, start, m);
  }

  /** {@code user:pass}, optionally quoted: replaces what follows the first colon, and an e-mail user. */
  private static boolean userAndPassword(String s, int i, int start, Match m) {
    char q = Chars.at(s, i);
    boolean quoted = q == '"' || q == '\'';
    int from = quoted ? i + 1 : i;
    int end = valueEnd(s, from, quoted ? q : 0);
    int colon = Chars.indexWithin(s, ":", from, end - from);
    if (colon < 0 || colon >= end - 1 || colon == from) {
      return false;
    }
    if (DigitRuns.allDigits(s, from, colon) && DigitRuns.allDigits(s, colon + 1, end) || s.startsWith("//", colon + 1)) {
      return false; // user and group ids, or a URL
    }
    int keep = Chars.holdsAt(s, from, colon) ? from : colon + 1;
    return m.setValue(s, end, keep - start, REPLACEMENT);
  }

  private static boolean value(String s, int i, int start, Match m) {
    char q = Chars.at(s, i);
    if (q == '-' || q == '\0' || Character.isWhitespace(q)) {
      return false;
    }
    boolean quoted = q == '"' || q == '\'';
    int from = quoted ? i + 1 : i;
    int end = valueEnd(s, from, quoted ? q : 0);
    if (end == from) {
      return false;
    }
    return m.setValue(s, end, from - start, REPLACEMENT);
  }

  private static int valueEnd(String s, int i, char quote) {
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (quote != 0 ? c == quote || c == '\n' : Character.isWhitespace(c) || c == '"'
          || c == '\'') {
        break;
      }
      i++;
    }
    return i;
  }

  /** Whether one of {@code commands} appears as a word earlier on the same line (bounded). */
  private static boolean afterCommand(String s, int start, String[] commands, Match m) {
    Commands seen = m.commands;
    if (seen == null) {
      seen = m.commands = new Commands();
    }
    seen.advance(s, start, m.floor);
    int from = Math.max(Math.max(m.floor, start - MAX_LOOKBACK), seen.lastLineBreak + 1);
    for (String command : commands) {
      if (seen.last(command) >= from) {
        return true;
      }
    }
    return false;
  }

  /**
   * The last line break and the last occurrence of each command word before a position, kept up
   * to date as the scan moves forward: every character is looked at once per scan.
   */
  static final class Commands {
    private static final String[] ALL = {
      "mysql", "mysqldump", "mysqladmin", "mariadb", "sshpass", "az", "redis-cli"
    };
    private final int[] last = {-1, -1, -1, -1, -1, -1, -1};
    int lastLineBreak = -1;
    private int searched;

    /**
     * Reads up to {@code upTo}. A word right after a replacement (at {@code floor}) is read as
     * after its closing {@code ']'}, as a second pass over the output would read it.
     */
    void advance(String s, int upTo, int floor) {
      for (int i = searched; i < upTo; i++) {
        char c = s.charAt(i);
        if (c == '\n') {
          lastLineBreak = i;
        } else if ((c == 'm' || c == 's' || c == 'r' || c == 'a')
            && !isWordPart(Chars.before(s, i - 1, floor))) {
          for (int k = 0; k < ALL.length; k++) {
            String w = ALL[k];
            if (s.startsWith(w, i) && !isWordPart(Chars.at(s, i + w.length()))) {
              last[k] = i;
            }
          }
        }
      }
      searched = Math.max(searched, upTo);
    }

    int last(String command) {
      for (int k = 0; k < ALL.length; k++) {
        if (ALL[k].equals(command)) {
          return last[k];
        }
      }
      return -1;
    }

    private static boolean isWordPart(char c) {
      return Chars.isAlnum(c) || c == '-' || c == '_';
    }
  }
}
