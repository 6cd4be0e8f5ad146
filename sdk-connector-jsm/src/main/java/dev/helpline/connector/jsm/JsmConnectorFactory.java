package dev.helpline.connector.jsm;

import dev.helpline.connector.Connector;
import dev.helpline.connector.ConnectorFactory;
import okhttp3.HttpUrl;

/**
 * Jira Service Management for {@code jsm+https://acme.atlassian.net/?serviceDeskId=1&requestTypeId=10&submissionField=customfield_10050}
 * desk URLs. The secret {@code email:api_token} signs in with basic auth (an Atlassian API token);
 * any other secret is sent as a bearer token (OAuth 2.0).
 */
public final class JsmConnectorFactory implements ConnectorFactory {
  @Override
  public String scheme() {
    return "jsm";
  }

  @Override
  public Connector create(Address address) {
    String secret = address.secret();
    if (secret == null || secret.trim().isEmpty()) {
      throw new IllegalArgumentException("Jira Service Management needs 'email:api_token' or a bearer token as the secret (HELPLINE_TOKEN)");
    }
    HttpUrl url = HttpUrl.parse(address.url());
    if (url == null) throw new IllegalArgumentException("desk " + address + " is not an http(s) URL");
    String site = url.newBuilder().query(null).build().toString();
    int colon = secret.indexOf(':');
    JsmConnector.Builder b = colon > 0 && secret.substring(0, colon).indexOf('@') > 0
        ? JsmConnector.basic(site, secret.substring(0, colon), secret.substring(colon + 1))
        : JsmConnector.bearer(site, secret.trim());
    String desk = url.queryParameter("serviceDeskId");
    String type = url.queryParameter("requestTypeId");
    String field = url.queryParameter("submissionField");
    if (desk == null || type == null || field == null) {
      throw new IllegalArgumentException("desk " + address + " needs ?serviceDeskId=…&requestTypeId=…&submissionField=customfield_…");
    }
    b.serviceDesk(desk, type).submissionField(field);
    if (address.userAgent() != null) b.userAgent(address.userAgent());
    return b.build();
  }
}
