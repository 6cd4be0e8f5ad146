package dev.helpline.internal.redaction;

/**
 * Webhook URLs whose path is the credential: the host and the fixed part of the path stay, the
 * rest of the path becomes {@code [webhook]}, as in {@code
 * https://hooks.slack.com/services/[webhook]}. The hosts and paths are data ({@link #HOOKS});
 * a host matches itself and its subdomains ({@code acme.webhook.office.com}).
 */
final class WebhookRule extends Rule {
  static final String KIND = "webhook";
  private static final String REPLACEMENT = "[webhook]";
  private static final int MAX_HOST = 253;
  private static final int MAX_PATH = 2048;
  private static final int MIN_SECRET = 8;

  /** The secret is the rest of the path. */
  private static final String REST = "rest";
  /** The secret is one path segment; the path goes on after it. */
  private static final String SEGMENT = "segment";
  /** The secret is the path's last segment. */
  private static final String LAST = "last";

  /** Host (or parent domain), the path prefix after which the secret starts, and its extent. */
  private static final String[][] HOOKS = {
    {"hooks.slack.com", "/services/", REST},
    {"hooks.slack.com", "/workflows/", REST},
    {"hooks.slack.com", "/triggers/", REST},
    {"discord.com", "/api/webhooks/", REST},
    {"discordapp.com", "/api/webhooks/", REST},
    {"webhook.office.com", "/webhookb2/", REST},
    {"outlook.office.com", "/webhook/", REST},
    {"hooks.zapier.com", "/hooks/catch/", REST},
    {"api.telegram.org", "/bot", SEGMENT},
    {"maker.ifttt.com", "/trigger/", LAST},
    {"chat.googleapis.com", "/v1/spaces/", REST},
  };

  WebhookRule() {
    super(KIND, REPLACEMENT);
  }

  @Override
  boolean canStartWith(char c) {
    return Chars.isLetter(c);
  }

  @Override
  boolean match(String s, int start, Match m) {
    int n = s.length();
    if (m.nextSlash(s, start) - start > MAX_HOST) {
      return false;
    }
    int hostEnd = m.hostRunEnd(s, start);
    if (hostEnd - start > MAX_HOST || Chars.at(s, hostEnd) != '/') {
      return false;
    }
    for (String[] hook : HOOKS) {
      String host = hook[0];
      int from = hostEnd - host.length();
      if (from < start || !s.regionMatches(true, from, host, 0, host.length())
          || from > start && s.charAt(from - 1) != '.') {
        continue;
      }
      String prefix = hook[1];
      if (!s.startsWith(prefix, hostEnd)) {
        continue;
      }
      int secretStart = hostEnd + prefix.length();
      int end = secretStart;
      while (end < n && end - secretStart < MAX_PATH && isPathChar(s.charAt(end))
          && !(hook[2] == SEGMENT && s.charAt(end) == '/')) {
        end++;
      }
      while (end > secretStart && s.charAt(end - 1) == '/') {
        end--;
      }
      if (hook[2] == LAST) {
        int slash = s.lastIndexOf('/', end - 1);
        if (slash >= secretStart) {
          secretStart = slash + 1;
        }
      }
      if (end - secretStart < MIN_SECRET || s.charAt(secretStart) == '[') {
        return false;
      }
      return m.set(end, secretStart - start, REPLACEMENT);
    }
    return false;
  }

  private static boolean isPathChar(char c) {
    return Chars.isAlnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '@'
        || c == '%' || c == ':' || c == '~';
  }
}
