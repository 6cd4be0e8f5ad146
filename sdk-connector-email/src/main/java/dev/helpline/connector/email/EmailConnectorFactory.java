package dev.helpline.connector.email;

import dev.helpline.connector.Connector;
import dev.helpline.connector.ConnectorFactory;

/**
 * E-mail desks named by {@code smtp://} URLs (STARTTLS required unless {@code starttls=opportunistic}); the secret
 * is the SMTP password, or the OAuth 2 token with {@code auth=xoauth2}. {@link Smtps} takes {@code smtps://} URLs
 * (TLS from the first byte). The URL's form is in {@code docs/connectors/email.md}:
 * {@code smtp://app@smtp.example.com:587?from=app@example.com&to=support@acme.zendesk.com&to.billing=billing@acme.zendesk.com}.
 */
public final class EmailConnectorFactory implements ConnectorFactory {
  @Override
  public String scheme() {
    return "smtp";
  }

  @Override
  public Connector create(Address address) {
    return SmtpUrl.parse(address.url(), address.secret()).build();
  }

  /** The same desks over implicit TLS: {@code smtps://host[:465]?…}. */
  public static final class Smtps implements ConnectorFactory {
    @Override
    public String scheme() {
      return "smtps";
    }

    @Override
    public Connector create(Address address) {
      return SmtpUrl.parse(address.url(), address.secret()).build();
    }
  }
}
