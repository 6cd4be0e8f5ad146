package dev.helpline.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** The whole-call deadline every HTTP connector shares: its default, its upload allowance and their caps. */
class CallDeadlineTest {
  private static final long BASE = ConnectorHttp.DEFAULT_CALL_TIMEOUT.toMillis();

  @Test
  void everyConnectorClientHasAWholeCallDeadlineOfSixtySecondsByDefault() {
    ConnectorHttp http = new ConnectorHttp(1024);
    assertEquals(60_000, callTimeout(http));
  }

  @Test
  void aSharedClientWithoutCallTimeoutStillGetsTheDefaultDeadline() {
    ConnectorHttp http = new ConnectorHttp(1024);
    http.okHttpClient(new OkHttpClient());
    assertEquals(60_000, callTimeout(http));
  }

  @Test
  void theSharedClientsCallTimeoutIsKeptAndAConfiguredOneWins() {
    ConnectorHttp http = new ConnectorHttp(1024);
    http.okHttpClient(new OkHttpClient.Builder().callTimeout(5, TimeUnit.SECONDS).build());
    assertEquals(5_000, callTimeout(http));
    http.callTimeout(Duration.ofMillis(1500));
    assertEquals(1_500, callTimeout(http));
  }

  @Test
  void aCallWithoutBodyOrOfUnknownLengthGetsNoAllowance() {
    assertEquals(BASE, ConnectorHttp.deadlineMillis(BASE, -1));
    assertEquals(BASE, ConnectorHttp.deadlineMillis(BASE, 0));
  }

  @Test
  void theAllowanceIsTheBodysTimeAtSixteenKibPerSecond() {
    assertEquals(BASE + 1_000, ConnectorHttp.deadlineMillis(BASE, 16 * 1024));
    assertEquals(BASE + 64_000, ConnectorHttp.deadlineMillis(BASE, 1024 * 1024), "1 MiB at 16 KiB/s");
    assertEquals(BASE + 1_600_000, ConnectorHttp.deadlineMillis(BASE, 25L * 1024 * 1024), "25 MiB at 16 KiB/s");
  }

  @Test
  void theAllowanceIsCappedAtSixHoursWhateverTheSize() {
    long cap = Duration.ofHours(6).toMillis();
    assertEquals(BASE + cap, ConnectorHttp.deadlineMillis(BASE, 10L * 1024 * 1024 * 1024));
    assertEquals(BASE + cap, ConnectorHttp.deadlineMillis(BASE, Long.MAX_VALUE), "no overflow");
    assertEquals(Long.MAX_VALUE, ConnectorHttp.deadlineMillis(Long.MAX_VALUE - 1, 1024 * 1024), "saturates");
  }

  @Test
  void aCallTimeoutOfZeroMeansNoDeadlineEvenForUploads() {
    assertEquals(0, ConnectorHttp.deadlineMillis(0, 25L * 1024 * 1024));
  }

  @Test
  void aConnectorsClientKeepsTheSettingsOfItsBuildNotLaterOnes() {
    ConnectorHttp http = new ConnectorHttp(1024);
    http.callTimeout(Duration.ofSeconds(7));
    LazyClient client = http.lazyClient(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), b -> {});
    http.callTimeout(Duration.ofSeconds(9)); // the builder is reused for another connector
    http.readTimeout(Duration.ofSeconds(9));
    assertEquals(7_000, client.get().callTimeoutMillis());
    assertEquals(2_000, client.get().readTimeoutMillis());
  }

  private static long callTimeout(ConnectorHttp http) {
    return http.lazyClient(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), b -> {}).get().callTimeoutMillis();
  }
}
