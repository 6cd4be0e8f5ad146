package dev.helpline.delivery;

import static dev.helpline.delivery.DeliveryFixtures.client;
import static dev.helpline.delivery.DeliveryFixtures.connector;
import static dev.helpline.delivery.DeliveryFixtures.fastConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Helpline;
import dev.helpline.Limits;
import dev.helpline.Message;
import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.TicketDraft;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.testkit.TestDesk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tickets and conversations as long as the SDK lets anyone write are read back through the default response cap,
 * which they exceed together (the desk's default page of 20 such tickets is about 1.3 MiB of JSON).
 */
@Timeout(120)
class LongTicketsAndConversationsTest {
  private static final int LIMIT = Limits.defaults().maxDescriptionBytes();

  @TempDir Path dir;

  /** Text of exactly {@code bytes} bytes of UTF-8, with the quotes and line breaks JSON escapes. */
  private static String longText(String tag, int bytes) {
    StringBuilder s = new StringBuilder(tag).append('\n');
    while (s.length() < bytes) s.append("The \"export\" stopped again while saving the report.\n");
    String text = s.substring(0, bytes);
    assertEquals(bytes, text.getBytes(StandardCharsets.UTF_8).length);
    return text;
  }

  private Helpline ada(TestDesk desk, SupportApiConnector connector) {
    return client(connector, dir.resolve("ada"), fastConfig())
        .requester(Requester.of("user-ada", "ada@example.com", "Ada"))
        .userToken(desk.issueUserToken("user-ada", "ada@example.com", Duration.ofHours(1)))
        .build();
  }

  @Test
  void twentyTicketsAtTheDescriptionLimitAreListed() throws Exception {
    try (TestDesk desk = TestDesk.builder().start();
        SupportApiConnector connector = connector(desk.baseUrl(), desk.appKey());
        Helpline ada = ada(desk, connector)) {
      for (int i = 1; i <= 21; i++) {
        TicketDraft draft = TicketDraft.builder().subject("Long report " + i)
            .description(longText("report " + i, LIMIT)).includeDiagnostics(false).build();
        ada.submit(draft).delivery().get(20, TimeUnit.SECONDS);
      }
      assertEquals(LIMIT, desk.ticket("1").description().getBytes(StandardCharsets.UTF_8).length,
          "the desk holds the whole description");

      List<Ticket> newest = ada.tickets();

      assertTrue(newest.size() >= 1 && newest.size() <= 20, "one page: " + newest.size());
      for (int i = 0; i < newest.size(); i++) assertEquals("Long report " + (21 - i), newest.get(i).subject());
      int listed = 0;
      String cursor = null;
      do {
        var page = ada.tickets(cursor);
        listed += page.tickets().size();
        cursor = page.nextCursor();
      } while (cursor != null);
      assertEquals(21, listed, "every ticket, page after page");
    }
  }

  @Test
  void aConversationOfManyRepliesAtTheLimitIsRead() throws Exception {
    try (TestDesk desk = TestDesk.builder().start();
        SupportApiConnector connector = connector(desk.baseUrl(), desk.appKey());
        Helpline ada = ada(desk, connector)) {
      TicketDraft draft = TicketDraft.builder().subject("A long conversation")
          .description(longText("report", LIMIT)).includeDiagnostics(false).build();
      String id = ada.submit(draft).delivery().get(20, TimeUnit.SECONDS).id();
      for (int i = 0; i < 40; i++) {
        if (i % 2 == 0) ada.reply(id, longText("reply " + i, LIMIT));
        else desk.admin().reply(id, longText("reply " + i, LIMIT));
      }

      List<Message> conversation = ada.messages(id);

      assertEquals(41, conversation.size(), "the report and 40 replies, about 2.7 MB of JSON");
      assertEquals(longText("report", LIMIT), conversation.get(0).body());
      for (int i = 0; i < 40; i++) {
        Message m = conversation.get(i + 1);
        assertEquals(longText("reply " + i, LIMIT), m.body(), "reply " + i);
        assertEquals(i % 2 == 0 ? Message.Author.REQUESTER : Message.Author.AGENT, m.author());
      }
    }
  }
}
