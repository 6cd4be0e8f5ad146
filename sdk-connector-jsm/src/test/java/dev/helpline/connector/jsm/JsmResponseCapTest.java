package dev.helpline.connector.jsm;

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

/** Conversations whose Jira Service Management pages outgrow the default 1 MiB response cap. */
@Timeout(60)
class JsmResponseCapTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final Requester ANN = Requester.of("u1", "ann@example.com", "Ann");
  private static final UserAuth ANN_AUTH = UserAuth.of(ANN, null);

  private final MockWebServer server = new MockWebServer();
  private final ManualClock clock = new ManualClock(NOW);
  private final FakeJsm jsm = new FakeJsm(clock);
  private final RecordingLogger logger = new RecordingLogger();
  private JsmConnector connector;

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(jsm);
    server.start();
    connector = JsmConnector.basic(server.url("/").toString(), FakeJsm.EMAIL, FakeJsm.API_TOKEN).clock(clock)
        .serviceDesk(FakeJsm.SERVICE_DESK, FakeJsm.REQUEST_TYPE).submissionField(FakeJsm.SUBMISSION_FIELD)
        .logger(logger).build();
  }

  @AfterEach
  void stop() throws IOException {
    connector.close();
    server.shutdown();
  }

  private List<String> pathsAsked() throws InterruptedException {
    List<String> paths = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(0, SECONDS)) != null) paths.add(r.getPath());
    return paths;
  }

  private Ticket create() throws IOException {
    return connector.create(NewTicket.builder().submissionId("sub-long").subject("Long thread")
        .description("It crashes.").priority(Priority.NORMAL).requester(ANN).createdAt(NOW).build(), UploadProgress.NONE);
  }

  @Test
  void aConversationOfLongCommentsOverTheCapIsReadInSmallerPagesWithNoneLostOrRepeated() throws Exception {
    Ticket t = create();
    // Jira keeps up to 32,767 characters a comment (pasted logs): 100 comments of 12,000 make a page of
    // 1.2 MB, over the default cap of 1 MiB.
    for (int i = 1; i <= 230; i++) jsm.agentComments(t.id(), i + ":" + "w".repeat(12_000), true);
    pathsAsked();

    List<Message> messages = connector.messages(ANN_AUTH, t.id());

    assertEquals(231, messages.size(), "the description and every comment, once each");
    for (int i = 1; i <= 230; i++) assertTrue(messages.get(i).body().startsWith(i + ":"), "comment " + i + " in order");
    List<String> paths = pathsAsked();
    assertTrue(paths.stream().anyMatch(p -> p.contains("/comment") && p.contains("limit=50")),
        "a page of 100 was asked for again as 50: " + paths);
  }

  @Test
  void aConversationIsCutAtFiveThousandCommentsWithAWarning() throws Exception {
    Ticket t = create();
    for (int i = 1; i <= 5010; i++) jsm.agentComments(t.id(), "Answer " + i, true);

    List<Message> messages = connector.messages(ANN_AUTH, t.id());

    assertEquals(5001, messages.size(), "the description and the first 5,000 comments");
    assertEquals("Answer 5000", messages.get(5000).body());
    assertTrue(logger.lines().stream().anyMatch(l -> l.startsWith("WARN") && l.contains("more than 5000 comments")),
        "the cut is logged: " + logger.lines());
  }
}
