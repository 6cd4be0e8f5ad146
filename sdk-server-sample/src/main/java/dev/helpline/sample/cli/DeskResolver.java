package dev.helpline.sample.cli;

import dev.helpline.connector.Connector;
import dev.helpline.connector.ConnectorFactory;
import dev.helpline.connector.UserAuth;
import java.net.URI;
import java.net.URISyntaxException;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Turns a {@code --desk} value into a connector through {@link ConnectorFactory}: a plain {@code https://…} URL is the
 * native Support API, a scheme prefix selects another desk ({@code rt+https://…}, {@code zendesk+https://…}) whose
 * connector jar is on the class path, and a desk reached by mail is an {@code smtp://…} or {@code smtps://…} URL
 * (the password in {@code HELPLINE_TOKEN}). Adding a desk adds a jar; nothing here changes.
 *
 * <p>Errors are {@link CliException}s with exit code {@link ExitCodes#REJECTED} and a one-line message that names
 * the URL (without user info or secret parameters) but never the token.
 */
final class DeskResolver {
  static final String USER_AGENT = "helpline-cli/0.1.0";

  /** The credentials from the command line or environment. Never printed. */
  static final class Credentials {
    final @Nullable String token;

    Credentials(@Nullable String token) {
      this.token = token;
    }

    @Override
    public String toString() {
      return "Credentials{token=" + (token == null ? "none" : "***") + "}";
    }
  }

  /** A resolved desk: the connector, and what reading tickets needs (a user token, or the requester). */
  static final class Desk {
    final Connector connector;
    final boolean readsNeedUserToken;
    final boolean readsNeedRequester;

    Desk(Connector connector) {
      this.connector = connector;
      UserAuth.Requirement needs = connector.userAuthRequirement();
      this.readsNeedUserToken = needs == UserAuth.Requirement.USER_TOKEN;
      this.readsNeedRequester = needs == UserAuth.Requirement.REQUESTER;
    }
  }

  static DeskResolver defaults() {
    return new DeskResolver();
  }

  Desk resolve(@Nullable String deskUrl, Credentials credentials) throws CliException {
    if (deskUrl == null || deskUrl.trim().isEmpty()) {
      throw CliException.badInput("--desk is required: the desk's URL, e.g. https://support.example.com,"
          + " rt+https://rt.example.com/ or smtp://app@smtp.example.com?from=app@example.com&to=support@example.com");
    }
    ConnectorFactory.Address address;
    try {
      address = ConnectorFactory.Address.parse(deskUrl, credentials.token).withUserAgent(USER_AGENT);
    } catch (IllegalArgumentException e) {
      throw CliException.badInput("--" + e.getMessage());
    }
    try {
      return new Desk(ConnectorFactory.connect(address));
    } catch (IllegalArgumentException e) {
      String reason = reason(String.valueOf(e.getMessage()), address, deskUrl);
      String hint = credentials.token == null && reason.contains("secret") ? " (pass --token or set HELPLINE_TOKEN)" : "";
      throw CliException.badInput("--desk '" + shown(deskUrl) + "': " + reason + hint);
    }
  }

  /**
   * A factory's refusal without its own naming of the desk: factories write {@code "desk " + address + " needs …"}
   * so that their message stands alone for a host that builds connectors from configuration, but
   * {@link ConnectorFactory.Address#toString()} shows a prefix the user may never have typed
   * ({@code helpline+}) and whether a secret was given. The command line names {@code --desk} as typed, once, so
   * it keeps only the reason.
   */
  private static String reason(String message, ConnectorFactory.Address address, String deskUrl) {
    String named = "desk " + address + " ";
    String reason = message.startsWith(named) ? message.substring(named.length()) : message;
    return reason.replace(address.toString(), shown(deskUrl));
  }

  /**
   * Parses an http(s) URL; anything else is bad input naming the option and the URL as {@link #shown} (never its
   * user info or query, where secrets travel).
   */
  static HttpUrl parseUrl(String option, String value) throws CliException {
    HttpUrl url = HttpUrl.parse(value.trim());
    if (url == null) {
      throw CliException.badInput(option + " '" + shown(value) + "' is not an http:// or https:// URL");
    }
    return url;
  }

  /** The URL as far as a message may show it: without user info, query and fragment. */
  static String shown(HttpUrl url) {
    return url.newBuilder().username("").password("").query(null).fragment(null).build().toString();
  }

  /**
   * A URL given on the command line as far as a message may show it, without user info, query and fragment: an
   * http(s) URL as {@link #shown(HttpUrl)}; a URL of another scheme ({@code rt+https://…}, {@code smtp://…}) as its
   * scheme, host, port and path when it parses as a URI; anything else whole only when it has no '@', '?' or '#'
   * (no user info or parameters can hide there), else its scheme alone.
   */
  static String shown(String value) {
    String v = value.trim();
    HttpUrl parsed = HttpUrl.parse(v);
    if (parsed != null) return shown(parsed);
    String other = shownUri(v);
    if (other != null) return TerminalText.line(other);
    if (v.length() <= 100 && v.indexOf('@') < 0 && v.indexOf('?') < 0 && v.indexOf('#') < 0) {
      return TerminalText.line(v);
    }
    int colon = v.indexOf("://");
    return colon > 0 && colon < 40 ? TerminalText.line(v.substring(0, colon)) + "://…" : "…";
  }

  /** {@code scheme://host[:port]/path} of a URI with a host, or null; never with an '@' left in it. */
  private static @Nullable String shownUri(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException notAUri) {
      return null;
    }
    if (uri.getScheme() == null || uri.getHost() == null) return null;
    String shown = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
        + (uri.getRawPath() != null ? uri.getRawPath() : "");
    return shown.length() <= 200 && shown.indexOf('@') < 0 ? shown : null;
  }

  /**
   * {@code message} with every spelling of {@code url} that could carry its secrets (whole, or its user info)
   * replaced by {@link #shown}: for messages of the SDK that name the URL they fetched.
   */
  static String withoutSecrets(String message, HttpUrl url) {
    String m = message.replace(url.toString(), shown(url)).replace(url.redact(), shown(url));
    String password = url.encodedPassword();
    if (!password.isEmpty()) m = m.replace(password, "***");
    String query = url.encodedQuery();
    if (query != null && !query.isEmpty()) m = m.replace(query, "***");
    return m;
  }
}
