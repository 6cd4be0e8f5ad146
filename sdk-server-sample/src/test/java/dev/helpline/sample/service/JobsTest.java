package dev.helpline.sample.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class JobsTest {
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
  void anUnreadableStatusFeedDoesNotStopJobs() {
    AtomicInteger ran = new AtomicInteger();
    MaintenanceWindows broken = component -> {
      throw new IOException("status page down");
    };
    Jobs jobs = new Jobs(broken, reporter);
    assertEquals(Jobs.Outcome.RAN, jobs.run("report", "Reports", false, ran::incrementAndGet));
    assertEquals(1, ran.get());
  }

  @Test
  void onlyNonCriticalJobsAreDeferred() {
    AtomicInteger ran = new AtomicInteger();
    Jobs jobs = new Jobs(component -> component.equals("Reports") ? "maintenance 'upgrade'" : null,
        reporter);
    assertEquals(Jobs.Outcome.DEFERRED, jobs.run("report", "Reports", false, ran::incrementAndGet));
    assertEquals(Jobs.Outcome.RAN, jobs.run("billing", "Reports", true, ran::incrementAndGet));
    assertEquals(Jobs.Outcome.RAN, jobs.run("report", "Search", false, ran::incrementAndGet));
    assertEquals(2, ran.get());
  }
}
