package dev.helpline.connector.jsm;

import dev.helpline.connector.Connector;
import dev.helpline.connector.tck.SecretEchoContract;
import okhttp3.HttpUrl;

/** Jira answers a bad token with its documented error collection; a proxy in front of it may repeat the token. */
class JsmSecretEchoTest extends SecretEchoContract {
  @Override
  protected Connector newConnector(HttpUrl base) {
    return JsmConnector.bearer(base.toString(), SECRET)
        .serviceDesk(FakeJsm.SERVICE_DESK, FakeJsm.REQUEST_TYPE).submissionField(FakeJsm.SUBMISSION_FIELD).build();
  }

  @Override
  protected String errorBody(String message) {
    return "{\"errorMessages\":[\"" + message + "\"],\"errors\":{}}";
  }
}
