package dev.helpline.connector.zendesk;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Message;
import dev.helpline.Priority;
import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.connector.Connector.TicketPage;
import dev.helpline.connector.Connector.UploadProgress;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.UserAuth;
import dev.helpline.connector.tck.ManualClock;
import dev.helpline.connector.tck.RecordingLogger;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ticket lists and conversations whose Zendesk pages outgrow the default 1 MiB response cap. */
@Timeout(120)
class ZendeskResponseCapTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final String ANN_TOKEN = "zdUserOAuthT0ken_ann_4f9a8b7c6d5e";
  private static final UserAuth ANN = UserAuth.of(Requester.of("u1", "ann@example.com", "Ann"), ANN_TOKEN);

  private final MockWebServer server = new MockWebServer();
  private final ManualClock clock = new ManualClock(NOW);
  private final FakeZendesk zendesk = new FakeZendesk(clock).user(1001, "Ann", ANN_TOKEN);
  private ZendeskConnector connector;

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(zendesk);
    server.start();
    connector = ZendeskConnector.endUser(server.url("/").toString()).requesterToken(() -> ANN_TOKEN).clock(clock).build();
  }

  @AfterEach
  void stop() throws IOException {
    connector.close();
    server.shutdown();
  }

  private Ticket create(String subject, String description) throws IOException {
    return connector.create(NewTicket.builder().submissionId("sub-" + subject).subject(subject).description(description)
        .priority(Priority.NORMAL).requester(Requester.of("u1", "ann@example.com", "Ann")).createdAt(NOW).build(),
        UploadProgress.NONE);
  }

  private List<String> pathsAsked() throws InterruptedException {
    List<String> paths = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(0, SECONDS)) != null) paths.add(r.getPath());
    return paths;
  }

  @Test
  void aConversationOfLongCommentsOverTheCapIsReadInSmallerPagesWithNoneLostOrRepeated() throws Exception {
    Ticket t = create("Long thread", "It crashes.");
    // Zendesk sends each comment's text three times (body, html_body, plain_body): 100 comments of 4,000
    // characters make a page of 1.2 MB, over the default cap of 1 MiB.
    for (int i = 1; i <= 230; i++) zendesk.agentReplies(Long.parseLong(t.id()), i + ":" + "w".repeat(4000), true);
    pathsAsked();

    List<Message> messages = connector.messages(ANN, t.id());

    assertEquals(231, messages.size(), "the report and every comment, once each");
    for (int i = 1; i <= 230; i++) assertTrue(messages.get(i).body().startsWith(i + ":"), "comment " + i + " in order");
    List<String> paths = pathsAsked();
    assertTrue(paths.stream().anyMatch(p -> p.contains("per_page=50")), "a page of 100 was asked for again as 50: " + paths);
  }

  @Test
  void aTicketPageOverTheCapHoldsFewerTicketsAndTheCursorGoesOnFromTheNextOne() throws Exception {
    // 25 requests with descriptions near the SDK's 64 KiB limit make a page of about 1.5 MB.
    for (int i = 0; i < 31; i++) create("Ticket " + i, i + ":" + "d".repeat(60_000));

    Set<String> seen = new HashSet<>();
    List<String> subjects = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      TicketPage page = connector.listTickets(ANN, cursor);
      for (Ticket t : page.tickets()) {
        assertTrue(seen.add(t.id()), "ticket " + t.subject() + " listed once");
        subjects.add(t.subject());
      }
      cursor = page.nextCursor();
      assertTrue(++pages < 40, "the list ends");
    } while (cursor != null);

    assertEquals(31, subjects.size(), "every ticket");
    assertEquals("Ticket 30", subjects.get(0));
    assertEquals("Ticket 0", subjects.get(30));
    assertNull(cursor);
  }

  @Test
  void aConversationIsCutAtFiveThousandCommentsWithAWarning() throws Exception {
    RecordingLogger logger = new RecordingLogger();
    try (ZendeskConnector c = ZendeskConnector.endUser(server.url("/").toString()).requesterToken(() -> ANN_TOKEN)
        .clock(clock).logger(logger).build()) {
      Ticket t = create("Endless", "It crashes.");
      for (int i = 1; i <= 5010; i++) zendesk.agentReplies(Long.parseLong(t.id()), "Answer " + i, true);

      List<Message> messages = c.messages(ANN, t.id());

      assertEquals(ZendeskPages.MAX_COMMENTS, messages.size(), "the report and the first 4,999 answers");
      assertEquals("Answer 4999", messages.get(4999).body());
      assertTrue(logger.lines().stream().anyMatch(l -> l.startsWith("WARN") && l.contains("more than 5000 comments")),
          "the cut is logged: " + logger.lines());
    }
  }
}
