package dev.helpline.connector.rt;

import dev.helpline.connector.Connector;
import dev.helpline.connector.ConnectorFactory;

/**
 * Request Tracker for {@code rt+https://…} desk URLs: RT's root or its REST2 base. The secret is the
 * service account's RT auth token (required).
 */
public final class RequestTrackerConnectorFactory implements ConnectorFactory {
  @Override
  public String scheme() {
    return "rt";
  }

  @Override
  public Connector create(Address address) {
    String token = address.secret();
    if (token == null) {
      throw new IllegalArgumentException("Request Tracker needs the service account's auth token as the secret");
    }
    RequestTrackerConnector.Builder b = RequestTrackerConnector.builder().baseUrl(address.url()).token(token);
    if (address.userAgent() != null) b.userAgent(address.userAgent());
    return b.build();
  }
}
