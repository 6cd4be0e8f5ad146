package dev.helpline.status;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.notices.NoticeSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Status and notices feed URLs carry credentials; no error message repeats them. */
@Timeout(30)
class FeedUrlSecretsTest {
  private static final String PASSWORD = "Hunter2-feed-password";
  private static final String API_KEY = "K3y0123456789abcdef";
  private static final String TOKEN = "tkn-ZYXWVUTSRQ987654";
  private final OkHttpClient client = new OkHttpClient();
  private MockWebServer server;
  private String url;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    url = "http://ops:" + PASSWORD + "@" + server.getHostName() + ":" + server.getPort()
        + "/feed.json?api_key=" + API_KEY + "&token=" + TOKEN + "&lang=en";
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  @Test
  void statusFeedRefusalNamesTheFeedWithoutItsCredentials() {
    server.enqueue(new MockResponse().setResponseCode(503));
    IOException e = assertThrows(IOException.class, () -> StatusSource.statuspage(url, client).fetch(null));
    assertClean(e);
    assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
    assertTrue(e.getMessage().contains("api_key=***"), e.getMessage());
    assertTrue(e.getMessage().contains("lang=en"), e.getMessage());
  }

  @Test
  void malformedStatusFeedThatEchoesTheKeyIsReportedWithoutIt() {
    server.enqueue(new MockResponse().setBody("{\"incidents\": [{\"id\": \"i1\", \"name\": \"Down\", \"status\": \"investigating\", "
        + "\"created_at\": \"" + API_KEY + "\"}]}"));
    IOException e = assertThrows(IOException.class, () -> StatusSource.statuspage(url, client).fetch(null));
    assertClean(e);
    assertTrue(e.getMessage().contains("***"), e.getMessage());
  }

  @Test
  void noticesFeedRefusalAndMalformedFeedNameTheFeedWithoutItsCredentials() {
    server.enqueue(new MockResponse().setResponseCode(500));
    IOException refused = assertThrows(IOException.class, () -> NoticeSource.staticFeed(url, client).fetch());
    assertClean(refused);
    assertTrue(refused.getMessage().contains("HTTP 500"), refused.getMessage());

    server.enqueue(new MockResponse().setBody("{\"notices\": [{\"id\": \"" + TOKEN.toLowerCase(java.util.Locale.ROOT)
        + "\", \"type\": 7}]}"));
    IOException malformed = assertThrows(IOException.class, () -> NoticeSource.staticFeed(url, client).fetch());
    assertClean(malformed);
  }

  @Test
  void badFeedUrlIsRefusedWithoutRepeatingItsCredentials() {
    String bad = "htp://ops:" + PASSWORD + "@status.example/?token=" + TOKEN;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StatusSource.statuspage(bad, client));
    assertClean(e);
    IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> NoticeSource.staticFeed(bad, client));
    assertClean(n);
  }

  private static void assertClean(Exception e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    String text = trace.toString().toLowerCase(java.util.Locale.ROOT);
    for (String secret : new String[] {PASSWORD, API_KEY, TOKEN}) {
      assertFalse(text.contains(secret.toLowerCase(java.util.Locale.ROOT)), "a feed credential came through: " + e);
    }
  }
}
