package dev.helpline.sample.android;

import static dev.helpline.sample.android.SampleTestSupport.TEST_TIMEOUT_MS;
import static dev.helpline.sample.android.SampleTestSupport.offMain;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;

/** The status feed's parsing and failure modes, against a scripted server. */
@RunWith(RobolectricTestRunner.class)
public class DeskStatusFeedTest {
  private MockWebServer server;
  private DeskStatusFeed feed;

  @Before
  public void setUp() throws IOException {
    server = new MockWebServer();
    server.start();
    feed = new DeskStatusFeed(new OkHttpClient.Builder().readTimeout(5, TimeUnit.SECONDS).build(), server.url("/").toString());
  }

  @After
  public void tearDown() throws IOException {
    server.shutdown();
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void readsAStatuspageSummary() throws Exception {
    server.enqueue(new MockResponse().setBody("{\"page\":{\"id\":\"x\"},\"status\":{\"indicator\":\"minor\","
        + "\"description\":\"Minor Service Outage\"},\"components\":[{\"name\":\"API\",\"status\":\"partial_outage\"},"
        + "{\"name\":\"Group\",\"status\":\"operational\",\"group\":true}],\"incidents\":[{\"name\":\"Slow exports\","
        + "\"status\":\"identified\",\"impact\":\"minor\"}],\"scheduled_maintenances\":[]}"));

    ServiceStatus status = offMain(feed::status);

    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("/v1/status/summary.json", request.getPath());
    assertEquals("minor", status.indicator);
    assertEquals(1, status.components.size());
    assertEquals("API: partial outage", status.bannerText());
    assertEquals("Slow exports (identified)", status.incidentsMatching("exports are slow").get(0).toString());
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void readsNoticesWithTheirTargeting() throws Exception {
    server.enqueue(new MockResponse().setBody("{\"notices\":[{\"id\":\"n1\",\"type\":\"maintenance\",\"title\":\"T\","
        + "\"body\":\"B\",\"severity\":\"warning\",\"startsAt\":\"2026-01-01T00:00:00Z\",\"endsAt\":null,"
        + "\"targeting\":{\"platforms\":[\"android\"],\"minAppVersion\":\"4.0\",\"maxAppVersion\":null,\"locales\":[]}}]}"));

    List<Notice> notices = offMain(feed::notices);

    assertEquals(1, notices.size());
    Notice n = notices.get(0);
    assertEquals("n1", n.id);
    assertEquals(Instant.parse("2026-01-01T00:00:00Z"), n.startsAt);
    assertNull(n.endsAt);
    assertEquals(List.of("android"), n.platforms);
    assertEquals("4.0", n.minAppVersion);
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void searchesArticlesWithTheQueryAndLimit() throws Exception {
    server.enqueue(new MockResponse().setBody("{\"articles\":[{\"id\":\"a1\",\"title\":\"Reset your PIN\","
        + "\"snippet\":\"Go to settings\",\"url\":\"https://help.example.com/a1\"}]}"));

    List<Article> articles = offMain(() -> feed.searchArticles("forgot my PIN", 3));

    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("/v1/articles/search?q=forgot%20my%20PIN&limit=3", request.getPath());
    assertEquals("Reset your PIN", articles.get(0).title);
    assertTrue(offMain(() -> feed.searchArticles("   ", 3)).isEmpty());
    assertEquals(1, server.getRequestCount()); // a blank query asks nothing
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void anHttpErrorIsAnIoExceptionNamingStatusAndPath() {
    server.enqueue(new MockResponse().setResponseCode(503).setBody("{}"));
    IOException e = assertThrows(IOException.class, () -> offMain(feed::status));
    assertEquals("desk answered HTTP 503 to GET /v1/status/summary.json", e.getMessage());
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void malformedJsonIsAnIoExceptionWithThePath() {
    server.enqueue(new MockResponse().setBody("{\"notices\":[{\"id\":"));
    IOException e = assertThrows(IOException.class, () -> offMain(feed::notices));
    assertTrue(e.getMessage(), e.getMessage().startsWith("malformed answer to GET /v1/notices"));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void anOversizedBodyIsRefusedWithoutReadingItAll() {
    StringBuilder huge = new StringBuilder("{\"notices\":[");
    while (huge.length() <= DeskStatusFeed.MAX_BODY_BYTES) huge.append("{\"id\":\"n\",\"type\":\"announcement\"},");
    huge.append("{\"id\":\"last\",\"type\":\"announcement\"}]}");
    server.enqueue(new MockResponse().setBody(huge.toString()));
    IOException e = assertThrows(IOException.class, () -> offMain(feed::notices));
    assertEquals("desk's answer to GET /v1/notices exceeds " + DeskStatusFeed.MAX_BODY_BYTES + " bytes", e.getMessage());
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aBadArticleLimitNamesTheLimit() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> offMain(() -> feed.searchArticles("pin", 0)));
    assertEquals("limit is 0; it must lie between 1 and 50", e.getMessage());
  }
}
