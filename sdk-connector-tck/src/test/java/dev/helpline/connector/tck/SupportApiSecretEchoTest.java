package dev.helpline.connector.tck;

import dev.helpline.connector.Connector;
import dev.helpline.connector.supportapi.SupportApiConnector;
import okhttp3.HttpUrl;

class SupportApiSecretEchoTest extends SecretEchoContract {
  @Override
  protected Connector newConnector(HttpUrl base) {
    return SupportApiConnector.builder().baseUrl(base).appKey(SECRET).build();
  }

  @Override
  protected String errorBody(String message) {
    return "{\"error\":\"unauthorized\",\"message\":\"" + message + "\"}";
  }
}
