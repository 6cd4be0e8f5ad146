package dev.helpline.internal.text;

import java.util.Locale;

/**
 * The one rule for unpaired surrogates: half of a character such as an emoji, left by a substring cut inside it.
 * UTF-8 has no encoding for one, so text holding one would be stored and sent as a {@code ?} where something else
 * was shown. Text a user wrote and previewed is refused ({@link #check}); text the SDK assembles from what a
 * program gave it (diagnostics values, error reports) gets U+FFFD in its place ({@link #wellFormed}). Stateless and
 * thread-safe.
 */
public final class Surrogates {
  private Surrogates() {}

  /** The UTF-16 index of the first unpaired surrogate in {@code s}; -1 when every surrogate is half of a pair. */
  public static int firstUnpaired(CharSequence s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (!Character.isSurrogate(c)) continue;
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else {
        return i;
      }
    }
    return -1;
  }

  /** {@code s} with each unpaired surrogate replaced by U+FFFD; {@code s} itself when it holds none. */
  public static String wellFormed(String s) {
    int at = firstUnpaired(s);
    if (at < 0) return s;
    StringBuilder out = new StringBuilder(s.length()).append(s, 0, at);
    for (int i = at; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      out.appendCodePoint(Character.getType(cp) == Character.SURROGATE ? 0xFFFD : cp);
    }
    return out.toString();
  }

  /**
   * Throws {@link IllegalArgumentException} when {@code value} holds an unpaired surrogate, naming {@code field},
   * the surrogate's code and its index.
   */
  public static void check(String field, String value) {
    int at = firstUnpaired(value);
    if (at >= 0) throw refused(field, value.charAt(at), at);
  }

  static IllegalArgumentException refused(String field, char surrogate, int at) {
    return new IllegalArgumentException(field + " contains an unpaired surrogate ("
        + String.format(Locale.ROOT, "U+%04X", (int) surrogate) + ") at index " + at
        + ", half of a character that cannot be sent; the text was probably cut inside a character such as an emoji");
  }
}
