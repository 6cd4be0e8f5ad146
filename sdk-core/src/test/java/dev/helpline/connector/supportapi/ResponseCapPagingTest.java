package dev.helpline.connector.supportapi;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Message;
import dev.helpline.Requester;
import dev.helpline.connector.Connector.TicketPage;
import dev.helpline.connector.UserAuth;
import dev.helpline.internal.http.BodyLimits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Lists and conversations larger than {@code maxResponseBytes} are read in pages that fit; single items over it are not. */
@Timeout(60)
class ResponseCapPagingTest {
  private static final long CAP = 4000;
  private static final UserAuth USER = UserAuth.of(Requester.of("u1", "ann@example.com", "Ann"), "user-token");

  private final MockWebServer server = new MockWebServer();
  private SupportApiConnector connector;

  @BeforeEach
  void setUp() throws IOException {
    server.start();
    connector = SupportApiConnector.builder().baseUrl(server.url("/")).appKey("app-key").maxResponseBytes(CAP).build();
  }

  @AfterEach
  void tearDown() throws IOException {
    connector.close();
    server.shutdown();
  }

  private static String ticket(int id, int descriptionChars) {
    return "{\"id\":\"" + id + "\",\"subject\":\"Ticket " + id + "\",\"description\":\"" + "d".repeat(descriptionChars)
        + "\",\"status\":\"open\",\"createdAt\":\"2026-11-24T10:00:00Z\"}";
  }

  private static String message(int n, int bodyChars) {
    return "{\"id\":\"m" + n + "\",\"author\":\"agent\",\"body\":\"" + n + ":" + "b".repeat(bodyChars)
        + "\",\"createdAt\":\"2026-11-24T11:00:00Z\",\"attachments\":[]}";
  }

