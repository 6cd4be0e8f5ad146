package dev.helpline.internal.redaction;

/**
 * A secret next to the key that names it: keeps the key and the separator, replaces the value
 * with {@code [redacted]}. Which keys count is data in {@link SecretKeys}. The forms:
 *
 * <ul>
 *   <li>{@code password=x}, {@code "client_secret": "x"}, {@code X-Auth-Token: x},
 *       {@code 密码：x}, and JSON escaped inside a string ({@code {\"token\":\"x\"}});
 *   <li>XML elements {@code <password>x</password>} (also with a namespace prefix), and
 *       configuration entries that name the key in an attribute: {@code <add key="ClientSecret"
 *       value="x"/>}, {@code <entry key="db.password">x</entry>}, {@code <setting
 *       name="ApiToken"><value>x</value>};
 *   <li>phrases such as {@code password for admin: x} and {@code Пароль от почты: x}.
 * </ul>
 *
 * <p>A quoted value runs to its closing quote (backslash escapes honoured) or the end of the line.
 * An unquoted value runs to whitespace, {@code , ; < "} or {@code '}; after a password word and
 * {@code ": "} (or {@code " = "}) it may hold single spaces, up to the end of the line, two
 * spaces, {@code , ; |}, or a following word that looks like the next key ({@code user:},
 * {@code host=db}). {@code &} ends an unquoted value only in the query-string shape, {@code
 * key=value} with no blank after the {@code =} and no option dashes before the key, and only
 * where the next parameter's {@code name=} follows ({@code a=1&password=x&b=2} keeps {@code b=2},
 * {@code password=x&3} loses {@code &3}); after a colon ({@code PASSWORD: Tr0ub4dor&3}, YAML,
 * headers), a spaced {@code =} ({@code password = x&y}) or in a command-line option ({@code
 * --password=x&y}) it is part of the value, as it is in a password. {@code , ;} separate list
 * items, statements and cookies in every shape, so they always end an unquoted value. An auth
 * scheme word takes its credential along ({@code token: Bearer x} loses both), so the credential
 * never outlives its key. A value cut at whitespace that starts a longer secret, such as a PEM
 * block after {@code private_key: }, is taken whole by that secret's rule (see {@link
 * RedactionEngine}). Comparisons ({@code token == null}), calls ({@code token = getToken()}),
 * nested structures ({@code "credentials": {}, but not an encoder's id: {@code password={noop}x}),
 * URLs ({@code token://}) and empty values are left alone; an {@code Authorization} value that
 * starts with a known auth scheme is left to {@link BearerRule}, and one that starts with any
 * other scheme word goes whole ({@link AuthSchemes}). A logcat tag ({@code D/Auth: …}, {@code 1234 D
 * Session : …}) is read as a bare {@code key}: its message goes only when it looks generated.
 */
final class SecretPairRule extends Rule {
  static final String KIND = "secret";
  private static final String REPLACEMENT = "[redacted]";
  private static final int MAX_KEY = SecretKeys.MAX_KEY;
  /** Room for quotes, escapes, blanks and a short phrase between key and separator. */
  private static final int MAX_GAP = 48;
  /** How far after a quoted key an attribute form looks for its value. */
  private static final int MAX_ATTRIBUTE_GAP = 120;
  /** Longest element text taken as a value. */
  private static final int MAX_ELEMENT = 1024;

  /** Words that may link a password word to its colon: "password for admin:". */
  private static final String[] LINKS = {"for", "to", "of", "от", "для", "к"};

  SecretPairRule() {
    super(KIND, REPLACEMENT);
  }

  /** Commands that take a key and its value separated by a space. */
  private static final String[] SET_COMMANDS = {"configure set ", "config set "};

  @Override
  boolean canStartWith(char c) {
    return Chars.isLetter(c) || c == '_' || c >= 128;
  }

