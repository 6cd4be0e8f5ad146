package dev.helpline.internal.redaction;

/**
 * Where the last successful {@link Rule#match} ended, how many characters at its start survive
 * (a secret's key, a token's scheme) and what replaces the rest; plus scan state rules may read.
 * One instance per scan; not shared between threads.
 */
final class Match {
  /**
   * Index of the next {@code '@'} at or after the scan position, or the text length if none; kept
   * current by the scanner so that the e-mail rule rejects most words without reading them.
   */
  int nextAt;

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
