package dev.helpline.connector.freshdesk;

import dev.helpline.connector.Connector;
import dev.helpline.connector.ConnectorFactory;
import okhttp3.HttpUrl;

/**
 * Freshdesk for {@code freshdesk+https://acme.freshdesk.com} desk URLs. The secret is the API key of
 * the agent the service files as. An optional {@code ?submissionField=cf_name} names the custom field
 * that holds the submission id (default {@value FreshdeskConnector#DEFAULT_SUBMISSION_FIELD}).
 */
public final class FreshdeskConnectorFactory implements ConnectorFactory {
  @Override
  public String scheme() {
    return "freshdesk";
  }

  @Override
  public Connector create(Address address) {
    String apiKey = address.secret();
    if (apiKey == null || apiKey.trim().isEmpty()) {
      throw new IllegalArgumentException("Freshdesk needs the API key of an agent as the secret (HELPLINE_TOKEN)");
    }
    HttpUrl url = HttpUrl.parse(address.url());
    if (url == null) throw new IllegalArgumentException("desk " + address + " is not an http(s) URL");
    String field = url.queryParameter("submissionField");
    FreshdeskConnector.Builder b = FreshdeskConnector.builder(url.newBuilder().query(null).build().toString(), apiKey.trim());
    if (field != null) b.submissionField(field);
    if (address.userAgent() != null) b.userAgent(address.userAgent());
    return b.build();
  }
}
