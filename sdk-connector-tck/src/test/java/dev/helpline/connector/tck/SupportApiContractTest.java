package dev.helpline.connector.tck;

import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.connector.Connector;
import dev.helpline.testkit.TestDesk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The connector contract every desk passes, run against the native connector and the testkit desk. */
class SupportApiContractTest extends TestDeskContract {
  private static TestDesk desk;

  @BeforeAll
  static void startDesk() throws Exception {
    desk = TestDesk.builder().start();
  }

  @AfterAll
  static void stopDesk() {
    desk.close();
  }

  @Override
  protected Connector newConnector() {
    return SupportApiConnector.builder().baseUrl(desk.baseUrl()).appKey(desk.appKey()).build();
  }

  @Override
  TestDesk desk() {
    return desk;
  }
}
