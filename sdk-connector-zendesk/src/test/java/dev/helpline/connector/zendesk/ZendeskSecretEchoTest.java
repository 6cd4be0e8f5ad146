package dev.helpline.connector.zendesk;

import dev.helpline.connector.Connector;
import dev.helpline.connector.tck.SecretEchoContract;
import okhttp3.HttpUrl;

class ZendeskSecretEchoTest extends SecretEchoContract {
  @Override
  protected Connector newConnector(HttpUrl base) {
    return ZendeskConnector.backend(base.toString(), "bot@acme.example", SECRET).build();
  }

  @Override
  protected String errorBody(String message) {
    return "{\"error\":\"InvalidToken\",\"description\":\"" + message + "\"}";
  }
}
