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

  private Fingerprints() {}

  /**
   * The message with quoted values, timestamps, UUIDs, hex ids and numbers replaced by
   * {@code <q>}, {@code <ts>}, {@code <uuid>}, {@code <hex>} and {@code <n>}; null stays empty.
   */
  public static String normalizeMessage(@Nullable String message) {
    if (message == null || message.isEmpty()) return "";
    String m = message.length() > 4096 ? message.substring(0, 4096) : message;
    m = replace(QUOTED, m, "<q>");
    m = replace(TIMESTAMP, m, "<ts>");
    m = replace(UUID, m, "<uuid>");
    m = replace(HEX, m, "<hex>");
    m = replace(NUMBER, m, "<n>");
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
      if (!appPackages.isEmpty() && !inPackages(cls, appPackages)) continue;
      key.append('\n').append(cls).append('.').append(trace[i].getMethodName());
      used++;
    }
    return used;
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
