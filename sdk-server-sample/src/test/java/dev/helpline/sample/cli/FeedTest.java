package dev.helpline.sample.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.status.Component;
import dev.helpline.status.StatusSnapshot;
import java.io.IOException;
import java.util.ArrayList;
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
class FeedTest {
  private static final String SUMMARY = "{\"page\":{\"id\":\"p\",\"name\":\"Acme Status\"},"
      + "\"status\":{\"indicator\":\"minor\",\"description\":\"Minor service outage\"},"
      + "\"components\":[{\"id\":\"c1\",\"name\":\"Reports\",\"status\":\"partial_outage\"}],"
      + "\"incidents\":[],\"scheduled_maintenances\":[]}";

  private final MockWebServer server = new MockWebServer();
  private final OkHttpClient http = new OkHttpClient();
  private final List<String> paths = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override public MockResponse dispatch(RecordedRequest request) {
        synchronized (paths) {
          paths.add(request.getPath());
        }
        switch (request.getPath()) {
          case "/status/api/v2/summary.json":
          case "/desk/v1/status/summary.json":
            return new MockResponse().setBody(SUMMARY);
          case "/broken/v1/status/summary.json":
            return new MockResponse().setResponseCode(500);
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
  void aPageUrlFallsBackFromTheDeskPathToTheStatuspagePathOnceAndRemembersIt() throws IOException {
    Feed feed = new Feed(server.url("/status"), http);
    assertEquals(Component.Status.PARTIAL_OUTAGE, snapshot(feed).components().get(0).status());
    snapshot(feed);
    assertEquals(List.of("/status/v1/status/summary.json", "/status/api/v2/summary.json",
        "/status/api/v2/summary.json"), paths);
    assertNull(feed.deskUrl(), "a Statuspage page has no notices resource");
  }

  @Test
  void aDeskUrlReadsTheDeskStatusAndOffersItsNotices() throws IOException {
    Feed feed = new Feed(server.url("/desk"), http);
    assertEquals("Minor service outage", snapshot(feed).description());
    assertEquals(List.of("/desk/v1/status/summary.json"), paths);
    assertEquals(server.url("/desk").toString(), feed.deskUrl());
  }

  @Test
  void aJsonUrlIsUsedAsIsAndADeskSummaryUrlStillOffersTheDeskNotices() throws IOException {
    Feed page = new Feed(server.url("/status/api/v2/summary.json"), http);
    snapshot(page);
    assertNull(page.deskUrl());
    Feed desk = new Feed(server.url("/desk/v1/status/summary.json"), http);
    snapshot(desk);
    assertEquals(server.url("/desk/").toString(), desk.deskUrl());
    assertEquals(List.of("/status/api/v2/summary.json", "/desk/v1/status/summary.json"), paths);
  }

  @Test
  void onlyA404FallsBackAndMissingFeedsNameTheStatus() {
    IOException missing = assertThrows(IOException.class,
        () -> new Feed(server.url("/nothing/summary.json"), http).fetch(null));
    assertTrue(missing.getMessage().contains("HTTP 404"), missing.getMessage());
    IOException failing = assertThrows(IOException.class, () -> new Feed(server.url("/broken"), http).fetch(null));
    assertTrue(failing.getMessage().contains("HTTP 500"), failing.getMessage());
    IOException neither = assertThrows(IOException.class, () -> new Feed(server.url("/nowhere"), http).fetch(null));
    assertTrue(neither.getMessage().contains("HTTP 404") && neither.getMessage().contains("/nowhere/api/v2/summary.json"),
        neither.getMessage());
    assertEquals(List.of("/nothing/summary.json", "/broken/v1/status/summary.json", "/nowhere/v1/status/summary.json",
        "/nowhere/api/v2/summary.json"), paths);
  }

  private static StatusSnapshot snapshot(Feed feed) throws IOException {
    StatusSnapshot s = feed.fetch(null).snapshot();
    if (s == null) throw new AssertionError("a first fetch is never 'not modified'");
    return s;
  }
}
