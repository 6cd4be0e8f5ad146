package dev.helpline.server.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Computes failure fingerprints: SHA-256 over the exception type, its message with the parts that
 * vary between occurrences of one failure replaced by placeholders, and the top stack frames of the
 * application's own packages (class and method, no line numbers, so unrelated edits keep it).
 *
 * <p>For the same reason a frame's names lose the counters the compiler and the JVM number synthetic
 * code with ({@code lambda$charge$0}, {@code access$100}, {@code Billing$1}, {@code Billing$$Lambda$14/0x…}),
 * which an unrelated lambda or inner class added earlier in the file shifts. Frames of reflection,
 * method handles and dynamic proxies ({@code Method.invoke}, {@code jdk.internal.reflect.*},
 * {@code java.lang.invoke.*}, {@code $Proxy12}) are skipped: which of them a call goes through, and
 * their numbers, change as the JVM warms up and from run to run.
 */
public final class Fingerprints {
  // Order matters: quoted values and timestamps first (they contain digits), then ids, then numbers.
  /** A quoted value starts and ends at a word boundary, so the apostrophe of "can't" opens none. */
  private static final Pattern QUOTED = Pattern.compile("(?<!\\w)(?:'[^'\\n]*'|\"[^\"\\n]*\"|`[^`\\n]*`)(?!\\w)");
  private static final Pattern TIMESTAMP = Pattern.compile(
      "\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?"
          + "|\\b\\d{1,2}:\\d{2}:\\d{2}(?:[.,]\\d+)?\\b");
  private static final Pattern UUID = Pattern.compile(
      "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
  private static final Pattern HEX = Pattern.compile("\\b0[xX][0-9a-fA-F]+\\b|\\b(?=[0-9a-fA-F]*\\d)[0-9a-fA-F]{8,}\\b"
      + "|(?<=@)[0-9a-fA-F]{4,}\\b");
  private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(?:[.,]\\d+)*");
  /** A fingerprint keeps this much of a normalized message. */
  static final int MESSAGE_CHARS = 4096;
  /** How much of a message is normalized at most: a bound on the work, far beyond what is kept. */
  static final int MESSAGE_SCAN_CHARS = 64 * 1024;
  /** {@code lambda$charge$0}: the counter; {@code access$100}: the number. */
  private static final Pattern SYNTHETIC_METHOD = Pattern.compile("^(lambda\\$.*\\$|access\\$)\\d+$");
  /** {@code $$Lambda$14/0x…} or {@code $$Lambda/0x…}: a lambda's hidden class, named by the JVM. */
  private static final Pattern LAMBDA_CLASS = Pattern.compile("\\$\\$Lambda.*$");
  /** {@code Billing$1}: an anonymous class, numbered in the order of the source. */
  private static final Pattern ANONYMOUS_CLASS = Pattern.compile("\\$\\d+(?=\\$|$)");
  private static final List<String> REFLECTION = List.of(
      "java.lang.reflect.", "jdk.internal.reflect.", "sun.reflect.", "java.lang.invoke.");

  private Fingerprints() {}

  /**
   * The message with quoted values, timestamps, UUIDs, hex ids and numbers replaced by
   * {@code <q>}, {@code <ts>}, {@code <uuid>}, {@code <hex>} and {@code <n>}, then cut to its first
   * {@value #MESSAGE_CHARS} characters (replacing first, so ids of different lengths early in a long
   * message do not move the cut); null stays empty.
   */
  public static String normalizeMessage(@Nullable String message) {
    if (message == null || message.isEmpty()) return "";
    String m = message.length() > MESSAGE_SCAN_CHARS ? message.substring(0, MESSAGE_SCAN_CHARS) : message;
    m = replace(QUOTED, m, "<q>");
    m = replace(TIMESTAMP, m, "<ts>");
    m = replace(UUID, m, "<uuid>");
    m = replace(HEX, m, "<hex>");
    m = replace(NUMBER, m, "<n>");
    if (m.length() > MESSAGE_CHARS) {
      int end = MESSAGE_CHARS;
      if (Character.isHighSurrogate(m.charAt(end - 1))) end--;
      m = m.substring(0, end);
    }
    return m.trim();
  }

  private static String replace(Pattern p, String s, String placeholder) {
    Matcher matcher = p.matcher(s);
    return matcher.find() ? matcher.replaceAll(placeholder) : s;
  }

  /**
   * The fingerprint of {@code error}: 16 hex digits. {@code appPackages} are package prefixes of
   * the application ("com.acme."); when empty, or when no frame lies in them, the top frames count
   * whatever their package. At most {@code frames} frames are used.
   */
  public static String of(Throwable error, List<String> appPackages, int frames) {
    StringBuilder key = new StringBuilder(error.getClass().getName())
        .append('\n').append(normalizeMessage(error.getMessage()));
    StackTraceElement[] trace = error.getStackTrace();
    int used = appendFrames(key, trace, appPackages, frames);
    if (used == 0) appendFrames(key, trace, List.of(), frames);
    return sha256Hex16(key.toString());
  }

  /** The fingerprint of an error logged without a throwable: its source and its normalized message. */
  public static String ofMessage(String source, String message) {
    return sha256Hex16("message\n" + source + '\n' + normalizeMessage(message));
  }

  private static int appendFrames(StringBuilder key, StackTraceElement[] trace, List<String> appPackages, int frames) {
    int used = 0;
    for (int i = 0; i < trace.length && used < frames; i++) {
      String cls = trace[i].getClassName();
      if (inPackages(cls, REFLECTION) || cls.startsWith("jdk.proxy") || cls.contains("$Proxy")) continue;
      if (!appPackages.isEmpty() && !inPackages(cls, appPackages)) continue;
      key.append('\n').append(className(cls)).append('.').append(methodName(trace[i].getMethodName()));
      used++;
    }
    return used;
  }

  /** {@code cls} without the numbers of its lambda and anonymous classes. */
  static String className(String cls) {
    if (cls.indexOf('$') < 0) return cls;
    return ANONYMOUS_CLASS.matcher(LAMBDA_CLASS.matcher(cls).replaceFirst(Matcher.quoteReplacement("$$Lambda")))
        .replaceAll(Matcher.quoteReplacement("$"));
  }

  /** {@code method} without the counter of a synthetic lambda body or accessor. */
  static String methodName(String method) {
    if (method.indexOf('$') < 0) return method;
    Matcher m = SYNTHETIC_METHOD.matcher(method);
    return m.matches() ? m.group(1) : method;
  }

  private static boolean inPackages(String className, List<String> prefixes) {
    for (String p : prefixes) if (className.startsWith(p)) return true;
    return false;
  }

  static String sha256Hex16(String key) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      char[] out = new char[16];
      for (int i = 0; i < 8; i++) {
        out[2 * i] = Character.forDigit((hash[i] >> 4) & 0xf, 16);
        out[2 * i + 1] = Character.forDigit(hash[i] & 0xf, 16);
      }
      return new String(out);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM provides SHA-256", e);
    }
  }
}
