package dev.helpline.internal.http;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * URLs made fit for messages and logs: user info removed, the values of secret-looking query parameters
 * ({@code api_key}, {@code token}, {@code password}, {@code sig}, …) replaced by {@code ***}, the fragment
 * dropped, and the result capped. Works on any string, valid URL or not.
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
}