  @Override
  boolean match(String s, int start, Match m) {
    int n = s.length();
    // Cheapest test first: most words have no separator close behind them. Only an attribute
    // (key="ClientSecret" value=...) or a set command looks further.
    int toSeparator = m.nextSeparator(s, start) - start;
    if (toSeparator > MAX_KEY + MAX_GAP) {
      char before = Chars.before(s, start - 1, m.floor);
      boolean attribute = (before == '"' || before == '\'') && Chars.before(s, start - 2, m.floor) == '=';
      boolean setCommand = before == ' ' && start >= 4 && s.startsWith("set", start - 4);
      if (!attribute && !setCommand || toSeparator > MAX_KEY + MAX_GAP + MAX_ATTRIBUTE_GAP
          && !setCommand) {
        return false;
      }
    }
    char first = s.charAt(start);
    if (!Character.isLetter(first) && first != '_') {
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
    char open = Chars.before(s, start - 1, m.floor);
    // Cheapest tests first: most words are followed by none of these.
    char next = Chars.at(s, keyEnd);
    if (next == '>') {
      int kind = opensElement(s, start, m.floor) ? SecretKeys.classify(s, start, keyEnd) : SecretKeys.NONE;
      return kind != SecretKeys.NONE && elementValue(s, keyEnd + 1, start, m, kind);
    }
    // A closing quote, possibly escaped: "key", \"key\", \\\"key\\\".
    int j = keyEnd;
    while (j < n && j - keyEnd < 8 && s.charAt(j) == '\\') {
      j++;
    }
    boolean quotedKey = false;
    if ((open == '"' || open == '\'') && Chars.at(s, j) == open) {
      i = j + 1;
      quotedKey = true;
      if (Chars.at(s, i) == ']') {
        i++; // an index: $config['password'] = …, environ["API_SECRET"] = …
      }
    }
    if (quotedKey && isAttributeValue(s, start, m.floor)) {
      int kind = SecretKeys.classify(s, start, keyEnd);
      return kind != SecretKeys.NONE && attributeValue(s, i, start, m, kind);
    }
    if (next == ' ' && afterSetCommand(s, start, m.floor)) {
      int kind = SecretKeys.classify(s, start, keyEnd);
      int valueEnd = unquotedEnd(s, keyEnd + 1, false, false, m);
      return kind != SecretKeys.NONE && valueEnd > keyEnd + 1 && named(s, keyEnd + 1, valueEnd, kind)
          && m.setValue(s, valueEnd, keyEnd + 1 - start, REPLACEMENT);
    }
    i = Chars.skipBlanks(s, i);
    int kind = SecretKeys.NONE;
    if (i < n && !isSeparator(s.charAt(i)) && !quotedKey && i > keyEnd
        && SecretKeys.mayBePasswordWord(first) && SecretKeys.isPasswordWord(s, start, keyEnd)) {
      i = skipLinkPhrase(s, i);
      kind = SecretKeys.PASSWORD;
    }
    if (i >= n || !isSeparator(s.charAt(i))) {
      return false;
    }
    char sep = s.charAt(i);
    if (sep == '=' && Chars.at(s, i + 1) == '>') {
      i++; // 'db_pass' => 'x' (PHP, Ruby)
    }
    char afterSep = Chars.at(s, i + 1);
    if (sep == '=' && afterSep == '=' || sep == ':' && (afterSep == '/' || afterSep == ':')) {
      return false; // a comparison, a URL scheme such as token://host, or a C++ scope
    }
    if (kind == SecretKeys.NONE) {
      kind = SecretKeys.classify(s, start, keyEnd);
      if (kind == SecretKeys.NONE) {
        return false;
      }
    }
    if (sep == ':' && SecretKeys.isLogTag(s, start, m.floor)) {
      kind = SecretKeys.KEY; // "D/Auth: Signing in": the tag names a class, not the message
    }
    int afterSeparator = i + 1;
    i = Chars.skipBlanks(s, afterSeparator);
    if (i >= n) {
      return false;
    }
    boolean spaced = i > afterSeparator;
    int valueStart;
    int valueEnd;
    char q = s.charAt(i);
    int escapes = 0;
    while (i + escapes < n && escapes < 8 && s.charAt(i + escapes) == '\\') {
      escapes++;
    }
    char quote = Chars.at(s, i + escapes);
    if (escapes > 0 && (quote == '"' || quote == '\'')) {
      valueStart = i + escapes + 1;
      valueEnd = escapedQuoteEnd(s, valueStart, quote);
    } else if (q == '"' || q == '\'') {
      valueStart = i + 1;
      valueEnd = quotedEnd(s, valueStart, q);
    } else {
      if (q == '{' && !isEncoderPrefix(s, i) || q == '[' && !isMarker(s, i)) {
        return false; // a nested structure, not a value
      }
      valueStart = i;
      boolean whole = sep == ':' && SecretKeys.takesWholeValue(s, start, keyEnd);
      boolean query = sep == '=' && !spaced && Chars.before(s, start - 1, m.floor) != '-';
      valueEnd = unquotedEnd(s, i, whole, query, m);
      // An auth scheme takes its credential along: "token: Bearer x" loses both.
      int credential = AuthSchemes.credentialStart(s, valueStart, valueEnd,
          AuthSchemes.namesAuthorization(s, start, keyEnd));
      if (credential > 0) {
        valueEnd = unquotedEnd(s, credential, whole, query, m);
      }
      if (kind == SecretKeys.PASSWORD && (sep == ':' || sep == '：' || spaced)) {
        valueEnd = extendOverSpaces(s, valueEnd);
      }
      if (isCall(s, valueStart, valueEnd)) {
        return false;
      }
    }
    if (valueEnd == valueStart) {
      return false;
    }
    if (AuthSchemes.namesAuthorization(s, start, keyEnd) && AuthSchemes.startsWithScheme(s, valueStart)) {
      return false; // "Authorization: Bearer x" keeps its scheme; the bearer rule takes the value
    }
    return named(s, valueStart, valueEnd, kind) && m.setValue(s, valueEnd, valueStart - start, REPLACEMENT);
  }

  /** A redaction marker such as {@code [redacted]} or {@code [private-key]} at {@code i}. */
  private static boolean isMarker(String s, int i) {
    int j = i + 1;
    while (j < s.length() && j - i <= 32 && isMarkerChar(s.charAt(j))) {
      j++;
    }
    return j > i + 1 && Chars.at(s, j) == ']';
  }

  /** Spring Security's {@code {bcrypt}$2a$…} and {@code {noop}secret}: an encoder's id, then the value. */
  private static boolean isEncoderPrefix(String s, int i) {
    int j = i + 1;
    while (j < s.length() && j - i <= 16 && (Chars.isAlnum(s.charAt(j)) || s.charAt(j) == '-')) {
      j++;
    }
    char after = Chars.at(s, j + 1);
    return j > i + 1 && Chars.at(s, j) == '}' && after != '\0' && !Character.isWhitespace(after)
        && after != ',' && after != '}';
  }

  private static boolean isMarkerChar(char c) {
    return Chars.isLower(c) || Chars.isDigit(c) || c == '-' || c == '_';
  }

  /** Whether {@code s[from, to)} is a secret after a key of {@code kind}: a bare key's only if it looks generated. */
  private static boolean named(String s, int from, int to, int kind) {
    return kind != SecretKeys.KEY || SecretKeys.looksGenerated(s, from, to);
  }

  private static boolean isSeparator(char c) {
    return c == '=' || c == ':' || c == '：';
  }

  /** {@code aws configure set aws_secret_access_key X}, {@code npm config set _authToken X}. */
  private static boolean afterSetCommand(String s, int start, int floor) {
    if (start < 4 || s.charAt(start - 2) != 't' || s.charAt(start - 3) != 'e') {
      return false; // not after "set "
    }
    for (String c : SET_COMMANDS) {
      int from = start - c.length();
      if (from >= floor && s.startsWith(c, from)) {
        return true;
      }
    }
    return false;
  }

  /** After "password", skips "for admin" / "от почты" (at most three words) up to a colon. */
  private static int skipLinkPhrase(String s, int i) {
    int wordEnd = wordEnd(s, i);
    boolean link = false;
    for (String w : LINKS) {
      if (w.length() == wordEnd - i && s.regionMatches(true, i, w, 0, w.length())) {
        link = true;
        break;
      }
    }
    if (!link) {
      return i;
    }
    int j = wordEnd;
    for (int words = 0; words < 2; words++) {
      if (Chars.at(s, j) != ' ') {
        break;
      }
      int end = wordEnd(s, j + 1);
      if (end == j + 1) {
        break;
      }
      j = end;
    }
    return j;
  }

  private static int wordEnd(String s, int i) {
    int n = s.length();
    int j = i;
    while (j < n && j - i < 24 && (Character.isLetterOrDigit(s.charAt(j))
        || s.charAt(j) == '-' || s.charAt(j) == '.' || s.charAt(j) == '_')) {
      j++;
    }
    return j;
  }

  /** Whether the key is the text of a {@code key="…"} or {@code name="…"} attribute. */
  private static boolean isAttributeValue(String s, int start, int floor) {
    if (Chars.before(s, start - 2, floor) != '=') {
      return false;
    }
    int nameEnd = start - 2;
    int i = nameEnd - 1;
    while (i >= floor && i >= nameEnd - 4 && Chars.isLetter(s.charAt(i))) {
      i--;
    }
    int len = nameEnd - i - 1;
    if (Chars.isLetter(Chars.before(s, i, floor))) {
      return false;
    }
    return (len == 3 && s.regionMatches(true, i + 1, "key", 0, 3))
        || (len == 4 && s.regionMatches(true, i + 1, "name", 0, 4));
  }

  /**
   * The value of an attribute-named key: {@code value="x"} in the same tag, or the element's text,
   * also inside a {@code <value>} child.
   */
  private static boolean attributeValue(String s, int i, int start, Match m, int kind) {
    int n = s.length();
    int limit = Math.min(n, i + MAX_ATTRIBUTE_GAP);
    for (int j = i; j < limit; j++) {
      char c = s.charAt(j);
      if (c == '\n' || c == '<') {
        return false;
      }
      if (c == '>') {
        if (Chars.before(s, j - 1, m.floor) == '/') {
          return false;
        }
        int text = j + 1;
        if (s.regionMatches(true, text, "<value>", 0, 7)) {
          text += 7;
        }
        return elementValue(s, text, start, m, kind);
      }
      if ((c == 'v' || c == 'V') && s.regionMatches(true, j, "value=", 0, 6)
          && !Chars.isLetter(Chars.before(s, j - 1, m.floor))) {
        char q = Chars.at(s, j + 6);
        if (q != '"' && q != '\'') {
          return false;
        }
        int valueStart = j + 7;
        int valueEnd = quotedEnd(s, valueStart, q);
        return valueEnd > valueStart && named(s, valueStart, valueEnd, kind)
            && m.set(valueEnd, valueStart - start, REPLACEMENT);
      }
    }
    return false;
  }

  /** Whether the key at {@code start} is a tag name: {@code <password>} or {@code <db:password>}. */
  private static boolean opensElement(String s, int start, int floor) {
    char prev = Chars.before(s, start - 1, floor);
    if (prev == '<') {
      return true;
    }
    if (prev != ':') {
      return false;
    }
    int i = start - 2;
    while (i >= floor && i >= start - 18 && Chars.isAlnum(s.charAt(i))) {
      i--;
    }
    return i < start - 2 && Chars.before(s, i, floor) == '<';
  }

  /** Element text from {@code text} up to the next tag, on one line. */
  private static boolean elementValue(String s, int text, int start, Match m, int kind) {
    int n = s.length();
    int end = text;
    while (end < n && end - text < MAX_ELEMENT && s.charAt(end) != '<' && s.charAt(end) != '\n') {
      end++;
    }
    if (end == text || end >= n || s.charAt(end) != '<' || Chars.isBlank(s, text, end)) {
      return false;
    }
    return named(s, text, end, kind) && m.set(end, text - start, REPLACEMENT);
  }

  private static int quotedEnd(String s, int i, char q) {
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == q || c == '\n' || c == '\r') {
        break;
      }
      i += (c == '\\' && i + 1 < n) ? 2 : 1;
    }
    return Math.min(i, n);
  }

  /** End of a value inside escaped quotes: up to the backslashes before the next quote. */
  private static int escapedQuoteEnd(String s, int i, char q) {
    int n = s.length();
    int j = i;
    while (j < n && s.charAt(j) != '\n' && s.charAt(j) != '\r') {
      if (s.charAt(j) == q && s.charAt(j - 1) == '\\') {
        int end = j - 1;
        while (end > i && s.charAt(end - 1) == '\\') {
          end--;
        }
        return end;
      }
      j++;
    }
    return j;
  }

  /**
   * End of an unquoted value: whitespace, a quote or {@code <}; unless {@code whole}, also
   * {@code , ;} and, in a query string, an {@code &} that starts the next parameter.
   */
  private static int unquotedEnd(String s, int from, boolean whole, boolean query, Match m) {
    int shape = (whole ? 2 : 0) + (query ? 1 : 0);
    int cached = m.valueRunEnd(shape, from);
    if (cached >= 0) {
      return cached;
    }
    int n = s.length();
    int i = from;
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || c == '"' || c == '\'' || c == '<'
          || !whole && (c == ',' || c == ';' || query && c == '&' && startsParameter(s, i + 1))) {
        break;
      }
      i++;
    }
    m.valueRun(shape, from, i);
    return i;
  }

  /** Whether a query parameter's {@code name=} starts at {@code i}, after {@code &} or {@code &amp;}. */
  private static boolean startsParameter(String s, int i) {
    int j = s.startsWith("amp;", i) ? i + 4 : i;
    int nameStart = j;
    while (j < s.length() && (Chars.isWordChar(s.charAt(j)) || "-.~%[]".indexOf(s.charAt(j)) >= 0)) {
      j++;
    }
    return j > nameStart && Chars.at(s, j) == '=';
  }

  /**
   * Extends a password over single spaces while the next word does not look like the next key;
   * stops at the end of the line, two spaces, a tab, {@code , ; |}, quotes, {@code <}, a word
   * starting with {@code -} or a redaction marker.
   */
  private static int extendOverSpaces(String s, int end) {
    int n = s.length();
    while (end + 1 < n && s.charAt(end) == ' ') {
      int wordStart = end + 1;
      int j = wordStart;
      boolean looksLikeKey = false;
      while (j < n) {
        char c = s.charAt(j);
        if (Character.isWhitespace(c) || c == ',' || c == ';' || c == '|' || c == '"'
            || c == '\'' || c == '<') {
          break;
        }
        if (c == '=' || c == ':' && (j + 1 >= n || s.charAt(j + 1) == ' ')) {
          looksLikeKey = true;
        }
        j++;
      }
      if (j == wordStart || looksLikeKey || s.charAt(wordStart) == '-'
          || s.charAt(wordStart) == '[' && isMarker(s, wordStart)) {
        break; // the next key, a command-line option or PEM block, or what another rule took
      }
      end = j;
    }
    return end;
  }

  /** {@code getToken()}, {@code env.get(...)}: code, not a value. */
  private static boolean isCall(String s, int from, int to) {
    int i = from;
    while (i < to && (Chars.isAlnum(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '.')) {
      i++;
    }
    return i > from && i < to && s.charAt(i) == '(' && Chars.isLetter(s.charAt(from));
  }

  private static boolean isKeyChar(char c) {
    if (c < 128) {
      return Chars.isAlnum(c) || c == '_' || c == '-' || c == '.';
    }
    return Chars.isWideLetterOrDigit(c);
  }
}
