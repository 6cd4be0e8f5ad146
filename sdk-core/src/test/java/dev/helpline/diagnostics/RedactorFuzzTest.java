package dev.helpline.diagnostics;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzz tests of {@link Redactor#defaults()} (Jazzer).
 *
 * <p>In the normal build they run in regression mode: every file under
 * {@code src/test/resources/dev/helpline/diagnostics/RedactorFuzzTestInputs/<method>/} (seeds,
 * and every crash a fuzzing run has found) is one test invocation. {@code scripts/fuzz.sh} fuzzes
 * one method for a given time and writes new crashes into that directory, to be checked in.
 * The class timeout is also Jazzer's per-input time limit while fuzzing, so a hang is a finding.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedactorFuzzTest {
  private static final Redactor REDACTOR = Redactor.defaults();

  /** Any text: redaction does not throw, and a second pass changes nothing. */
  @FuzzTest(maxDuration = "5s")
  void redactingTwiceEqualsOnce(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    String once = REDACTOR.redact(text);
    String twice = REDACTOR.redact(once);
    if (!once.equals(twice)) {
      throw new AssertionError("second pass changed the text\ninput:  " + text + "\nonce:   "
          + once + "\ntwice:  " + twice);
    }
  }

  /**
   * A secret in one of the formats the redactor knows, on its own line between any two texts,
   * never comes back: the output holds it no more often than the surrounding text did.
   */
  @FuzzTest(maxDuration = "5s")
  void plantedSecretNeverComesBack(byte[] input) {
    if (input.length < 9) {
      return;
    }
    int which = input[0] & 0xFF;
    long seed = 0;
    for (int k = 1; k < 9; k++) {
      seed = seed << 8 | (input[k] & 0xFF);
    }
    int split = 9;
    while (split < input.length && input[split] != 0) {
      split++;
    }
    String prefix = new String(input, 9, split - 9, StandardCharsets.UTF_8);
    String suffix = split < input.length
        ? new String(input, split + 1, input.length - split - 1, StandardCharsets.UTF_8) : "";
    String[] planted = Planted.make(which, new Random(seed));
    String unit = planted[0];
    String secret = planted[1];
    String text = prefix + "\n" + unit + "\n" + suffix;
    String out = REDACTOR.redact(text);
    int before = count(prefix, secret) + count(suffix, secret);
    if (count(out, secret) > before) {
      throw new AssertionError("planted secret came back\nsecret: " + secret + "\ninput:  " + text
          + "\noutput: " + out);
    }
  }

  private static int count(String haystack, String needle) {
    int n = 0;
    for (int at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
      n++;
    }
    return n;
  }

  /** Secrets in known formats, each as {unit as written, the part that must go}. */
  static final class Planted {
    private static final String ALNUM =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String UPPER_DIGIT = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String B64URL = ALNUM + "-_";
    private static final String B64 = ALNUM + "+/";
    static final int KINDS = 20;

    private Planted() {}

    static String[] make(int which, Random r) {
      String s;
      switch (which % KINDS) {
        case 0: s = rnd(r, ALNUM, 12); return of("password=" + s, s);
        case 1: s = rnd(r, ALNUM, 40); return of("Authorization: Bearer " + s, s);
        case 2: s = "ghp_" + rnd(r, ALNUM, 36); return of(s, s);
        case 3: s = "AKIA" + rnd(r, UPPER_DIGIT, 16); return of(s, s);
        case 4: s = "sk_live_" + rnd(r, ALNUM, 24); return of(s, s);
        case 5: s = "AIza" + rnd(r, B64URL, 35); return of(s, s);
        case 6: s = "glpat-" + rnd(r, B64URL, 20); return of(s, s);
        case 7: s = "xoxb-" + rnd(r, "0123456789", 12) + "-" + rnd(r, ALNUM, 24); return of(s, s);
        case 8: s = jwt(r); return of(s, s);
        case 9: s = rnd(r, B64, 64); return of(pem(s), s);
        case 10: s = rnd(r, "abcdefghijklmnopqrstuvwxyz", 10) + "@example.com"; return of(s, s);
        case 11: s = rnd(r, ALNUM, 14); return of("postgres://app:" + s + "@10.0.0.5/db", s);
        case 12: s = rnd(r, ALNUM, 24); return of("https://hooks.slack.com/services/T0AB/B0CD/" + s, s);
        case 13: s = card(r); return of(s, s);
        case 14: s = "DE89 3704 0044 0532 0130 00"; return of(s, s);
        case 15: s = "916 " + rnd(r, "0123456789", 3) + "-45-67"; return of("+7 " + s, s);
        case 16: s = rnd(r, ALNUM, 32); return of("{\"accessToken\":\"" + s + "\"}", s);
        case 17: s = rnd(r, ALNUM, 16); return of("curl -u admin:" + s + " https://x.example", s);
        case 18: s = rnd(r, ALNUM, 16); return of("<password>" + s + "</password>", s);
        default: s = rnd(r, B64, 40); return of("aws_secret_access_key = " + s, s);
      }
    }

    private static String[] of(String unit, String secret) {
      return new String[] {unit, secret};
    }

    private static String rnd(Random r, String alphabet, int n) {
      StringBuilder sb = new StringBuilder(n);
      for (int i = 0; i < n; i++) {
        sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      return sb.toString();
    }

    private static String jwt(Random r) {
      Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
      String header = b.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8));
      String payload = b.encodeToString(("{\"sub\":\"" + rnd(r, ALNUM, 8) + "\"}")
          .getBytes(StandardCharsets.UTF_8));
      return header + "." + payload + "." + rnd(r, B64URL, 43);
    }

    private static String pem(String body) {
      return "-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY-----";
    }

    /** A 16-digit Visa number that passes the Luhn check. */
    private static String card(Random r) {
      int[] d = new int[16];
      d[0] = 4;
      for (int i = 1; i < 15; i++) {
        d[i] = r.nextInt(10);
      }
      int sum = 0;
      for (int i = 14, k = 0; i >= 0; i--, k++) {
        int v = d[i];
        if (k % 2 == 0) {
          v = v * 2 > 9 ? v * 2 - 9 : v * 2;
        }
        sum += v;
      }
      d[15] = (10 - sum % 10) % 10;
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 16; i++) {
        sb.append(d[i]);
      }
      return sb.toString();
    }
  }
}
