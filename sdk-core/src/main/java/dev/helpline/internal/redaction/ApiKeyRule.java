package dev.helpline.internal.redaction;

import java.util.ArrayList;
import java.util.List;

/**
 * Provider tokens recognisable by their prefix, as {@code [apikey]}. The formats are data
 * ({@link #FORMATS}: prefix, body alphabet, shortest and longest body), drawn from the providers'
 * documentation and public secret-scanning rule sets: AWS access key ids and session tokens,
 * GitHub, GitLab, Slack, Stripe (including webhook secrets), Google, npm, SendGrid, Twilio,
 * OpenAI-style {@code sk-…}, Shopify, DigitalOcean, PyPI, Hugging Face, Databricks, Postman,
 * Grafana, HashiCorp Vault, Supabase, Linear, Notion, age, Mailgun, Flutterwave, Sentry, Facebook,
 * Atlassian and Doppler; plus Telegram bot tokens ({@code 123456789:AA…}). A token of fixed or
 * bounded length must end at a word boundary; a format without an upper bound takes its whole
 * run of body characters, however long.
 */
final class ApiKeyRule extends Rule {
  static final String KIND = "apikey";
  private static final String REPLACEMENT = "[apikey]";
  static final int MAX = 16 * 1024;

  private static final String UPPER_DIGIT = "A-Z0-9";
  private static final String ALNUM = "A-Za-z0-9";
  private static final String ALNUM_ = "A-Za-z0-9_";
  private static final String ALNUM_DASH = "A-Za-z0-9-";
  private static final String B64URL = "A-Za-z0-9-_";
  private static final String B64 = "A-Za-z0-9+/=";
  private static final String HEX = "0-9a-f";
  private static final String HEX_ANY = "0-9a-fA-F";
  private static final String LETTERS = "A-Za-z";

  /** Prefix, body alphabet, shortest body, longest body. */
  private static final Object[][] FORMATS = {
    // AWS access key ids and temporary-credential session tokens
    {"AKIA", UPPER_DIGIT, 16, 16}, {"ASIA", UPPER_DIGIT, 16, 16}, {"ABIA", UPPER_DIGIT, 16, 16},
    {"ACCA", UPPER_DIGIT, 16, 16},
    {"IQoJb3JpZ2luX2Vj", B64, 80, MAX}, {"FwoGZXIvYXdz", B64, 80, MAX},
    // GitHub, GitLab
    {"ghp_", ALNUM, 36, MAX}, {"gho_", ALNUM, 36, MAX}, {"ghu_", ALNUM, 36, MAX},
    {"ghs_", ALNUM, 36, MAX}, {"ghr_", ALNUM, 36, MAX}, {"github_pat_", ALNUM_, 40, MAX},
    {"glpat-", B64URL, 20, MAX}, {"gldt-", B64URL, 20, MAX}, {"glrt-", B64URL, 20, MAX},
    {"glptt-", B64URL, 20, MAX}, {"glsoat-", B64URL, 20, MAX}, {"glcbt-", B64URL, 20, MAX},
    {"GR1348941", B64URL, 20, MAX},
    // Slack
    {"xoxb-", ALNUM_DASH, 10, MAX}, {"xoxp-", ALNUM_DASH, 10, MAX}, {"xoxa-", ALNUM_DASH, 10, MAX},
    {"xoxr-", ALNUM_DASH, 10, MAX}, {"xoxs-", ALNUM_DASH, 10, MAX}, {"xoxe-", ALNUM_DASH, 10, MAX},
    {"xoxe.xoxp-", ALNUM_DASH, 10, MAX}, {"xapp-", ALNUM_DASH, 20, MAX},
    // Stripe
    {"sk_live_", ALNUM, 10, MAX}, {"sk_test_", ALNUM, 10, MAX}, {"rk_live_", ALNUM, 10, MAX},
    {"rk_test_", ALNUM, 10, MAX}, {"whsec_", ALNUM, 24, MAX},
    // Google
    {"AIza", B64URL, 35, 35}, {"GOCSPX-", B64URL, 28, 28}, {"ya29.", B64URL, 20, MAX},
    // npm, SendGrid, Twilio, OpenAI-style and Anthropic-style
    {"npm_", ALNUM, 36, 36}, {"SG.", B64URL + ".", 60, MAX}, {"SK", HEX_ANY, 32, 32},
    {"sk-", B64URL, 32, MAX},
    // Shopify, DigitalOcean, PyPI, Hugging Face, Databricks, Postman
    {"shpat_", HEX_ANY, 32, 32}, {"shpss_", HEX_ANY, 32, 32}, {"shpca_", HEX_ANY, 32, 32},
    {"shppa_", HEX_ANY, 32, 32}, {"dop_v1_", HEX, 64, 64}, {"doo_v1_", HEX, 64, 64},
    {"dor_v1_", HEX, 64, 64}, {"pypi-AgEIcHlwaS5vcmc", B64URL, 50, MAX}, {"hf_", LETTERS, 34, 34},
    {"dapi", HEX, 32, 32}, {"PMAK-", HEX + "-", 59, 59},
    // Grafana, Vault, Supabase, Linear, Notion, age, Mailgun, Flutterwave, Sentry
    {"glc_", B64URL + "=", 32, MAX}, {"glsa_", ALNUM_, 32, MAX}, {"hvs.", B64URL, 90, MAX},
    {"hvb.", B64URL, 90, MAX}, {"sbp_", HEX, 40, 40}, {"lin_api_", ALNUM, 40, 40},
    {"ntn_", ALNUM, 40, MAX}, {"secret_", ALNUM, 43, 43}, {"AGE-SECRET-KEY-1", UPPER_DIGIT, 58, 58},
    {"key-", HEX, 32, 32}, {"FLWSECK-", HEX + "-X", 32, 40}, {"FLWSECK_TEST-", HEX + "-X", 32, 40},
    {"sntrys_", B64URL + "=", 50, MAX}, {"sntryu_", HEX, 64, 64},
    // Facebook, Atlassian, Doppler
    {"EAACEdEose0cBA", ALNUM, 20, MAX}, {"ATATT3", B64URL + "=", 100, MAX},
    {"dp.pt.", ALNUM, 40, MAX}, {"dp.st.", ALNUM, 40, MAX}, {"dp.sa.", ALNUM, 40, MAX},
  };

