package dev.helpline.articles;

import dev.helpline.articles.ArticleSearch.Cancellable;
import dev.helpline.status.ManualScheduler;
import dev.helpline.status.TestClock;
import java.time.Instant;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Article;
import dev.helpline.DeskException;
import dev.helpline.TokenSamples;
import dev.helpline.connector.ArticleSource;
import dev.helpline.diagnostics.Redactor;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.testkit.TestDesk;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ArticleSearchTest {
  private static final String NATIVE_ANSWER = "{\"articles\":[{\"id\":\"a1\",\"title\":\"Reset <b>password</b>\","
      + "\"snippet\":\"Open &quot;Settings&quot; &amp; tap <em>Reset</em>\",\"url\":\"/kb/a1\"}]}";

  private final MockWebServer server = new MockWebServer();
  private final ManualScheduler scheduler = new ManualScheduler(new TestClock(Instant.parse("2026-11-24T10:00:00Z")));
  private final List<List<Article>> results = new CopyOnWriteArrayList<>();
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ArticleSearchTest.class.getResourceAsStream("/zendesk/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }

  private ArticleSearch nativeSearch() {
    return ArticleSearch.builder(SupportApiConnector.articles(server.url("/").toString())).scheduler(scheduler).build();
  }

  // ---------------------------------------------------------------- sources

  @Test
  void supportApiSearchPassesQLocaleLimitAndResolvesRelativeUrls() throws Exception {
    server.enqueue(json(NATIVE_ANSWER));

    List<Article> found = nativeSearch().search("reset", Locale.forLanguageTag("de-AT"));

    RecordedRequest r = server.takeRequest(10, SECONDS);
    assertEquals("/v1/articles/search", r.getRequestUrl().encodedPath());
    assertEquals("reset", r.getRequestUrl().queryParameter("q"));
    assertEquals("de-AT", r.getRequestUrl().queryParameter("locale"));
    assertEquals("5", r.getRequestUrl().queryParameter("limit"));
    assertEquals(List.of(new Article("a1", "Reset password", "Open \"Settings\" & tap Reset", server.url("/kb/a1").toString())),
        found);
  }

  @Test
  void supportApiSourceReadsTheTestDesk() throws Exception {
    try (TestDesk desk = TestDesk.builder().start()) {
      desk.admin().addArticle("a1", "Reset your password", "<p>Open <b>Settings</b></p>", "https://kb.example/a1", "en");
      desk.admin().addArticle("a2", "Passwort zur\u00fccksetzen", "<p>\u00d6ffne die Einstellungen</p>", "https://kb.example/a2", "de");
      ArticleSource source = SupportApiConnector.articles(desk.baseUrl());

      List<Article> en = source.search("password reset", "en-GB", 5);
      assertEquals(1, en.size());
      assertEquals("Reset your password", en.get(0).title());
      assertEquals("https://kb.example/a1", en.get(0).url());
      assertTrue(!en.get(0).snippet().contains("<"), en.get(0).snippet());
      assertEquals("a2", source.search("passwort", "de-AT", 5).get(0).id());
    }
  }

  @Test
  void refusalIsADeskExceptionAndMalformedJsonAnIOException() {
    server.enqueue(new MockResponse().setResponseCode(400).setHeader("Content-Type", "application/json")
        .setBody("{\"error\":\"invalid\",\"message\":\"q must not be blank\",\"field\":\"q\"}"));
    server.enqueue(json("{\"articles\":[{\"title\":\"no id\"}]}"));
    ArticleSearch search = nativeSearch();

    DeskException e = assertThrows(DeskException.class, () -> search.search("abc", null));
    assertEquals("q", e.field());
    IOException io = assertThrows(IOException.class, () -> search.search("abc", null));
    assertTrue(io.getMessage().contains("id"), io.getMessage());
  }

  @Test
  void shortQueriesFindNothingWithoutARequest() throws Exception {
    ArticleSearch search = nativeSearch();
    assertEquals(List.of(), search.search("ab", null));
    assertEquals(List.of(), search.search("   x  ", Locale.US));

    search.searchDebounced("ab", null, results::add, errors::add);

    assertEquals(List.of(List.of()), results);
    assertEquals(0, scheduler.pending());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void spacesOfEveryKindAreTrimmedFromAQuery() throws Exception {
    List<String> asked = new CopyOnWriteArrayList<>();
    ArticleSource source = (q, locale, limit) -> {
      asked.add(q);
      return List.of();
    };
    ArticleSearch search = ArticleSearch.builder(source).scheduler(scheduler).build();

    // The ideographic space of a Japanese or Chinese input method, and the no-break space.
    assertEquals(List.of(), search.search("\u3000\u3000\u3000", null));
    assertEquals(List.of(), search.search("\u00a0ab\u3000", null));
    search.searchDebounced("\u3000\u3000\u3000\u3000", null, results::add, errors::add);
    search.search("\u3000reset\u00a0", null);

    assertEquals(List.of("reset"), asked, "blank and two-letter queries send no request");
    assertEquals(List.of(List.of()), results);
    assertEquals(0, scheduler.pending());
  }

  // ---------------------------------------------------------------- debounce

  @Test
  void threeQuickQueriesSendOneRequestAndDeliverOnlyTheLastResults() throws Exception {
    server.enqueue(json(NATIVE_ANSWER));
    ArticleSearch search = nativeSearch();

    search.searchDebounced("res", null, results::add, errors::add);
    scheduler.advance(Duration.ofMillis(100));
    search.searchDebounced("rese", null, results::add, errors::add);
    scheduler.advance(Duration.ofMillis(100));
    search.searchDebounced("reset", Locale.UK, results::add, errors::add);
    scheduler.advance(Duration.ofMillis(299));
    assertEquals(0, server.getRequestCount(), "still within the debounce window");
    scheduler.advance(Duration.ofMillis(1));

    assertEquals(1, server.getRequestCount());
    RecordedRequest r = server.takeRequest(10, SECONDS);
    assertEquals("reset", r.getRequestUrl().queryParameter("q"));
    assertEquals("en-GB", r.getRequestUrl().queryParameter("locale"));
    assertEquals(1, results.size());
    assertEquals("a1", results.get(0).get(0).id());
    assertEquals(List.of(), errors);
  }

  @Test
  void cancelledSearchNeverCallsBack() {
    ArticleSearch search = nativeSearch();

    Cancellable pending = search.searchDebounced("reset", null, results::add, errors::add);
    pending.cancel();
    scheduler.advance(Duration.ofSeconds(1));

    assertEquals(0, server.getRequestCount());
    assertEquals(List.of(), results);
    assertEquals(List.of(), errors);
  }

  @Test
  void newerQueryWhileTheOlderIsSearchingDropsTheOlderResult() {
    AtomicReference<ArticleSearch> self = new AtomicReference<>();
    AtomicInteger calls = new AtomicInteger();
    ArticleSource source = (q, locale, limit) -> {
      if (calls.incrementAndGet() == 1) {
        // The user types on while the first search is at the desk.
        self.get().searchDebounced("second", null, results::add, errors::add);
      }
      return List.of(new Article(q, q, "", "https://kb.example/" + q));
    };
    ArticleSearch search = ArticleSearch.builder(source).scheduler(scheduler).build();
    self.set(search);

    search.searchDebounced("first", null, results::add, errors::add);
    scheduler.advance(Duration.ofMillis(300));
    assertEquals(List.of(), results, "the first search's answer is stale");
    scheduler.advance(Duration.ofMillis(300));

    assertEquals(1, results.size());
    assertEquals("second", results.get(0).get(0).id());
  }

  @Test
  void failureGoesToOnErrorOnly() {
    ArticleSource source = (q, locale, limit) -> {
      throw new IOException("desk unreachable");
    };
    ArticleSearch search = ArticleSearch.builder(source).scheduler(scheduler).build();

    search.searchDebounced("reset", null, results::add, errors::add);
    scheduler.advance(Duration.ofMillis(300));

    assertEquals(List.of(), results);
    assertEquals(1, errors.size());
    assertEquals("desk unreachable", errors.get(0).getMessage());
  }

  @Test
  void callbacksRunOnTheCallbackExecutorWithTheDefaultScheduler() throws Exception {
    server.enqueue(json(NATIVE_ANSWER));
    AtomicInteger executed = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<String> thread = new AtomicReference<>();
    try (ArticleSearch search = ArticleSearch.builder(SupportApiConnector.articles(server.url("/").toString()))
        .debounce(Duration.ZERO)
        .callbackExecutor(r -> {
          executed.incrementAndGet();
          r.run();
        })
        .build()) {
      search.searchDebounced("reset", null, list -> {
        thread.set(Thread.currentThread().getName());
        results.add(list);
        done.countDown();
      }, errors::add);

      assertTrue(done.await(10, SECONDS));
    }
    assertEquals(1, executed.get());
    assertEquals("helpline-articles", thread.get());
    assertEquals("a1", results.get(0).get(0).id());
  }

  @Test
  void searchAfterCloseReportsAnError() {
    ArticleSearch search = ArticleSearch.builder(SupportApiConnector.articles(server.url("/").toString())).build();
    search.close();

    search.searchDebounced("reset", null, results::add, errors::add);

    assertEquals(1, errors.size());
    assertInstanceOf(IllegalStateException.class, errors.get(0));
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void longQueriesAreCut() throws Exception {
    server.enqueue(json("{\"articles\":[]}"));
    StringBuilder q = new StringBuilder();
    for (int i = 0; i < 100; i++) q.append("word ");
    assertEquals(List.of(), nativeSearch().search(q.toString(), null));
    String sent = server.takeRequest(10, SECONDS).getRequestUrl().queryParameter("q");
    assertNotNull(sent);
    assertTrue(sent.length() <= ArticleSearch.MAX_QUERY_CHARS, sent);
  }

  @Test
  void aQueryLeavesRedactedAndIsCutOnlyAfterRedaction() throws Exception {
    List<String> asked = new CopyOnWriteArrayList<>();
    ArticleSource source = (q, locale, limit) -> {
      asked.add(q);
      return List.of();
    };
    ArticleSearch search = ArticleSearch.builder(source).build();
    search.search("card 4111 1111 1111 1111 declined, write to ada.lovelace@example.com", null);
    // Cut before redaction, this query would end in "ada.lovel", which no rule recognises.
    String head = TokenSamples.filler(190);
    search.search(head + TokenSamples.EMAIL, null);
    ArticleSearch.builder(source).redactor(Redactor.disabled()).build().search("card 4111 1111 1111 1111", null);
    assertEquals(List.of("card [card] declined, write to [email]", head + "[email]", "card 4111 1111 1111 1111"), asked);
  }

  @Test
  void builderRejectsBadSettings() {
    ArticleSource source = (q, l, n) -> List.of();
    assertThrows(IllegalArgumentException.class, () -> ArticleSearch.builder(source).limit(0));
    assertThrows(IllegalArgumentException.class, () -> ArticleSearch.builder(source).limit(51));
    assertThrows(IllegalArgumentException.class, () -> ArticleSearch.builder(source).debounce(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> SupportApiConnector.articles("not a url"));
  }

}
