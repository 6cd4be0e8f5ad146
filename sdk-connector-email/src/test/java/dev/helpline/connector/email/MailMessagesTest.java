package dev.helpline.connector.email;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Attachment;
import dev.helpline.Priority;
import dev.helpline.Requester;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.UploadProgress;
import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mail a ticket becomes: headers, injection attempts, RFC 2231 file names, quoted-printable text. */
class MailMessagesTest {
  private static final Session SESSION = Session.getInstance(new Properties());
  private final MailMessages messages;

  MailMessagesTest() throws Exception {
    messages = new MailMessages(new InternetAddress("Acme Notes <app@example.com>"), "example.com");
  }

  private static NewTicket.Builder ticket() {
    return NewTicket.builder().submissionId("0f8e6a52-1c3b-4b1e-9d57-2f1c0c6b9a11").subject("Sync stops")
        .description("Nothing uploads.").requester(Requester.of("u-42", "ada@example.com", "Ada Lovelace"))
        .createdAt(Instant.parse("2026-12-01T10:15:30Z"));
  }

  /** The message as written to the server: CRLF lines, 7-bit. */
  private String wire(NewTicket t) throws Exception {
    MimeMessage m = messages.build(SESSION, t, new InternetAddress("support@desk.test"), UploadProgress.NONE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.writeTo(out);
    return out.toString(StandardCharsets.US_ASCII);
  }

  private static MimeMessage parse(String wire) throws Exception {
    return new MimeMessage(SESSION, new ByteArrayInputStream(wire.getBytes(StandardCharsets.US_ASCII)));
  }

  private static String headerBlock(String wire) {
    return wire.substring(0, wire.indexOf("\r\n\r\n") + 2);
  }

  @Test
  void headersCarryTheSubmissionAddressesAndDate() throws Exception {
    String wire = wire(ticket().priority(Priority.HIGH).build());
    MimeMessage m = parse(wire);
    assertEquals("<helpline.0f8e6a52-1c3b-4b1e-9d57-2f1c0c6b9a11@example.com>", m.getMessageID());
    assertEquals("0f8e6a52-1c3b-4b1e-9d57-2f1c0c6b9a11", m.getHeader("X-Helpline-Submission", null));
    assertEquals("app@example.com", ((InternetAddress) m.getFrom()[0]).getAddress());
    assertEquals("support@desk.test", ((InternetAddress) m.getAllRecipients()[0]).getAddress());
    InternetAddress replyTo = (InternetAddress) m.getReplyTo()[0];
    assertEquals("ada@example.com", replyTo.getAddress());
    assertEquals("Ada Lovelace", replyTo.getPersonal());
    assertEquals(Instant.parse("2026-12-01T10:15:30Z"), m.getSentDate().toInstant());
    assertEquals("high", m.getHeader("Importance", null));
    assertEquals("Sync stops", m.getSubject());
  }

  @Test
  void everyAttemptOfASubmissionCarriesTheSameMessageId() throws Exception {
    NewTicket t = ticket().build();
    assertEquals(parse(wire(t)).getMessageID(), parse(wire(t)).getMessageID());
    assertFalse(parse(wire(ticket().submissionId("other").build())).getMessageID().equals(parse(wire(t)).getMessageID()));
  }

  @Test
  void submissionIdsOutsideTheSafeCharactersAreEncodedInTheMessageId() throws Exception {
    MimeMessage m = parse(wire(ticket().submissionId("a b>\r\nBcc: x@evil.test").build()));
    assertEquals("<helpline.a=20b=3E=0D=0ABcc=3A=20x=40evil=2Etest@example.com>", m.getMessageID());
    assertNull(m.getHeader("Bcc"));
  }

  @Test
  void lineBreaksInTheSubjectAndNamesCannotAddHeaders() throws Exception {
    NewTicket t = ticket().subject("Hello\r\nBcc: victim@evil.test\r\n\r\nInjected body")
        .requester(Requester.of(null, "ada@example.com", "Ada\r\nCc: other@evil.test")).build();
    String wire = wire(t);
    String headers = headerBlock(wire);
    assertFalse(headers.contains("\r\nBcc:"), headers);
    assertFalse(headers.contains("\r\nCc:"), headers);
    MimeMessage m = parse(wire);
    assertNull(m.getHeader("Bcc"));
    assertNull(m.getHeader("Cc"));
    assertEquals("Hello Bcc: victim@evil.test Injected body", m.getSubject());
    assertEquals("Ada Cc: other@evil.test", ((InternetAddress) m.getReplyTo()[0]).getPersonal());
  }

  @Test
  void aRequesterEmailThatIsNotOnePlainAddressIsRefused() {
    for (String bad : List.of("ada@example.com\r\nBcc: victim@evil.test", "ada@example.com, eve@evil.test",
        "Eve <eve@evil.test>", "not an address")) {
      MailMessages.InvalidFieldException e = assertThrows(MailMessages.InvalidFieldException.class,
          () -> wire(ticket().requester(Requester.of(null, bad, null)).build()), bad);
      assertEquals("requester.email", e.field);
    }
  }

  @Test
  void aRequesterAddressWithNonAsciiBeforeTheAtIsRefusedUnlessTheSessionWritesUtf8() throws Exception {
    NewTicket t = ticket().requester(Requester.of(null, "jörg@example.com", "Jörg")).build();
    MailMessages.InvalidFieldException e = assertThrows(MailMessages.InvalidFieldException.class,
        () -> messages.build(SESSION, t, new InternetAddress("support@desk.test"), UploadProgress.NONE));
    assertEquals("requester.email", e.field);
    assertTrue(e.getMessage().contains("SMTPUTF8 (RFC 6531)"), e.getMessage());

    Properties utf8 = new Properties();
    utf8.put(MailMessages.ALLOW_UTF8, "true");
    MimeMessage m = messages.build(Session.getInstance(utf8), t, new InternetAddress("support@desk.test"), UploadProgress.NONE);
    assertEquals("jörg@example.com", ((InternetAddress) m.getReplyTo()[0]).getAddress());
  }

  @Test
  void aRequesterDomainOutsideAsciiIsWrittenInItsAsciiForm() throws Exception {
    String wire = wire(ticket().requester(Requester.of(null, "ada@bücher.example", "Ada")).build());
    assertTrue(headerBlock(wire).contains("Reply-To: Ada <ada@xn--bcher-kva.example>\r\n"), headerBlock(wire));
  }

  @Test
  void senderAndDeskNamesOutsideAsciiAreEncodedAndSurvive() throws Exception {
    MailMessages cafe = new MailMessages(new InternetAddress("Café Notes <app@example.com>"), "example.com");
    MimeMessage built = cafe.build(SESSION, ticket().build(), new InternetAddress("Équipe Support <support@desk.test>"),
        UploadProgress.NONE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    built.writeTo(out);
    String wire = out.toString(StandardCharsets.ISO_8859_1);
    for (String line : headerBlock(wire).split("\r\n")) {
      assertTrue(line.chars().allMatch(c -> c < 0x80), "7-bit header: " + line);
    }
    MimeMessage read = parse(wire);
    assertEquals("Café Notes", ((InternetAddress) read.getFrom()[0]).getPersonal());
    assertEquals("app@example.com", ((InternetAddress) read.getFrom()[0]).getAddress());
    assertEquals("Équipe Support", ((InternetAddress) read.getAllRecipients()[0]).getPersonal());
  }

  @Test
  void aSubjectWithARunTooLongToFoldKeepsEveryHeaderLineWithin998CharactersAndSurvives() throws Exception {
    String subject = "Crash at https://files.example.test/" + "a1b2c3d4".repeat(200) + " on start";
    String wire = wire(ticket().subject(subject).build());
    for (String line : headerBlock(wire).split("\r\n")) assertTrue(line.length() <= 998, line);
    assertEquals(subject, parse(wire).getSubject());
  }

  @Test
  void aRequesterNameWithARunTooLongToFoldKeepsEveryHeaderLineWithin998CharactersAndSurvives() throws Exception {
    String name = "Ada " + "Lovelace-Byron".repeat(100) + " Jr.";
    String wire = wire(ticket().requester(Requester.of(null, "ada@example.com", name)).build());
    for (String line : headerBlock(wire).split("\r\n")) assertTrue(line.length() <= 998, line);
    InternetAddress replyTo = (InternetAddress) parse(wire).getReplyTo()[0];
    assertEquals("ada@example.com", replyTo.getAddress());
    assertEquals(name, replyTo.getPersonal());
  }

  @Test
  void aSubjectOrNameThatLooksLikeAnEncodedWordReachesTheDeskAsTyped() throws Exception {
    String subject = "Banner shows =?UTF-8?B?SGk=?= instead of the name";
    String name = "Ada =?UTF-8?Q?Byron?=";
    MimeMessage m = parse(wire(ticket().subject(subject).requester(Requester.of(null, "ada@example.com", name)).build()));
    assertEquals(subject, m.getSubject());
    assertEquals(name, ((InternetAddress) m.getReplyTo()[0]).getPersonal());
  }

  @Test
  void inAMailWithUtf8HeadersANameTooLongToFoldOrLookingLikeAnEncodedWordIsStillEncoded() throws Exception {
    Properties utf8 = new Properties();
    utf8.put(MailMessages.ALLOW_UTF8, "true");
    String longName = "Jörg " + "Lovelace-Byron".repeat(100) + " Jr.";
    String lookalike = "Jörg =?UTF-8?Q?Byron?=";
    for (String name : List.of(longName, lookalike)) {
      MailMessages named = new MailMessages(new InternetAddress("app@example.com", name, "UTF-8"), "example.com");
      MimeMessage built = named.build(Session.getInstance(utf8),
          ticket().requester(Requester.of(null, "jörg@example.com", name)).build(),
          new InternetAddress("support@desk.test"), UploadProgress.NONE);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      built.writeTo(out);
      String wire = out.toString(StandardCharsets.UTF_8);
      for (String line : headerBlock(wire).split("\r\n")) assertTrue(line.length() <= 998, line);
      MimeMessage read = new MimeMessage(Session.getInstance(utf8), new ByteArrayInputStream(out.toByteArray()));
      InternetAddress replyTo = (InternetAddress) read.getReplyTo()[0];
      assertEquals("jörg@example.com", replyTo.getAddress());
      assertEquals(name, replyTo.getPersonal());
      assertEquals(name, ((InternetAddress) read.getFrom()[0]).getPersonal());
    }
  }

  @Test
  void unicodeSubjectIsEncodedAndSurvives() throws Exception {
    String subject = "Ünïcödé ✓ 日本語 — émoji 🚀 and a long tail that needs folding across more than one header line";
    String wire = wire(ticket().subject(subject).build());
    for (String line : headerBlock(wire).split("\r\n")) assertTrue(line.length() <= 998, line);
    assertTrue(headerBlock(wire).contains("=?UTF-8?"), headerBlock(wire));
    assertEquals(subject, parse(wire).getSubject());
  }

  @Test
  void textBodyIsQuotedPrintableUtf8WithLinesWrappedAndTheDiagnosticsSummary() throws Exception {
    String longLine = "Grüße aus Köln: " + "the sync button does nothing at all, ".repeat(6) + "end.";
    String description = longLine + "\nSecond line ✓\r\nThird line with trailing space \n=equals= sign";
    String wire = wire(ticket().description(description).diagnosticsSummary("OS: Linux 6.1\nApp: 4.2.0 (4210)")
        .category("sync").tags(List.of("beta", "desktop")).customFields(Map.of("Plan", "Pro")).build());
    assertTrue(wire.contains("Content-Type: text/plain; charset=UTF-8"), wire);
    assertTrue(wire.contains("Content-Transfer-Encoding: quoted-printable"), wire);
    String body = wire.substring(wire.indexOf("\r\n\r\n") + 4);
    for (String line : body.split("\r\n", -1)) {
      assertTrue(line.length() <= 76, "quoted-printable lines are at most 76 characters: " + line);
      for (char c : line.toCharArray()) assertTrue(c < 128, "7-bit on the wire: " + line);
    }
    String text = (String) parse(wire).getContent();
    assertTrue(text.startsWith(longLine + "\r\nSecond line ✓\r\nThird line with trailing space \r\n=equals= sign"), text);
    assertTrue(text.contains("Requester: Ada Lovelace <ada@example.com> (id u-42)"), text);
    assertTrue(text.contains("Category: sync"), text);
    assertTrue(text.contains("Tags: beta, desktop"), text);
    assertTrue(text.contains("Plan: Pro"), text);
    assertTrue(text.contains("Diagnostics\r\nOS: Linux 6.1\r\nApp: 4.2.0 (4210)"), text);
    assertTrue(text.contains("Submission: 0f8e6a52-1c3b-4b1e-9d57-2f1c0c6b9a11"), text);
  }

  @Test
  void attachmentsArePartsWithMediaTypesRfc2231NamesAndExactBytes() throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R'};
    byte[] log = "12:00:01 INFO start\n12:00:02 ERROR sync failed   \n\n".getBytes(StandardCharsets.UTF_8);
    byte[] report = "Отчёт ✓\n".getBytes(StandardCharsets.UTF_8);
    String unicodeName = "Отчёт über 日本語 ✓ — a rather long file name, longer than one header line.txt";
    List<Attachment> files = List.of(Attachment.ofBytes("screen.png", "image/png", png),
        Attachment.ofBytes("app.log", "text/plain; charset=utf-8", log),
        Attachment.ofBytes(unicodeName, "text/plain", report));
    AtomicLong sent = new AtomicLong();
    List<Long> totals = new ArrayList<>();
    MimeMessage built = messages.build(SESSION, ticket().attachments(files).build(), new InternetAddress("support@desk.test"),
        (s, total) -> {
          sent.set(s);
          totals.add(total);
        });
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    built.writeTo(out);
    String wire = out.toString(StandardCharsets.US_ASCII);

    assertTrue(wire.contains("filename*=UTF-8''%D0%9E%D1%82%D1%87%D1%91%D1%82%20%C3%BCber%20"), "RFC 2231: " + wire);
    assertTrue(wire.contains("filename=screen.png"), "ASCII names stay plain: " + wire);
    for (String line : wire.split("\r\n")) assertTrue(line.length() <= 998, line);
    MimeMultipart mixed = (MimeMultipart) parse(wire).getContent();
    assertEquals(4, mixed.getCount());
    assertTrue(mixed.getBodyPart(0).isMimeType("text/plain"));
    assertPart(mixed.getBodyPart(1), "screen.png", "image/png", png);
    assertPart(mixed.getBodyPart(2), "app.log", "text/plain", log);
    assertPart(mixed.getBodyPart(3), unicodeName, "text/plain", report);
    assertEquals("base64", mixed.getBodyPart(2).getHeader("Content-Transfer-Encoding")[0]);
    long expected = "Nothing uploads.".length() + png.length + log.length + report.length;
    assertEquals(expected, sent.get(), "progress counts the text and every attachment byte");
    assertEquals(expected, (long) totals.get(totals.size() - 1));
  }

  @Test
  void anAttachmentThatGrowsAfterTheMailIsBuiltFailsTheWrite(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("app.log"), "first line\n".getBytes(StandardCharsets.UTF_8));
    MimeMessage built = messages.build(SESSION, ticket().attachments(List.of(Attachment.ofFile(file, "text/plain")))
        .build(), new InternetAddress("support@desk.test"), UploadProgress.NONE);
    Files.write(file, "second line\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    IOException e = assertThrows(IOException.class, () -> built.writeTo(new ByteArrayOutputStream()));
    assertEquals("attachment 'app.log' grew beyond 11 bytes while it was being sent; the mail was not completed",
        e.getMessage());
  }

  @Test
  void mediaTypeParametersOutsideAsciiOrWithControlCharactersAreEncodedNotWrittenRaw() throws Exception {
    List<Attachment> files = List.of(Attachment.ofBytes("a.txt", "text/plain; charset=utf-8; title=\"naïve\"", new byte[] {1}),
        Attachment.ofBytes("b.txt", "text/plain; title=\"a\u0001b\u007fc\"", new byte[] {2}));
    MimeMessage built = messages.build(SESSION, ticket().attachments(files).build(), new InternetAddress("support@desk.test"),
        UploadProgress.NONE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    built.writeTo(out);
    for (byte b : out.toByteArray()) {
      assertTrue(b >= 0x20 && b < 0x7f || b == '\r' || b == '\n' || b == '\t', "7-bit, no control characters: " + b);
    }
    MimeMultipart mixed = (MimeMultipart) parse(out.toString(StandardCharsets.US_ASCII)).getContent();
    ContentType first = new ContentType(mixed.getBodyPart(1).getContentType());
    assertEquals("naïve", first.getParameter("title"));
    assertEquals("utf-8", first.getParameter("charset"));
    assertEquals("a.txt", mixed.getBodyPart(1).getFileName());
    assertEquals("a b c", new ContentType(mixed.getBodyPart(2).getContentType()).getParameter("title"));
  }

  @Test
  void anUnusableMediaTypeBecomesOctetStream() throws Exception {
    String wire = wire(ticket().attachments(List.of(Attachment.ofBytes("x.bin", "application/x-y; a=\"unterminated",
        new byte[] {1, 2, 3}))).build());
    BodyPart part = ((MimeMultipart) parse(wire).getContent()).getBodyPart(1);
    assertTrue(part.isMimeType("application/octet-stream"), part.getContentType());
  }

  private static void assertPart(BodyPart part, String name, String type, byte[] bytes) throws Exception {
    assertEquals(name, part.getFileName());
    assertTrue(part.isMimeType(type), part.getContentType());
    assertEquals("attachment", part.getDisposition());
    assertArrayEquals(bytes, part.getInputStream().readAllBytes(), name);
  }
}
