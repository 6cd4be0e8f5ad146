package dev.helpline.delivery;

import static dev.helpline.delivery.DeliveryFixtures.client;
import static dev.helpline.delivery.DeliveryFixtures.connector;
import static dev.helpline.delivery.DeliveryFixtures.draft;
import static dev.helpline.delivery.DeliveryFixtures.fastConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Attachment;
import dev.helpline.DeskException;
import dev.helpline.Helpline;
import dev.helpline.Message;
import dev.helpline.Rating;
import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import dev.helpline.connector.Connector.ConditionalTicket;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.testkit.DeskTicket;
import dev.helpline.testkit.TestDesk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A ticket's whole life through the public client against a real desk: filed, answered, followed, rated. */
@Timeout(60)
class EndToEndTest {
  @TempDir Path dir;

  @Test
  void ticketIsDeliveredAnsweredRepliedToSolvedAndRatedAndStaysPrivateToItsRequester() throws Exception {
    try (TestDesk desk = TestDesk.builder().start();
        SupportApiConnector connector = connector(desk.baseUrl(), desk.appKey());
        Helpline ada = requester(desk, connector, "ada", "Ada");
        Helpline bob = requester(desk, connector, "bob", "Bob")) {
      Ticket filed = ada.submit(draft("Export fails")).delivery().get(20, TimeUnit.SECONDS);
      Ticket other = ada.submit(draft("Sync is slow")).delivery().get(20, TimeUnit.SECONDS);
      Ticket bobs = bob.submit(draft("Bob's own problem")).delivery().get(20, TimeUnit.SECONDS);
      String id = filed.id();
      assertEquals("Export fails", filed.subject());
      DeskTicket atDesk = desk.ticket(id);
      assertEquals("user-ada", atDesk.requesterId());
      assertEquals("ada@example.com", atDesk.requesterEmail());

      // Reading back, with a cheap conditional poll that only answers when something changed.
      Ticket read = ada.ticket(id);
      assertEquals(id, read.id());
      assertEquals(TicketStatus.NEW, read.status());
      ConditionalTicket first = ada.ticketIfChanged(id, null);
      assertFalse(first.notModified());
      assertNotNull(first.etag());
      ConditionalTicket unchanged = ada.ticketIfChanged(id, first.etag());
      assertTrue(unchanged.notModified(), "nothing changed since the etag");
      assertEquals(null, unchanged.ticket());

      desk.admin().reply(id, "Which file format are you exporting to?");
      ConditionalTicket changed = ada.ticketIfChanged(id, first.etag());
      assertFalse(changed.notModified(), "the agent's reply changes the ticket");
      assertNotNull(changed.ticket());
      assertTrue(!first.etag().equals(changed.etag()), "a new etag after the change");
      List<Message> conversation = ada.messages(id);
      Message agent = conversation.get(conversation.size() - 1);
      assertEquals(Message.Author.AGENT, agent.author());
      assertEquals("Which file format are you exporting to?", agent.body());

      byte[] log = "export: writing page 12 of 40\nexport: out of memory\n".getBytes(StandardCharsets.UTF_8);
      Message mine = ada.reply(id, "PDF. The log is attached.",
          List.of(Attachment.ofBytes("export.log", "text/plain", log)));
      assertEquals(Message.Author.REQUESTER, mine.author());
      DeskTicket.Message stored = desk.ticket(id).messages().get(desk.ticket(id).messages().size() - 1);
      assertEquals("requester", stored.author());
      assertEquals("PDF. The log is attached.", stored.body());
      assertEquals(1, stored.attachments().size());
      assertEquals("export.log", stored.attachments().get(0).fileName());
      assertArrayEquals(log, stored.attachments().get(0).bytes());
      List<Message> after = ada.messages(id);
      assertEquals("PDF. The log is attached.", after.get(after.size() - 1).body());
      assertEquals("export.log", after.get(after.size() - 1).attachments().get(0).fileName());

      desk.admin().setStatus(id, "solved");
      assertEquals(TicketStatus.SOLVED, ada.ticket(id).status());
      ada.rate(id, Rating.of(5, "great"));
      assertEquals(Integer.valueOf(5), desk.ticket(id).ratingScore());
      assertEquals("great", desk.ticket(id).ratingComment());

      // Own tickets only, for each requester.
      Set<String> adas = ada.tickets().stream().map(Ticket::id).collect(Collectors.toSet());
      assertEquals(Set.of(id, other.id()), adas);
      Set<String> bobsList = new HashSet<>();
      for (Ticket t : bob.tickets()) bobsList.add(t.id());
      assertEquals(Set.of(bobs.id()), bobsList);
      DeskException notYours = assertThrows(DeskException.class, () -> bob.ticket(id));
      assertEquals(404, notYours.httpStatus(), notYours::getMessage);
      DeskException noMessages = assertThrows(DeskException.class, () -> bob.messages(id));
      assertEquals(404, noMessages.httpStatus());
      assertThrows(DeskException.class, () -> bob.reply(id, "let me in"));
      assertEquals(after.size(), ada.messages(id).size(), "a stranger's reply did not land");
    }
  }

  @Test
  void personalDataInARatingCommentIsRedactedLikeAReply() throws Exception {
    try (TestDesk desk = TestDesk.builder().start();
        SupportApiConnector connector = connector(desk.baseUrl(), desk.appKey());
        Helpline ada = requester(desk, connector, "ada", "Ada")) {
      String id = ada.submit(draft("Export fails")).delivery().get(20, TimeUnit.SECONDS).id();
      desk.admin().setStatus(id, "solved");

      ada.rate(id, Rating.of(4, "Fixed, thanks! Call me on +44 20 7946 0958 or mail ada.l@example.org"));

      String comment = desk.ticket(id).ratingComment();
      assertTrue(comment.startsWith("Fixed, thanks!"), comment);
      assertFalse(comment.contains("7946"), comment);
      assertFalse(comment.contains("ada.l@example.org"), comment);
    }
  }

  /** A client of the requester {@code user-<name>} ({@code <name>@example.com}), signed in at the desk. */
  private Helpline requester(TestDesk desk, SupportApiConnector connector, String name, String displayName) {
    String email = name + "@example.com";
    return client(connector, dir.resolve(name), fastConfig())
        .requester(Requester.of("user-" + name, email, displayName))
        .userToken(desk.issueUserToken("user-" + name, email, Duration.ofHours(1)))
        .build();
  }
}
