package dev.helpline.connector.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Attachment;
import dev.helpline.connector.CapabilityUnsupportedException;
import dev.helpline.DeskException;
import dev.helpline.Message;
import dev.helpline.Priority;
import dev.helpline.Rating;
import dev.helpline.Message.RemoteFile;
import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import dev.helpline.connector.Capability;
import dev.helpline.connector.Connector.ConditionalTicket;
import dev.helpline.connector.Connector.TicketPage;
import dev.helpline.connector.Connector;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.UploadProgress;
import dev.helpline.connector.UserAuth;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * The behaviour every {@link Connector} owes the client, run against a real desk by each connector's
 * subclass. A subclass supplies the connector and two hooks that play the support agent. Tests create
 * their own tickets for fresh requester addresses, so they never depend on what the desk already holds.
 *
 * <p>The contract follows the connector's {@link Connector#capabilities()}: an operation the connector does not
 * declare must throw {@link CapabilityUnsupportedException} naming it, and is checked for exactly that; the
 * contract never asks for an undeclared operation otherwise. A connector that cannot read a ticket and its
 * conversation back (no {@link Capability#GET_TICKET} or no {@link Capability#MESSAGES}; e-mail is create-only)
 * has its subclass override {@link #assertDeskHolds} to look at the desk through the desk's own API instead.
 */
@Timeout(120)
public abstract class ConnectorContract {
  private static final AtomicLong SEQUENCE = new AtomicLong();

  protected Connector connector;

  /** A new connector talking to the desk under test, authenticated as the service that files tickets. */
  protected abstract Connector newConnector() throws Exception;

  /** Makes a support agent answer the ticket publicly, through the desk's own API. */
  protected abstract void agentReplies(String ticketId, String body) throws Exception;

  /** Makes a support agent move the ticket to {@code status}. */
  protected abstract void setStatus(String ticketId, TicketStatus status) throws Exception;

  @BeforeEach
  void openConnector() throws Exception {
    connector = newConnector();
  }

  @AfterEach
  void closeConnector() {
    if (connector != null) connector.close();
  }

  /** A requester no earlier run or test has used. */
  protected static Requester freshRequester() {
    String unique = Long.toString(System.currentTimeMillis(), 36) + "-" + SEQUENCE.incrementAndGet() + "-"
        + UUID.randomUUID().toString().substring(0, 8);
    return Requester.of(null, "user-" + unique + "@example.com", "User " + unique);
  }

  /** How a requester reads their tickets; desks that check user tokens override this. */
  protected UserAuth auth(Requester requester) {
    return UserAuth.of(requester, null);
  }

  protected static NewTicket.Builder draft(Requester requester, String subject) {
    return NewTicket.builder().submissionId(UUID.randomUUID().toString()).subject(subject)
        .description("Steps: open the app, press Sync.\nExpected: sync; actual: nothing happens.")
        .requester(requester).priority(Priority.NORMAL).createdAt(Instant.now());
  }

  protected Ticket create(NewTicket ticket) throws Exception {
    return connector.create(ticket, UploadProgress.NONE);
  }

  /**
   * Checks, as a support agent through the desk's own API, that the desk holds {@code sent} as one ticket with
   * its subject, description, requester and attachments (byte for byte). Called only for connectors without
   * {@link Capability#GET_TICKET} or without {@link Capability#MESSAGES}, in place of reading the ticket and its
   * conversation back; such a connector's subclass must override it.
   */
  protected void assertDeskHolds(NewTicket sent, Ticket created) throws Exception {
    Capability missing = supports(Capability.GET_TICKET) ? Capability.MESSAGES : Capability.GET_TICKET;
    throw new AssertionError(connector.name() + " cannot read back what it sent (no " + missing
        + "): its contract test must override assertDeskHolds to check the desk through the desk's own API");
  }

  /**
   * How many tickets the connector lists on one page (its own or its desk's page size), or 0, the default, when
   * the subclass does not say. Given, the listing test files one ticket more than a page for a requester, so that
   * the listing must follow a cursor to a second page; at 0 it files three, which may all fit on one page and then
   * leave paging unchecked. Override it with a small page size where the connector or desk can be set to one.
   */
  protected int ticketsPerPage() {
    return 0;
  }

  private boolean supports(Capability capability) {
    return connector.capabilities().contains(capability);
  }

  /** An undeclared operation is refused up front, naming the capability, without touching the desk. */
  private static void assertUnsupported(Capability capability, Executable call) {
    CapabilityUnsupportedException e = assertThrows(CapabilityUnsupportedException.class, call);
    assertEquals(capability, e.capability());
  }

  /**
   * The key lifetime agrees with the capabilities: a desk that deduplicates by key remembers it for a while, one
   * without keys for no time; and since keys expire, a connector relying on one can also find a submission's ticket.
   */
  @Test
  void declaresAnIdempotencyKeyLifetimeThatAgreesWithItsCapabilities() {
    Duration lifetime = connector.idempotencyKeyLifetime();
    assertNotNull(lifetime, connector.name() + " declares no idempotency key lifetime (Duration.ZERO for none)");
    assertFalse(lifetime.isNegative(), connector.name() + " declares a negative key lifetime " + lifetime);
    assertEquals(supports(Capability.IDEMPOTENT_CREATE), !lifetime.isZero(), connector.name() + " declares key lifetime "
        + lifetime + (supports(Capability.IDEMPOTENT_CREATE) ? " with " : " without ") + Capability.IDEMPOTENT_CREATE);
    if (!lifetime.isZero()) {
      assertTrue(supports(Capability.FIND_BY_SUBMISSION), connector.name() + "'s desk forgets keys after " + lifetime
          + ", so it must find a submission's ticket after that (" + Capability.FIND_BY_SUBMISSION + ")");
    }
  }

  @Test
  void createdTicketReadsBackWithItsSubject() throws Exception {
    Requester alice = freshRequester();
    NewTicket sent = draft(alice, "Sync does nothing").build();
    Ticket created = create(sent);
    assertNotNull(created.id());
    assertEquals("Sync does nothing", created.subject());
    if (!supports(Capability.GET_TICKET)) {
      assertUnsupported(Capability.GET_TICKET, () -> connector.getTicket(auth(alice), created.id(), null));
      assertDeskHolds(sent, created);
      return;
    }

    Ticket read = connector.getTicket(auth(alice), created.id(), null).ticket();
    assertNotNull(read);
    assertEquals(created.id(), read.id());
    assertEquals("Sync does nothing", read.subject());
    assertTrue(read.status() == TicketStatus.NEW || read.status() == TicketStatus.OPEN, read.status().toString());
    assertNotNull(read.createdAt());
  }

  @Test
  void createAgainWithTheSameSubmissionReturnsTheSameTicket() throws Exception {
    Requester alice = freshRequester();
    NewTicket ticket = draft(alice, "Retried after a lost answer").build();
    Ticket first = create(ticket);
    Ticket retry = create(ticket);
    assertEquals(first.id(), retry.id());
    if (supports(Capability.LIST_TICKETS)) {
      assertEquals(1, connector.listTickets(auth(alice), null).tickets().size());
    } else {
      assertUnsupported(Capability.LIST_TICKETS, () -> connector.listTickets(auth(alice), null));
    }
  }

  @Test
  void unicodeSubjectAndDescriptionSurvive() throws Exception {
    Requester alice = freshRequester();
    String subject = "Ünïcödé ✓ 日本語 — émoji 🚀";
    String description = "Grüße aus Köln. 中文. Ελληνικά. 🚀 ok";
    NewTicket sent = draft(alice, subject).description(description).build();
    Ticket created = create(sent);
    assertEquals(subject, created.subject());
    if (!supports(Capability.GET_TICKET) || !supports(Capability.MESSAGES)) {
      assertDeskHolds(sent, created);
      return;
    }
    assertEquals(subject, connector.getTicket(auth(alice), created.id(), null).ticket().subject());
    List<Message> messages = connector.messages(auth(alice), created.id());
    assertTrue(messages.get(0).body().contains(description), messages.get(0).body());
  }

  @Test
  void conversationStartsWithTheRequestersDescriptionAndAttachments() throws Exception {
    Requester alice = freshRequester();
    byte[] log = "12:00:01 INFO start\n12:00:02 ERROR sync failed\n".getBytes(StandardCharsets.UTF_8);
    NewTicket sent = draft(alice, "With a log")
        .attachments(List.of(Attachment.ofBytes("app.log", "text/plain", log))).build();
    Ticket created = create(sent);
    if (!supports(Capability.MESSAGES)) {
      assertUnsupported(Capability.MESSAGES, () -> connector.messages(auth(alice), created.id()));
      assertDeskHolds(sent, created);
      return;
    }

    List<Message> messages = connector.messages(auth(alice), created.id());
    assertEquals(1, messages.size(), messages.toString());
    Message first = messages.get(0);
    assertEquals(Message.Author.REQUESTER, first.author());
    assertTrue(first.body().contains("press Sync"), first.body());
    List<RemoteFile> files = first.attachments();
    assertEquals(1, files.size(), files.toString());
    assertEquals("app.log", files.get(0).fileName());
    assertTrue(files.get(0).mediaType().startsWith("text/plain"), files.get(0).mediaType());
    assertSize(log.length, files.get(0));
  }

  /**
   * Entity tags are optional ({@link Capability#CONDITIONAL_GET}): the client sends one only to a connector
   * that declares them, so only such a connector must answer "not modified"; every connector must show the
   * agent's answer in the conversation and return the ticket on an unconditional read.
   */
  @Test
  void agentReplyJoinsTheConversationAndChangesTheDeclaredEntityTag() throws Exception {
    boolean conditional = connector.capabilities().contains(Capability.CONDITIONAL_GET);
    Requester alice = freshRequester();
    if (!supports(Capability.GET_TICKET)) {
      assertUnsupported(Capability.GET_TICKET, () -> connector.getTicket(auth(alice), "1", null));
      return;
    }
    Ticket created = create(draft(alice, "Waiting for an answer").build());
    ConditionalTicket first = connector.getTicket(auth(alice), created.id(), null);
    assertFalse(first.notModified(), "an unconditional read returns the ticket");
    if (conditional) {
      assertNotNull(first.etag(), "a desk with conditional reads gives an entity tag");
      ConditionalTicket unchanged = connector.getTicket(auth(alice), created.id(), first.etag());
      assertTrue(unchanged.notModified(), "nothing changed yet");
    }

    agentReplies(created.id(), "Have you tried turning it off and on again?");

    if (conditional) {
      ConditionalTicket changed = connector.getTicket(auth(alice), created.id(), first.etag());
      assertFalse(changed.notModified(), "an agent's reply changes the ticket");
      assertNotEquals(first.etag(), changed.etag());
    } else {
      ConditionalTicket again = connector.getTicket(auth(alice), created.id(), null);
      assertFalse(again.notModified(), "an unconditional read returns the ticket");
      assertEquals(created.id(), again.ticket().id());
    }

    if (!supports(Capability.MESSAGES)) {
      assertUnsupported(Capability.MESSAGES, () -> connector.messages(auth(alice), created.id()));
      return;
    }
    List<Message> messages = connector.messages(auth(alice), created.id());
    assertEquals(2, messages.size(), messages.toString());
    Message answer = messages.get(1);
    assertEquals(Message.Author.AGENT, answer.author());
    assertTrue(answer.body().contains("turning it off and on again"), answer.body());
  }

  @Test
  void requesterReplyIsStoredAndListedWithItsAttachment() throws Exception {
    Requester alice = freshRequester();
    if (!supports(Capability.REPLY)) {
      assertUnsupported(Capability.REPLY, () -> connector.reply(auth(alice), "1", "more details", List.of()));
      return;
    }
    Ticket created = create(draft(alice, "I have more details").build());
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0};
    Message reply = connector.reply(auth(alice), created.id(), "Here is a screenshot ✓",
        List.of(Attachment.ofBytes("screen.png", "image/png", png)));
    assertEquals(Message.Author.REQUESTER, reply.author());
    assertTrue(reply.body().contains("Here is a screenshot ✓"), reply.body());
    assertEquals(List.of("screen.png"), names(reply.attachments()));
    if (!supports(Capability.MESSAGES)) {
      assertUnsupported(Capability.MESSAGES, () -> connector.messages(auth(alice), created.id()));
      return;
    }

    List<Message> messages = connector.messages(auth(alice), created.id());
    Message last = messages.get(messages.size() - 1);
    assertEquals(reply.id(), last.id());
    assertEquals(Message.Author.REQUESTER, last.author());
    assertSize(png.length, last.attachments().get(0));
  }

  @Test
  void statusChangesAreMapped() throws Exception {
    Requester alice = freshRequester();
    if (!supports(Capability.GET_TICKET)) {
      assertUnsupported(Capability.GET_TICKET, () -> connector.getTicket(auth(alice), "1", null));
      return;
    }
    Ticket created = create(draft(alice, "Status walk").build());
    for (TicketStatus status : List.of(TicketStatus.OPEN, TicketStatus.SOLVED)) {
      setStatus(created.id(), status);
      assertEquals(status, connector.getTicket(auth(alice), created.id(), null).ticket().status());
    }
  }

  @Test
  void listsOnlyTheRequestersOwnTicketsNewestFirstAcrossPages() throws Exception {
    Requester alice = freshRequester();
    if (!supports(Capability.LIST_TICKETS)) {
      assertUnsupported(Capability.LIST_TICKETS, () -> connector.listTickets(auth(alice), null));
      return;
    }
    Requester bob = freshRequester();
    int perPage = ticketsPerPage();
    List<String> created = new ArrayList<>();
    for (int i = 0; i < Math.max(3, perPage + 1); i++) created.add(create(draft(alice, "Alice " + i).build()).id());
    String bobs = create(draft(bob, "Bob's").build()).id();

    List<String> listed = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      TicketPage page = connector.listTickets(auth(alice), cursor);
      for (Ticket t : page.tickets()) listed.add(t.id());
      cursor = page.nextCursor();
      assertTrue(++pages <= 10, "paging ends");
    } while (cursor != null);
    if (perPage > 0) {
      assertTrue(pages >= 2, connector.name() + " listed " + listed.size() + " of the requester's " + created.size()
          + " tickets on one page without a cursor to the next; with " + perPage + " a page there are two");
    }
    Collections.reverse(created);
    assertEquals(created, listed, "the requester's tickets, newest first");
    assertFalse(listed.contains(bobs));
  }

  /** Each of the four operations on another's ticket is checked as the connector declares it: refused, or not found. */
  @Test
  void anotherRequesterCannotReadOrAnswerTheTicket() throws Exception {
    Requester alice = freshRequester();
    Requester mallory = freshRequester();
    boolean reads = supports(Capability.GET_TICKET) || supports(Capability.MESSAGES) || supports(Capability.REPLY)
        || supports(Capability.LIST_TICKETS);
    String id = reads ? create(draft(alice, "Private matter").build()).id() : "1";

    if (supports(Capability.GET_TICKET)) {
      assertNotFound("getTicket", () -> connector.getTicket(auth(mallory), id, null));
    } else {
      assertUnsupported(Capability.GET_TICKET, () -> connector.getTicket(auth(mallory), id, null));
    }
    if (supports(Capability.MESSAGES)) {
      assertNotFound("messages", () -> connector.messages(auth(mallory), id));
    } else {
      assertUnsupported(Capability.MESSAGES, () -> connector.messages(auth(mallory), id));
    }
    if (supports(Capability.REPLY)) {
      assertNotFound("reply", () -> connector.reply(auth(mallory), id, "let me in", List.of()));
    } else {
      assertUnsupported(Capability.REPLY, () -> connector.reply(auth(mallory), id, "let me in", List.of()));
    }
    if (supports(Capability.LIST_TICKETS)) {
      assertTrue(connector.listTickets(auth(mallory), null).tickets().isEmpty(), "another requester lists no tickets");
    } else {
      assertUnsupported(Capability.LIST_TICKETS, () -> connector.listTickets(auth(mallory), null));
    }
  }

  private static void assertNotFound(String operation, Executable call) {
    DeskException e = assertThrows(DeskException.class, call, operation + " of another requester's ticket");
    assertEquals(404, e.httpStatus(), operation + " of another requester's ticket is not found: " + e.getMessage());
  }

  @Test
  void unknownTicketIsNotFound() throws Exception {
    if (!supports(Capability.GET_TICKET)) {
      assertUnsupported(Capability.GET_TICKET, () -> connector.getTicket(auth(freshRequester()), "987654321", null));
      return;
    }
    DeskException e = assertThrows(DeskException.class,
        () -> connector.getTicket(auth(freshRequester()), "987654321", null));
    assertEquals(404, e.httpStatus());
    assertFalse(e.isRetryable());
  }

  @Test
  void ratingFollowsTheDeclaredCapability() throws Exception {
    if (connector.capabilities().contains(Capability.RATE)) {
      Requester alice = freshRequester();
      Ticket created = create(draft(alice, "Rate me").build());
      setStatus(created.id(), TicketStatus.SOLVED);
      connector.rate(auth(alice), created.id(), Rating.of(5, "Quick and kind"));
    } else {
      assertUnsupported(Capability.RATE, () -> connector.rate(auth(freshRequester()), "1", Rating.of(5)));
    }
  }

  /** A desk may not say a file's size (-1); when it does, it must be right. */
  protected static void assertSize(long expected, RemoteFile file) {
    if (file.size() != -1) assertEquals(expected, file.size(), file.toString());
  }

  protected static List<String> names(List<RemoteFile> files) {
    return files.stream().map(RemoteFile::fileName).collect(Collectors.toList());
  }
}
