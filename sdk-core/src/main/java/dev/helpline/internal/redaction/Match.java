package dev.helpline.internal.redaction;

/**
 * Where the last successful {@link Rule#match} ended, how many characters at its start survive
 * (a secret's key, a token's scheme) and what replaces the rest; plus look-ahead state that lets
 * rules reject most words without reading them. One instance per scan; not shared between threads.
 */
final class Match {
  int end;
  int keep;
  String replacement = "";
  /**
   * Whether the match is a value whose end is a guess, at a blank or line break: a longer secret
   * that starts where the value starts may run on past it (see {@link RedactionEngine}). A rule
   * that sets this must also match when its value is already another kind's marker.
   */
  boolean open;

  /**
   * End of the previous replacement. Rules look behind {@code start} only through
   * {@link Chars#before}, which shows everything before this index as the replacement's closing
   * {@code ']'}: the context a second pass over the output would see, so redacting twice equals
   * redacting once.
   */
  int floor;

  // Positions only move forward during a scan, so each cache is refreshed at most once per
  // occurrence of its character: linear in total.
  private int nextAt = -1;
  private int nextSeparator = -1;
  /** Command words seen so far, for {@link CommandLineRule}; created when first needed. */
  CommandLineRule.Commands commands;
  private int nextEncodedAt = -1;
  private int nextSlash = -1;
  /** Per value shape (see {@link #valueRunEnd}): the last run read, from its first start to its end. */
  private final int[] valueRunFrom = {-1, -1, -1, -1};
  private final int[] valueRunEnd = {-1, -1, -1, -1};
  private int nextPemBegin = -1;
  private int nextPemEnd = -1;
  private int hostRunStart = -1;
  private int hostRunEnd = -1;

  boolean set(int end, int keep, String replacement) {
    return set(end, keep, replacement, false);
  }

  /**
   * A key's or option's value in {@code s}, kept prefix and all: {@link #open} when it ends at whitespace,
   * where a longer secret that starts with it may run on.
   */
  boolean setValue(String s, int end, int keep, String replacement) {
    return set(end, keep, replacement, Character.isWhitespace(Chars.at(s, end)));
  }

  private boolean set(int end, int keep, String replacement, boolean open) {
    this.end = end;
    this.keep = keep;
    this.replacement = replacement;
    this.open = open;
    return true;
  }

  /** Index of the first {@code '@'} at or after {@code from}, or the text's length. */
  int nextAt(String s, int from) {
    if (nextAt < from) {
      int at = s.indexOf('@', from);
      nextAt = at < 0 ? s.length() : at;
    }
    return nextAt;
  }

  /**
   * Index of the first character at or after {@code from} that can end a key ({@code = : >} or
   * the full-width colon), or the length.
   */
  int nextSeparator(String s, int from) {
    if (nextSeparator < from) {
      int n = s.length();
      int j = from;
      while (j < n && !endsKey(s.charAt(j))) {
        j++;
      }
      nextSeparator = j;
    }
    return nextSeparator;
  }

  private static boolean endsKey(char c) {
    return c == '=' || c == ':' || c == '>' || c == '\uff1a';
  }

  /** Index of the first {@code '/'} at or after {@code from}, or the text's length. */
  int nextSlash(String s, int from) {
    if (nextSlash < from) {
      int at = s.indexOf('/', from);
      nextSlash = at < 0 ? s.length() : at;
    }
    return nextSlash;
  }

  /**
   * End of the run of host-name characters ({@code A-Z a-z 0-9 . -}) that contains {@code from}:
   * every start inside one run shares its end, so the run is read once.
   */
  int hostRunEnd(String s, int from) {
    if (from < hostRunStart || from >= hostRunEnd) {
      int j = from;
      int n = s.length();
      while (j < n && isHostChar(s.charAt(j))) {
        j++;
      }
      hostRunStart = from;
      hostRunEnd = j;
    }
    return Math.max(hostRunEnd, from);
  }

  static boolean isHostChar(char c) {
    return Chars.isAlnum(c) || c == '.' || c == '-';
  }

  /**
   * The end of a value of {@code shape} (one of four ways {@link SecretPairRule} ends an unquoted value) that
   * starts at {@code from}, when an earlier start in the same run already found it; else -1. A value ends at the
   * first stop at or after its start, so every start inside one run shares its end, which keeps a line of keys
   * whose values are all rejected ({@code key=key=key=…}) linear.
   */
  int valueRunEnd(int shape, int from) {
    return from >= valueRunFrom[shape] && from < valueRunEnd[shape] ? valueRunEnd[shape] : -1;
  }

  /** Records that a value of {@code shape} starting at {@code from} ends at {@code end}. */
  void valueRun(int shape, int from, int end) {
    valueRunFrom[shape] = from;
    valueRunEnd[shape] = end;
  }

  /** Index of the first {@code "-----BEGIN "} at or after {@code from}, or the length. */
  int nextPemBegin(String s, int from) {
    if (nextPemBegin < from) {
      nextPemBegin = indexOrLength(s, "-----BEGIN ", from);
    }
    return nextPemBegin;
  }

  /** Index of the first {@code "-----END "} at or after {@code from}, or the length. */
  int nextPemEnd(String s, int from) {
    if (nextPemEnd < from) {
      nextPemEnd = indexOrLength(s, "-----END ", from);
    }
    return nextPemEnd;
  }

  private static int indexOrLength(String s, String needle, int from) {
    int at = s.indexOf(needle, from);
    return at < 0 ? s.length() : at;
  }

  /** Index of the first {@code "%40"} (an encoded '@') at or after {@code from}, or the length. */
  int nextEncodedAt(String s, int from) {
    if (nextEncodedAt < from) {
      int at = s.indexOf("%40", from);
      nextEncodedAt = at < 0 ? s.length() : at;
    }
    return nextEncodedAt;
  }
}
