package dev.helpline.sample.cli;

import dev.helpline.connector.Connector;
import dev.helpline.connector.ConnectorFactory;
import dev.helpline.connector.UserAuth;
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
      String hint = credentials.token == null && e.getMessage() != null && e.getMessage().contains("secret")
          ? " (pass --token or set HELPLINE_TOKEN)" : "";
      throw CliException.badInput("--desk '" + address + "': " + e.getMessage() + hint);
    }
  }

  /** Parses an http(s) URL; anything else is bad input naming the option. */
  static HttpUrl parseUrl(String option, String value) throws CliException {
    HttpUrl url = HttpUrl.parse(value.trim());
    if (url == null) {
      throw CliException.badInput(option + " '" + value + "' is not an http:// or https:// URL");
    }
    return url;
  }
}
