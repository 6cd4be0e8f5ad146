package dev.helpline.notices;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.status.ManualScheduler;
import dev.helpline.status.Maintenance;
import dev.helpline.status.StatusSnapshot;
import dev.helpline.status.StatusSnapshot.Indicator;
import dev.helpline.status.TestClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class NoticeCenterTest {
  private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

  private final OkHttpClient http = new OkHttpClient.Builder().callTimeout(10, TimeUnit.SECONDS).build();
  private final TestClock clock = new TestClock(T0);
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final Recorder events = new Recorder();
  private final List<NoticeCenter> centers = new ArrayList<>();
  private MockWebServer server;
  @TempDir Path dir;

  @BeforeEach
  void startServer() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    centers.forEach(NoticeCenter::close);
    server.shutdown();
  }

  static final class Recorder implements NoticeCenter.Listener {
    final List<String> calls = new ArrayList<>();

    List<String> drain() {
      List<String> copy = new ArrayList<>(calls);
      calls.clear();
      return copy;
    }

    @Override public void onNotice(Notice notice) { calls.add("notice " + notice.id()); }
    @Override public void onMaintenanceStarted(Notice notice) { calls.add("started " + notice.id()); }
  }

  static String feed(String... notices) {
    return "{\"notices\":[" + String.join(",", notices) + "]}";
  }

  static String notice(String id, String extra) {
    return "{\"id\":\"" + id + "\",\"type\":\"announcement\",\"title\":\"Title " + id + "\",\"body\":\"<p>Body &amp; more</p>\","
        + "\"severity\":\"info\",\"startsAt\":null,\"endsAt\":null,\"url\":null,\"targeting\":{\"platforms\":[],"
        + "\"minAppVersion\":null,\"maxAppVersion\":null,\"locales\":[]},\"minimumVersion\":null"
        + (extra.isEmpty() ? "" : "," + extra) + "}";
  }

  private MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }

  private NoticeCenter.Builder builder() {
    return NoticeCenter.builder()
        .addSource(NoticeSource.supportApi(server.url("/").toString(), http))
        .appVersion("2.0.0")
        .platform("jvm")
        .locale(Locale.forLanguageTag("de-AT"))
        .clock(clock)
        .scheduler(scheduler)
        .storeDirectory(dir.resolve("notices"))
        .listenerExecutor(Runnable::run);
  }

  private NoticeCenter center(NoticeCenter.Builder b) {
    NoticeCenter c = b.build();
    centers.add(c);
    c.addListener(events);
    return c;
  }

  private List<Notice> refresh(NoticeCenter c) throws Exception {
    CompletableFuture<List<Notice>> f = c.refresh();
    scheduler.runDue();
    return f.get(10, TimeUnit.SECONDS);
  }

  private static List<String> ids(List<Notice> notices) {
    return notices.stream().map(Notice::id).collect(Collectors.toList());
  }

  @Test
  void nativeFeedIsParsedIntoNotices() throws Exception {
    server.enqueue(json(feed(notice("n1", "\"severity\":\"warning\",\"url\":\"https://acme.example/n1\","
        + "\"startsAt\":\"2026-11-24T06:00:00-06:00\",\"endsAt\":\"2026-11-25T12:00:00Z\""))));
    NoticeCenter c = center(builder());
    List<Notice> listed = refresh(c);
    RecordedRequest r = server.takeRequest(10, TimeUnit.SECONDS);
    assertEquals("/v1/notices", r.getPath());
    Notice n = listed.get(0);
    assertEquals("n1", n.id());
    assertEquals(Notice.Type.ANNOUNCEMENT, n.type());
    assertEquals("Title n1", n.title());
    assertEquals("Body & more", n.plainText());
    assertEquals(Notice.Severity.WARNING, n.severity());
    assertEquals(Instant.parse("2026-11-24T12:00:00Z"), n.startsAt());
    assertEquals(Notice.Phase.ACTIVE, n.phase(clock.instant()));
    assertEquals("https://acme.example/n1", n.url());
    assertEquals(listed, c.notices());
  }

  @Test
  void targetingByPlatformVersionRangeAndLocale() throws Exception {
    server.enqueue(json(feed(
        notice("all", ""),
        notice("android", "\"targeting\":{\"platforms\":[\"android\"]}"),
        notice("jvm", "\"targeting\":{\"platforms\":[\"JVM\",\"android\"]}"),
        notice("range", "\"targeting\":{\"minAppVersion\":\"1.2\",\"maxAppVersion\":\"2.0.0\"}"),
        notice("too-new", "\"targeting\":{\"minAppVersion\":\"3.0.0\"}"),
        notice("german", "\"targeting\":{\"locales\":[\"de\"]}"),
        notice("british", "\"targeting\":{\"locales\":[\"en-GB\"]}"))));
    NoticeCenter c = center(builder().appVersion("2.0.0-beta.1"));
    assertEquals(List.of("all", "german", "jvm", "range"), ids(refresh(c)));
    assertEquals(List.of("notice all", "notice jvm", "notice range", "notice german"), events.drain());
  }

  @Test
  void aBlankVersionBoundIsNoBoundLikeABlankTimestamp() throws Exception {
    // Feed editors often send "" for an empty form field; a blank startsAt already reads as none.
    server.enqueue(json(feed(
        notice("blank-max", "\"targeting\":{\"minAppVersion\":\"2.0\",\"maxAppVersion\":\"\"}"),
        notice("blank-both", "\"targeting\":{\"minAppVersion\":\" \",\"maxAppVersion\":\"\"},\"startsAt\":\"\""),
        notice("bad-max", "\"targeting\":{\"maxAppVersion\":\"latest\"}"))));
    NoticeCenter c = center(builder().appVersion("2.3.1"));
    assertEquals(List.of("blank-both", "blank-max"), ids(refresh(c)));
    assertEquals(null, c.notices().get(0).targeting().maxAppVersion());
  }

  @Test
  void missingOrUnparseableAppVersionMatchesOnlyNoticesWithoutVersionTargeting() throws Exception {
    String body = feed(notice("all", ""), notice("range", "\"targeting\":{\"maxAppVersion\":\"9.0.0\"}"),
        notice("update", "\"type\":\"minimum_version\",\"minimumVersion\":\"9.0.0\""));
    server.enqueue(json(body));
    server.enqueue(json(body));
    assertEquals(List.of("all"), ids(refresh(center(builder().appVersion(null).storeDirectory(dir.resolve("a"))))));
    assertEquals(List.of("all"), ids(refresh(center(builder().appVersion("nightly build").storeDirectory(dir.resolve("b"))))));
  }

  @Test
  void minimumVersionNoticeAsksOlderAppsToUpdate() throws Exception {
    String body = feed(notice("update", "\"type\":\"minimum_version\",\"severity\":\"critical\",\"minimumVersion\":\"2.1.0\""));
    server.enqueue(json(body));
    server.enqueue(json(body));
    List<Notice> old = refresh(center(builder().appVersion("2.0.9").storeDirectory(dir.resolve("old"))));
    assertEquals(List.of("update"), ids(old));
    assertEquals(Notice.Type.MINIMUM_VERSION, old.get(0).type());
    assertEquals("2.1.0", old.get(0).minimumVersion());
    assertTrue(refresh(center(builder().appVersion("2.1").storeDirectory(dir.resolve("current")))).isEmpty());
  }

  @Test
  void eachNoticeIsDeliveredOncePerInstallAcrossRestarts() throws Exception {
    String body = feed(notice("a", ""), notice("b", ""));
    for (int i = 0; i < 3; i++) server.enqueue(json(body));
    NoticeCenter first = center(builder());
    refresh(first);
    assertEquals(List.of("notice a", "notice b"), events.drain());
    refresh(first);
    assertEquals(List.of(), events.drain(), "not again in the same run");
    first.close();

    NoticeCenter second = center(builder());
    assertEquals(List.of("a", "b"), ids(refresh(second)), "still listed");
    assertEquals(List.of(), events.drain(), "not again after a restart");
  }

  @Test
  void moreLiveNoticesThanTheStoreCapAreStillEachDeliveredOnce() throws Exception {
    List<Notice> many = new ArrayList<>();
    for (int i = 0; i < 1005; i++) many.add(Notice.builder("n" + i, Notice.Type.ANNOUNCEMENT, "Title " + i).build());
    NoticeCenter.Builder b = NoticeCenter.builder().addSource(() -> many).clock(clock).scheduler(scheduler)
        .storeDirectory(dir.resolve("notices")).listenerExecutor(Runnable::run);
    NoticeCenter first = center(b);
    refresh(first);
    assertEquals(1005, events.drain().size());
    clock.advance(Duration.ofMinutes(1));
    refresh(first);
    assertEquals(List.of(), events.drain(), "not again in the same run");
    first.close();

    NoticeCenter second = center(b);
    refresh(second);
    assertEquals(List.of(), events.drain(), "not again after a restart");
  }

  @Test
  void aNoticeWhoseEndIsLongBeforeItsStartIsAnnouncedOnceAcrossRefreshesAndRestarts() throws Exception {
    Notice typo = Notice.builder("end-typo", Notice.Type.MAINTENANCE, "Payments maintenance")
        .startsAt(T0.plus(Duration.ofDays(4)))
        .endsAt(T0.plus(Duration.ofDays(4)).minus(Duration.ofDays(365))) // a year typo in the feed
        .build();
    NoticeCenter.Builder b = NoticeCenter.builder().addSource(() -> List.of(typo)).clock(clock).scheduler(scheduler)
        .storeDirectory(dir.resolve("notices")).listenerExecutor(Runnable::run);
    NoticeCenter first = center(b);
    assertEquals(List.of("end-typo"), ids(refresh(first)), "upcoming until its start");
    refresh(first);
    refresh(first);
    first.close();
    refresh(center(b));
    assertEquals(List.of("notice end-typo"), events.drain());
  }

  @Test
  void aNoticeIsNotAnnouncedAgainAfterARunWithTheClockFarAheadAndItsSourceDown() throws Exception {
    Notice week = Notice.builder("week", Notice.Type.ANNOUNCEMENT, "Reduced hours")
        .startsAt(T0.minus(Duration.ofHours(1))).endsAt(T0.plus(Duration.ofDays(7))).build();
    Notice other = Notice.builder("other", Notice.Type.ANNOUNCEMENT, "New feature").build();
    AtomicReference<List<Notice>> weekSource = new AtomicReference<>(List.of(week));
    AtomicReference<List<Notice>> otherSource = new AtomicReference<>(List.of());
    NoticeCenter.Builder b = NoticeCenter.builder()
        .addSource(() -> {
          List<Notice> answer = weekSource.get();
          if (answer == null) throw new IOException("offline");
          return answer;
        })
        .addSource(otherSource::get)
        .clock(clock).scheduler(scheduler).storeDirectory(dir.resolve("notices")).listenerExecutor(Runnable::run);
    NoticeCenter first = center(b);
    refresh(first);
    first.close();

    clock.set(T0.plus(Duration.ofDays(365)));
    weekSource.set(null);
    otherSource.set(List.of(other)); // a new notice, so the store is saved while the clock is ahead
    NoticeCenter ahead = center(b);
    assertThrows(ExecutionException.class, () -> refresh(ahead));
    ahead.close();

    clock.set(T0.plus(Duration.ofHours(1)));
    weekSource.set(List.of(week));
    refresh(center(b));
    assertEquals(List.of("notice week", "notice other"), events.drain(), "each notice once");
  }

  @Test
  void aNoticeListedWhileTheClockIsFarAheadIsNotAnnouncedAgainOnceItIsCorrected() throws Exception {
    Notice week = Notice.builder("week", Notice.Type.ANNOUNCEMENT, "Reduced hours")
        .startsAt(T0.minus(Duration.ofHours(1))).endsAt(T0.plus(Duration.ofDays(7))).build();
    List<Notice> feed = new java.util.concurrent.CopyOnWriteArrayList<>(List.of(week));
    NoticeCenter c = center(NoticeCenter.builder().addSource(() -> new ArrayList<>(feed)).clock(clock)
        .scheduler(scheduler).storeDirectory(dir.resolve("notices")).listenerExecutor(Runnable::run));
    refresh(c);
    clock.set(T0.plus(Duration.ofDays(365)));
    feed.add(Notice.builder("other", Notice.Type.ANNOUNCEMENT, "New feature").build());
    refresh(c);
    clock.set(T0.plus(Duration.ofHours(1)));
    refresh(c);
    c.close();
    refresh(center(NoticeCenter.builder().addSource(() -> new ArrayList<>(feed)).clock(clock)
        .scheduler(scheduler).storeDirectory(dir.resolve("notices")).listenerExecutor(Runnable::run)));
    assertEquals(List.of("notice week", "notice other"), events.drain(), "each notice once, also after a restart");
  }

  @Test
  void anUnwritableStoreStillDeliversOncePerRunAndAgainAfterARestart() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("blocked"), "a file where the store directory should be");
    String body = feed(notice("a", ""));
    for (int i = 0; i < 3; i++) server.enqueue(json(body));
    NoticeCenter first = center(builder().storeDirectory(notADirectory));
    assertEquals(List.of("a"), ids(refresh(first)));
    assertEquals(List.of("notice a"), events.drain(), "a broken disk does not hide the notice");
    refresh(first);
    assertEquals(List.of(), events.drain(), "remembered in memory for this run");
    first.close();

    NoticeCenter second = center(builder().storeDirectory(notADirectory));
    refresh(second);
    assertEquals(List.of("notice a"), events.drain(), "nothing reached the disk, so a restart delivers it again");
  }

  @Test
  void pollIntervalRefreshesOnItsOwnFromTheLatestRefreshUntilClose() throws Exception {
    for (int i = 0; i < 4; i++) server.enqueue(json(feed(notice("a", ""))));
    NoticeCenter c = center(builder().pollInterval(Duration.ofMinutes(1)));
    scheduler.advance(Duration.ofMinutes(5));
    assertEquals(0, server.getRequestCount(), "nothing before the first refresh");
    refresh(c);
    scheduler.advance(Duration.ofMinutes(1));
    assertEquals(2, server.getRequestCount());
    scheduler.advance(Duration.ofSeconds(30));
    refresh(c);
    scheduler.advance(Duration.ofSeconds(59));
    assertEquals(3, server.getRequestCount(), "the next one is counted from the latest refresh");
    scheduler.advance(Duration.ofSeconds(1));
    assertEquals(4, server.getRequestCount());
    assertEquals(List.of("notice a"), events.drain());
    c.close();
    assertEquals(0, scheduler.pending(), "nothing stays scheduled after close");
    assertThrows(IllegalArgumentException.class, () -> NoticeCenter.builder().pollInterval(Duration.ofSeconds(29)));
  }

  @Test
  void pausedCenterPollsNothingAndCatchesUpOnResumeWhenDue() throws Exception {
    for (int i = 0; i < 5; i++) server.enqueue(json(feed(notice("a", ""))));
    NoticeCenter c = center(builder().pollInterval(Duration.ofMinutes(1)));
    c.resume();
    scheduler.advance(Duration.ofMinutes(5));
    assertEquals(0, server.getRequestCount(), "resume before the first refresh starts nothing");
    refresh(c);
    scheduler.advance(Duration.ofSeconds(20));
    c.setForeground(false);
    assertTrue(c.isPaused());
    scheduler.advance(Duration.ofHours(1));
    assertEquals(1, server.getRequestCount(), "no periodic refresh in the background");
    assertEquals(0, scheduler.pending());
    assertEquals(List.of("a"), ids(refresh(c)));
    assertEquals(2, server.getRequestCount(), "asking still fetches while paused");
    assertEquals(0, scheduler.pending(), "and plans no periodic refresh");

    scheduler.advance(Duration.ofSeconds(40));
    c.setForeground(true);
    scheduler.runDue();
    assertEquals(2, server.getRequestCount(), "not due yet: the latest refresh was 40 s ago");
    scheduler.advance(Duration.ofSeconds(20));
    assertEquals(3, server.getRequestCount(), "due one interval after the latest refresh");

    c.pause();
    scheduler.advance(Duration.ofMinutes(10));
    c.resume();
    scheduler.runDue();
    assertEquals(4, server.getRequestCount(), "overdue on return: refreshes at once");
    c.resume();
    scheduler.runDue();
    assertEquals(4, server.getRequestCount(), "a second resume plans nothing twice");
    scheduler.advance(Duration.ofMinutes(1));
    assertEquals(5, server.getRequestCount());
  }

  @Test
  void resumeAfterTheClockWasSetBackRefreshesWithinOneInterval() throws Exception {
    for (int i = 0; i < 2; i++) server.enqueue(json(feed(notice("a", ""))));
    NoticeCenter c = center(builder().pollInterval(Duration.ofMinutes(1)));
    refresh(c);
    c.setForeground(false);
    clock.set(T0.minus(Duration.ofDays(1)));
    c.setForeground(true);
    scheduler.runDue();
    assertEquals(clock.instant().plus(Duration.ofMinutes(1)), scheduler.nextDue(),
        "one interval, not one interval plus the jump back");
    scheduler.advance(Duration.ofMinutes(1));
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void aFeedAskingToWaitLongerThanThePollIntervalIsWaitedFor() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "600"));
    server.enqueue(json(feed(notice("a", ""))));
    NoticeCenter c = center(builder().pollInterval(Duration.ofMinutes(1)));
    assertThrows(ExecutionException.class, () -> refresh(c));
    assertEquals(clock.instant().plus(Duration.ofMinutes(10)), scheduler.nextDue(), "polled again before Retry-After");

    scheduler.advance(Duration.ofMinutes(10));
    assertEquals(2, server.getRequestCount());
    assertEquals(List.of("a"), ids(c.notices()));
    assertEquals(clock.instant().plus(Duration.ofMinutes(1)), scheduler.nextDue(), "the interval again once it answers");
  }

  @Test
  void resumingDoesNotCutShortTheWaitAFeedAskedFor() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "600"));
    server.enqueue(json(feed(notice("a", ""))));
    NoticeCenter c = center(builder().pollInterval(Duration.ofMinutes(1)));
    assertThrows(ExecutionException.class, () -> refresh(c));
    Instant askedUntil = clock.instant().plus(Duration.ofMinutes(10));

    c.setForeground(false);
    scheduler.advance(Duration.ofMinutes(3));
    c.setForeground(true);
    scheduler.runDue();
    assertEquals(1, server.getRequestCount(), "back in the foreground, the feed's 10 minutes still hold");
    assertEquals(askedUntil, scheduler.nextDue());

    scheduler.advance(Duration.ofMinutes(7));
    assertEquals(2, server.getRequestCount());
    assertEquals(clock.instant().plus(Duration.ofMinutes(1)), scheduler.nextDue(), "the interval again once it answers");
  }

  @Test
  void dismissedNoticesAreNotListedAndStayDismissedAfterRestart() throws Exception {
    String body = feed(notice("a", ""), notice("b", ""), notice("later", ""));
    server.enqueue(json(feed(notice("a", ""), notice("b", ""))));
    server.enqueue(json(body));
    NoticeCenter first = center(builder());
    refresh(first);
    first.dismiss("a");
    first.dismiss("later");
    assertEquals(List.of("b"), ids(first.notices()), "hidden at once, before the store is written");
    scheduler.runDue();
    first.close();
    events.drain();

    NoticeCenter second = center(builder());
    assertEquals(List.of("b"), ids(refresh(second)));
    assertEquals(List.of(), events.drain(), "a notice dismissed before it arrived is never delivered");
  }

  @Test
  void truncatedStoreIsTreatedAsEmptyWithoutBotheringTheHost() throws Exception {
    Path storeDir = Files.createDirectories(dir.resolve("notices"));
    Path file = storeDir.resolve("notices-state.json");
    Files.write(file, "{\"version\":1,\"notices\":[{\"id\":\"a\",\"seenAt\":\"2026-11-2".getBytes(StandardCharsets.UTF_8));
    server.enqueue(json(feed(notice("a", ""))));
    NoticeCenter c = center(builder());
    assertEquals(List.of("a"), ids(assertDoesNotThrow(() -> refresh(c))));
    assertEquals(List.of("notice a"), events.drain(), "forgotten state means the notice is shown once more");
    assertTrue(Files.exists(storeDir.resolve("notices-state.json.corrupt")));
    assertTrue(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).contains("\"a\""), "a fresh store was written");
  }

  @Test
  void aTempFileLeftByAWriteKilledBeforeItsRenameIsRemovedAtStartUp() throws Exception {
    Path storeDir = Files.createDirectories(dir.resolve("notices"));
    Path leftover = storeDir.resolve("notices-state.json.55501.tmp");
    Files.write(leftover, "{\"version\":1,\"noti".getBytes(StandardCharsets.UTF_8));
    server.enqueue(json(feed(notice("a", ""))));
    NoticeCenter c = center(builder());
    assertEquals(List.of("a"), ids(refresh(c)));
    assertTrue(!Files.exists(leftover), "each crash would otherwise leave one more file behind");
    assertTrue(Files.exists(storeDir.resolve("notices-state.json")));
  }

  @Test
  void clockSkewAndFarFutureDatesNeverThrow() throws Exception {
    server.enqueue(json(feed(
        notice("ended-before-start", "\"startsAt\":\"2026-11-24T10:00:00Z\",\"endsAt\":\"2026-11-24T09:00:00Z\""),
        notice("skewed-upcoming", "\"startsAt\":\"2026-11-24T13:00:00Z\",\"endsAt\":\"2026-11-24T11:00:00Z\""),
        notice("year-9999-start", "\"type\":\"maintenance\",\"startsAt\":\"9999-12-31T23:59:59Z\""),
        notice("year-9999-end", "\"endsAt\":\"9999-12-31T23:59:59Z\""))));
    NoticeCenter c = center(builder());
    List<Notice> listed = refresh(c);
    assertEquals(List.of("year-9999-end", "skewed-upcoming", "year-9999-start"), ids(listed));
    assertEquals(Notice.Phase.UPCOMING, listed.get(2).phase(clock.instant()));
    assertEquals(Notice.Phase.ACTIVE, listed.get(0).phase(clock.instant()));
    assertNotNull(scheduler.nextDue(), "the reminder timer is armed, capped rather than overflowing");
    assertTrue(scheduler.nextDue().isBefore(T0.plus(Duration.ofDays(1))));

    scheduler.advance(Duration.ofHours(2));
    assertEquals(List.of("year-9999-end", "year-9999-start"), ids(c.notices()),
        "a notice whose end precedes its start is never active");
  }

  @Test
  void malformedFeedFailsClearlyAndKeepsTheLastGoodNotices() throws Exception {
    server.enqueue(json(feed(notice("good", ""))));
    server.enqueue(json(feed(notice("x", ""), notice("y", "\"startsAt\":\"next tuesday\""))));
    server.enqueue(json("[1,2,3]"));
    NoticeCenter c = center(builder());
    refresh(c);

    ExecutionException e = assertThrows(ExecutionException.class, () -> refresh(c));
    IOException cause = (IOException) e.getCause();
    assertTrue(cause.getMessage().contains(server.url("/v1/notices").toString()), cause.getMessage());
    assertTrue(cause.getMessage().contains("$.notices[1].startsAt") && cause.getMessage().contains("next tuesday"),
        cause.getMessage());
    assertEquals(List.of("good"), ids(c.notices()));

    e = assertThrows(ExecutionException.class, () -> refresh(c));
    assertTrue(e.getCause().getMessage().contains("expected an object but was BEGIN_ARRAY at path $"), e.getCause().getMessage());
    assertEquals(List.of("good"), ids(c.notices()));
  }

  @Test
  void maintenanceReminderFiresOnceWhenTheWindowStarts() throws Exception {
    String body = feed(notice("mw", "\"type\":\"maintenance\",\"severity\":\"warning\","
        + "\"startsAt\":\"2026-11-24T13:00:00Z\",\"endsAt\":\"2026-11-24T15:00:00Z\""));
    server.enqueue(json(body));
    server.enqueue(json(body));
    server.enqueue(json(body));
    NoticeCenter c = center(builder());
    refresh(c);
    assertEquals(List.of("notice mw"), events.drain());
    assertEquals(T0.plus(Duration.ofHours(1)), scheduler.nextDue());

    scheduler.advance(Duration.ofMinutes(59));
    assertEquals(List.of(), events.drain());
    scheduler.advance(Duration.ofMinutes(1));
    assertEquals(List.of("started mw"), events.drain());
    assertEquals(Notice.Phase.ACTIVE, c.notices().get(0).phase(clock.instant()));

    refresh(c);
    assertEquals(List.of(), events.drain(), "not repeated on refresh");
    c.close();
    refresh(center(builder()));
    assertEquals(List.of(), events.drain(), "not repeated after a restart");

    clock.advance(Duration.ofHours(2));
    assertTrue(centers.get(1).notices().isEmpty(), "ended");
  }

  @Test
  void maintenanceFirstSeenWhileRunningIsAnnouncedWithoutAReminder() throws Exception {
    server.enqueue(json(feed(notice("mw", "\"type\":\"maintenance\",\"startsAt\":\"2026-11-24T11:00:00Z\","
        + "\"endsAt\":\"2026-11-24T14:00:00Z\""))));
    refresh(center(builder()));
    assertEquals(List.of("notice mw"), events.drain());
  }

  @Test
  void statusMaintenancesBecomeMaintenanceNotices() throws Exception {
    Maintenance upcoming = new Maintenance("m1", "Payments database upgrade", Maintenance.Status.SCHEDULED,
        T0.plus(Duration.ofDays(3)), T0.plus(Duration.ofDays(3)).plus(Duration.ofHours(2)), List.of("Payments"),
        "Card payments <b>may</b> be declined.", null, "https://stspg.io/m1");
    Maintenance early = new Maintenance("m2", "Early start", Maintenance.Status.IN_PROGRESS,
        T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2)), List.of(), null, null, null);
    Maintenance done = new Maintenance("m3", "Done", Maintenance.Status.COMPLETED, T0.minus(Duration.ofHours(3)),
        T0.minus(Duration.ofHours(1)), List.of(), null, null, null);
    AtomicReference<StatusSnapshot> snapshot = new AtomicReference<>();
    NoticeCenter c = center(NoticeCenter.builder()
        .addSource(NoticeSource.fromStatus(snapshot::get))
        .clock(clock).scheduler(scheduler).listenerExecutor(Runnable::run));
    assertTrue(refresh(c).isEmpty(), "no snapshot yet is not an error");

    snapshot.set(new StatusSnapshot(Indicator.MAINTENANCE, "Service Under Maintenance", List.of(), List.of(),
        List.of(upcoming, early, done), T0, false));
    List<Notice> listed = refresh(c);
    assertEquals(List.of("status-maintenance:m2", "status-maintenance:m1"), ids(listed));
    Notice n = listed.get(1);
    assertEquals(Notice.Type.MAINTENANCE, n.type());
    assertEquals(Notice.Severity.WARNING, n.severity());
    assertEquals("Payments database upgrade", n.title());
    assertEquals("Card payments may be declined.", n.plainText());
    assertEquals(upcoming.scheduledFor(), n.startsAt());
    assertEquals("https://stspg.io/m1", n.url());
    assertEquals(Notice.Phase.ACTIVE, listed.get(0).phase(T0), "a window running early is active");
  }

  @Test
  void sourcesAreMergedFirstSourceWinsAndMostSevereComesFirst() throws Exception {
    MockWebServer cdn = new MockWebServer();
    cdn.start();
    try {
      server.enqueue(json(feed(notice("shared", "\"title\":\"From the desk\""), notice("desk-only", ""))));
      cdn.enqueue(json(feed(notice("shared", "\"title\":\"From the CDN\""),
          notice("outage", "\"severity\":\"critical\""), notice("heads-up", "\"severity\":\"warning\""))));
      NoticeCenter c = center(builder().addSource(NoticeSource.staticFeed(cdn.url("/feeds/notices.json").toString(), http)));
      List<Notice> listed = refresh(c);
      assertEquals(List.of("outage", "heads-up", "desk-only", "shared"), ids(listed));
      assertEquals("From the desk", listed.get(3).title());
      assertEquals("/feeds/notices.json", cdn.takeRequest(10, TimeUnit.SECONDS).getPath());
    } finally {
      cdn.shutdown();
    }
  }

  @Test
  void notModifiedFeedKeepsItsNotices() throws Exception {
    server.enqueue(json(feed(notice("a", ""))).setHeader("ETag", "\"n-1\""));
    server.enqueue(new MockResponse().setResponseCode(304));
    NoticeCenter c = center(builder());
    refresh(c);
    server.takeRequest(10, TimeUnit.SECONDS);
    assertEquals(List.of("a"), ids(refresh(c)));
    assertEquals("\"n-1\"", server.takeRequest(10, TimeUnit.SECONDS).getHeader("If-None-Match"));
  }

  @Test
  void unknownTypesAreSkippedAndUnknownSeverityIsInfo() throws Exception {
    server.enqueue(json(feed(notice("survey", "\"type\":\"survey\""), notice("odd", "\"severity\":\"apocalyptic\""))));
    List<Notice> listed = refresh(center(builder()));
    assertEquals(List.of("odd"), ids(listed));
    assertEquals(Notice.Severity.INFO, listed.get(0).severity());
  }

  @Test
  void failingSourceDoesNotHideTheOthers() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(500));
    NoticeCenter c = center(builder().addSource(() -> List.of(Notice.builder("local", Notice.Type.ANNOUNCEMENT, "Hi").build())));
    ExecutionException e = assertThrows(ExecutionException.class, () -> refresh(c));
    assertTrue(e.getCause().getMessage().contains("HTTP 500"), e.getCause().getMessage());
    assertEquals(List.of("local"), ids(c.notices()));
    assertEquals(List.of("notice local"), events.drain());
  }

  @Test
  void aSourceReturningNullOrANullNoticeIsAFailedFetchAndPollingGoesOn() throws Exception {
    Notice hi = Notice.builder("hi", Notice.Type.ANNOUNCEMENT, "Hi").build();
    List<List<Notice>> answers = new ArrayList<>(List.of(List.of(hi), java.util.Arrays.asList(hi, null)));
    answers.add(null);
    NoticeSource broken = new NoticeSource() {
      @Override public List<Notice> fetch() {
        return answers.remove(0);
      }

      @Override public String toString() {
        return "BrokenSource";
      }
    };
    NoticeCenter c = center(NoticeCenter.builder().addSource(broken).clock(clock).scheduler(scheduler)
        .listenerExecutor(Runnable::run).pollInterval(Duration.ofMinutes(1)));
    assertEquals(List.of("hi"), ids(refresh(c)));

    ExecutionException e = assertThrows(ExecutionException.class, () -> refresh(c));
    assertTrue(e.getCause() instanceof IOException, e.toString());
    assertEquals("notice source BrokenSource returned a null notice at index 1", e.getCause().getMessage());
    assertEquals(List.of("hi"), ids(c.notices()), "the last good notices still apply");
    assertNotNull(scheduler.nextDue(), "periodic refreshes go on");

    ExecutionException nullList = assertThrows(ExecutionException.class, () -> refresh(c));
    assertEquals("notice source BrokenSource returned null instead of a list", nullList.getCause().getMessage());
    assertEquals(List.of("notice hi"), events.drain());
  }

  @Test
  void defaultThreadsFetchAndDeliver() throws Exception {
    server.enqueue(json(feed(notice("a", ""))));
    NoticeCenter c = NoticeCenter.builder()
        .addSource(NoticeSource.supportApi(server.url("/").toString(), http))
        .storeDirectory(dir.resolve("real"))
        .build();
    centers.add(c);
    java.util.concurrent.CountDownLatch delivered = new java.util.concurrent.CountDownLatch(1);
    c.addListener(new NoticeCenter.Listener() {
      @Override public void onNotice(Notice notice) {
        delivered.countDown();
      }
    });
    assertEquals(List.of("a"), ids(c.refresh().get(10, TimeUnit.SECONDS)));
    assertTrue(delivered.await(10, TimeUnit.SECONDS));
    assertTrue(Files.exists(dir.resolve("real").resolve("notices-state.json")));
  }

  @Test
  void refreshesOutlastingCloseStillComplete() throws Exception {
    java.util.concurrent.CountDownLatch fetching = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    NoticeSource slow = () -> {
      fetching.countDown();
      try {
        release.await(); // a fetch slower than close() waits for
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return List.of();
    };
    NoticeCenter c = NoticeCenter.builder().addSource(slow).build(); // its own worker and callback threads
    centers.add(c);
    CompletableFuture<List<Notice>> running = c.refresh();
    assertTrue(fetching.await(10, TimeUnit.SECONDS), "first refresh is fetching");
    CompletableFuture<List<Notice>> queued = c.refresh();

    c.close();
    release.countDown();

    ExecutionException q = assertThrows(ExecutionException.class, () -> queued.get(10, TimeUnit.SECONDS));
    assertTrue(q.getCause() instanceof IllegalStateException, q.getCause().toString());
    assertDoesNotThrow(() -> running.handle((notices, error) -> null).get(10, TimeUnit.SECONDS),
        "the refresh that was fetching completes too");
  }

  @Test
  void noIoBeforeRefreshAndBuilderNeedsASource() {
    NoticeCenter c = center(builder());
    assertTrue(c.notices().isEmpty());
    assertEquals(0, server.getRequestCount());
    assertTrue(!Files.exists(dir.resolve("notices")));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> NoticeCenter.builder().build());
    assertTrue(e.getMessage().contains("addSource"), e.getMessage());
  }
}
