package dev.helpline.internal.text;

import org.jspecify.annotations.Nullable;

/**
 * Turns an HTML fragment (a search snippet with {@code <em>} highlights, an article body) into plain
 * text: tags, comments and the content of script and style elements are removed, entities decoded,
 * whitespace collapsed. Not a sanitizer for rendering; the result is shown as text only.
 */
public final class HtmlText {
  private HtmlText() {}

  public static String strip(String html) {
    StringBuilder out = new StringBuilder(html.length());
    int i = 0;
    int n = html.length();
    while (i < n) {
      char c = html.charAt(i);
      if (c == '<') {
        if (html.startsWith("<!--", i)) {
          int end = html.indexOf("-->", i + 4);
          i = end < 0 ? n : end + 3;
          continue;
        }
        int end = html.indexOf('>', i + 1);
        if (end < 0) break; // a cut-off tag at the end of a snippet
        String tag = html.substring(i + 1, end).trim().toLowerCase(java.util.Locale.ROOT);
        i = end + 1;
        if (tag.startsWith("script") || tag.startsWith("style")) {
          String name = tag.startsWith("script") ? "</script" : "</style";
          // Searched in place: lower-casing the whole text for each script element took quadratic time.
          int close = -1;
          for (int k = i; k <= n - name.length() && close < 0; k++) {
            if (html.regionMatches(true, k, name, 0, name.length())) close = k;
          }
          int closeEnd = close < 0 ? -1 : html.indexOf('>', close);
          i = closeEnd < 0 ? n : closeEnd + 1;
        }
        // Block-level tags separate words ("<p>a</p><p>b</p>" is "a b", not "ab").
        if (tag.startsWith("p") || tag.startsWith("/p") || tag.startsWith("br") || tag.startsWith("li")
            || tag.startsWith("/li") || tag.startsWith("div") || tag.startsWith("/div") || tag.matches("/?h[1-6].*")
            || tag.startsWith("tr") || tag.startsWith("td") || tag.startsWith("/td")) {
          out.append(' ');
        }
        continue;
      }
      if (c == '&') {
        // Bounded: an entity is short, and searching the whole rest for each '&' took quadratic time.
        int semi = -1;
        for (int k = i + 1; k < Math.min(n, i + 11) && semi < 0; k++) if (html.charAt(k) == ';') semi = k;
        if (semi > i && semi - i <= 10) {
          String decoded = entity(html.substring(i + 1, semi));
          if (decoded != null) {
            out.append(decoded);
            i = semi + 1;
            continue;
          }
        }
      }
      out.append(c);
      i++;
    }
    return collapse(out);
  }

  private static @Nullable String entity(String name) {
    switch (name) {
      case "amp":
        return "&";
      case "lt":
        return "<";
      case "gt":
        return ">";
      case "quot":
        return "\"";
      case "apos":
        return "'";
      case "nbsp":
        return " ";
      case "hellip":
        return "\u2026";
      case "mdash":
        return "\u2014";
      case "ndash":
        return "\u2013";
      default:
    }
    try {
      int cp;
      if (name.startsWith("#x") || name.startsWith("#X")) {
        cp = Integer.parseInt(name.substring(2), 16);
      } else if (name.startsWith("#")) {
        cp = Integer.parseInt(name.substring(1));
      } else {
        return null;
      }
      if (!Character.isValidCodePoint(cp) || cp == 0) return null;
      return new String(Character.toChars(cp));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String collapse(CharSequence s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean space = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '\u00a0') {
        space = out.length() > 0;
      } else {
        if (space) out.append(' ');
        space = false;
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Shortens plain text to {@code max} characters at a word boundary when one is near, adding an ellipsis. */
  public static String shorten(String text, int max) {
    if (text.length() <= max) return text;
    int end = max - 1;
    int space = text.lastIndexOf(' ', end);
    if (space > max / 2) end = space;
    if (Character.isHighSurrogate(text.charAt(end - 1))) end--;
    return text.substring(0, end).trim() + "\u2026";
  }
}
