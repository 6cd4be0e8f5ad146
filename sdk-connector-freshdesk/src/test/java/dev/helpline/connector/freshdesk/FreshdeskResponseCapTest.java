package dev.helpline.connector.freshdesk;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Message;
import dev.helpline.Priority;
import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.connector.Connector.UploadProgress;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.UserAuth;
import dev.helpline.connector.tck.ManualClock;
import dev.helpline.connector.tck.RecordingLogger;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Conversations whose Freshdesk pages outgrow the default 1 MiB response cap, and very long ones. */
@Timeout(120)
class FreshdeskResponseCapTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final Requester ANN = Requester.of("u1", "ann@example.com", "Ann");
  private static final UserAuth ANN_AUTH = UserAuth.of(ANN, null);

  private final MockWebServer server = new MockWebServer();
  private final ManualClock clock = new ManualClock(NOW);
  private final FakeFreshdesk freshdesk = new FakeFreshdesk(clock);
  private final RecordingLogger logger = new RecordingLogger();
  private FreshdeskConnector connector;

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(freshdesk);
    server.start();
    connector = FreshdeskConnector.builder(server.url("/").toString(), FakeFreshdesk.API_KEY).clock(clock)
        .logger(logger).build();
  }

  @AfterEach
  void stop() throws IOException {
    connector.close();
    server.shutdown();
  }

  private Ticket create() throws IOException {
    return connector.create(NewTicket.builder().submissionId("sub-long").subject("Long thread")
        .description("It crashes.").priority(Priority.NORMAL).requester(ANN).createdAt(NOW).build(), UploadProgress.NONE);
  }

  private List<String> pathsAsked() throws InterruptedException {
    List<String> paths = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(0, SECONDS)) != null) paths.add(r.getPath());
    return paths;
  }

  @Test
  void aConversationOfLongRepliesOverTheCapIsReadInSmallerPagesWithNoneLostOrRepeated() throws Exception {
    Ticket t = create();
    // Freshdesk sends each reply's text twice (body as HTML, body_text): 100 replies of 6,000 characters make
    // a page of 1.2 MB, over the default cap of 1 MiB.
    for (int i = 1; i <= 230; i++) freshdesk.agentReplies(Long.parseLong(t.id()), i + ":" + "w".repeat(6000), false);
    pathsAsked();

    List<Message> messages = connector.messages(ANN_AUTH, t.id());

    assertEquals(231, messages.size(), "the description and every reply, once each");
    for (int i = 1; i <= 230; i++) assertTrue(messages.get(i).body().startsWith(i + ":"), "reply " + i + " in order");
    List<String> paths = pathsAsked();
    assertTrue(paths.stream().anyMatch(p -> p.contains("per_page=50")), "a page of 100 was asked for again as 50: " + paths);
  }

  @Test
  void aConversationIsCutAtFiveThousandRepliesWithAWarning() throws Exception {
    Ticket t = create();
    for (int i = 1; i <= 5010; i++) freshdesk.agentReplies(Long.parseLong(t.id()), "Answer " + i, false);

    List<Message> messages = connector.messages(ANN_AUTH, t.id());

    assertEquals(5001, messages.size(), "the description and the first 5,000 replies");
    assertEquals("Answer 5000", messages.get(5000).body());
    assertTrue(logger.lines().stream().anyMatch(l -> l.startsWith("WARN") && l.contains("more than 5000")),
        "the cut is logged: " + logger.lines());
  }
}
