package dev.helpline;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.notices.Notice;
import dev.helpline.notices.NoticeCenter;
import dev.helpline.notices.NoticeSource;
import dev.helpline.status.Component;
import dev.helpline.status.StatusSnapshot;
import dev.helpline.status.StatusSource;
import dev.helpline.testkit.TestDesk;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Status and notices through the client, against the testkit desk over real HTTP. */
@Timeout(60)
class HelplineStatusTest {
  @TempDir Path dir;
  private TestDesk desk;
  private final OkHttpClient http = new OkHttpClient();
  private final List<Notice> delivered = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startDesk() throws Exception {
    desk = TestDesk.builder().start();
    desk.admin().setComponent("Sync", "degraded_performance");
    desk.admin().setIndicator("minor", "Minor Service Outage");
    desk.admin().publishNotice("{\"id\":\"n-42\",\"type\":\"announcement\",\"title\":\"New export\","
        + "\"body\":\"PDF export is back.\",\"severity\":\"info\"}");
  }

  @AfterEach
  void stop() {
    desk.close();
    http.dispatcher().executorService().shutdown();
  }

  private Helpline client() {
    return Helpline.builder()
        .app(AppInfo.of("Acme Notes", "4.2.0"))
        .connector(SupportApiConnector.builder().baseUrl(desk.baseUrl()).appKey(desk.appKey()).build())
        .dataDirectory(dir)
        .statusSource(StatusSource.supportApi(desk.baseUrl(), http))
        .addNoticeSource(NoticeSource.supportApi(desk.baseUrl(), http))
        .addNoticeListener(new NoticeCenter.Listener() {
          @Override public void onNotice(Notice notice) {
            delivered.add(notice);
          }
        })
        .build();
  }

  @Test
  void statusAndNoticesReachTheAppAndEachNoticeOnlyOnce() throws Exception {
    try (Helpline helpline = client()) {
      StatusSnapshot snapshot = helpline.statusMonitor().refresh().get(10, SECONDS);
      assertEquals(Component.Status.DEGRADED_PERFORMANCE, snapshot.components().get(0).status());
      assertNotNull(helpline.status());

      helpline.noticeCenter().refresh().get(10, SECONDS);
      assertEquals("n-42", helpline.notices().get(0).id());
      assertEquals(1, delivered.size());

      helpline.noticeCenter().dismiss("n-42");
      assertTrue(helpline.notices().isEmpty());
    }
    // A restart on the same data directory: served from the cache at once, and the notice is not delivered again.
    try (Helpline again = client()) {
      again.noticeCenter().refresh().get(10, SECONDS);
      assertEquals(1, delivered.size());
      assertTrue(again.notices().isEmpty(), "a dismissed notice stays dismissed");
    }
  }

  @Test
  void withoutASourceTheClientSaysHowToConfigureOne() {
    try (Helpline helpline = Helpline.builder()
        .app(AppInfo.of("Acme Notes", "4.2.0"))
        .connector(SupportApiConnector.builder().baseUrl(desk.baseUrl()).appKey(desk.appKey()).build())
        .dataDirectory(dir)
        .build()) {
      IllegalStateException e = assertThrows(IllegalStateException.class, helpline::status);
      assertEquals("no status source configured: call Builder.statusSource(...)", e.getMessage());
      assertTrue(helpline.matchIncidents(TicketDraft.builder().subject("Sync is slow").build()).isEmpty());
    }
  }
}
