package dev.helpline.connector.zendesk;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.helpline.Message;
import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.connector.Connector;
import dev.helpline.connector.Connector.UploadProgress;
import dev.helpline.connector.ConnectorFactory;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.UserAuth;
import dev.helpline.connector.tck.ManualClock;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ZendeskConnectorFactoryTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final String ANN_TOKEN = "zdUserOAuthT0ken_ann_4f9a8b7c6d5e";

  private final MockWebServer server = new MockWebServer();
  private final FakeZendesk zendesk = new FakeZendesk(new ManualClock(NOW)).user(1001, "Ann", ANN_TOKEN);

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(zendesk);
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  private String root() {
    return server.url("/").toString();
  }

  @Test
  void anEndUserConnectorSaysItsReadsNeedTheUserToken() {
    try (ZendeskConnector plain = ZendeskConnector.endUser(root()).build();
        ZendeskConnector creatingAsTheUser = ZendeskConnector.endUser(root()).requesterToken(() -> ANN_TOKEN).build();
        ZendeskConnector anonymous = ZendeskConnector.anonymous(root()).build();
        ZendeskConnector backend = ZendeskConnector.backend(root(), FakeZendesk.AGENT_EMAIL, FakeZendesk.API_TOKEN).build()) {
      assertEquals(UserAuth.Requirement.USER_TOKEN, plain.userAuthRequirement());
      assertEquals(UserAuth.Requirement.USER_TOKEN, creatingAsTheUser.userAuthRequirement(),
          "reads take UserAuth.token(), not the requester token");
      assertEquals(UserAuth.Requirement.NOTHING, anonymous.userAuthRequirement(), "cannot read");
      assertEquals(UserAuth.Requirement.NOTHING, backend.userAuthRequirement(), "cannot read");
    }
  }

  @Test
  void aDeskUrlWithAUsersTokenReadsThatUsersRequestsWithIt() throws Exception {
    try (Connector desk = ConnectorFactory.connect("zendesk+" + root(), ANN_TOKEN)) {
      assertEquals(UserAuth.Requirement.NOTHING, desk.userAuthRequirement(), "built with the user's own token");
      Ticket created = desk.create(NewTicket.builder().submissionId("sub-factory").subject("Sync stalls")
          .description("It stalls at 99%.").createdAt(NOW).build(), UploadProgress.NONE);
      UserAuth noToken = UserAuth.of(Requester.of("token-holder", null, null), null);

      List<Ticket> listed = desk.listTickets(noToken, null).tickets();
      assertEquals(1, listed.size());
      assertEquals(created.id(), listed.get(0).id());
      List<Message> messages = desk.messages(noToken, created.id());
      assertEquals(Message.Author.REQUESTER, messages.get(0).author());

      RecordedRequest last = null;
      for (RecordedRequest r; (r = server.takeRequest(0, SECONDS)) != null; ) last = r;
      assertNotNull(last);
      assertEquals("GET", last.getMethod());
      assertEquals("Bearer " + ANN_TOKEN, last.getHeader("Authorization"));
    }
  }
}
