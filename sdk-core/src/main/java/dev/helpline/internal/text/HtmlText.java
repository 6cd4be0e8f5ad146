package dev.helpline.internal.text;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The one HTML-to-text converter: status updates, notices, article bodies and search snippets all go
 * through it. Tags, comments and the content of script and style elements are removed, entities
 * decoded (the named ones status pages and help centres use, those of Latin-1's letters and signs, and every
 * numeric one). Not a sanitizer
 * for rendering: the result is shown as text only. Never throws and never returns null.
 *
 * <ul>
 *   <li>{@link #toPlainText} keeps the structure: {@code <br>} becomes a line break, {@code <p>},
 *       {@code <div>} and headings a paragraph break, {@code <li>} a line starting with "- " that holds
 *       the item's first paragraph too; the items of a list are on consecutive lines. Text without
 *       tags keeps its own line breaks: a tag is a {@code <} followed by a letter, {@code /} or
 *       {@code !}, with a {@code >} after it, so "Uploads > 10 MB fail (p95 < 2 s)" is plain text.
 *   <li>{@link #strip} flattens to one line, for snippets and titles.
 * </ul>
 */
public final class HtmlText {
  /**
   * The named entities of U+00A0 to U+00FF, in code point order: rich-text editors (TinyMCE by default)
   * write every accented letter of a German, French or Spanish notice this way.
   */
  private static final String[] LATIN_1 = ("nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg"
      + " macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute"
      + " Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute"
      + " Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring"
      + " aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide"
      + " oslash ugrave uacute ucirc uuml yacute thorn yuml").split(" ");

  private HtmlText() {}

  /**
   * One line of text: like {@link #toPlainText}, with every run of whitespace (line breaks included)
   * collapsed to one space, and a tag cut off at the end of a snippet dropped.
   */
  public static String strip(String html) {
    String s = html;
    int lt = s.lastIndexOf('<');
    if (lt >= 0 && s.indexOf('>', lt) < 0 && lt + 1 < s.length() && isTagStart(s.charAt(lt + 1))) {
      s = s.substring(0, lt);
    }
    return collapse(toPlainText(s));
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

  /**
   * Text with its structure: see the class description. Unknown entities and a lone {@code <} stay as
   * they are; numeric entities that name no character become U+FFFD.
   */
  public static String toPlainText(String html) {
    boolean markup = hasTag(html);
    StringBuilder out = new StringBuilder(html.length());
    boolean itemSeen = false; // the current list has had an item
    int dashEnd = -1; // where the text of the latest list item starts, until it ends
    int i = 0;
    int n = html.length();
    while (i < n) {
      char c = html.charAt(i);
      if (c == '<' && markup && i + 1 < n && isTagStart(html.charAt(i + 1))) {
        int end = tagEnd(html, i + 1);
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
          int close = indexOfIgnoreCase(html, "</" + tag, end);
          int closeEnd = close < 0 ? -1 : html.indexOf('>', close);
          i = closeEnd < 0 ? n : closeEnd + 1;
          continue;
        }
        boolean closing = html.charAt(i + 1) == '/';
        if (tag.equals("li")) {
          // A closing </li> ends the item; the next <li> or block tag starts the next line.
          if (closing) {
            dashEnd = -1;
          } else {
            // Items are one line apart, also when a paragraph inside the previous one ended with a break.
            if (itemSeen) trimTrailingWhitespace(out);
            out.append("\n- ");
            dashEnd = out.length();
            itemSeen = true;
          }
        } else if (!(isParagraph(tag) && dashEnd >= 0 && onlySpacesFrom(out, dashEnd))) {
          // Anything but an item's first paragraph, which stays on the dash line.
          if (tag.equals("ul") || tag.equals("ol")) itemSeen = false;
          applyTag(tag, out);
        }
        i = end + 1;
      } else if (c == '&') {
        // Bounded: an entity is short, and searching the whole rest for each '&' took quadratic time.
        int semi = -1;
        for (int k = i + 1; k < Math.min(n, i + 11) && semi < 0; k++) {
          if (html.charAt(k) == ';') semi = k;
        }
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
   * The '>' that ends the tag starting before {@code from}, skipping quoted attribute values ({@code title="a > b"});
   * -1 when there is none. A quote that is never closed is not a value: then the first '>' ends the tag.
   */
  private static int tagEnd(String html, int from) {
    int n = html.length();
    for (int k = from; k < n; k++) {
      char c = html.charAt(k);
      if (c == '>') return k;
      if (c != '=') continue;
      int v = k + 1;
      while (v < n && (html.charAt(v) == ' ' || html.charAt(v) == '\t' || html.charAt(v) == '\n')) v++;
      if (v < n && (html.charAt(v) == '"' || html.charAt(v) == '\'')) {
        int close = html.indexOf(html.charAt(v), v + 1);
        if (close < 0) return html.indexOf('>', from);
        k = close;
      }
    }
    return -1;
  }

  private static boolean isTagStart(char c) {
    return Character.isLetter(c) || c == '/' || c == '!';
  }

  /** Whether the text holds a tag: a '<' that starts one, with a '>' after it. Plain text may hold both signs. */
  private static boolean hasTag(String text) {
    int lastGt = text.lastIndexOf('>');
    for (int k = 0; k + 1 < lastGt; k++) {
      if (text.charAt(k) == '<' && isTagStart(text.charAt(k + 1))) return true;
    }
    return false;
  }

  private static boolean isParagraph(String tag) {
    switch (tag) {
      case "p":
      case "div":
      case "h1":
      case "h2":
      case "h3":
      case "h4":
      case "h5":
      case "h6":
        return true;
      default:
        return false;
    }
  }

  private static boolean onlySpacesFrom(StringBuilder out, int from) {
    for (int k = from; k < out.length(); k++) {
      if (out.charAt(k) != ' ') return false;
    }
    return true;
  }

  private static void trimTrailingWhitespace(StringBuilder out) {
    int len = out.length();
    while (len > 0 && Character.isWhitespace(out.charAt(len - 1))) len--;
    out.setLength(len);
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
    if (isParagraph(tag)) {
      out.append("\n\n");
      return;
    }
    switch (tag) {
      case "br":
        out.append('\n');
        break;
      case "ul":
      case "ol":
      case "table":
      case "blockquote":
      case "pre":
        out.append("\n\n");
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

  private static @Nullable String decodeEntity(String name) {
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
      default:
        for (int k = 0; k < LATIN_1.length; k++) {
          if (LATIN_1[k].equals(name)) return String.valueOf((char) (0xA0 + k));
        }
        return null;
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

  /** Searched in place: lower-casing the whole document for each script element took quadratic time. */
  private static int indexOfIgnoreCase(String text, String needle, int from) {
    for (int k = Math.max(0, from); k <= text.length() - needle.length(); k++) {
      if (text.regionMatches(true, k, needle, 0, needle.length())) return k;
    }
    return -1;
  }
}
