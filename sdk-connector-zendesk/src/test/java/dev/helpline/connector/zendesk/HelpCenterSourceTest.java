package dev.helpline.connector.zendesk;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.helpline.Article;
import dev.helpline.articles.ArticleSearch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class HelpCenterSourceTest {
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = HelpCenterSourceTest.class.getResourceAsStream("/zendesk/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }

  @Test
  void helpCenterSearchPassesQueryAndLocaleAndStripsHtml() throws Exception {
    server.enqueue(json(resource("help-center-search.json")));
    ArticleSearch search = ArticleSearch.builder(HelpCenterSource.of(server.url("/").toString())).limit(3).build();

    List<Article> found = search.search("  reset password ", Locale.US);

    RecordedRequest r = server.takeRequest(10, SECONDS);
    assertEquals("/api/v2/help_center/articles/search", r.getRequestUrl().encodedPath());
    assertEquals("reset password", r.getRequestUrl().queryParameter("query"));
    assertEquals("en-us", r.getRequestUrl().queryParameter("locale"));
    assertEquals("3", r.getRequestUrl().queryParameter("per_page"));
    assertNull(r.getHeader("Authorization"));
    assertEquals(2, found.size());
    Article first = found.get(0);
    assertEquals("360026053753", first.id());
    assertEquals("Reset your password", first.title());
    assertEquals("To reset your password, open Settings > Account \u2026", first.snippet());
    assertEquals("https://company.zendesk.com/hc/en-us/articles/360026053753-Reset-your-password", first.url());
    assertEquals("If the e-mail does not arrive within 10 minutes, check the spam folder. Still nothing? Contact us.",
        found.get(1).snippet(), "an empty snippet falls back to the body without markup");
  }
}
