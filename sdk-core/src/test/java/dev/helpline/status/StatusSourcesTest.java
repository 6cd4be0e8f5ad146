package dev.helpline.status;

import dev.helpline.status.StatusSource.FetchResult;
import dev.helpline.status.StatusSnapshot.Indicator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class StatusSourcesTest {
  private final OkHttpClient http = new OkHttpClient.Builder().callTimeout(10, TimeUnit.SECONDS).build();
  private MockWebServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stopServer() throws IOException {
    server.shutdown();
  }

  private StatusSnapshot fetch(String resource) throws Exception {
    server.enqueue(Payloads.json(resource));
    FetchResult r = StatusSource.statuspage(server.url("/").toString(), http).fetch(null);
    assertNotNull(r.snapshot());
    return r.snapshot();
  }

  private RecordedRequest taken() throws InterruptedException {
    RecordedRequest r = server.takeRequest(10, TimeUnit.SECONDS);
    assertNotNull(r, "no request reached the server");
    return r;
  }

  @Test
  void statuspagePageUrlGetsSummaryPathAppended() throws Exception {
    server.enqueue(Payloads.json("operational.json"));
    StatusSource.statuspage(server.url("/").toString(), http).fetch(null);
    assertEquals("/api/v2/summary.json", taken().getPath());

    server.enqueue(Payloads.json("operational.json"));
    StatusSource.statuspage(server.url("/pages/acme").toString(), http).fetch(null);
    assertEquals("/pages/acme/api/v2/summary.json", taken().getPath());
  }

  @Test
  void fullSummaryUrlIsUsedAsIs() throws Exception {
    server.enqueue(Payloads.json("operational.json"));
    StatusSource.statuspage(server.url("/api/v2/summary.json").toString(), http).fetch(null);
    assertEquals("/api/v2/summary.json", taken().getPath());
  }

  @Test
  void supportApiUsesTheNativeStatusPath() throws Exception {
    server.enqueue(Payloads.json("operational.json"));
    StatusSource.supportApi(server.url("/desk/").toString(), http).fetch(null);
    assertEquals("/desk/v1/status/summary.json", taken().getPath());
  }

  @Test
  void urlThatIsNotHttpIsRejectedNamingTheField() {
    OkHttpClient c = http;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StatusSource.statuspage("status page", c));
    assertTrue(e.getMessage().contains("pageOrSummaryUrl") && e.getMessage().contains("status page"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> StatusSource.supportApi("ftp://desk", c));
    assertTrue(e.getMessage().contains("deskUrl"), e.getMessage());
  }

  @Test
  void operationalSummaryHasComponentsWithGroupsAndNothingOpen() throws Exception {
    StatusSnapshot s = fetch("operational.json");
    assertEquals(Indicator.NONE, s.indicator());
    assertEquals("All Systems Operational", s.description());
    assertEquals(4, s.components().size(), "group containers are not components");
    Component api = s.components().get(0);
    assertEquals("cmp_api", api.id());
    assertEquals("API", api.name());
    assertEquals("Core Services", api.group());
    assertEquals(Component.Status.OPERATIONAL, api.status());
    assertNull(s.components().get(2).group(), "Payments is ungrouped");
    assertTrue(s.incidents().isEmpty());
    assertTrue(s.maintenances().isEmpty());
    assertTrue(!s.stale());
  }

  @Test
  void degradedSummaryParsesIncidentWithHtmlBodyAndOffsetTimestamps() throws Exception {
    StatusSnapshot s = fetch("degraded.json");
    assertEquals(Indicator.MINOR, s.indicator());
    assertEquals(Component.Status.DEGRADED_PERFORMANCE, s.components().get(0).status());
    Incident i = s.incidents().get(0);
    assertEquals("inc_api_errors", i.id());
    assertEquals("Elevated API error rates", i.name());
    assertEquals(Incident.Status.INVESTIGATING, i.status());
    assertEquals(Indicator.MINOR, i.impact());
    assertEquals(Instant.parse("2026-11-24T14:58:12.041Z"), i.createdAt(), "-06:00 offset converted");
    assertEquals(Instant.parse("2026-11-24T14:58:12.512Z"), i.updatedAt(), "Z timestamp");
    assertEquals(List.of("API"), i.components());
    assertEquals("https://stspg.io/inc17", i.shortlink());
    assertTrue(i.latestUpdate().contains("<strong>"));
    assertEquals("We are investigating elevated error rates on the API & webhooks.\n\n"
        + "- Report exports may fail\n- Login can be slow\n\nNext update in 30 minutes.", i.latestUpdatePlainText());
    Maintenance m = s.maintenances().get(0);
    assertEquals(Maintenance.Status.SCHEDULED, m.status());
    assertEquals(Instant.parse("2026-11-28T08:00:00Z"), m.scheduledFor());
    assertEquals(Instant.parse("2026-11-28T10:00:00Z"), m.scheduledUntil());
    assertEquals(List.of("Payments"), m.components());
  }

  @Test
  void majorOutageTakesTheNewestUpdateAndAllAffectedComponents() throws Exception {
    StatusSnapshot s = fetch("major-outage.json");
    assertEquals(Indicator.MAJOR, s.indicator());
    assertEquals(Component.Status.MAJOR_OUTAGE, s.components().get(0).status());
    assertEquals(Component.Status.PARTIAL_OUTAGE, s.components().get(1).status());
    Incident i = s.incidents().get(0);
    assertEquals(Incident.Status.IDENTIFIED, i.status());
    assertEquals(Indicator.MAJOR, i.impact());
    assertEquals("We have identified a faulty load balancer.\nA fix is being deployed.\nExports remain unavailable.",
        i.latestUpdatePlainText());
    assertEquals(List.of("API", "Web App"), i.components());
  }

  @Test
  void undocumentedMaintenanceIndicatorAndUnderMaintenanceStatusAreRecognised() throws Exception {
    StatusSnapshot s = fetch("maintenance-active.json");
    assertEquals(Indicator.MAINTENANCE, s.indicator());
    assertEquals(Component.Status.UNDER_MAINTENANCE, s.components().get(2).status());
    assertEquals(Maintenance.Status.IN_PROGRESS, s.maintenances().get(0).status());
    assertTrue(s.maintenances().get(0).status().isActive());
  }

  @Test
  void unknownValuesMapToUnknownInsteadOfFailing() throws Exception {
    StatusSnapshot s = fetch("unknown-values.json");
    assertEquals(Indicator.UNKNOWN, s.indicator());
    assertEquals("Something New", s.description());
    assertEquals(Component.Status.UNKNOWN, s.components().get(3).status());
    Incident i = s.incidents().get(0);
    assertEquals(Incident.Status.UNKNOWN, i.status());
    assertEquals(Indicator.UNKNOWN, i.impact());
    assertTrue(i.isActive(), "an incident in an unknown state is not assumed resolved");
  }

  @Test
  void malformedSummaryNamesUrlAndJsonPath() {
    server.enqueue(Payloads.json("malformed-component-name.json"));
    StatusSource source = StatusSource.statuspage(server.url("/").toString(), http);
    IOException e = assertThrows(IOException.class, () -> source.fetch(null));
    assertTrue(e.getMessage().contains(server.url("/api/v2/summary.json").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("$.components[2].name"), e.getMessage());

    server.enqueue(Payloads.json("malformed-timestamp.json"));
    e = assertThrows(IOException.class, () -> source.fetch(null));
    assertTrue(e.getMessage().contains("$.incidents[0].created_at") && e.getMessage().contains("yesterday at noon"),
        e.getMessage());

    server.enqueue(new MockResponse().setBody("<html>Bad gateway</html>"));
    e = assertThrows(IOException.class, () -> source.fetch(null));
    assertTrue(e.getMessage().contains("malformed status summary"), e.getMessage());
  }

  @Test
  void serverErrorIsAnIOExceptionNamingStatusAndUrl() {
    server.enqueue(new MockResponse().setResponseCode(503));
    StatusSource source = StatusSource.statuspage(server.url("/").toString(), http);
    IOException e = assertThrows(IOException.class, () -> source.fetch(null));
    assertTrue(e.getMessage().contains("HTTP 503") && e.getMessage().contains("/api/v2/summary.json"), e.getMessage());
  }

  @Test
  void conditionalFetchSendsValidatorsAndReportsNotModified() throws Exception {
    server.enqueue(Payloads.json("operational.json", "\"v1\"").setHeader("Last-Modified", "Tue, 24 Nov 2026 15:00:00 GMT"));
    server.enqueue(new MockResponse().setResponseCode(304));
    StatusSource source = StatusSource.supportApi(server.url("/").toString(), http);
    FetchResult first = source.fetch(null);
    assertEquals("\"v1\"", first.validators().etag());
    taken();
    FetchResult second = source.fetch(first.validators());
    assertTrue(second.isNotModified());
    assertEquals(first.validators(), second.validators(), "validators kept when a 304 repeats none");
    RecordedRequest r = taken();
    assertEquals("\"v1\"", r.getHeader("If-None-Match"));
    assertEquals("Tue, 24 Nov 2026 15:00:00 GMT", r.getHeader("If-Modified-Since"));
  }
}
