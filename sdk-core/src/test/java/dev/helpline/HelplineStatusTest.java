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
import dev.helpline.status.ManualScheduler;
import dev.helpline.status.StatusSnapshot;
import dev.helpline.status.StatusSource;
import dev.helpline.status.TestClock;
import dev.helpline.testkit.TestDesk;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
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

  /** A client whose status polls and notice refreshes run on a scheduler the test drives by hand. */
  private HelplineBuilder manualClient(ManualScheduler scheduler, TestClock clock, AtomicInteger noticeFetches) {
    NoticeSource counted = () -> {
      noticeFetches.incrementAndGet();
      return List.of(Notice.builder("n-1", Notice.Type.ANNOUNCEMENT, "Hello").build());
    };
    HelplineBuilder b = (HelplineBuilder) Helpline.builder()
        .app(AppInfo.of("Acme Notes", "4.2.0"))
        .connector(SupportApiConnector.builder().baseUrl(desk.baseUrl()).appKey(desk.appKey()).build())
        .dataDirectory(dir)
        .clock(clock)
        .callbackExecutor(Runnable::run)
        .addNoticeSource(counted)
        .addNoticeListener(new NoticeCenter.Listener() {
          @Override public void onNotice(Notice notice) {
            delivered.add(notice);
          }
        });
    return b.backgroundScheduler(scheduler);
  }

  @Test
  void noticesAreFetchedWithEveryStatusPollEvenWhenStatusFails() {
    TestClock clock = new TestClock(Instant.parse("2026-11-24T12:00:00Z"));
    ManualScheduler scheduler = new ManualScheduler(clock);
    AtomicInteger fetches = new AtomicInteger();
    StatusSource down = conditional -> {
      throw new IOException("status page unreachable");
    };
    try (Helpline helpline = manualClient(scheduler, clock, fetches).statusSource(down).build()) {
      scheduler.runDue();
      assertEquals(1, fetches.get());
      assertEquals(1, delivered.size());
      scheduler.advance(Duration.ofMinutes(2)); // one failure backs the next poll off to two intervals
      assertEquals(2, fetches.get());
      assertEquals(1, delivered.size(), "each notice once");
    }
  }

  @Test
  void withoutAStatusSourceNoticesAreFetchedEveryStatusIntervalUntilClose() {
    TestClock clock = new TestClock(Instant.parse("2026-11-24T12:00:00Z"));
    ManualScheduler scheduler = new ManualScheduler(clock);
    AtomicInteger fetches = new AtomicInteger();
    Helpline helpline = manualClient(scheduler, clock, fetches).statusPollInterval(Duration.ofSeconds(90)).build();
    scheduler.runDue();
    assertEquals(1, fetches.get());
    scheduler.advance(Duration.ofSeconds(90));
    scheduler.advance(Duration.ofSeconds(90));
    assertEquals(3, fetches.get());
    assertEquals(1, delivered.size(), "each notice once");
    helpline.close();
    assertEquals(0, scheduler.pending(), "nothing stays scheduled after close");
    scheduler.advance(Duration.ofMinutes(10));
    assertEquals(3, fetches.get());
  }

  @Test
  void withoutAStatusSourceNoticesRestInTheBackground() {
    TestClock clock = new TestClock(Instant.parse("2026-11-24T12:00:00Z"));
    ManualScheduler scheduler = new ManualScheduler(clock);
    AtomicInteger fetches = new AtomicInteger();
    try (Helpline helpline = manualClient(scheduler, clock, fetches).statusPollInterval(Duration.ofSeconds(90)).build()) {
      scheduler.runDue();
      assertEquals(1, fetches.get());
      helpline.setForeground(false);
      scheduler.advance(Duration.ofHours(2));
      assertEquals(1, fetches.get(), "no network use while the app is in the background");
      helpline.setForeground(true);
      scheduler.runDue();
      assertEquals(2, fetches.get(), "overdue: refreshed on return");
      scheduler.advance(Duration.ofSeconds(90));
      assertEquals(3, fetches.get());
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