  private static MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }

  /** Answers every request with {@code answer}'s body, recording the {@code limit} each asked for (null: none). */
  private List<@Nullable Integer> serve(Function<HttpUrl, String> answer) {
    List<@Nullable Integer> limits = new ArrayList<>();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        HttpUrl url = request.getRequestUrl();
        String limit = url.queryParameter("limit");
        synchronized (limits) {
          limits.add(limit == null ? null : Integer.valueOf(limit));
        }
        return json(answer.apply(url));
      }
    });
    return limits;
  }

  /** A page of tickets of {@code descriptionChars} each: {@code limit} of them, 20 when asked for none. */
  private static String ticketPage(HttpUrl url, int descriptionChars) {
    String limit = url.queryParameter("limit");
    int n = limit == null ? 20 : Integer.parseInt(limit);
    StringBuilder page = new StringBuilder("{\"tickets\":[");
    for (int i = 0; i < n; i++) page.append(i == 0 ? "" : ",").append(ticket(100 - i, descriptionChars));
    return page.append("],\"nextCursor\":\"after-").append(100 - n).append("\"}").toString();
  }

  @Test
  void aPageOfTicketsOverTheCapIsAskedForAgainWithHalfTheLimitFromTheSameCursor() throws Exception {
    List<@Nullable Integer> limits = serve(url -> ticketPage(url, 500));

    TicketPage page = connector.listTickets(USER, "c1");

    assertEquals(5, page.tickets().size(), "20 and 10 tickets of 500 characters exceed 4000 bytes; 5 fit");
    assertEquals("100", page.tickets().get(0).id());
    assertEquals("after-95", page.nextCursor());
    assertEquals(Arrays.asList(null, 10, 5), limits, "the desk's default page first, then halved");
    for (int i = 0; i < 3; i++) assertEquals("c1", take().getRequestUrl().queryParameter("cursor"));
  }

  @Test
  void aTicketThatAloneExceedsTheCapIsStillRefused() {
    List<@Nullable Integer> limits = serve(url -> ticketPage(url, 5000));

    IOException e = assertThrows(IOException.class, () -> connector.listTickets(USER, null));

    assertInstanceOf(BodyLimits.TooLargeException.class, e);
    assertEquals("response body exceeds 4000 bytes", e.getMessage());
    assertEquals(Arrays.asList(null, 10, 5, 2, 1), limits, "down to one ticket, and no further");
  }

  /** A desk that pages messages: {@code limit} of {@code count} from {@code cursor} ("from-N"), with the next cursor. */
  private static String messagePage(HttpUrl url, int count, int bodyChars) {
    if (url.encodedPath().equals("/v1/tickets/1")) return ticket(1, 10);
    String cursor = url.queryParameter("cursor");
    int from = cursor == null ? 0 : Integer.parseInt(cursor.substring(5));
    int end = Math.min(count, from + Integer.parseInt(url.queryParameter("limit")));
    StringBuilder page = new StringBuilder("{\"messages\":[");
    for (int i = from; i < end; i++) page.append(i == from ? "" : ",").append(message(i, bodyChars));
    return page.append("],\"nextCursor\":").append(end < count ? "\"from-" + end + "\"" : "null").append("}").toString();
  }

  @Test
  void aConversationLargerThanTheCapIsReadPageByPageInOrder() throws Exception {
    List<@Nullable Integer> limits = serve(url -> messagePage(url, 30, 600));

    List<Message> conversation = connector.messages(USER, "1");

    assertEquals(31, conversation.size(), "the opening report and 30 replies of 600 characters, 21 KB in all");
    for (int i = 0; i < 30; i++) assertEquals(i + ":" + "b".repeat(600), conversation.get(i + 1).body());
    assertEquals(Arrays.asList(null, 20, 10, 5, 5, 5, 5, 5, 5), limits,
        "the ticket itself, then halved until a page fits, and the pages after it asked at the size that fitted");
  }

  @Test
  void aDeskThatIgnoresMessagePagingGivesTheWholeConversationInOneAnswer() throws Exception {
    serve(url -> url.encodedPath().equals("/v1/tickets/1") ? ticket(1, 10)
        : "{\"messages\":[" + message(0, 10) + "," + message(1, 10) + "," + message(2, 10) + "]}");

    List<Message> conversation = connector.messages(USER, "1");

    assertEquals(4, conversation.size());
    assertEquals("2:" + "b".repeat(10), conversation.get(3).body());
    assertEquals(2, server.getRequestCount(), "the ticket and one list of messages");
  }

  @Test
  void aMessageThatAloneExceedsTheCapIsStillRefused() {
    List<@Nullable Integer> limits = serve(url -> messagePage(url, 3, 5000));

    IOException e = assertThrows(IOException.class, () -> connector.messages(USER, "1"));

    assertEquals("response body exceeds 4000 bytes", e.getMessage());
    assertEquals(Arrays.asList(null, 20, 10, 5, 2, 1), limits);
  }

  @Test
  void aDeskThatKeepsPagingCannotMakeTheConversationUnbounded() {
    serve(url -> messagePage(url, Integer.MAX_VALUE, 3000));

    IOException e = assertThrows(IOException.class, () -> connector.messages(USER, "1"));

    assertEquals("conversation exceeds 128000 bytes (32 times maxResponseBytes)", e.getMessage());
    assertTrue(server.getRequestCount() < 50, "the ticket, four pages too large, then about 42 pages of one 3 KB "
        + "message each; was " + server.getRequestCount());
  }

  @Test
  void aPageOfMessagesThatNamesItsOwnCursorAsTheNextIsMalformed() {
    serve(url -> url.encodedPath().equals("/v1/tickets/1") ? ticket(1, 10)
        : "{\"messages\":[" + message(0, 10) + "],\"nextCursor\":\"" + (url.queryParameter("cursor") == null
            ? "c1" : url.queryParameter("cursor")) + "\"}");

    IOException e = assertThrows(IOException.class, () -> connector.messages(USER, "1"));

    assertEquals("malformed response from desk: a page of 1 messages names the cursor it was asked with", e.getMessage());
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest request = server.takeRequest(10, SECONDS);
    assertNotNull(request, "the server received no request within 10 s");
    return request;
  }

  @Test
  void theFirstPageOfTicketsLeavesThePageSizeToTheDesk() throws Exception {
    serve(url -> ticketPage(url, 10));
    assertEquals(20, connector.listTickets(USER, null).tickets().size());
    assertNull(take().getRequestUrl().queryParameter("limit"));
  }
}
