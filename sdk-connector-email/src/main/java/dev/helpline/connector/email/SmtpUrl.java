package dev.helpline.connector.email;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads an {@code smtp://} or {@code smtps://} desk URL into a builder:
 * {@code smtp://[user@]host[:port]?from=…&to=…[&to.<category>=…][&starttls=required|opportunistic]
 * [&auth=password|xoauth2][&connectTimeout=10s][&readTimeout=30s][&sendTimeout=2m][&helo=…][&smtputf8=true]}. The secret is the
 * password or token. Values are percent-decoded; a {@code +} stays a plus (it is common in addresses).
 */
final class SmtpUrl {
  private static final Pattern URL = Pattern.compile(
      "(?i)(smtps?)://(?:([^/?#]*)@)?(\\[[^\\]]+\\]|[^:/?#@]+)(?::(\\d{1,5}))?/?(?:\\?([^#]*))?");
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)?");

  private SmtpUrl() {}

  static EmailConnector.Builder parse(String url, @Nullable String secret) {
    Matcher m = URL.matcher(url.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("desk URL is not smtp://[user@]host[:port]?from=…&to=… (or smtps://…)");
    }
    boolean smtps = m.group(1).equalsIgnoreCase("smtps");
    EmailConnector.Builder b = EmailConnector.builder().host(m.group(3))
        .security(smtps ? SmtpSecurity.SMTPS : SmtpSecurity.STARTTLS_REQUIRED);
    if (m.group(4) != null) b.port(Integer.parseInt(m.group(4)));
    String user = null;
    if (m.group(2) != null) {
      if (m.group(2).contains(":")) {
        throw new IllegalArgumentException("the desk URL holds a password: give it as the secret (HELPLINE_TOKEN),"
            + " never in the URL");
      }
      user = decode("user", m.group(2));
    }
    boolean oauth2 = false;
    boolean hasFrom = false;
    boolean hasTo = false;
    if (m.group(5) != null && !m.group(5).isEmpty()) {
      for (String pair : m.group(5).split("&")) {
        if (pair.isEmpty()) continue;
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : decode(name + "=", pair.substring(eq + 1));
        switch (name) {
          case "from": b.from(value); hasFrom = true; break;
          case "to": b.to(value); hasTo = true; break;
          case "user": user = value; break;
          case "helo": b.heloName(value); break;
          case "smtputf8":
            if (!value.equals("true") && !value.equals("false")) {
              throw new IllegalArgumentException("smtputf8=" + value + " is not true or false");
            }
            b.smtpUtf8(value.equals("true"));
            break;
          case "connectTimeout": b.connectTimeout(duration(name, value)); break;
          case "readTimeout": b.readTimeout(duration(name, value)); break;
          case "sendTimeout": b.sendTimeout(duration(name, value)); break;
          case "auth":
            if (!value.equals("password") && !value.equals("xoauth2")) {
              throw new IllegalArgumentException("auth=" + value + " is not password or xoauth2");
            }
            oauth2 = value.equals("xoauth2");
            break;
          case "starttls":
            if (smtps) throw new IllegalArgumentException("starttls= does not apply to smtps:// (TLS from the first byte)");
            if (value.equals("required")) b.security(SmtpSecurity.STARTTLS_REQUIRED);
            else if (value.equals("opportunistic")) b.security(SmtpSecurity.STARTTLS_OPPORTUNISTIC);
            else throw new IllegalArgumentException("starttls=" + value + " is not required or opportunistic");
            break;
          default:
            if (name.startsWith("to.") && name.length() > 3) {
              b.to(decode("to.<category>", name.substring(3)), value);
              break;
            }
            throw new IllegalArgumentException("unknown desk URL parameter '" + name + "' (known: from, to, to.<category>,"
                + " user, auth, starttls, connectTimeout, readTimeout, sendTimeout, helo, smtputf8)");
        }
      }
    }
    if (!hasFrom) throw new IllegalArgumentException("the desk URL needs from=<sender address>");
    if (!hasTo) throw new IllegalArgumentException("the desk URL needs to=<the desk's inbound address>");
    if (user != null && secret == null) {
      throw new IllegalArgumentException("user " + user + " needs the " + (oauth2 ? "OAuth 2 token" : "password")
          + " as the secret");
    }
    if (user == null && secret != null) {
      throw new IllegalArgumentException("a secret was given but no user: write smtp://user@host/…");
    }
    if (user != null) {
      if (oauth2) b.oauth2(user, secret);
      else b.password(user, secret);
    }
    return b;
  }

  private static Duration duration(String name, String value) {
    Matcher m = DURATION.matcher(value);
    if (!m.matches()) throw new IllegalArgumentException(name + "=" + value + " is not a duration like 500ms, 10s or 2m");
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return unit.equals("ms") ? Duration.ofMillis(n) : unit.equals("m") ? Duration.ofMinutes(n) : Duration.ofSeconds(n);
  }

  /**
   * Percent-decoding as in RFC 3986 (UTF-8); unlike form decoding, {@code +} stays. A bad escape is reported with
   * {@code where} (the user, or a parameter such as {@code from=}), never with the text around it.
   */
  static String decode(String where, String s) {
    if (s.indexOf('%') < 0) return s;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) throw new IllegalArgumentException(badEscape(where));
        out.write(hi * 16 + lo);
        i += 2;
      } else if (c == '%') {
        throw new IllegalArgumentException(badEscape(where));
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
      }
    }
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }

  private static String badEscape(String where) {
    return "bad percent-encoding in the desk URL's " + where + ": a % must be followed by two hex digits (%40 for @)";
  }
}