  /** Formats by the first two characters of their prefix (ASCII), index {@code c0 * 128 + c1}. */
  private static final Format[][] BY_FIRST_TWO = new Format[128 * 128][];
  /** Whether any format starts with the character. */
  private static final boolean[] STARTS = new boolean[128];

  static {
    List<List<Format>> lists = new ArrayList<>();
    for (int k = 0; k < 128 * 128; k++) {
      lists.add(new ArrayList<>());
    }
    for (Object[] f : FORMATS) {
      Format format = new Format((String) f[0], (String) f[1], (Integer) f[2], (Integer) f[3]);
      lists.get(format.prefix.charAt(0) * 128 + format.prefix.charAt(1)).add(format);
      STARTS[format.prefix.charAt(0)] = true;
    }
    Format[] none = new Format[0];
    for (int k = 0; k < 128 * 128; k++) {
      BY_FIRST_TWO[k] = lists.get(k).isEmpty() ? none : lists.get(k).toArray(none);
    }
  }

  ApiKeyRule() {
    super(KIND, REPLACEMENT);
  }

  @Override
  boolean canStartWith(char c) {
    return c < 128 && (STARTS[c] || Chars.isDigit(c));
  }

  @Override
  boolean match(String s, int start, Match m) {
    char first = s.charAt(start);
    if (Chars.isDigit(first)) {
      int end = telegramBotToken(s, start);
      return end > 0 && m.set(end, 0, REPLACEMENT);
    }
    char second = Chars.at(s, start + 1);
    if (second >= 128) {
      return false;
    }
    for (Format f : BY_FIRST_TWO[first * 128 + second]) {
      if (!s.startsWith(f.prefix, start)) {
        continue;
      }
      int i = start + f.prefix.length();
      int n = s.length();
      int j = i;
      // Unbounded formats take the whole run, however long: a match consumes what it read, so
      // the scan stays linear, and no long token is let through for its length.
      int limit = f.max == MAX ? n : Math.min(n, i + f.max + 1);
      while (j < limit && f.body(s.charAt(j))) {
        j++;
      }
      if (j - i < f.min || f.max < MAX && (j - i > f.max || Chars.continuesToken(Chars.at(s, j)))) {
        continue;
      }
      return m.set(j, 0, REPLACEMENT);
    }
    return false;
  }

  /** {@code 123456789:AA} and 33 base64url characters, or -1. */
  private static int telegramBotToken(String s, int start) {
    int i = start;
    int n = s.length();
    while (i < n && i - start < 11 && Chars.isDigit(s.charAt(i))) {
      i++;
    }
    if (i - start < 8 || !s.startsWith(":AA", i)) {
      return -1;
    }
    int body = i + 3;
    int j = body;
    while (j < n && j - body < 40 && Chars.isBase64Url(s.charAt(j))) {
      j++;
    }
    if (j - body < 30 || Chars.continuesToken(Chars.at(s, j))) {
      return -1;
    }
    return j;
  }

  /** One token format; the alphabet is given as ranges such as {@code "A-Za-z0-9_"}. */
  private static final class Format {
    final String prefix;
    final int min;
    final int max;
    private final boolean[] alphabet = new boolean[128];

    Format(String prefix, String ranges, int min, int max) {
      this.prefix = prefix;
      this.min = min;
      this.max = max;
      for (int k = 0; k < ranges.length(); k++) {
        char c = ranges.charAt(k);
        if (k + 2 < ranges.length() && ranges.charAt(k + 1) == '-') {
          for (char x = c; x <= ranges.charAt(k + 2); x++) {
            alphabet[x] = true;
          }
          k += 2;
        } else {
          alphabet[c] = true;
        }
      }
    }

    boolean body(char c) {
      return c < 128 && alphabet[c];
    }
  }
}
