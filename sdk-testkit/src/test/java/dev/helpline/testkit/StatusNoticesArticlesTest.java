package dev.helpline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StatusNoticesArticlesTest {
  private final TicketsApiTest.MutableClock clock = new TicketsApiTest.MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
  private TestDesk desk;
  private Api api;

  @BeforeEach
  void start() throws IOException {
    desk = TestDesk.builder().clock(clock).start();
    api = new Api(desk);
  }

  @AfterEach
  void stop() {
    desk.close();
  }

  private Api.Result conditional(String path, String header, String value) throws IOException {
    return api.execute(api.request(path).header(header, value).build());
  }

  @Test
  @SuppressWarnings("unchecked")
  void incidentsAndMaintenanceWindowsAppearInTheSummaryWithStatusFromTheClock() throws IOException {
    String incident = desk.admin().addIncident("Sync delays", "investigating", "minor", "Looking into it");
    String running = desk.admin().addMaintenance("Index rebuild", clock.instant().minusSeconds(60),
        clock.instant().plusSeconds(3600), "Search is slower");
    desk.admin().addMaintenance("Database upgrade", clock.instant().plus(Duration.ofDays(1)),
        clock.instant().plus(Duration.ofDays(1)).plusSeconds(3600), "Read-only");
    Map<String, Object> json = api.get("/v1/status/summary.json", null).json();
    List<Map<String, Object>> incidents = (List<Map<String, Object>>) json.get("incidents");
    assertEquals(incident, incidents.get(0).get("id"));
    assertEquals("minor", incidents.get(0).get("impact"));
    assertEquals("Looking into it",
        ((List<Map<String, Object>>) incidents.get(0).get("incident_updates")).get(0).get("body"));
    List<Map<String, Object>> windows = (List<Map<String, Object>>) json.get("scheduled_maintenances");
    assertEquals(List.of("Database upgrade", "Index rebuild"), List.of(windows.get(0).get("name"), windows.get(1).get("name")));
    assertEquals("scheduled", windows.get(0).get("status"));
    assertEquals("in_progress", windows.get(1).get("status"));
    assertEquals("2026-11-25T10:00:00Z", windows.get(0).get("scheduled_for"));

    IllegalArgumentException resolved = assertThrows(IllegalArgumentException.class,
        () -> desk.admin().addIncident("x", "resolved", "minor", ""));
    assertEquals(true, resolved.getMessage().startsWith("status:"), resolved.getMessage());
    assertThrows(IllegalArgumentException.class, () -> desk.admin().addMaintenance("x", clock.instant(),
        clock.instant(), ""));
    assertEquals(true, desk.admin().removeStatusEvent(running));
    assertEquals(false, desk.admin().removeStatusEvent(running));
    assertEquals(1, ((List<?>) api.get("/v1/status/summary.json", null).json().get("scheduled_maintenances")).size());
  }

  @Test
  void defaultStatusIsAllClearInStatuspageShapeOnBothPaths() throws IOException {
    Api.Result r = api.get("/v1/status/summary.json", null);
    assertEquals(200, r.code);
    assertEquals("application/json", r.header("Content-Type"));
    Map<String, Object> json = r.json();
    assertEquals(Map.of("indicator", "none", "description", "All Systems Operational"), json.get("status"));
    assertEquals(List.of(), json.get("components"));
    assertEquals(List.of(), json.get("incidents"));
    assertEquals(List.of(), json.get("scheduled_maintenances"));
    @SuppressWarnings("unchecked")
    Map<String, Object> page = (Map<String, Object>) json.get("page");
    assertEquals(desk.baseUrl(), page.get("url"));
    assertNotNull(page.get("updated_at"));
    assertEquals("Tue, 24 Nov 2026 10:00:00 GMT", r.header("Last-Modified"));
    Api.Result v2 = api.get("/api/v2/summary.json", null);
    assertEquals(r.text(), v2.text());
    assertEquals(r.header("ETag"), v2.header("ETag"));
  }

  @Test
  void statusSupportsETagAndLastModifiedValidation() throws IOException {
    Api.Result first = api.get("/v1/status/summary.json", null);
    String etag = first.header("ETag");
    Api.Result byEtag = conditional("/v1/status/summary.json", "If-None-Match", etag);
    assertEquals(304, byEtag.code);
    assertEquals(etag, byEtag.header("ETag"));
    assertEquals(0, byEtag.body.length);
    Api.Result byDate = conditional("/api/v2/summary.json", "If-Modified-Since", first.header("Last-Modified"));
    assertEquals(304, byDate.code);
    assertEquals(200, conditional("/v1/status/summary.json", "If-Modified-Since",
        "Tue, 24 Nov 2026 09:59:59 GMT").code);

    clock.advance(Duration.ofMinutes(1));
    desk.admin().setComponent("API", "major_outage");
    desk.admin().setIndicator("major", "Major outage");
    Api.Result changed = conditional("/v1/status/summary.json", "If-None-Match", etag);
    assertEquals(200, changed.code);
    assertNotEquals(etag, changed.header("ETag"));
    assertEquals(200, conditional("/v1/status/summary.json", "If-Modified-Since", first.header("Last-Modified")).code);
    Map<String, Object> json = changed.json();
    assertEquals(Map.of("indicator", "major", "description", "Major outage"), json.get("status"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> components = (List<Map<String, Object>>) json.get("components");
    assertEquals("API", components.get(0).get("name"));
    assertEquals("major_outage", components.get(0).get("status"));

    desk.admin().setComponent("API", "operational");
    assertEquals(1, api.get("/v1/status/summary.json", null).list("components").size());
  }

  @Test
  void publishedSummaryIsServedVerbatim() throws IOException {
    String summary = "{\"page\":{\"id\":\"p\",\"name\":\"Acme\",\"url\":\"https://status.acme.test\","
        + "\"time_zone\":\"Etc/UTC\",\"updated_at\":\"2026-11-24T10:00:00Z\"},"
        + "\"status\":{\"indicator\":\"maintenance\",\"description\":\"Maintenance\"},\"components\":[],"
        + "\"incidents\":[],\"scheduled_maintenances\":[{\"id\":\"m1\",\"name\":\"DB upgrade\","
        + "\"status\":\"in_progress\",\"scheduled_for\":\"2026-11-24T09:00:00Z\"}]}";
    desk.admin().publishStatus(summary);
    assertEquals(summary, api.get("/v1/status/summary.json", null).text());
    assertThrows(IllegalArgumentException.class, () -> desk.admin().publishStatus("{\"status\":{}}"));
    assertThrows(IllegalArgumentException.class, () -> desk.admin().publishStatus("[1]"));
  }

  @Test
  void noticesAreServedWithDefaultsAndETag() throws IOException {
    Api.Result empty = api.get("/v1/notices", null);
    assertEquals(List.of(), empty.list("notices"));
    desk.admin().publishNotice("{\"id\":\"n1\",\"type\":\"minimum_version\",\"title\":\"Update\",\"body\":\"Please\","
        + "\"severity\":\"critical\",\"minimumVersion\":\"2.1.0\","
        + "\"targeting\":{\"platforms\":[\"android\"],\"maxAppVersion\":\"2.0.9\"}}");
    desk.admin().publishNotice("{\"id\":\"n2\",\"type\":\"announcement\",\"title\":\"Hello\"}");

    Api.Result r = api.get("/v1/notices", null);
    List<Map<String, Object>> notices = r.list("notices");
    assertEquals(2, notices.size());
    Map<String, Object> n1 = notices.get(0);
    assertEquals("minimum_version", n1.get("type"));
    assertEquals("2.1.0", n1.get("minimumVersion"));
    assertEquals(Map.of("platforms", List.of("android"), "minAppVersion", "null", "maxAppVersion", "2.0.9",
        "locales", List.of()).keySet(), ((Map<?, ?>) n1.get("targeting")).keySet());
    Map<String, Object> n2 = notices.get(1);
    assertEquals("info", n2.get("severity"));
    assertEquals("", n2.get("body"));
    assertEquals(true, n2.containsKey("startsAt") && n2.get("startsAt") == null);

    String etag = r.header("ETag");
    assertEquals(304, conditional("/v1/notices", "If-None-Match", etag).code);
    assertEquals(true, desk.admin().removeNotice("n2"));
    assertEquals(false, desk.admin().removeNotice("n2"));
    Api.Result after = conditional("/v1/notices", "If-None-Match", etag);
    assertEquals(200, after.code);
    assertEquals(1, after.list("notices").size());

    assertThrows(IllegalArgumentException.class,
        () -> desk.admin().publishNotice("{\"id\":\"n3\",\"type\":\"popup\",\"title\":\"x\"}"));
    assertThrows(IllegalArgumentException.class,
        () -> desk.admin().publishNotice("{\"id\":\"n3\",\"type\":\"announcement\",\"severity\":\"loud\"}"));
  }

  @Test
  void articleSearchRanksTitleMatchesAboveBodyMatches() throws IOException {
    desk.admin().addArticle("a1", "Billing questions", "How invoices work.", "https://help.test/a1");
    desk.admin().addArticle("a2", "Reset your password", "Use the <b>password</b> reset link.",
        "https://help.test/a2");
    desk.admin().addArticle("a3", "Login problems", "If your password fails, reset it.", "https://help.test/a3");
    desk.admin().addArticle("a4", "Passwort zurücksetzen", "Passwort reset auf Deutsch.", "https://help.test/a4",
        "de");

    List<Map<String, Object>> hits = api.get("/v1/articles/search?q=reset+password", null).list("articles");
    assertEquals(List.of("a2", "a3", "a4"), hits.stream().map(h -> h.get("id")).toList());
    assertEquals("Use the password reset link.", hits.get(0).get("snippet"));
    assertEquals("https://help.test/a2", hits.get(0).get("url"));
    assertEquals("Reset your password", hits.get(0).get("title"));

    assertEquals(List.of("a2", "a3"), api.get("/v1/articles/search?q=reset%20password&locale=en-GB", null)
        .list("articles").stream().map(h -> h.get("id")).toList());
    assertEquals(List.of("a4", "a2"), api.get("/v1/articles/search?q=passwort+reset&locale=de-AT&limit=2", null)
        .list("articles").stream().map(h -> h.get("id")).toList());
    assertEquals(List.of(), api.get("/v1/articles/search?q=kubernetes", null).list("articles"));
    assertEquals("q", api.get("/v1/articles/search?q=", null).json().get("field"));
    assertEquals("limit", api.get("/v1/articles/search?q=x&limit=51", null).json().get("field"));
  }

  @Test
  void aSnippetCutNextToAnEmojiNeverSplitsIt() throws IOException {
    String head = "a".repeat(198);
    desk.admin().addArticle("e1", "Emoji crash", head + "\uD83D\uDE00 and more text after the cut", "https://help.test/e1");

    List<Map<String, Object>> hits = api.get("/v1/articles/search?q=emoji", null).list("articles");

    assertEquals(head + "\u2026", hits.get(0).get("snippet"), "the emoji goes whole, not half of it as '?'");
  }
}
