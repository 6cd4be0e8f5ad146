package dev.helpline.internal.text;

/**
 * The one rule for spaces: every kind counts, the ASCII ones and the others, such as the no-break space and the
 * ideographic space (U+3000) that Japanese and Chinese input methods type, which {@link String#trim()} keeps.
 * Stateless and thread-safe.
 */
public final class Spaces {
  private Spaces() {}

  /** Whether {@code s} holds nothing a reader can see but spaces of any kind (an empty string is blank). */
  public static boolean isBlank(String s) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (!isSpace(cp)) return false;
      i += Character.charCount(cp);
    }
    return true;
  }

  /** {@code s} without the spaces of any kind at its start and end. */
  public static String trim(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.codePointAt(start))) start += Character.charCount(s.codePointAt(start));
    while (end > start && isSpace(s.codePointBefore(end))) end -= Character.charCount(s.codePointBefore(end));
    return s.substring(start, end);
  }

  /** Whether {@code s} holds a space of any kind. */
  public static boolean hasSpace(String s) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (isSpace(cp)) return true;
      i += Character.charCount(cp);
    }
    return false;
  }

  private static boolean isSpace(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
  }
}
