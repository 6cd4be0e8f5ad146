package dev.helpline.sample.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.sample.service.FeedMaintenanceWindows;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 1, unit = TimeUnit.MINUTES)
class JsonStatusFeedTest {
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  private static final String SUMMARY = "{\"page\":{\"name\":\"Acme Status\"},"
      + "\"status\":{\"indicator\":\"maintenance\",\"description\":\"Maintenance in progress\"},"
      + "\"components\":[{\"name\":\"Reports\",\"status\":\"operational\"},"
      + "{\"name\":\"Group\",\"status\":\"operational\",\"group\":true},"
      + "{\"name\":\"Billing\",\"status\":\"under_maintenance\"}],"
      + "\"incidents\":[],"
      + "\"scheduled_maintenances\":["
      + "{\"name\":\"Reports database upgrade\",\"status\":\"in_progress\",\"impact\":\"maintenance\","
      + "\"scheduled_for\":\"2026-11-24T11:00:00Z\",\"scheduled_until\":\"2026-11-24T13:00:00Z\","
      + "\"components\":[{\"name\":\"Reports\",\"status\":\"operational\"}]},"
      + "{\"name\":\"Network work\",\"status\":\"scheduled\",\"impact\":\"maintenance\","
      + "\"scheduled_for\":\"2026-11-25T01:00:00.000-05:00\",\"scheduled_until\":\"2026-11-25T02:00:00.000-05:00\","
      + "\"components\":[{\"name\":\"Search\"}]},"
      + "{\"name\":\"Old work\",\"status\":\"completed\",\"components\":[{\"name\":\"Search\"}]}]}";

  private final MockWebServer server = new MockWebServer();
  private final OkHttpClient http = new OkHttpClient();
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  @BeforeEach
  void setUp() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override public MockResponse dispatch(RecordedRequest request) {
        switch (request.getPath()) {
          case "/status/api/v2/summary.json":
            return new MockResponse().setBody(SUMMARY);
          case "/desk/v1/status/summary.json":
            return new MockResponse().setBody(SUMMARY);
          case "/desk/v1/notices":
            return new MockResponse().setBody("{\"notices\":[{\"id\":\"n1\",\"type\":\"announcement\","
                + "\"severity\":\"info\",\"title\":\"New app\",\"body\":\"Version 5\",\"startsAt\":null,"
                + "\"endsAt\":null},{\"id\":\"old\",\"type\":\"announcement\",\"severity\":\"info\",\"title\":\"Gone\","
                + "\"body\":\"\",\"endsAt\":\"2026-01-01T00:00:00Z\"}]}");
          case "/broken/summary.json":
            return new MockResponse().setBody("{\"status\":");
          default:
            return new MockResponse().setResponseCode(404);
        }
      }
    });
    server.start();
  }

  @AfterEach
  void tearDown() throws IOException {
    server.shutdown();
  }

  @Test
  void aStatuspagePageUrlFallsBackToTheApiPath() throws IOException {
    StatusSnapshot s = new JsonStatusFeed(http, server.url("/status"), clock).status();
    assertEquals("Acme Status", s.pageName());
    assertEquals("maintenance", s.indicator());
    assertEquals(2, s.components().size(), "groups are not components");
    assertEquals("under_maintenance", s.components().get(1).status());
    assertEquals(3, s.maintenances().size());
    assertTrue(s.source().endsWith("/status/api/v2/summary.json"), s.source());
  }

  @Test
  void aFullSummaryUrlIsUsedAsIs() throws IOException {
    StatusSnapshot s = new JsonStatusFeed(http, server.url("/status/api/v2/summary.json"), clock).status();
    assertEquals("Acme Status", s.pageName());
  }

  @Test
  void aNativeDeskAddsItsCurrentNoticesToTheMaintenances() throws IOException {
    List<Notice> notices = new JsonStatusFeed(http, server.url("/desk/"), clock).notices();
    assertEquals("n1", notices.get(0).id(), "the ended notice is left out");
    assertEquals("maintenance", notices.get(1).type());
    assertEquals("Reports database upgrade", notices.get(1).title());
    assertTrue(notices.get(1).isActiveAt(NOW));
    assertEquals("Network work", notices.get(2).title());
    assertEquals(Instant.parse("2026-11-25T06:00:00Z"), notices.get(2).startsAt());
    assertEquals(3, notices.size(), "completed maintenances are left out");
  }

  @Test
  void malformedOrMissingFeedsAreIoErrors() {
    IOException malformed = assertThrows(IOException.class,
        () -> new JsonStatusFeed(http, server.url("/broken/summary.json"), clock).status());
    assertTrue(malformed.getMessage().contains("malformed JSON"), malformed.getMessage());
    IOException missing = assertThrows(IOException.class,
        () -> new JsonStatusFeed(http, server.url("/nowhere"), clock).status());
    assertTrue(missing.getMessage().contains("HTTP 404"), missing.getMessage());
  }

  @Test
  void maintenanceWindowsComeFromMaintenancesAndComponentStatus() throws IOException {
    FeedMaintenanceWindows windows = new FeedMaintenanceWindows(
        new JsonStatusFeed(http, server.url("/status"), clock), clock, Duration.ofMinutes(1));
    String reports = windows.activeMaintenance("reports");
    assertTrue(reports != null && reports.startsWith("maintenance 'Reports database upgrade' (in_progress"), reports);
    String billing = windows.activeMaintenance("Billing");
    assertTrue(billing != null && billing.contains("under maintenance"), billing);
    assertNull(windows.activeMaintenance("Search"), "scheduled for later, not now");
    int requests = server.getRequestCount();
    windows.activeMaintenance("Search");
    assertEquals(requests, server.getRequestCount(), "the snapshot is reused within the refresh interval");
  }
}
