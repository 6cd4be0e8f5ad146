package dev.helpline.internal.status;

import java.util.Locale;

/**
 * Renders the small HTML subset status pages publish as plain text: tags are dropped, entities are
 * decoded, {@code <br>} becomes a line break, {@code <p>}/{@code <div>}/headings a paragraph break and
 * {@code <li>} a line starting with "- ". Text without tags keeps its own line breaks. Never throws.
 */
public final class Html {
  private Html() {}

  public static String toPlainText(String html) {
    boolean markup = html.indexOf('<') >= 0 && html.indexOf('>') >= 0;
    StringBuilder out = new StringBuilder(html.length());
    int i = 0;
    int n = html.length();
    while (i < n) {
      char c = html.charAt(i);
      if (c == '<' && markup && i + 1 < n && isTagStart(html.charAt(i + 1))) {
        int end = html.indexOf('>', i + 1);
        if (end < 0) {
          out.append(html, i, n);
          break;
        }
        String tag = tagName(html, i + 1, end);
        if (tag.equals("!--")) {
          int close = html.indexOf("-->", i + 4);
          i = close < 0 ? n : close + 3;
          continue;
        }
        if (tag.equals("script") || tag.equals("style")) {
          // Searched in place: lower-casing the whole document for each script element took quadratic time.
          int close = indexOfIgnoreCase(html, "</" + tag, end);
          int closeEnd = close < 0 ? -1 : html.indexOf('>', close);
          i = closeEnd < 0 ? n : closeEnd + 1;
          continue;
        }
        boolean closing = html.charAt(i + 1) == '/';
        // A closing </li> ends the item; the next <li> or block tag starts the next line.
        if (!(closing && tag.equals("li"))) applyTag(tag, out);
        i = end + 1;
      } else if (c == '&') {
        int semi = semicolonWithin(html, i + 1, 10);
        String decoded = semi > i + 1 && semi - i <= 10 ? decodeEntity(html.substring(i + 1, semi)) : null;
        if (decoded != null) {
          appendText(out, decoded, markup);
          i = semi + 1;
        } else {
          appendText(out, "&", markup);
          i++;
        }
      } else {
        appendText(out, String.valueOf(c), markup);
        i++;
      }
    }
    return tidy(out);
  }

  /**
   * The index of the first ';' in the {@code max} characters from {@code from}, or -1: an entity is short, and
   * searching the whole rest of the text for each '&' took quadratic time on text full of ampersands.
   */
  static int semicolonWithin(String s, int from, int max) {
    int end = Math.min(s.length(), from + max);
    for (int k = from; k < end; k++) if (s.charAt(k) == ';') return k;
    return -1;
  }

  private static int indexOfIgnoreCase(String s, String needle, int from) {
    for (int at = Math.max(from, 0); at <= s.length() - needle.length(); at++) {
      if (s.regionMatches(true, at, needle, 0, needle.length())) return at;
    }
    return -1;
  }

  private static boolean isTagStart(char c) {
    return Character.isLetter(c) || c == '/' || c == '!';
  }

  private static String tagName(String html, int from, int end) {
    int i = from;
    if (i < end && html.charAt(i) == '/') i++;
    if (html.startsWith("!--", i)) return "!--";
    int start = i;
    while (i < end && (Character.isLetterOrDigit(html.charAt(i)))) i++;
    return html.substring(start, i).toLowerCase(Locale.ROOT);
  }

  private static void applyTag(String tag, StringBuilder out) {
    switch (tag) {
      case "br":
        out.append('\n');
        break;
      case "p":
      case "div":
      case "h1":
      case "h2":
      case "h3":
      case "h4":
      case "h5":
      case "h6":
      case "ul":
      case "ol":
      case "table":
      case "blockquote":
      case "pre":
        out.append("\n\n");
        break;
      case "li":
        out.append("\n- ");
        break;
      case "tr":
        out.append('\n');
        break;
      case "td":
      case "th":
        out.append(' ');
        break;
      default:
        // Inline tags (a, b, strong, em, span, code, …) contribute nothing but their text.
    }
  }

  /** In markup, source whitespace is not significant: runs collapse to one space. */
  private static void appendText(StringBuilder out, String text, boolean markup) {
    for (int k = 0; k < text.length(); k++) {
      char ch = text.charAt(k);
      if (ch == '\u00a0') ch = ' ';
      if (markup && (ch == '\n' || ch == '\r' || ch == '\t')) ch = ' ';
      out.append(ch);
    }
  }

  private static String decodeEntity(String name) {
    if (name.startsWith("#")) {
      try {
        int cp = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X')
            ? Integer.parseInt(name.substring(2), 16)
            : Integer.parseInt(name.substring(1));
        if (cp <= 0 || cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) return "\uFFFD";
        return new String(Character.toChars(cp));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    switch (name) {
      case "amp": return "&";
      case "lt": return "<";
      case "gt": return ">";
      case "quot": return "\"";
      case "apos": return "'";
      case "nbsp": return " ";
      case "ndash": return "\u2013";
      case "mdash": return "\u2014";
      case "hellip": return "\u2026";
      case "lsquo": return "\u2018";
      case "rsquo": return "\u2019";
      case "ldquo": return "\u201c";
      case "rdquo": return "\u201d";
      case "bull": return "\u2022";
      case "middot": return "\u00b7";
      case "copy": return "\u00a9";
      case "reg": return "\u00ae";
      case "trade": return "\u2122";
      case "euro": return "\u20ac";
      case "deg": return "\u00b0";
      default: return null;
    }
  }

  /** Trims spaces around line breaks, collapses space runs and allows at most one blank line. */
  private static String tidy(StringBuilder raw) {
    String s = raw.toString().replace("\r\n", "\n").replace('\r', '\n');
    StringBuilder out = new StringBuilder(s.length());
    int newlines = 0;
    boolean pendingSpace = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n') {
        newlines++;
        pendingSpace = false;
      } else if (c == ' ' || c == '\t') {
        pendingSpace = true;
      } else {
        if (out.length() > 0) {
          if (newlines > 0) out.append(newlines > 1 ? "\n\n" : "\n");
          else if (pendingSpace) out.append(' ');
        }
        newlines = 0;
        pendingSpace = false;
        out.append(c);
      }
    }
    return out.toString();
  }
}
