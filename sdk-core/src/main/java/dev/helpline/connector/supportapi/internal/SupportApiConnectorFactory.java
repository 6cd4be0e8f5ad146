package dev.helpline.connector.supportapi.internal;

import dev.helpline.connector.Connector;
import dev.helpline.connector.ConnectorFactory;
import dev.helpline.connector.supportapi.SupportApiConnector;

/**
 * The native Support API for plain {@code https://…} desk URLs (and {@code helpline+https://…}). The secret
 * is the app key; without one the connector can read with user tokens but every create is refused by
 * the desk.
 */
public final class SupportApiConnectorFactory implements ConnectorFactory {
  /** A key the desk never accepts, for connectors that only read with user tokens. */
  private static final String NO_APP_KEY = "-";

  @Override
  public String scheme() {
    return "helpline";
  }

  @Override
  public Connector create(Address address) {
    SupportApiConnector.Builder b = SupportApiConnector.builder()
        .baseUrl(address.url())
        .appKey(address.secret() != null ? address.secret() : NO_APP_KEY);
    if (address.userAgent() != null) b.userAgent(address.userAgent());
    return b.build();
  }
}
