package dev.helpline.internal.redaction;

import org.jspecify.annotations.Nullable;

/**
 * Text with the JSON escapes that hide what the rules look for decoded, for the rules to read: {@code \/}
 * (Android's {@code org.json}, PHP's {@code json_encode}) and every <code>&#92;uXXXX</code> (Gson writes
 * {@code = & < > '} so by default; Python's {@code json.dumps} and Jackson's ASCII mode write every non-ASCII
 * letter so). {@code https:\/\/hooks.slack.com\/services\/…} reads as a webhook URL,
 * <code>access_token&#92;u003dX</code> as a key and its value, an escaped {@code пароль} as a password key, and an
 * address with an escaped {@code ö} as one address. Each character of the view knows where it starts in the original, so that a replacement found in the view removes the whole escaped span
 * and everything the rules keep is copied from the original, escapes and all. An escaped backslash
 * ({@code \\}) is kept as two characters, so that {@code \\/} stays a backslash and a slash.
 */
final class EscapedView {
  /** The decoded text. */
  final String text;
  /** For each index of {@link #text}, and its length, the matching index of the original text. */
  private final int[] origin;

  private EscapedView(String text, int[] origin) {
    this.text = text;
    this.origin = origin;
  }

  /** The view of {@code s}, or null when it holds no escape to decode. */
  static @Nullable EscapedView of(String s) {
    int first = s.indexOf('\\');
    if (first < 0 || !hasEscape(s, first)) {
      return null;
    }
    int n = s.length();
    StringBuilder text = new StringBuilder(n);
    int[] origin = new int[n + 1];
    int i = 0;
    while (i < n) {
      origin[text.length()] = i;
      int width = escapeWidth(s, i);
      if (width == 2) {
        text.append('/');
      } else if (width == 6) {
        text.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
      } else {
        char c = s.charAt(i);
        text.append(c);
        if (c == '\\' && Chars.at(s, i + 1) == '\\') {
          origin[text.length()] = i + 1;
          text.append('\\');
          width = 2;
        } else {
          width = 1;
        }
      }
      i += width;
    }
    origin[text.length()] = n;
    return new EscapedView(text.toString(), origin);
  }

  /** Where index {@code i} of the view (at most its length) starts in the original. */
  int origin(int i) {
    return origin[i];
  }

  private static boolean hasEscape(String s, int from) {
    for (int i = from; i >= 0; i = s.indexOf('\\', i + 1)) {
      if (escapeWidth(s, i) > 0) {
        return true;
      }
      if (Chars.at(s, i + 1) == '\\') {
        i++; // an escaped backslash: what follows it is not escaped
      }
    }
    return false;
  }

  /** 2 for {@code \/}, 6 for <code>&#92;u</code> and four hex digits, else 0. */
  private static int escapeWidth(String s, int i) {
    if (s.charAt(i) != '\\') {
      return 0;
    }
    char next = Chars.at(s, i + 1);
    if (next == '/') {
      return 2;
    }
    if (next != 'u' || i + 6 > s.length()) {
      return 0;
    }
    for (int k = i + 2; k < i + 6; k++) {
      if (!Chars.isHex(s.charAt(k))) {
        return 0;
      }
    }
    return 6;
  }
}
