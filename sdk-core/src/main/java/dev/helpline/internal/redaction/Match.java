package dev.helpline.internal.redaction;

/**
 * Where the last successful {@link Rule#match} ended, how many characters at its start survive
 * (a secret's key, a token's scheme) and what replaces the rest. One instance per scan; not shared
 * between threads.
 */
final class Match {
  int end;
  int keep;
  String replacement = "";

  boolean set(int end, int keep, String replacement) {
    this.end = end;
    this.keep = keep;
    this.replacement = replacement;
    return true;
  }
}
