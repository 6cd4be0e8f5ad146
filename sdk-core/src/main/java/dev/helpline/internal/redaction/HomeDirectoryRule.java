package dev.helpline.internal.redaction;

/**
 * The user name in a home-directory path, as {@code [user]}: {@code /home/[user]/.config/app},
 * {@code /Users/[user]/Library/Logs}, {@code /var/home/[user]/…}, {@code /mnt/c/Users/[user]/…} (WSL),
 * {@code C:\Users\[user]\AppData\Local},
 * {@code C:\Documents and Settings\[user]\…}, also with {@code /} or JSON-escaped {@code \\} on
 * Windows and inside {@code file:} URLs. The rest of the path stays: it is what an agent needs to
 * read a stack trace or an I/O error, and the user name is what makes it personal.
 *
 * <p>The name is matched by the shape of the path, not by comparing with this process's
 * {@code user.name} or {@code user.home}: log lines and exception messages name other users'
 * homes too, and a user name such as {@code ada} or {@code admin} compared as a bare word would
 * damage ordinary text.
 *
 * <p>A Windows name runs to the next path separator and may hold spaces ({@code C:\Users\Ada
 * Lovelace\Documents}); with no separator after it, it ends at the first blank or closing
 * punctuation. A Unix name is letters, digits and {@code . _ - @ $}. Left alone: the shared
 * profiles ({@code Public}, {@code Default}, {@code Default User}, {@code All Users},
 * {@code Shared}), and a {@code /home/} or {@code /Users/} path inside an {@code http(s)://host}
 * URL, which is a web path rather than a file. Known over-match: a web path written without its
 * host ({@code GET /home/start}) loses its second segment.
 */
final class HomeDirectoryRule extends Rule {
  static final String KIND = "homedir";
  private static final String REPLACEMENT = "[user]";
  /**
   * How far a Windows name is looked at for a separator after it; profile folders are at most a
   * few dozen characters. Each part of the path is read once: the match consumes it.
   */
  private static final int MAX_NAME = 64;
  /** How far back a URL's {@code ://} is looked for. */
  private static final int MAX_LOOKBACK = 256;
  private static final String[] SHARED = {"Public", "Default", "Default User", "All Users", "Shared"};

  HomeDirectoryRule() {
    super(KIND, REPLACEMENT);
  }

  @Override
  boolean canStartWith(char c) {
    return c == '/' || Chars.isLetter(c);
  }

  @Override
  boolean match(String s, int start, Match m) {
    return s.charAt(start) == '/' ? unix(s, start, m) : windows(s, start, m);
  }

  private static boolean unix(String s, int start, Match m) {
    int from;
    if (s.startsWith("/home/", start)) {
      from = start + 6;
    } else if (s.startsWith("/Users/", start)) {
      from = start + 7;
    } else if (s.startsWith("/var/home/", start)) {
      from = start + 10; // Fedora Silverblue and other image-based systems
    } else if (s.startsWith("/mnt/", start) && Chars.isLetter(Chars.at(s, start + 5))
        && s.startsWith("/Users/", start + 6)) {
      from = start + 13; // a Windows profile seen from WSL: /mnt/c/Users/x
    } else {
      return false;
    }
    if (inWebUrl(s, start, m.floor)) {
      return false;
    }
    int n = s.length();
    int end = from;
    while (end < n && isUnixNameChar(s.charAt(end))) {
      end++;
    }
    return name(s, from, end, start, m);
  }

  private static boolean isUnixNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == '@' || c == '$';
  }

  /** Whether {@code /home/…} at {@code start} is the path of a URL with a host, back to the last blank. */
  private static boolean inWebUrl(String s, int start, int floor) {
    int limit = Math.max(Math.max(0, floor), start - MAX_LOOKBACK);
    for (int i = start - 1; i >= limit; i--) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || c == '"' || c == '\'' || c == '<' || c == '(') {
        return false;
      }
      if (c == '/' && i >= 2 && s.charAt(i - 1) == '/' && s.charAt(i - 2) == ':') {
        return i + 1 < start; // "file:///home" has no host between "://" and the path
      }
    }
    return false;
  }

  private static boolean windows(String s, int start, Match m) {
    if (Chars.at(s, start + 1) != ':') {
      return false;
    }
    int i = start + 2;
    String sep;
    if (s.startsWith("\\\\", i)) {
      sep = "\\\\";
    } else if (Chars.at(s, i) == '\\' || Chars.at(s, i) == '/') {
      sep = String.valueOf(s.charAt(i));
    } else {
      return false;
    }
    i += sep.length();
    if (s.regionMatches(true, i, "Users", 0, 5)) {
      i += 5;
    } else if (s.regionMatches(true, i, "Documents and Settings", 0, 22)) {
      i += 22;
    } else {
      return false;
    }
    if (!s.startsWith(sep, i)) {
      return false;
    }
    int from = i + sep.length();
    int n = s.length();
    int end = from;
    while (end < n && end - from < MAX_NAME && isWindowsNameChar(s.charAt(end))) {
      end++;
    }
    char next = Chars.at(s, end);
    if (next != '\\' && next != '/') {
      // No separator follows: the name is the last part of the path; stop at a blank or closing mark.
      int j = from;
      while (j < n && isWindowsNameChar(s.charAt(j)) && !Character.isWhitespace(s.charAt(j)) && ",;)]}'".indexOf(s.charAt(j)) < 0) {
        j++;
      }
      while (j > from && s.charAt(j - 1) == '.') {
        j--; // a full stop after the path
      }
      end = j;
    }
    return name(s, from, end, start, m);
  }

  /** Characters Windows allows in a file name, less line breaks and tabs. */
  private static boolean isWindowsNameChar(char c) {
    return c >= ' ' && "\\/:*?\"<>|".indexOf(c) < 0;
  }

  private static boolean name(String s, int from, int end, int start, Match m) {
    if (end == from || s.startsWith(REPLACEMENT, from)) {
      return false; // nothing, or already redacted
    }
    for (String shared : SHARED) {
      if (end - from == shared.length() && s.regionMatches(true, from, shared, 0, shared.length())) {
        return false;
      }
    }
    return m.set(end, from - start, REPLACEMENT);
  }
}
