package dev.helpline.internal.redaction;

/**
 * One built-in kind of personal data. A rule is asked only at positions where the previous
 * character is not a letter, digit or underscore, so every match starts at a token boundary.
 * Implementations are stateless and therefore thread-safe, and must run in time linear in the
 * length they inspect (no backtracking regular expressions over the whole text).
 */
abstract class Rule {
  private final String kind;
  private final String marker;

  Rule(String kind, String marker) {
    this.kind = kind;
    this.marker = marker;
  }

  /** The name used with {@code disableKind}. */
  final String kind() {
    return kind;
  }

  /** What the rule writes in place of what it finds, such as {@code [card]}. */
  final String marker() {
    return marker;
  }

  /** Whether a match may start with {@code c}; used to build the scanner's dispatch table. */
  abstract boolean canStartWith(char c);

  /**
   * Tries to match at exactly {@code start}. On success fills {@code m} and returns true; the
   * match covers {@code [start, m.end)}, of which the first {@code m.keep} characters are copied
   * and the rest replaced by {@code m.replacement}.
   */
  abstract boolean match(String s, int start, Match m);
}
