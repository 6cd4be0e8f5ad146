package dev.helpline.sample.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import dev.helpline.AppInfo;
import dev.helpline.Helpline;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.server.ErrorReporter;
import dev.helpline.status.Component;
import dev.helpline.status.StatusSource.FetchResult;
import dev.helpline.status.StatusSnapshot.Indicator;
import dev.helpline.status.Maintenance;
import dev.helpline.status.StatusMonitor;
import dev.helpline.status.StatusSnapshot;
import dev.helpline.status.StatusSource;
import dev.helpline.status.StatusSource.Validators;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class JobsTest {
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path data;
  private Helpline helpline;
  private ErrorReporter reporter;

  @BeforeEach
  void setUp() {
    // Nothing is reported in the tests that use it, so the desk is never called.
    helpline = Helpline.builder().app(AppInfo.of("jobs", "1"))
        .connector(SupportApiConnector.builder().baseUrl("http://127.0.0.1:9/").appKey("unused").build())
        .dataDirectory(data).build();
    reporter = ErrorReporter.builder(helpline).build();
  }

  @AfterEach
  void tearDown() {
    reporter.close();
    helpline.close();
  }

  @Test
  void theSampleServiceDefersTheReportRunsCriticalJobsAndFilesOneTicketForManyFailures() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int tickets = SampleService.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), 120);
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(1, tickets, out);
    assertTrue(out.contains("nightly-report (non-critical, Reports): DEFERRED"), out);
    assertTrue(out.contains("billing-sync (critical, Reports):      RAN"), out);
    assertTrue(out.contains("120 of 120 runs failed"), out);
    assertTrue(out.contains("Seen 119 more time(s) since the last update; 120 occurrences in total."), out);
  }

  @Test
  void anUnreadableStatusFeedDoesNotStopJobs() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    try (StatusMonitor status = monitor(conditional -> {
      throw new IOException("status page down");
    })) {
      ExecutionException failed = assertThrows(ExecutionException.class, () -> status.refresh().get(10, TimeUnit.SECONDS));
      assertEquals("status page down", failed.getCause().getMessage());
      Jobs jobs = new Jobs(status, reporter, CLOCK);
      assertEquals(Jobs.Outcome.RAN, jobs.run("report", "Reports", false, ran::incrementAndGet));
    }
    assertEquals(1, ran.get());
  }

  @Test
  void onlyNonCriticalJobsAreDeferred() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    StatusSnapshot snapshot = snapshot(List.of(new Component("c1", "Reports", Component.Status.UNDER_MAINTENANCE, null)),
        List.of());
    try (StatusMonitor status = monitor(conditional -> FetchResult.modified(snapshot, Validators.none()))) {
      status.refresh().get(10, TimeUnit.SECONDS);
      Jobs jobs = new Jobs(status, reporter, CLOCK);
      assertEquals(Jobs.Outcome.DEFERRED, jobs.run("report", "Reports", false, ran::incrementAndGet));
      assertEquals(Jobs.Outcome.RAN, jobs.run("billing", "Reports", true, ran::incrementAndGet));
      assertEquals(Jobs.Outcome.RAN, jobs.run("report", "Search", false, ran::incrementAndGet));
    }
    assertEquals(2, ran.get());
  }

  @Test
  void maintenanceWindowsComeFromMaintenancesAndComponentStatus() {
    StatusSnapshot s = snapshot(
        List.of(new Component("c1", "Reports", Component.Status.OPERATIONAL, null),
            new Component("c2", "Billing", Component.Status.UNDER_MAINTENANCE, null),
            new Component("c3", "Search", Component.Status.OPERATIONAL, null)),
        List.of(maintenance("Reports database upgrade", Maintenance.Status.IN_PROGRESS, "11:00", "13:00", "Reports"),
            maintenance("Search reindex", Maintenance.Status.SCHEDULED, "11:30", "12:30", "Search"),
            maintenance("Network work", Maintenance.Status.SCHEDULED, "13:00", "14:00", "API"),
            maintenance("Old work", Maintenance.Status.COMPLETED, "10:00", "13:00", "Archive")));
    String reports = Jobs.maintenance(s, "reports", NOW);
    assertTrue(reports != null && reports.startsWith("maintenance 'Reports database upgrade' (in_progress"), reports);
    String search = Jobs.maintenance(s, "Search", NOW);
    assertTrue(search != null && search.startsWith("maintenance 'Search reindex' (scheduled"),
        "scheduled, and now is inside its window: " + search);
    String billing = Jobs.maintenance(s, "Billing", NOW);
    assertTrue(billing != null && billing.contains("under maintenance"), billing);
    assertNull(Jobs.maintenance(s, "API", NOW), "scheduled for later, not now");
    assertNull(Jobs.maintenance(s, "Archive", NOW), "completed");
  }

  private static StatusMonitor monitor(StatusSource source) {
    return StatusMonitor.builder(source).listenerExecutor(Runnable::run).clock(CLOCK).build();
  }

  private static StatusSnapshot snapshot(List<Component> components, List<Maintenance> maintenances) {
    return new StatusSnapshot(Indicator.MAINTENANCE, "Maintenance", components, List.of(), maintenances, NOW, false);
  }

  private static Maintenance maintenance(String name, Maintenance.Status status, String from, String until,
      String component) {
    return new Maintenance(name.toLowerCase(Locale.ROOT).replace(' ', '-'), name, status,
        Instant.parse("2026-11-24T" + from + ":00Z"), Instant.parse("2026-11-24T" + until + ":00Z"), List.of(component),
        null, null, null);
  }
}
