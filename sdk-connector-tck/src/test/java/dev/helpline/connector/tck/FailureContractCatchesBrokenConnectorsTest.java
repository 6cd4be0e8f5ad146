package dev.helpline.connector.tck;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Requester;
import dev.helpline.connector.Connector;
import dev.helpline.connector.UserAuth;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.testkit.TestDesk;
import java.time.Duration;
import java.util.function.BiFunction;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The failure contract fails a connector that breaks the rule a test names: each test runs one contract test
 * against a connector broken in just that way and expects the contract to fail it, saying what to fix.
 */
@Timeout(120)
class FailureContractCatchesBrokenConnectorsTest {
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
  void aConnectorThatReadsAnAnswerOfAnySizeFailsTheCapTest() throws Exception {
    Run run = new Run((url, timeout) -> SupportApiConnector.builder().baseUrl(url).appKey(desk.appKey())
        .callTimeout(timeout).maxResponseBytes(1L << 30).build());
    AssertionError e = run.expectFailure(run::anAnswerOverTheCapIsRefused);
    assertTrue(e.getMessage().contains("cap"), e.getMessage());
  }

  @Test
  void aConnectorWhoseCancelCallsDoesNothingFailsTheCancelTest() throws Exception {
    Run run = new Run((url, timeout) -> new IgnoresCancel(SupportApiConnector.builder().baseUrl(url)
        .appKey(desk.appKey()).callTimeout(timeout).readTimeout(Duration.ofSeconds(2)).build()));
    AssertionError e = run.expectFailure(run::cancelCallsEndsACreateInFlightAndLeavesTheConnectorUsable);
    assertTrue(e.getMessage().contains("cancelCalls"), e.getMessage());
  }

  @Test
  void aConnectorThatIgnoresItsCallTimeoutFailsTheTrickleTestPromptly() {
    Run run = new Run((url, timeout) -> SupportApiConnector.builder().baseUrl(url).appKey(desk.appKey())
        .callTimeout(Duration.ZERO).build());
    AssertionError e = assertTimeoutPreemptively(Duration.ofSeconds(90),
        () -> run.expectFailure(run::aDeskThatTricklesItsAnswerIsCutOffByTheWholeCallDeadline));
    assertTrue(e.getMessage().contains("callTimeout"), e.getMessage());
  }

  /** The contract run against the connectors {@code factory} builds, one test at a time. */
  private static final class Run extends ConnectorFailureContract {
    private final BiFunction<String, Duration, Connector> factory;

    Run(BiFunction<String, Duration, Connector> factory) {
      this.factory = factory;
    }

    interface ContractTest {
      void run() throws Exception;
    }

    /** Runs {@code test} as JUnit would (before and after each included) and returns how it failed. */
    AssertionError expectFailure(ContractTest test) throws Exception {
      openProxyAndConnector();
      try {
        return assertThrows(AssertionError.class, test::run, "the contract passed the broken connector");
      } finally {
        closeProxyAndConnector();
      }
    }

    @Override
    protected String deskUrl() {
      return desk.baseUrl();
    }

    @Override
    protected Connector newConnector(String baseUrl) {
      return factory.apply(baseUrl, Duration.ofSeconds(60));
    }

    @Override
    protected Connector newConnector(String baseUrl, Duration callTimeout) {
      return factory.apply(baseUrl, callTimeout);
    }

    @Override
    protected String secret() {
      return desk.appKey();
    }

    @Override
    protected boolean isCreate(RecordedRequest request) {
      return "POST".equals(request.getMethod()) && request.getPath() != null
          && request.getPath().endsWith("/v1/tickets");
    }

    @Override
    protected MockResponse refusal(int status, String message) {
      return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
          .setBody("{\"error\":\"refused\",\"message\":\"" + message + "\"}");
    }

    @Override
    protected UserAuth auth(Requester requester) {
      return UserAuth.of(requester, desk.issueUserToken(requester.email(), requester.email(), Duration.ofHours(1)));
    }
  }

  /** A connector that leaves {@link Connector#cancelCalls()} at its default, which does nothing. */
  private static final class IgnoresCancel extends ForwardingConnector {
    IgnoresCancel(Connector delegate) {
      super(delegate);
    }

    @Override
    public void cancelCalls() {}
  }
}
