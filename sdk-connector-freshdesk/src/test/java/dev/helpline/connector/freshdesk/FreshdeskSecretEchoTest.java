package dev.helpline.connector.freshdesk;

import dev.helpline.connector.Connector;
import dev.helpline.connector.tck.SecretEchoContract;
import okhttp3.HttpUrl;

/** Freshdesk answers a bad API key with its documented error document; a proxy in front of it may repeat the key. */
class FreshdeskSecretEchoTest extends SecretEchoContract {
  @Override
  protected Connector newConnector(HttpUrl base) {
    return FreshdeskConnector.builder(base.toString(), SECRET).build();
  }

  @Override
  protected String errorBody(String message) {
    return "{\"description\":\"" + message + "\",\"errors\":[]}";
  }
}
