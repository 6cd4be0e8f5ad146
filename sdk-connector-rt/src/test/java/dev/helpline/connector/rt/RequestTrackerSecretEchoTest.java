package dev.helpline.connector.rt;

import dev.helpline.connector.Connector;
import dev.helpline.connector.tck.SecretEchoContract;
import okhttp3.HttpUrl;

/** RT answers a bad token with {@code {"message": "..."}}, and some versions repeat the token in it. */
class RequestTrackerSecretEchoTest extends SecretEchoContract {
  @Override
  protected Connector newConnector(HttpUrl base) {
    return RequestTrackerConnector.builder().baseUrl(base.toString()).token(SECRET).build();
  }

  @Override
  protected String errorBody(String message) {
    return "{\"message\":\"" + message + "\"}";
  }
}
