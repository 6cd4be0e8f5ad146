package dev.helpline.internal.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The one scrubber for text that came from the network (a desk's error body, a feed, an article
 * source) before it reaches an exception message, a log line, a listener or a terminal. A server may
 * echo the credential it was sent, whole or mangled; this removes it:
 *
 * <ol>
 *   <li>invisible characters that could split a secret (NUL, zero-width space, non-joiner and joiner,
 *       word joiner, BOM, soft hyphen, bidi controls) are removed from the text;
 *   <li>every occurrence of a secret is replaced with {@link #MASK}, ignoring case;
 *   <li>so is every fragment of a secret at least {@code max(8, half the secret)} characters long
 *       (a token one character short, or its first half, is still the token). A secret shorter than
 *       that bound is only removed whole.
 * </ol>
 *
 * Immutable and thread-safe. Cost is linear in the text for each secret fragment; error texts are
 * capped long before they get here.
 */
public final class Secrets {
  public static final String MASK = "***";
  /** The shortest fragment of a secret that is removed, unless half the secret is longer. */
  public static final int MIN_FRAGMENT = 8;
  private static final Secrets NONE = new Secrets(Collections.emptyList());
  /** Query parameter names whose values are credentials; kept in step with {@link SafeUrls}. */
  private static final Pattern SECRET_PARAM = Pattern.compile(
      "(?i).*(key|token|secret|pass|pwd|auth|sig|credential|session|jwt|bearer).*");

  /** Lower-cased, invisible characters removed. */
  private final List<String> secrets;

  private Secrets(List<String> secrets) {
    this.secrets = secrets;
  }

  /** A scrubber for {@code secrets}; null and empty values are ignored. */
  public static Secrets of(@Nullable String... secrets) {
    List<String> list = new ArrayList<>();
    if (secrets != null) {
      for (String s : secrets) add(list, s);
    }
    return list.isEmpty() ? NONE : new Secrets(Collections.unmodifiableList(list));
  }

  /** A scrubber that only removes invisible characters. */
  public static Secrets none() {
    return NONE;
  }

  /**
   * The secrets a URL carries: the user info's password (and user name) and the values of
   * secret-looking query parameters ({@code api_key}, {@code token}, {@code password}, …).
   */
  public static Secrets fromUrl(@Nullable HttpUrl url) {
    if (url == null) return NONE;
    List<String> list = new ArrayList<>();
    add(list, url.password());
    if (!url.password().isEmpty()) add(list, url.username());
    for (int i = 0; i < url.querySize(); i++) {
      if (SECRET_PARAM.matcher(url.queryParameterName(i)).matches()) add(list, url.queryParameterValue(i));
    }
    return list.isEmpty() ? NONE : new Secrets(Collections.unmodifiableList(list));
  }

  /** This scrubber and {@code other} together. */
  public Secrets and(Secrets other) {
    if (other.secrets.isEmpty()) return this;
    if (secrets.isEmpty()) return other;
    List<String> list = new ArrayList<>(secrets);
    list.addAll(other.secrets);
    return new Secrets(Collections.unmodifiableList(list));
  }

  private static void add(List<String> list, @Nullable String secret) {
    if (secret == null) return;
    String s = lower(removeInvisible(secret));
    if (!s.trim().isEmpty()) list.add(s);
  }

  /** Scrubs {@code text} with a one-off scrubber for {@code secrets}. */
  public static @Nullable String scrub(@Nullable String text, @Nullable String... secrets) {
    return of(secrets).scrub(text);
  }

  /** {@code text} with invisible characters and every secret and long secret fragment removed. */
  public @Nullable String scrub(@Nullable String text) {
    if (text == null) return null;
    String visible = removeInvisible(text);
    if (secrets.isEmpty()) return visible;
    String lower = lower(visible);
    boolean[] hidden = new boolean[visible.length()];
    boolean any = false;
    for (String secret : secrets) any |= mark(lower, secret, hidden);
    if (!any) return visible;
    StringBuilder out = new StringBuilder(visible.length());
    for (int i = 0; i < visible.length(); i++) {
      if (!hidden[i]) {
        out.append(visible.charAt(i));
      } else if (i == 0 || !hidden[i - 1]) {
        out.append(MASK);
      }
    }
    return out.toString();
  }

  /** True when {@code text} holds a secret or a long fragment of one (after removing invisible characters). */
  public boolean leaks(String text) {
    String lower = lower(removeInvisible(text));
    boolean[] hidden = new boolean[lower.length()];
    boolean any = false;
    for (String secret : secrets) any |= mark(lower, secret, hidden);
    return any;
  }

  private static boolean mark(String lowerText, String secret, boolean[] hidden) {
    int n = secret.length();
    int window = Math.min(n, Math.max(MIN_FRAGMENT, (n + 1) / 2));
    boolean any = false;
    // Every fragment at least `window` long contains a window-long piece, so marking each piece's
    // occurrences marks every long fragment (overlapping marks merge into one mask).
    for (int start = 0; start + window <= n; start++) {
      String piece = secret.substring(start, start + window);
      int at = lowerText.indexOf(piece);
      while (at >= 0) {
        for (int k = at; k < at + window; k++) hidden[k] = true;
        any = true;
        at = lowerText.indexOf(piece, at + 1);
      }
    }
    return any;
  }

  /** Lower-cases char by char so that indexes stay aligned with the original text. */
  private static String lower(String s) {
    char[] chars = s.toCharArray();
    for (int i = 0; i < chars.length; i++) chars[i] = Character.toLowerCase(chars[i]);
    return new String(chars);
  }

  /** Removes the characters a terminal or log viewer shows as nothing. */
  public static String removeInvisible(String s) {
    int i = 0;
    while (i < s.length() && !isInvisible(s.charAt(i))) i++;
    if (i == s.length()) return s;
    StringBuilder out = new StringBuilder(s.length()).append(s, 0, i);
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isInvisible(c)) out.append(c);
    }
    return out.toString();
  }

  static boolean isInvisible(char c) {
    switch (c) {
      case '\u0000':
      case '\u00ad': // soft hyphen
      case '\u061c': // Arabic letter mark
      case '\u180e': // Mongolian vowel separator
      case '\u200b': // zero-width space
      case '\u200c': // zero-width non-joiner
      case '\u200d': // zero-width joiner
      case '\u200e': // left-to-right mark
      case '\u200f': // right-to-left mark
      case '\u2060': // word joiner
      case '\ufeff': // BOM / zero-width no-break space
        return true;
      default:
        // Bidi embeddings, overrides and isolates; invisible function characters.
        return (c >= '\u202a' && c <= '\u202e') || (c >= '\u2061' && c <= '\u2069');
    }
  }

  @Override
  public String toString() {
    return "Secrets{" + secrets.size() + " values}";
  }
}
