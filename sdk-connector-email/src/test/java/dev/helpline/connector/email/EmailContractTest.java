package dev.helpline.connector.email;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Attachment;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import dev.helpline.connector.Connector;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.tck.ConnectorContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The connector contract for e-mail, a create-only desk: through a real exim4 into a real Request Tracker. Reads
 * are checked to be refused by capability; what was created is checked in RT through its REST2 API.
 */
@ExtendWith(RealRt.Provider.class)
class EmailContractTest extends ConnectorContract {
  private static RealRt rt;
  private static Exim exim;
  private static Path dir;

  @BeforeAll
  static void servers(RealRt server) throws Exception {
    rt = server;
    dir = Files.createTempDirectory("helpline-exim");
    exim = Exim.start(dir, rt.url(), null);
  }

  @AfterAll
  static void stopMailServer() throws Exception {
    exim.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Override
  protected Connector newConnector() {
    return EmailToRequestTrackerTest.connector(exim.port()).build();
  }

  @Override
  protected void assertDeskHolds(NewTicket sent, Ticket created) throws Exception {
    assertTrue(EmailConnector.isSentByEmail(created), created.id());
    String email = sent.requester().email();
    List<String> ids = List.of();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (ids.isEmpty() && System.nanoTime() < deadline) {
      ids = rt.search("Requestor.EmailAddress = '" + email + "'");
      if (ids.isEmpty()) Thread.sleep(500); // polling RT: mail reaches it through exim and rt-mailgate
    }
    assertEquals(1, ids.size(), () -> "one ticket for " + email + "; exim log:\n" + log());
    String id = ids.get(0);
    assertEquals(sent.subject(), rt.ticket(id).get("Subject"));
    List<RealRt.Part> parts = rt.parts(id);
    String body = parts.stream().filter(p -> p.contentType.startsWith("text/plain") && p.fileName.isEmpty())
        .map(RealRt.Part::text).findFirst().orElseThrow(() -> new AssertionError(parts.toString()));
    assertTrue(body.replace("\r\n", "\n").contains(sent.description()), body);
    for (Attachment a : sent.attachments()) {
      RealRt.Part file = parts.stream().filter(p -> p.fileName.equals(a.fileName())).findFirst()
          .orElseThrow(() -> new AssertionError("no " + a.fileName() + " in " + parts));
      try (var in = a.openStream()) {
        assertArrayEquals(in.readAllBytes(), file.content, a.fileName());
      }
    }
  }

  @Override
  protected void agentReplies(String ticketId, String body) {
    throw new AssertionError("the contract plays the agent only for connectors that read tickets back");
  }

  @Override
  protected void setStatus(String ticketId, TicketStatus status) {
    throw new AssertionError("the contract plays the agent only for connectors that read tickets back");
  }

  private static String log() {
    try {
      return exim.mainLog();
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
