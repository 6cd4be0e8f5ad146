package dev.helpline.connector.zendesk;

import dev.helpline.connector.Connector;
import dev.helpline.connector.ConnectorFactory;

/**
 * Zendesk for {@code zendesk+https://acme.zendesk.com} desk URLs. The secret chooses the mode: a value of
 * the form {@code agent@example.com/token:API_TOKEN} files through the Tickets API as a backend (no reads:
 * an agent account could show one user another's tickets); any other value is the end user's OAuth token
 * for the Requests API, which creates that user's requests and reads them (a read's {@code UserAuth} needs no
 * token, so {@code userAuthRequirement()} is {@code NOTHING}); no secret files anonymously.
 */
public final class ZendeskConnectorFactory implements ConnectorFactory {
  private static final String API_TOKEN_MARKER = "/token:";

  @Override
  public String scheme() {
    return "zendesk";
  }

  @Override
  public Connector create(Address address) {
    String secret = address.secret();
    String site = address.url();
    ZendeskConnector.Builder b;
    if (secret == null) {
      b = ZendeskConnector.anonymous(site);
    } else if (secret.indexOf(API_TOKEN_MARKER) > 0) {
      int marker = secret.indexOf(API_TOKEN_MARKER);
      b = ZendeskConnector.backend(site, secret.substring(0, marker), secret.substring(marker + API_TOKEN_MARKER.length()));
    } else {
      b = ZendeskConnector.endUser(site).ownToken(secret);
    }
    if (address.userAgent() != null) b.userAgent(address.userAgent());
    return b.build();
  }
}
