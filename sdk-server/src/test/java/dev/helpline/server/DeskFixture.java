package dev.helpline.server;

import dev.helpline.AppInfo;
import dev.helpline.Helpline;
import dev.helpline.Requester;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.testkit.TestDesk;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** A test desk and a client filing to it as a service account (with a user token, for follow-ups). */
final class DeskFixture implements AutoCloseable {
  static final String SERVICE_ACCOUNT = "svc@example.com";
  final TestDesk desk;
  final SupportApiConnector connector;
  final Helpline helpline;

  DeskFixture(Path data) throws IOException {
    this(data, Helpline.builder());
  }

  DeskFixture(Path data, Helpline.Builder builder) throws IOException {
    desk = TestDesk.builder().start();
    connector = SupportApiConnector.builder().baseUrl(desk.baseUrl()).appKey(desk.appKey()).build();
    helpline = builder
        .app(AppInfo.of("svc", "1.0"))
        .connector(connector)
        .dataDirectory(data)
        .requester(Requester.of("svc", SERVICE_ACCOUNT, null))
        .userToken(desk.issueUserToken("svc", SERVICE_ACCOUNT, Duration.ofHours(1)))
        .build();
  }

  @Override
  public void close() {
    helpline.close();
    connector.close();
    desk.close();
  }
}
