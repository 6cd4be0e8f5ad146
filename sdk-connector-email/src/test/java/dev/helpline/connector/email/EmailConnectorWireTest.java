package dev.helpline.connector.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Attachment;
import dev.helpline.DeskException;
import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.UploadProgress;
import dev.helpline.connector.tck.SecretEchoContract;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SMTP outcomes on the wire, against a scripted server: each reply class, lost connections, timeouts, auth. */
@Timeout(60)
class EmailConnectorWireTest {
  private static final String PASSWORD = "correct horse battery staple";

  @TempDir Path dir;

  private static EmailConnector.Builder connector(ScriptedSmtpServer server) {
    return EmailConnector.builder().host("127.0.0.1").port(server.port())
        .security(SmtpSecurity.STARTTLS_OPPORTUNISTIC).heloName("client.test")
        .from("Acme Notes <app@example.com>").to("support@desk.test")
        .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(20));
  }

  private static NewTicket ticket() {
    return NewTicket.builder().submissionId(UUID.randomUUID().toString()).subject("Sync stops")
        .description("Nothing uploads.").requester(Requester.of(null, "ada@example.com", "Ada"))
        .createdAt(Instant.parse("2026-12-01T10:00:00Z")).build();
  }

  @Test
  void twoHundredFiftyAfterTheDataIsDeliveredAsSentByEmail() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
      NewTicket t = ticket();
      EmailConnector c = connector(server).build();
      Ticket ticket = c.create(t, UploadProgress.NONE);
      assertTrue(EmailConnector.isSentByEmail(ticket), ticket.id());
      assertEquals("mid:helpline." + t.submissionId() + "@example.com", ticket.id());
      assertEquals(ticket.id(), ticket.url());
      assertEquals("Sync stops", ticket.subject());
      List<String> commands = server.commands();
      assertEquals("EHLO client.test", commands.get(0));
      assertTrue(commands.contains("MAIL FROM:<app@example.com>"), commands.toString());
      assertTrue(commands.contains("RCPT TO:<support@desk.test>"), commands.toString());
    }
  }

  @Test
  void senderAndDeskDomainsOutsideAsciiTravelInTheirAsciiFormInEnvelopeHeadersAndGreeting() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
      EmailConnector c = EmailConnector.builder().host("127.0.0.1").port(server.port())
          .security(SmtpSecurity.STARTTLS_OPPORTUNISTIC).from("Bücher <app@bücher.example>").to("support@désk.test")
          .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(20)).build();
      NewTicket t = ticket();
      Ticket ticket = c.create(t, UploadProgress.NONE);
      assertEquals("mid:helpline." + t.submissionId() + "@xn--bcher-kva.example", ticket.id());
      List<String> commands = server.commands();
      assertEquals("EHLO xn--bcher-kva.example", commands.get(0));
      assertTrue(commands.contains("MAIL FROM:<app@xn--bcher-kva.example>"), commands.toString());
      assertTrue(commands.contains("RCPT TO:<support@xn--dsk-bma.test>"), commands.toString());
      for (String line : server.lines()) {
        assertTrue(line.chars().allMatch(ch -> ch < 0x80), "only ASCII on the wire: " + line);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> EmailConnector.builder().from("jörg@example.com"));
  }

  @Test
  void anyTwoHundredReplyToTheDataIsDeliveredNotRetried() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer()
        .afterData(ScriptedSmtpServer.AfterData.REPLY, "251 2.1.5 Accepted, will forward").start()) {
      NewTicket t = ticket();
      Ticket ticket = connector(server).build().create(t, UploadProgress.NONE);
      assertEquals("mid:helpline." + t.submissionId() + "@example.com", ticket.id());
      assertEquals(1, server.messages().size());
    }
  }

  @Test
  void fourHundredReplyIsRetryableWithTheServersText() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer()
        .afterData(ScriptedSmtpServer.AfterData.REPLY, "451 4.3.0 Try again later, queue busy").start()) {
      DeskException e = assertThrows(DeskException.class, () -> connector(server).build().create(ticket(), UploadProgress.NONE));
      assertTrue(e.isRetryable());
      assertEquals(503, e.httpStatus());
      assertEquals("smtp-451", e.errorCode());
      assertTrue(e.deskMessage().contains("Try again later, queue busy"), e.deskMessage());
    }
  }

  @Test
  void fiveHundredReplyToTheRecipientIsPermanentWithTheServersText() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer()
        .reply("RCPT", "550 5.1.1 <support@desk.test>: Recipient address rejected").start()) {
      DeskException e = assertThrows(DeskException.class, () -> connector(server).build().create(ticket(), UploadProgress.NONE));
      assertFalse(e.isRetryable());
      assertEquals(422, e.httpStatus());
      assertEquals("smtp-550", e.errorCode());
      assertEquals("to", e.field());
      assertTrue(e.deskMessage().contains("Recipient address rejected"), e.deskMessage());
      assertFalse(server.commands().contains("DATA"), "nothing sent after the refusal: " + server.commands());
    }
  }

  @Test
  void fiveHundredReplyToTheSenderIsPermanentAndNamesTheFromField() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer()
        .reply("MAIL", "550 5.7.1 <app@example.com>: Sender address rejected").start()) {
      DeskException e = assertThrows(DeskException.class, () -> connector(server).build().create(ticket(), UploadProgress.NONE));
      assertFalse(e.isRetryable());
      assertEquals("smtp-550", e.errorCode());
      assertEquals("from", e.field());
      assertTrue(e.deskMessage().contains("Sender address rejected"), e.deskMessage());
    }
  }

  @Test
  void fiveHundredAfterTheDataIsPermanent() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer()
        .afterData(ScriptedSmtpServer.AfterData.REPLY, "554 5.7.1 Message rejected as spam").start()) {
      DeskException e = assertThrows(DeskException.class, () -> connector(server).build().create(ticket(), UploadProgress.NONE));
      assertFalse(e.isRetryable());
      assertEquals("smtp-554", e.errorCode());
      assertTrue(e.getMessage().contains("Message rejected as spam"), e.getMessage());
    }
  }

  @Test
  void fiveHundredGreetingIsPermanentWithTheServersReply() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer().greeting("554 5.7.1 Client host [127.0.0.1] blocked").start()) {
      DeskException e = assertThrows(DeskException.class, () -> connector(server).build().create(ticket(), UploadProgress.NONE));
      assertFalse(e.isRetryable());
      assertEquals(422, e.httpStatus());
      assertEquals("smtp-554", e.errorCode());
      assertEquals("554 5.7.1 Client host [127.0.0.1] blocked", e.deskMessage());
    }
  }

  @Test
  void fourHundredGreetingIsRetryable() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer().greeting("421 4.3.2 Too many connections").start()) {
      DeskException e = assertThrows(DeskException.class, () -> connector(server).build().create(ticket(), UploadProgress.NONE));
      assertTrue(e.isRetryable());
      assertEquals("smtp-421", e.errorCode());
      assertTrue(e.deskMessage().contains("Too many connections"), e.deskMessage());
    }
  }

  @Test
  void fiveHundredToEhloAndHeloIsPermanent() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer().reply("EHLO", "550 5.7.1 HELO name rejected")
        .reply("HELO", "550 5.7.1 HELO name rejected").start()) {
      DeskException e = assertThrows(DeskException.class, () -> connector(server).build().create(ticket(), UploadProgress.NONE));
      assertFalse(e.isRetryable());
      assertEquals("smtp-550", e.errorCode());
      assertTrue(e.deskMessage().contains("HELO name rejected"), e.deskMessage());
      assertFalse(server.commands().stream().anyMatch(l -> l.startsWith("MAIL")), server.commands().toString());
    }
  }

  @Test
  void fiveHundredToStartTlsIsPermanent() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer().extension("STARTTLS")
        .reply("STARTTLS", "554 5.7.3 TLS not available for this client").start()) {
      DeskException e = assertThrows(DeskException.class, () -> connector(server).build().create(ticket(), UploadProgress.NONE));
      assertFalse(e.isRetryable());
      assertEquals("smtp-554", e.errorCode());
      assertTrue(e.deskMessage().contains("TLS not available"), e.deskMessage());
    }
  }

  @Test
  void connectionLostAfterTheDataIsRetriedWithTheSameMessageId() throws Exception {
    NewTicket t = ticket();
    try (ScriptedSmtpServer server = new ScriptedSmtpServer()
        .afterData(ScriptedSmtpServer.AfterData.DROP, "").start()) {
      EmailConnector c = connector(server).build();
      assertThrows(IOException.class, () -> c.create(t, UploadProgress.NONE));
      assertThrows(IOException.class, () -> c.create(t, UploadProgress.NONE));
      List<String> ids = server.messages().stream().map(EmailConnectorWireTest::messageIdOf).collect(Collectors.toList());
      assertEquals(2, ids.size());
      assertEquals(c.messageId(t.submissionId()), ids.get(0));
      assertEquals(ids.get(0), ids.get(1), "every attempt carries the same Message-ID");
      assertTrue(server.messages().get(1).contains("X-Helpline-Submission: " + t.submissionId()));
    }
  }

  @Test
  void anAttachmentShorterThanItsSizeFailsTheSendAndNoTruncatedMailIsDelivered() throws Exception {
    Path file = Files.write(dir.resolve("entry"), new byte[40]);
    Attachment cut = Attachment.ofFileRegion(file, 0, 100, "app.log", "text/plain"); // claims 100 bytes
    NewTicket t = NewTicket.builder().submissionId(UUID.randomUUID().toString()).subject("Sync stops")
        .description("Nothing uploads.").attachments(List.of(cut)).createdAt(Instant.now()).build();
    try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
      IOException e = assertThrows(IOException.class, () -> connector(server).build().create(t, UploadProgress.NONE));
      assertTrue(e.getMessage().startsWith("attachment 'app.log' ended after 40 bytes; it was 100 bytes"), e.getMessage());
      assertTrue(server.commands().contains("DATA"), "the failure came while writing the data: " + server.commands());
      assertEquals(List.of(), server.messages(), "the data was never ended with its '.' line");
    }
  }

  private static NewTicket ticketFrom(String email) {
    return NewTicket.builder().submissionId(UUID.randomUUID().toString()).subject("Sync stops")
        .description("Nothing uploads.").requester(Requester.of(null, email, "Jörg")).createdAt(Instant.now()).build();
  }

  @Test
  void withSmtpUtf8OnARequesterAddressWithNonAsciiBeforeTheAtGoesOutWithSmtpUtf8WhenTheServerOffersIt() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer().extension("8BITMIME").extension("SMTPUTF8").start()) {
      connector(server).smtpUtf8(true).build().create(ticketFrom("jörg@example.com"), UploadProgress.NONE);
      assertTrue(server.commands().contains("MAIL FROM:<app@example.com> SMTPUTF8"), server.commands().toString());
      String replyTo = server.messages().get(0).lines().filter(l -> l.startsWith("Reply-To: ")).findFirst().orElseThrow();
      assertEquals("Reply-To: \"Jörg\" <jörg@example.com>", replyTo);
    }
  }

  @Test
  void withSmtpUtf8OnARequesterAddressWithNonAsciiBeforeTheAtIsAnInvalidFieldWhenTheServerDoesNotOfferIt()
      throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
      DeskException e = assertThrows(DeskException.class,
          () -> connector(server).smtpUtf8(true).build().create(ticketFrom("jörg@example.com"), UploadProgress.NONE));
      assertFalse(e.isRetryable());
      assertEquals("invalid-field", e.errorCode());
      assertEquals("requester.email", e.field());
      assertTrue(e.deskMessage().contains("SMTPUTF8 (RFC 6531), which mail server 127.0.0.1:" + server.port()
          + " does not offer"), e.deskMessage());
      assertFalse(server.commands().stream().anyMatch(l -> l.startsWith("MAIL")), "nothing sent: " + server.commands());
    }
  }

  @Test
  void aRequesterAddressWithNonAsciiBeforeTheAtIsAnInvalidFieldByDefaultEvenWhenTheServerOffersSmtpUtf8()
      throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer().extension("SMTPUTF8").start()) {
      DeskException e = assertThrows(DeskException.class,
          () -> connector(server).build().create(ticketFrom("jörg@example.com"), UploadProgress.NONE));
      assertFalse(e.isRetryable());
      assertEquals("invalid-field", e.errorCode());
      assertEquals("requester.email", e.field());
      assertTrue(e.deskMessage().contains("smtpUtf8(true)"), e.deskMessage());
      assertEquals(List.of(), server.lines(), "refused before connecting");
    }
  }

  @Test
  void aRequesterDomainOutsideAsciiIsSentInItsAsciiFormWithoutSmtpUtf8() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
      connector(server).build().create(ticketFrom("joerg@exämple.com"), UploadProgress.NONE);
      String replyTo = server.messages().get(0).lines().filter(l -> l.startsWith("Reply-To: ")).findFirst().orElseThrow();
      assertEquals("Reply-To: =?UTF-8?Q?J=C3=B6rg?= <joerg@xn--exmple-cua.com>", replyTo);
      assertTrue(server.commands().contains("MAIL FROM:<app@example.com>"), server.commands().toString());
    }
  }

  @Test
  void unreachableServerIsAnIoError() throws Exception {
    int port;
    try (ScriptedSmtpServer closed = new ScriptedSmtpServer()) {
      port = closed.port();
    }
    EmailConnector c = EmailConnector.builder().host("127.0.0.1").port(port).security(SmtpSecurity.STARTTLS_REQUIRED)
        .from("app@example.com").to("support@desk.test").password("app", PASSWORD).build();
    IOException e = assertThrows(IOException.class, () -> c.create(ticket(), UploadProgress.NONE));
    assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    assertFalse(stackTrace(e).contains(PASSWORD));
  }

  @Test
  void aServerThatNeverAnswersTheDataIsCutOffByTheWholeSendTimeout() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer()
        .afterData(ScriptedSmtpServer.AfterData.STALL, "").start()) {
      EmailConnector c = connector(server).readTimeout(Duration.ofMinutes(5)).sendTimeout(Duration.ofMillis(700)).build();
      IOException e = assertThrows(IOException.class, () -> c.create(ticket(), UploadProgress.NONE));
      assertTrue(e.getMessage().contains("whole-send timeout of 700 ms"), e.getMessage());
    }
  }

  @Test
  void cancelCallsEndsASendTheServerStallsWithAnIoError() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer()
        .afterData(ScriptedSmtpServer.AfterData.STALL, "").start()) {
      EmailConnector c = connector(server).readTimeout(Duration.ofMinutes(5)).sendTimeout(Duration.ofMinutes(5)).build();
      java.util.concurrent.ExecutorService caller = java.util.concurrent.Executors.newSingleThreadExecutor();
      try {
        java.util.concurrent.Future<Ticket> sending = caller.submit(() -> c.create(ticket(), UploadProgress.NONE));
        while (server.messages().isEmpty()) {
          assertFalse(sending.isDone(), "the send ended before the server stalled");
          Thread.onSpinWait();
        }

        c.cancelCalls();

        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
            () -> sending.get(30, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IOException, "a cancelled send is a transport failure: " + e.getCause());
        assertFalse(e.getCause() instanceof DeskException && !((DeskException) e.getCause()).isRetryable(),
            "retryable: " + e.getCause());
      } finally {
        caller.shutdownNow();
      }
    }
  }

  @Test
  void anSmtpsServerSilentInTheHandshakeIsCutOffByTheWholeSendTimeout() throws Exception {
    try (SilentServer server = new SilentServer()) {
      EmailConnector c = EmailConnector.builder().host("127.0.0.1").port(server.port()).security(SmtpSecurity.SMTPS)
          .from("app@example.com").to("support@desk.test")
          .readTimeout(Duration.ofSeconds(30)).sendTimeout(Duration.ofMillis(700)).build();
      long start = System.nanoTime();
      IOException e = assertThrows(IOException.class, () -> c.create(ticket(), UploadProgress.NONE));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(e.getMessage().contains("whole-send timeout of 700 ms"), e.getMessage());
      // Falling back to a connection of the JVM's default factory would wait out the 30 s read timeout.
      assertTrue(millis < 10_000, "the send took " + millis + " ms");
    }
  }

  @Test
  void cancelCallsEndsAnSmtpsSendWaitingInTheHandshake() throws Exception {
    try (SilentServer server = new SilentServer()) {
      EmailConnector c = EmailConnector.builder().host("127.0.0.1").port(server.port()).security(SmtpSecurity.SMTPS)
          .from("app@example.com").to("support@desk.test")
          .readTimeout(Duration.ofSeconds(30)).sendTimeout(Duration.ofMinutes(5)).build();
      ExecutorService caller = Executors.newSingleThreadExecutor();
      try {
        Future<Ticket> sending = caller.submit(() -> c.create(ticket(), UploadProgress.NONE));
        assertTrue(server.connected.await(10, TimeUnit.SECONDS), "the connector did not connect");

        c.cancelCalls();

        ExecutionException e = assertThrows(ExecutionException.class, () -> sending.get(10, TimeUnit.SECONDS),
            "cancelCalls did not end the send; connections: " + server.accepted.size());
        assertTrue(e.getCause() instanceof IOException, "a cancelled send is a transport failure: " + e.getCause());
      } finally {
        caller.shutdownNow();
      }
    }
  }

  /** A server that accepts connections and never sends a byte: a TLS handshake with it waits forever. */
  private static final class SilentServer implements AutoCloseable {
    final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    final List<Socket> accepted = new CopyOnWriteArrayList<>();
    final CountDownLatch connected = new CountDownLatch(1);

    SilentServer() throws IOException {
      Thread t = new Thread(() -> {
        try {
          while (true) {
            accepted.add(socket.accept());
            connected.countDown();
          }
        } catch (IOException closed) {
          // the test is over
        }
      }, "silent-smtps");
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket s : accepted) s.close();
    }
  }

  @Test
  void startTlsRequiredButNotOfferedSendsNothingInClear() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer().extension("AUTH PLAIN LOGIN").start()) {
      EmailConnector c = connector(server).security(SmtpSecurity.STARTTLS_REQUIRED).password("app", PASSWORD).build();
      DeskException e = assertThrows(DeskException.class, () -> c.create(ticket(), UploadProgress.NONE));
      assertFalse(e.isRetryable());
      assertEquals("smtp-starttls-unavailable", e.errorCode());
      assertTrue(e.getMessage().contains("does not offer STARTTLS"), e.getMessage());
      for (String line : server.lines()) {
        String verb = line.split(" ", 2)[0].toUpperCase(java.util.Locale.ROOT);
        assertTrue(verb.equals("EHLO") || verb.equals("QUIT"), "only EHLO and QUIT cross in clear, got: " + server.lines());
      }
    }
  }

  @Test
  void passwordGoesOutAsSaslPlainAndNeverIntoAnAuthenticationError() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer().extension("AUTH PLAIN LOGIN")
        .reply("AUTH", "535 5.7.8 Authentication failed").start()) {
      EmailConnector c = connector(server).password("app@example.com", PASSWORD).build();
      DeskException e = assertThrows(DeskException.class, () -> c.create(ticket(), UploadProgress.NONE));
      assertEquals(401, e.httpStatus());
      assertFalse(e.isRetryable());
      String plain = server.commands().stream().filter(l -> l.startsWith("AUTH PLAIN")).findFirst().orElseThrow();
      String decoded = new String(Base64.getDecoder().decode(plain.substring("AUTH PLAIN ".length())), StandardCharsets.UTF_8);
      assertTrue(decoded.endsWith("\0app@example.com\0" + PASSWORD), decoded);
      assertFalse(stackTrace(e).contains(PASSWORD));
      assertFalse(c.toString().contains(PASSWORD), c.toString());
    }
  }

  @Test
  void anEchoedCredentialIsScrubbedFromTheServersReply() throws Exception {
    String echoed = Base64.getEncoder().encodeToString(("app@example.com\0app@example.com\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    try (ScriptedSmtpServer server = new ScriptedSmtpServer().extension("AUTH PLAIN")
        .reply("AUTH", "535 5.7.8 Cannot decode " + echoed + " for " + PASSWORD).start()) {
      EmailConnector c = connector(server).password("app@example.com", PASSWORD).build();
      DeskException e = assertThrows(DeskException.class, () -> c.create(ticket(), UploadProgress.NONE));
      assertFalse(stackTrace(e).contains(PASSWORD), e.getMessage());
      assertFalse(stackTrace(e).contains(echoed), e.getMessage());
      assertTrue(e.getMessage().contains("Cannot decode *** for ***"), e.getMessage());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.helpline.connector.tck.SecretEchoContract#echoes")
  void aMangledEchoOfThePasswordIsScrubbedLikeEveryConnectorsIs(String variant, String echo) throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer().extension("AUTH PLAIN")
        .reply("AUTH", "535 5.7.8 Invalid credentials " + echo + " for this account").start()) {
      EmailConnector c = connector(server).password("app@example.com", SecretEchoContract.SECRET).build();
      DeskException e = assertThrows(DeskException.class, () -> c.create(ticket(), UploadProgress.NONE));
      SecretEchoContract.assertNoFragment(variant, stackTrace(e));
      // SMTP replies are US-ASCII (RFC 5321) and Jakarta Mail reads them as Latin-1: an echo split by non-ASCII
      // characters arrives as mojibake between short pieces of the secret, which no check can join again; the
      // fragment rule above still holds for it. Every ASCII echo is masked where it stood.
      if (echo.chars().allMatch(ch -> ch < 0x80)) {
        assertTrue(e.getMessage().contains("***"), variant + ": the echo is masked, not dropped: " + e.getMessage());
      }
    }
  }

  @Test
  void oauth2TokenGoesOutAsXoauth2() throws Exception {
    String token = "ya29.token-" + UUID.randomUUID();
    try (ScriptedSmtpServer server = new ScriptedSmtpServer().extension("AUTH PLAIN LOGIN XOAUTH2").start()) {
      connector(server).oauth2("app@example.com", token).build().create(ticket(), UploadProgress.NONE);
      String auth = server.commands().stream().filter(l -> l.startsWith("AUTH ")).findFirst().orElseThrow();
      assertTrue(auth.startsWith("AUTH XOAUTH2 "), auth);
      String decoded = new String(Base64.getDecoder().decode(auth.substring("AUTH XOAUTH2 ".length())), StandardCharsets.UTF_8);
      assertEquals("user=app@example.com\1auth=Bearer " + token + "\1\1", decoded);
    }
  }

  @Test
  void categoryWithItsOwnAddressGoesThere() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
      EmailConnector c = connector(server).to("Billing", "billing@desk.test").build();
      NewTicket billing = NewTicket.builder().submissionId("b-1").subject("Invoice").category("billing")
          .createdAt(Instant.now()).build();
      c.create(billing, UploadProgress.NONE);
      c.create(NewTicket.builder().submissionId("o-1").subject("Other").category("crash").createdAt(Instant.now()).build(),
          UploadProgress.NONE);
      List<String> rcpts = server.commands().stream().filter(l -> l.startsWith("RCPT")).collect(Collectors.toList());
      assertEquals(List.of("RCPT TO:<billing@desk.test>", "RCPT TO:<support@desk.test>"), rcpts);
    }
  }

  private static String messageIdOf(String message) {
    for (String line : message.split("\r\n")) {
      if (line.regionMatches(true, 0, "Message-ID: ", 0, 12)) return line.substring(12).trim();
    }
    throw new AssertionError("no Message-ID in " + message);
  }

  private static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }
}
