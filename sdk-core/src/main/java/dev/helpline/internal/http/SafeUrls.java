package dev.helpline.internal.http;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * URLs made fit for messages and logs: user info removed, the values of secret-looking query parameters
 * ({@code api_key}, {@code token}, {@code password}, {@code sig}, …) replaced by {@code ***}, the fragment
 * dropped, and the result capped. Works on any string, valid URL or not: a password holding '/' or '?' still
 * goes with its user info.
 */
public final class SafeUrls {
  private static final Pattern SECRET_NAME = Pattern.compile(
      "(?i).*(key|token|secret|pass|pwd|auth|sig|credential|session|code|jwt|bearer).*");
  private static final int MAX_CHARS = 300;

  private SafeUrls() {}

  public static String forMessage(String url) {
    String s = url;
    int hash = s.indexOf('#');
    if (hash >= 0) s = s.substring(0, hash);
    int schemeEnd = s.indexOf("://");
    int authorityStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
    int authorityEnd = authorityStart;
    while (authorityEnd < s.length() && "/?".indexOf(s.charAt(authorityEnd)) < 0) authorityEnd++;
    int at = s.lastIndexOf('@', authorityEnd - 1);
    if (at < authorityStart && !hasPortOrNone(s, authorityStart, authorityEnd)) {
      // "u:p/w@host", "u:p?w@host": a '/' or '?' in a password ended the authority early; the user info runs to
      // the last '@'.
      at = s.lastIndexOf('@');
    }
    if (at >= authorityStart) s = s.substring(0, authorityStart) + s.substring(at + 1);
    int q = s.indexOf('?');
    if (q >= 0) {
      StringBuilder out = new StringBuilder(s.length()).append(s, 0, q + 1);
      String[] pairs = s.substring(q + 1).split("&", -1);
      for (int i = 0; i < pairs.length; i++) {
        if (i > 0) out.append('&');
        String pair = pairs[i];
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        if (eq >= 0 && SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches()) {
          out.append(name).append("=***");
        } else {
          out.append(pair);
        }
      }
      s = out.toString();
    }
    return s.length() <= MAX_CHARS ? s : s.substring(0, MAX_CHARS) + "…";
  }

  /** Whether {@code s[start, end)}, an authority without '@', ends in a numeric port or has no ':' at all. */
  private static boolean hasPortOrNone(String s, int start, int end) {
    int colon = s.lastIndexOf(':', end - 1);
    if (colon < start || s.charAt(end - 1) == ']') return true; // no port, or an IPv6 literal without one
    for (int i = colon + 1; i < end; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
    }
    return true;
  }
}
