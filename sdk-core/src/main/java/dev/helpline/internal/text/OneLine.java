package dev.helpline.internal.text;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * The one rule for text that must stay a single line of what it shows (a subject, a tag, a category, a file
 * name): no C0 or C1 controls, no line or paragraph separators (U+2028, U+2029), no format characters such
 * as bidi overrides and zero-width spaces, which make text read differently from what it is, and no unpaired
 * surrogate ({@link Surrogates}). Stateless and thread-safe.
 */
public final class OneLine {
  private OneLine() {}

  /** Whether the code point {@code cp} may not appear in one-line text. */
  public static boolean forbids(int cp) {
    int type = Character.getType(cp);
    return Character.isISOControl(cp) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.FORMAT || type == Character.SURROGATE;
  }

  /** The UTF-16 index of the first code point in {@code s} that one-line text may not hold; -1 when there is none. */
  public static int firstForbidden(String s) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (forbids(cp)) return i;
      i += Character.charCount(cp);
    }
    return -1;
  }

  /**
   * Throws {@link IllegalArgumentException} when {@code value} holds a character one-line text may not, naming
   * {@code field}, the character's code and its index (never the value itself, which may be personal data).
   */
  public static void check(String field, String value) {
    int at = firstForbidden(value);
    if (at >= 0) throw refused(field, value, at);
  }

  /** As {@link #check(String, String)}, the field's name built only when {@code value} is refused. */
  public static void check(Supplier<String> field, String value) {
    int at = firstForbidden(value);
    if (at >= 0) throw refused(field.get(), value, at);
  }

  private static IllegalArgumentException refused(String field, String value, int at) {
    int cp = value.codePointAt(at);
    if (Character.getType(cp) == Character.SURROGATE) return Surrogates.refused(field, value.charAt(at), at);
    return new IllegalArgumentException(field + " contains a control or format character ("
        + codeOf(cp) + ") at index " + at + "; it must be a single line of visible text");
  }

  /** {@code cp} as Unicode writes it: "U+200B". */
  private static String codeOf(int cp) {
    return String.format(Locale.ROOT, "U+%04X", cp);
  }
}
