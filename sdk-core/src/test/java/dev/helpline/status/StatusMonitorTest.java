package dev.helpline.status;

import dev.helpline.status.StatusSnapshot.Indicator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.TicketDraft;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
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
class StatusMonitorTest {
  private static final Duration MINUTE = Duration.ofSeconds(60);

  private final OkHttpClient http = new OkHttpClient.Builder().callTimeout(10, TimeUnit.SECONDS).build();
  private final TestClock clock = new TestClock(Instant.parse("2026-11-24T15:00:00Z"));
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final Recorder events = new Recorder();
  private final List<StatusMonitor> monitors = new ArrayList<>();
  private MockWebServer server;
  @TempDir Path dir;

  @BeforeEach
  void startServer() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    monitors.forEach(StatusMonitor::close);
    server.shutdown();
  }

  /** Records listener calls as short strings. */
  static final class Recorder implements StatusMonitor.Listener {
    final List<String> calls = new ArrayList<>();
    final List<StatusSnapshot> snapshots = new ArrayList<>();

    List<String> drain() {
      List<String> copy = new ArrayList<>(calls);
      calls.clear();
      return copy;
    }

    @Override public void onSnapshot(StatusSnapshot s) {
      snapshots.add(s);
      calls.add(s.stale() ? "snapshot(stale)" : "snapshot");
    }
    @Override public void onIndicatorChanged(Indicator previous, Indicator current) {
      calls.add("indicator " + previous + "->" + current);
    }
    @Override public void onComponentChanged(Component previous, Component current) {
      calls.add("component " + current.name() + " " + previous.status() + "->" + current.status());
    }
    @Override public void onIncidentOpened(Incident i) { calls.add("opened " + i.id()); }
    @Override public void onIncidentUpdated(Incident previous, Incident current) {
      calls.add("updated " + current.id() + " " + previous.status() + "->" + current.status());
    }
    @Override public void onIncidentResolved(Incident i) { calls.add("resolved " + i.id()); }
    @Override public void onMaintenanceScheduled(Maintenance m) { calls.add("scheduled " + m.id()); }
    @Override public void onMaintenanceStarted(Maintenance m) { calls.add("started " + m.id()); }
    @Override public void onMaintenanceCompleted(Maintenance m) { calls.add("completed " + m.id()); }
    @Override public void onFetchFailed(IOException error, int consecutiveFailures) {
      calls.add("failed " + consecutiveFailures);
    }
  }

  private StatusMonitor.Builder builder() {
    return StatusMonitor.builder(StatusSource.statuspage(server.url("/").toString(), http))
        .cacheDirectory(dir.resolve("status"))
        .clock(clock)
        .scheduler(scheduler)
        .listenerExecutor(Runnable::run);
  }

  private StatusMonitor monitor(StatusMonitor.Builder b) {
    StatusMonitor m = b.build();
    monitors.add(m);
    m.addListener(events);
    return m;
  }

  private RecordedRequest taken() throws InterruptedException {
    RecordedRequest r = server.takeRequest(10, TimeUnit.SECONDS);
    assertNotNull(r, "no request reached the server");
    return r;
  }

  @Test
  void defaultThreadsPollAndCallBackOffTheCallersThread() throws Exception {
    server.enqueue(Payloads.json("degraded.json"));
    StatusMonitor m = StatusMonitor.builder(StatusSource.statuspage(server.url("/").toString(), http))
        .cacheDirectory(dir.resolve("status"))
        .build();
    monitors.add(m);
    java.util.concurrent.CountDownLatch called = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicReference<String> thread = new java.util.concurrent.atomic.AtomicReference<>();
    m.addListener(new StatusMonitor.Listener() {
      @Override public void onSnapshot(StatusSnapshot snapshot) {
        thread.set(Thread.currentThread().getName());
        called.countDown();
      }
    });
    m.start();
    assertTrue(called.await(10, TimeUnit.SECONDS), "listener called");
    assertTrue(thread.get().startsWith("helpline-status-callback"), thread.get());
    assertEquals(Indicator.MINOR, m.current().indicator());
    m.close();
    assertTrue(m.refresh().isCompletedExceptionally());
  }

  @Test
  void intervalBelowThirtySecondsIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> builder().interval(Duration.ofSeconds(29)));
    assertTrue(e.getMessage().contains("interval") && e.getMessage().contains("30") && e.getMessage().contains("PT29S"),
        e.getMessage());
    builder().interval(Duration.ofSeconds(30));
  }

  @Test
  void constructorAndStartDoNoIoOnTheCallersThread() {
    StatusMonitor m = monitor(builder());
    m.start();
    assertNull(m.current());
    assertFalse(Files.exists(dir.resolve("status")), "cache directory is created lazily on the poll thread");
    assertEquals(0, server.getRequestCount());
    assertEquals(1, scheduler.pending(), "first poll is queued on the scheduler");
  }

  @Test
  void firstPollFetchesAndCachesWithoutChangeEvents() throws Exception {
    server.enqueue(Payloads.json("degraded.json"));
    StatusMonitor m = monitor(builder());
    m.start();
    scheduler.runDue();
    StatusSnapshot s = m.current();
    assertNotNull(s);
    assertEquals(Indicator.MINOR, s.indicator());
    assertEquals(clock.instant(), s.fetchedAt());
    assertFalse(s.stale());
    assertEquals(List.of("snapshot"), events.drain(), "no diff against nothing");
    assertTrue(Files.exists(dir.resolve("status").resolve(StatusMonitor.CACHE_FILE)));
    assertEquals(clock.instant().plus(MINUTE), scheduler.nextDue());
  }

  @Test
  void notModifiedKeepsTheSnapshotAndRefreshesFetchedAt() throws Exception {
    server.enqueue(Payloads.json("degraded.json", "\"rev-7\"").setHeader("Last-Modified", "Tue, 24 Nov 2026 14:59:00 GMT"));
    server.enqueue(new MockResponse().setResponseCode(304).setHeader("ETag", "\"rev-7\""));
    StatusMonitor m = monitor(builder());
    m.start();
    scheduler.runDue();
    StatusSnapshot first = m.current();
    assertNull(taken().getHeader("If-None-Match"), "first fetch is unconditional");

    scheduler.advance(MINUTE);
    RecordedRequest second = taken();
    assertEquals("\"rev-7\"", second.getHeader("If-None-Match"));
    assertEquals("Tue, 24 Nov 2026 14:59:00 GMT", second.getHeader("If-Modified-Since"));
    StatusSnapshot now = m.current();
    assertTrue(now.sameContent(first));
    assertEquals(first.fetchedAt().plus(MINUTE), now.fetchedAt());
    assertFalse(now.stale());
    assertEquals(List.of("snapshot", "snapshot"), events.drain(), "a 304 confirms, it changes nothing");
  }

  @Test
  void eventsForEveryTransition() throws Exception {
    String[] sequence = {"operational.json", "maintenance-scheduled.json", "degraded.json", "major-outage.json",
        "incident-resolved.json", "maintenance-active.json", "operational.json"};
    for (String name : sequence) server.enqueue(Payloads.json(name));
    StatusMonitor m = monitor(builder());
    m.start();
    scheduler.runDue();
    assertEquals(List.of("snapshot"), events.drain());

    scheduler.advance(MINUTE);
    assertEquals(List.of("snapshot", "scheduled mnt_db_upgrade"), events.drain());

    scheduler.advance(MINUTE);
    assertEquals(List.of("snapshot", "indicator NONE->MINOR", "component API OPERATIONAL->DEGRADED_PERFORMANCE",
        "opened inc_api_errors"), events.drain());

    scheduler.advance(MINUTE);
    assertEquals(List.of("snapshot", "indicator MINOR->MAJOR", "component API DEGRADED_PERFORMANCE->MAJOR_OUTAGE",
        "component Web App OPERATIONAL->PARTIAL_OUTAGE", "updated inc_api_errors INVESTIGATING->IDENTIFIED"),
        events.drain());

    scheduler.advance(MINUTE);
    assertEquals(List.of("snapshot", "indicator MAJOR->NONE", "component API MAJOR_OUTAGE->OPERATIONAL",
        "component Web App PARTIAL_OUTAGE->OPERATIONAL", "resolved inc_api_errors"), events.drain());

    scheduler.advance(MINUTE);
    assertEquals(List.of("snapshot", "indicator NONE->MAINTENANCE", "component Payments OPERATIONAL->UNDER_MAINTENANCE",
        "started mnt_db_upgrade"), events.drain(), "a resolved incident leaving the list is not resolved twice");

    scheduler.advance(MINUTE);
    assertEquals(List.of("snapshot", "indicator MAINTENANCE->NONE", "component Payments UNDER_MAINTENANCE->OPERATIONAL",
        "completed mnt_db_upgrade"), events.drain());
  }

  @Test
  void anIdRepeatedInTheFeedIsOneEntryAndFiresNoEventOnLaterPolls() throws Exception {
    // The API component comes twice with different statuses; the first copy is the one kept.
    String repeated = "{\"status\":{\"indicator\":\"minor\",\"description\":\"Minor\"},"
        + "\"components\":[" + component("operational") + "," + component("major_outage") + "],"
        + "\"incidents\":[" + incident() + "," + incident() + "],"
        + "\"scheduled_maintenances\":[" + maintenance() + "," + maintenance() + "]}";
    server.enqueue(new MockResponse().setBody("{\"status\":{\"indicator\":\"minor\"},\"components\":["
        + component("operational") + "]}"));
    for (int i = 0; i < 3; i++) server.enqueue(new MockResponse().setBody(repeated));
    StatusMonitor m = monitor(builder());
    m.start();
    scheduler.runDue();
    assertEquals(List.of("snapshot"), events.drain());

    scheduler.advance(MINUTE);
    assertEquals(List.of("snapshot", "opened inc_dup", "scheduled mnt_dup"), events.drain());
    scheduler.advance(MINUTE);
    scheduler.advance(MINUTE);
    assertEquals(List.of("snapshot", "snapshot"), events.drain(), "a repeated id is not new on every poll");
    StatusSnapshot now = m.current();
    assertEquals(1, now.components().size());
    assertEquals(Component.Status.OPERATIONAL, now.components().get(0).status());
    assertEquals(1, now.incidents().size());
    assertEquals(1, now.maintenances().size());
  }

  private static String component(String status) {
    return "{\"id\":\"cmp_api\",\"name\":\"API\",\"status\":\"" + status + "\"}";
  }

  private static String incident() {
    return "{\"id\":\"inc_dup\",\"name\":\"Login failures\",\"status\":\"investigating\",\"impact\":\"minor\"}";
  }

  private static String maintenance() {
    return "{\"id\":\"mnt_dup\",\"name\":\"Database upgrade\",\"status\":\"scheduled\","
        + "\"scheduled_for\":\"2026-11-30T02:00:00Z\",\"scheduled_until\":\"2026-11-30T04:00:00Z\"}";
  }

  @Test
  void incidentLeavingTheUnresolvedListCountsAsResolved() throws Exception {
    server.enqueue(Payloads.json("degraded.json"));
    server.enqueue(Payloads.json("operational.json"));
    StatusMonitor m = monitor(builder());
    m.start();
    scheduler.runDue();
    events.drain();
    scheduler.advance(MINUTE);
    List<String> calls = events.drain();
    assertTrue(calls.contains("resolved inc_api_errors"), calls.toString());
    assertTrue(calls.contains("completed mnt_db_upgrade"), calls.toString());
  }

  @Test
  void newMonitorOnTheSameDirectoryServesTheCacheWhenOffline() throws Exception {
    server.enqueue(Payloads.json("major-outage.json", "\"abc\""));
    StatusMonitor first = monitor(builder());
    first.start();
    scheduler.runDue();
    StatusSnapshot online = first.current();
    first.close();
    server.shutdown();

    clock.advance(Duration.ofHours(2));
    events.drain();
    StatusMonitor second = monitor(builder());
    second.start();
    scheduler.runDue();
    StatusSnapshot offline = second.current();
    assertNotNull(offline);
    assertTrue(offline.stale());
    assertTrue(offline.sameContent(online), "the cache round-trips every field");
    assertEquals(online.fetchedAt(), offline.fetchedAt());
    assertEquals(Duration.ofHours(2), offline.age(clock));
    assertEquals(List.of("snapshot(stale)", "failed 1"), events.drain());
    assertEquals(1, second.matchIncidents(TicketDraft.builder().subject("x").category("API").build()).size(),
        "deflection works offline from the cache");
  }

  @Test
  void aCacheWrittenForAnotherStatusPageIsNotServedOrComparedWith() throws Exception {
    server.enqueue(Payloads.json("major-outage.json", "\"abc\""));
    StatusMonitor first = monitor(builder());
    first.start();
    scheduler.runDue();
    taken();
    first.close();
    events.drain();

    // The app now points at another page (a new URL in its configuration), on the same directory.
    try (MockWebServer other = new MockWebServer()) {
      other.enqueue(new MockResponse().setResponseCode(503));
      other.enqueue(Payloads.json("operational.json"));
      StatusMonitor second = monitor(StatusMonitor.builder(StatusSource.statuspage(other.url("/other/").toString(), http))
          .cacheDirectory(dir.resolve("status")).clock(clock).scheduler(scheduler).listenerExecutor(Runnable::run));
      second.start();
      scheduler.runDue();
      assertNull(second.current(), "the other page's incidents are not shown as this one's");
      assertNull(other.takeRequest(10, TimeUnit.SECONDS).getHeader("If-None-Match"), "no validators of another URL");
      clock.advance(Duration.ofMinutes(2));
      scheduler.runDue();
      assertEquals(Indicator.NONE, second.current().indicator());
      assertEquals(List.of("failed 1", "snapshot"), events.drain(), "no events against another page's snapshot");
    }
  }

  @Test
  void cachedValidatorsAreSentAfterRestart() throws Exception {
    server.enqueue(Payloads.json("operational.json", "\"etag-1\""));
    StatusMonitor first = monitor(builder());
    first.start();
    scheduler.runDue();
    taken();
    first.close();

    server.enqueue(new MockResponse().setResponseCode(304));
    StatusMonitor second = monitor(builder());
    second.start();
    scheduler.runDue();
    assertEquals("\"etag-1\"", taken().getHeader("If-None-Match"));
    assertFalse(second.current().stale(), "a 304 confirms the cached snapshot");
  }

  @Test
  void corruptCacheIsSetAsideAndIgnored() throws Exception {
    Path cacheDir = Files.createDirectories(dir.resolve("status"));
    Files.write(cacheDir.resolve(StatusMonitor.CACHE_FILE), "{\"status\":{\"indicator\":\"no".getBytes(StandardCharsets.UTF_8));
    server.enqueue(Payloads.json("operational.json"));
    StatusMonitor m = monitor(builder());
    m.start();
    scheduler.runDue();
    assertNull(taken().getHeader("If-None-Match"));
    assertEquals(Indicator.NONE, m.current().indicator());
    assertTrue(Files.exists(cacheDir.resolve(StatusMonitor.CACHE_FILE + ".corrupt")));
  }

  @Test
  void aTempFileLeftByAWriteKilledBeforeItsRenameIsRemovedAtStartUp() throws Exception {
    Path cacheDir = Files.createDirectories(dir.resolve("status"));
    Path leftover = cacheDir.resolve(StatusMonitor.CACHE_FILE + ".8127364.tmp");
    Files.write(leftover, "{\"status\":{\"indi".getBytes(StandardCharsets.UTF_8));
    Path corrupt = Files.write(cacheDir.resolve(StatusMonitor.CACHE_FILE + ".corrupt"), new byte[] {1});
    server.enqueue(Payloads.json("operational.json"));
    StatusMonitor m = monitor(builder());
    m.start();
    scheduler.runDue();
    assertEquals(Indicator.NONE, m.current().indicator());
    assertFalse(Files.exists(leftover), "each crash would otherwise leave one more file behind");
    assertTrue(Files.exists(corrupt), "a set-aside file is kept for inspection");
  }

  @Test
  void errorsBackOffExponentiallyUpToTheCapThenRecover() throws Exception {
    for (int i = 0; i < 5; i++) server.enqueue(new MockResponse().setResponseCode(500));
    server.enqueue(Payloads.json("operational.json"));
    StatusMonitor m = monitor(builder().maxBackoff(Duration.ofMinutes(10)));
    m.start();
    scheduler.runDue();
    assertEquals(1, server.getRequestCount());
    assertEquals(clock.instant().plus(Duration.ofMinutes(2)), scheduler.nextDue(), "1 failure: 2 x interval");

    scheduler.advance(Duration.ofSeconds(119));
    assertEquals(1, server.getRequestCount(), "no retry before the backoff elapsed");
    scheduler.advance(Duration.ofSeconds(1));
    assertEquals(2, server.getRequestCount());
    assertEquals(clock.instant().plus(Duration.ofMinutes(4)), scheduler.nextDue(), "2 failures: 4 x interval");

    scheduler.advance(Duration.ofMinutes(4));
    assertEquals(clock.instant().plus(Duration.ofMinutes(8)), scheduler.nextDue());
    scheduler.advance(Duration.ofMinutes(8));
    assertEquals(clock.instant().plus(Duration.ofMinutes(10)), scheduler.nextDue(), "capped");
    scheduler.advance(Duration.ofMinutes(10));
    assertEquals(5, server.getRequestCount());
    assertEquals(clock.instant().plus(Duration.ofMinutes(10)), scheduler.nextDue());

    scheduler.advance(Duration.ofMinutes(10));
    assertEquals(6, server.getRequestCount());
    assertEquals(Indicator.NONE, m.current().indicator());
    assertEquals(clock.instant().plus(MINUTE), scheduler.nextDue(), "success resets the backoff");
    List<String> calls = events.drain();
    assertEquals(List.of("failed 1", "failed 2", "failed 3", "failed 4", "failed 5", "snapshot"), calls);
  }

  @Test
  void aServerAskingToWaitIsWaitedForUpToTheCap() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "300"));
    server.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "3600"));
    server.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "5"));
    StatusMonitor m = monitor(builder().maxBackoff(Duration.ofMinutes(10)));
    m.start();
    scheduler.runDue();
    assertEquals(clock.instant().plus(Duration.ofMinutes(5)), scheduler.nextDue(),
        "the server's 5 minutes, not the backoff's 2");

    scheduler.advance(Duration.ofMinutes(5));
    assertEquals(2, server.getRequestCount());
    assertEquals(clock.instant().plus(Duration.ofMinutes(10)), scheduler.nextDue(), "an hour, capped at maxBackoff");

    scheduler.advance(Duration.ofMinutes(10));
    assertEquals(3, server.getRequestCount());
    assertEquals(clock.instant().plus(Duration.ofMinutes(8)), scheduler.nextDue(), "a shorter wait keeps the backoff");
  }

  @Test
  void failedFetchMarksTheSnapshotStaleAndRefreshFailsWithTheError() throws Exception {
    server.enqueue(Payloads.json("operational.json"));
    server.enqueue(new MockResponse().setResponseCode(502));
    StatusMonitor m = monitor(builder());
    m.start();
    scheduler.runDue();
    StatusSnapshot good = m.current();

    CompletableFuture<StatusSnapshot> refresh = m.refresh();
    scheduler.runDue();
    ExecutionException e = assertThrows(ExecutionException.class, () -> refresh.get(10, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof IOException && e.getCause().getMessage().contains("HTTP 502"), e.toString());
    assertTrue(m.current().stale());
    assertTrue(m.current().sameContent(good));
  }

  @Test
  void malformedSummaryKeepsTheLastGoodSnapshot() throws Exception {
    server.enqueue(Payloads.json("degraded.json"));
    server.enqueue(Payloads.json("malformed-component-name.json"));
    StatusMonitor m = monitor(builder());
    m.start();
    scheduler.runDue();
    StatusSnapshot good = m.current();
    events.drain();

    CompletableFuture<StatusSnapshot> refresh = m.refresh();
    scheduler.runDue();
    ExecutionException e = assertThrows(ExecutionException.class, () -> refresh.get(10, TimeUnit.SECONDS));
    assertTrue(e.getCause().getMessage().contains("$.components[2].name"), e.getCause().getMessage());
    assertTrue(m.current().sameContent(good));
    assertTrue(m.current().stale());
    assertEquals(List.of("failed 1"), events.drain(), "no change events from a rejected document");
  }

  @Test
  void aSourceReturningNullIsAFailedFetchAndPollingGoesOn() throws Exception {
    StatusSource broken = new StatusSource() {
      @Override public FetchResult fetch(Validators conditional) {
        return null;
      }

      @Override public String toString() {
        return "BrokenSource";
      }
    };
    StatusMonitor m = monitor(StatusMonitor.builder(broken).clock(clock).scheduler(scheduler).listenerExecutor(Runnable::run));
    m.start();
    CompletableFuture<StatusSnapshot> refresh = m.refresh();
    scheduler.runDue();
    ExecutionException e = assertThrows(ExecutionException.class, () -> refresh.get(10, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof IOException, e.toString());
    assertTrue(e.getCause().getMessage().contains("BrokenSource") && e.getCause().getMessage().contains("null"),
        e.getCause().getMessage());
    assertEquals(List.of("failed 1", "failed 2"), events.drain());
    assertNotNull(scheduler.nextDue(), "the next poll is planned with backoff");
  }

  @Test
  void refreshCompletesWithTheFreshSnapshot() throws Exception {
    server.enqueue(Payloads.json("maintenance-active.json"));
    StatusMonitor m = monitor(builder());
    CompletableFuture<StatusSnapshot> refresh = m.refresh();
    scheduler.runDue();
    StatusSnapshot s = refresh.get(10, TimeUnit.SECONDS);
    assertEquals(Indicator.MAINTENANCE, s.indicator());
    assertSame(s, m.current());
    assertNull(scheduler.nextDue(), "refresh before start() does not start periodic polling");
  }

  @Test
  void pauseStopsPollingAndResumePollsWhenDue() throws Exception {
    for (int i = 0; i < 3; i++) server.enqueue(Payloads.json("operational.json"));
    StatusMonitor m = monitor(builder());
    m.start();
    scheduler.runDue();
    assertEquals(1, server.getRequestCount());

    m.setForeground(false);
    assertTrue(m.isPaused());
    scheduler.advance(Duration.ofMinutes(30));
    assertEquals(1, server.getRequestCount(), "no polling in the background");
    assertNull(scheduler.nextDue());

    m.setForeground(true);
    scheduler.runDue();
    assertEquals(2, server.getRequestCount(), "resume polls at once when the last poll is older than the interval");
    assertEquals(clock.instant().plus(MINUTE), scheduler.nextDue());
  }

  @Test
  void resumeAfterFailuresWaitsOutTheBackoffInsteadOfOneInterval() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "600"));
    server.enqueue(Payloads.json("operational.json"));
    StatusMonitor m = monitor(builder().maxBackoff(Duration.ofMinutes(15)));
    m.start();
    scheduler.runDue();
    Instant failedAt = clock.instant();
    assertEquals(failedAt.plus(Duration.ofMinutes(10)), scheduler.nextDue(), "the server asked for 10 minutes");

    // The user leaves the app and comes back three minutes later, during the outage.
    m.setForeground(false);
    scheduler.advance(Duration.ofMinutes(3));
    m.setForeground(true);
    scheduler.runDue();
    assertEquals(1, server.getRequestCount(), "coming back to the foreground does not cut the back-off short");
    assertEquals(failedAt.plus(Duration.ofMinutes(10)), scheduler.nextDue());

    scheduler.advance(Duration.ofMinutes(7));
    assertEquals(2, server.getRequestCount());
    assertEquals(clock.instant().plus(MINUTE), scheduler.nextDue(), "after a success, one interval again");
  }

  @Test
  void resumeAfterTheClockWasSetBackPollsWithinOneInterval() throws Exception {
    for (int i = 0; i < 2; i++) server.enqueue(Payloads.json("operational.json"));
    StatusMonitor m = monitor(builder());
    m.start();
    scheduler.runDue();
    assertEquals(1, server.getRequestCount());

    m.setForeground(false);
    clock.set(clock.instant().minus(Duration.ofDays(1)));
    m.setForeground(true);
    scheduler.runDue();
    assertEquals(clock.instant().plus(MINUTE), scheduler.nextDue(), "one interval, not one interval plus the jump back");
    scheduler.advance(MINUTE);
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void refreshFetchesEvenWhilePaused() throws Exception {
    server.enqueue(Payloads.json("operational.json"));
    server.enqueue(Payloads.json("degraded.json"));
    StatusMonitor m = monitor(builder());
    m.start();
    scheduler.runDue();
    m.pause();
    CompletableFuture<StatusSnapshot> f = m.refresh();
    scheduler.runDue();
    assertEquals(Indicator.MINOR, f.get(10, TimeUnit.SECONDS).indicator());
    assertNull(scheduler.nextDue(), "still paused");
  }

  @Test
  void aThrowingListenerDoesNotStopTheOthers() throws Exception {
    server.enqueue(Payloads.json("operational.json"));
    StatusMonitor m = builder().build();
    monitors.add(m);
    m.addListener(new StatusMonitor.Listener() {
      @Override public void onSnapshot(StatusSnapshot snapshot) {
        throw new IllegalStateException("host bug");
      }
    });
    m.addListener(events);
    m.start();
    scheduler.runDue();
    assertEquals(List.of("snapshot"), events.drain());
  }

  @Test
  void closeStopsPollingAndRefreshFails() {
    StatusMonitor m = monitor(builder());
    m.start();
    m.close();
    scheduler.advance(Duration.ofMinutes(5));
    assertEquals(0, server.getRequestCount());
    assertTrue(m.refresh().isCompletedExceptionally());
    assertThrows(IllegalStateException.class, m::start);
  }

  @Test
  void refreshesQueuedOrRunningWhenClosedStillComplete() throws Exception {
    java.util.concurrent.CountDownLatch fetching = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    StatusSource slow = conditional -> {
      fetching.countDown();
      // A host source that does not give up when interrupted, like a blocking call that ignores it.
      boolean interrupted = false;
      while (true) {
        try {
          release.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) Thread.currentThread().interrupt();
      throw new IOException("gave up");
    };
    StatusMonitor m = StatusMonitor.builder(slow).build(); // its own poll and callback threads
    monitors.add(m);
    CompletableFuture<StatusSnapshot> running = m.refresh();
    assertTrue(fetching.await(10, TimeUnit.SECONDS), "first refresh is fetching");
    CompletableFuture<StatusSnapshot> queued = m.refresh();

    m.close();
    release.countDown();

    ExecutionException q = assertThrows(ExecutionException.class, () -> queued.get(10, TimeUnit.SECONDS));
    assertTrue(q.getCause() instanceof IllegalStateException, q.getCause().toString());
    ExecutionException r = assertThrows(ExecutionException.class, () -> running.get(10, TimeUnit.SECONDS));
    assertTrue(r.getCause() instanceof IllegalStateException || r.getCause() instanceof IOException,
        r.getCause().toString());
  }

  @Test
  void matchIncidentsByComponentNamedInCategoryOrCustomField() throws Exception {
    server.enqueue(Payloads.json("major-outage.json"));
    StatusMonitor m = monitor(builder());
    m.start();
    scheduler.runDue();

    TicketDraft byCategory = TicketDraft.builder().subject("Something is off").category("api").build();
    assertEquals("inc_api_errors", m.matchIncidents(byCategory).get(0).id());
    TicketDraft byField = TicketDraft.builder().subject("Hmm").customField("area", "Web App").build();
    assertEquals(1, m.matchIncidents(byField).size());
    TicketDraft byGroup = TicketDraft.builder().subject("Hmm").category("Core Services").build();
    assertEquals(1, m.matchIncidents(byGroup).size(), "a group name covers its components");
    TicketDraft otherComponent = TicketDraft.builder().subject("Hmm").category("Payments").build();
    assertTrue(m.matchIncidents(otherComponent).isEmpty());
  }

  @Test
  void matchIncidentsBySharedWordsIgnoringStopWordsAndCase() throws Exception {
    server.enqueue(Payloads.json("degraded.json"));
    StatusMonitor m = monitor(builder());
    m.start();
    scheduler.runDue();

    TicketDraft nameWord = TicketDraft.builder().subject("Lots of ERRORS when saving").build();
    assertEquals(1, m.matchIncidents(nameWord).size(), "one significant word of the incident name");
    TicketDraft updateWords = TicketDraft.builder().subject("Exporting my report does nothing").build();
    assertEquals(1, m.matchIncidents(updateWords).size(), "two words of the latest update (report, export)");
    TicketDraft oneUpdateWord = TicketDraft.builder().subject("My report looks odd").build();
    assertTrue(m.matchIncidents(oneUpdateWord).isEmpty(), "one shared update word is not enough");
    TicketDraft stopWords = TicketDraft.builder().subject("The app is not working, we are affected by it")
        .description("Users see an issue").build();
    assertTrue(m.matchIncidents(stopWords).isEmpty(), "stop words, boilerplate and short words do not match");
  }

  @Test
  void resolvedIncidentsAreNotMatched() throws Exception {
    server.enqueue(Payloads.json("incident-resolved.json"));
    StatusMonitor m = monitor(builder());
    m.start();
    scheduler.runDue();
    assertEquals(1, m.current().incidents().size());
    assertTrue(m.matchIncidents(TicketDraft.builder().subject("API errors").category("API").build()).isEmpty());
  }

  @Test
  void matchIncidentsIsEmptyWithoutASnapshot() {
    StatusMonitor m = monitor(builder());
    assertTrue(m.matchIncidents(TicketDraft.builder().subject("API errors").build()).isEmpty());
  }

  @Test
  void attachIncidentSetsTheIncidentCustomField() {
    Incident incident = new Incident("inc_9", "Login failures", Incident.Status.INVESTIGATING, Indicator.MAJOR, null,
        null, null, List.of(), null);
    TicketDraft draft = TicketDraft.builder().subject("Cannot log in").customField("area", "auth").build();
    TicketDraft attached = StatusMonitor.attachIncident(draft, incident);
    assertEquals("inc_9", attached.customFields().get("incident"));
    assertEquals("auth", attached.customFields().get("area"));
    assertEquals("Cannot log in", attached.subject());
    assertNull(draft.customFields().get("incident"), "the original draft is unchanged");
  }
}
