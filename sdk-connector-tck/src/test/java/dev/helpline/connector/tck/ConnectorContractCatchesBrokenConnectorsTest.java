package dev.helpline.connector.tck;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.connector.Connector;
import dev.helpline.connector.UserAuth;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.testkit.TestDesk;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The connector contract fails a connector that breaks the rule a test names: each test runs one contract test
 * against a connector broken in just that way and expects the contract to fail it, saying what to fix.
 */
@Timeout(120)
class ConnectorContractCatchesBrokenConnectorsTest {
  private static TestDesk desk;

  @BeforeAll
  static void startDesk() throws Exception {
    desk = TestDesk.builder().start();
  }

  @AfterAll
  static void stopDesk() {
    desk.close();
  }

  @Test
  void aConnectorThatListsOnlyTheFirstPageFailsTheListingTest() throws Exception {
    Run run = new Run();
    AssertionError e = assertThrows(AssertionError.class, () -> {
      run.openConnector();
      try {
        run.listsOnlyTheRequestersOwnTicketsNewestFirstAcrossPages();
      } finally {
        run.closeConnector();
      }
    }, "the contract passed a connector that never gives a next cursor");
    assertTrue(e.getMessage().contains("without a cursor to the next"), e.getMessage());
  }

  /** The contract against the native connector, broken by {@link FirstPageOnly}. */
  private static final class Run extends TestDeskContract {
    @Override
    TestDesk desk() {
      return desk;
    }

    @Override
    protected Connector newConnector() {
      return new FirstPageOnly(SupportApiConnector.builder().baseUrl(desk.baseUrl()).appKey(desk.appKey()).build());
    }
  }

  /** A connector that lists the first page and drops the desk's cursor to the next. */
  private static final class FirstPageOnly extends ForwardingConnector {
    FirstPageOnly(Connector delegate) {
      super(delegate);
    }

    @Override
    public TicketPage listTickets(UserAuth user, @Nullable String cursor) throws IOException {
      return new TicketPage(delegate.listTickets(user, cursor).tickets(), null);
    }
  }
}
