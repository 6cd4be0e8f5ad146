package dev.helpline.connector.freshdesk;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.helpline.AppInfo;
import dev.helpline.Helpline;
import dev.helpline.Requester;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.TicketDraft;
import dev.helpline.connector.Connector;
import dev.helpline.connector.tck.ManualClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole client against a Freshdesk whose search shows a ticket only minutes after its create: the answer to
 * the first create is lost, the retry that comes at once finds nothing yet and waits, and the ticket is filed once.
 */
@Timeout(60)
class FreshdeskDeliveryTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T10:00:00Z"));
  private final FakeFreshdesk freshdesk = new FakeFreshdesk(clock);
  private final MockWebServer server = new MockWebServer();

  @TempDir Path dir;

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(freshdesk);
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  @Test
  void aLostAnswerIsFiledOnceAlthoughTheSearchLagsBehindTheCreate() throws Exception {
    freshdesk.searchLag = Duration.ofMinutes(3);
    freshdesk.failNextAfterWork("POST /api/v2/tickets", FakeFreshdesk.disconnect());
    BlockingQueue<Throwable> retries = new LinkedBlockingQueue<>();
    try (FreshdeskConnector connector = FreshdeskConnector.builder(server.url("/").toString(), FakeFreshdesk.API_KEY)
            .clock(clock).build();
        Helpline helpline = Helpline.builder().app(AppInfo.of("Acme Notes", "4.2.0")).connector(connector)
            .dataDirectory(dir).clock(clock)
            .addDeliveryListener(new Submission.Listener() {
              @Override public void onRetrying(Submission s, Instant next, Throwable cause) {
                retries.add(cause);
              }
            }).build()) {
      Submission submission = helpline.submit(TicketDraft.builder().subject("Sync stops at 99%")
          .description("It never finishes.").requester(Requester.ofEmail("ann@example.com"))
          .includeDiagnostics(false).build());
      assertInstanceOf(IOException.class, retries.poll(30, SECONDS), "the answer to the create was lost");
      assertEquals(1, freshdesk.createCount);

      helpline.flush().get(30, SECONDS); // at once: Freshdesk's search does not show the ticket yet
      assertInstanceOf(Connector.SearchLagException.class, retries.poll(30, SECONDS));
      assertEquals(1, freshdesk.createCount, "not created again");
      assertFalse(submission.delivery().isDone());

      clock.advance(FreshdeskConnector.SEARCH_LAG);
      helpline.flush().get(30, SECONDS);
      Ticket ticket = submission.delivery().get(30, SECONDS);
      assertEquals(1, freshdesk.createCount);
      assertEquals(String.valueOf(freshdesk.tickets.keySet().iterator().next()), ticket.id());
    }
  }
}
