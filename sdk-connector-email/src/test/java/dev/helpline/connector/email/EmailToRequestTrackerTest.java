package dev.helpline.connector.email;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.AppInfo;
import dev.helpline.Attachment;
import dev.helpline.Submission;
import dev.helpline.DeliveryPolicy;
import dev.helpline.DeskException;
import dev.helpline.Helpline;
import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.TicketDraft;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.UploadProgress;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end for real: the connector sends to a real exim4 on a loopback port, exim pipes the mail to RT's
 * rt-mailgate, and RT files the ticket, read back through RT's REST2 API.
 */
@ExtendWith(RealRt.Provider.class)
@Timeout(180)
class EmailToRequestTrackerTest {
  private static final Duration ARRIVAL = Duration.ofSeconds(60);
  private static RealRt rt;

  @TempDir Path dir;
  @TempDir Path data;

  @BeforeAll
  static void server(RealRt server) {
    rt = server;
  }

  static EmailConnector.Builder connector(int port) {
    return EmailConnector.builder().host("127.0.0.1").port(port).security(SmtpSecurity.STARTTLS_OPPORTUNISTIC)
        .heloName("client.test").from("Acme Notes <app@example.com>").to("support@" + Exim.DOMAIN)
        .to("billing", "billing@" + Exim.DOMAIN);
  }

  private static String unique(String prefix) {
    return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String freshEmail() {
    return "user-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
  }

  @Test
  void ticketArrivesInRtWithSubjectRequesterBodyAndByteExactFiles() throws Exception {
    byte[] png = png();
    byte[] log = "12:00:01 INFO start\n12:00:02 ERROR sync failed   \r\n\tat Sync.run(Sync.java:42)\n\n"
        .getBytes(StandardCharsets.UTF_8);
    byte[] notes = "Grüße ✓ 日本語\n".getBytes(StandardCharsets.UTF_8);
    String unicodeName = "Отчёт über 日本語 ✓.txt";
    String subject = unique("Sync stops ✓ after an hour");
    String email = freshEmail();
    String description = "Nothing uploads after 60 minutes. " + "The button spins and nothing else happens. ".repeat(4)
        + "\nGrüße aus Köln.";
    NewTicket ticket = NewTicket.builder().submissionId(UUID.randomUUID().toString()).subject(subject)
        .description(description).diagnosticsSummary("OS: Linux 6.1 amd64\nApp: Acme Notes 4.2.0 (4210)")
        .requester(Requester.of(null, email, "Ada Lovelace")).createdAt(Instant.now())
        .attachments(List.of(Attachment.ofBytes("screen.png", "image/png", png),
            Attachment.ofBytes("app.log", "text/plain", log),
            Attachment.ofBytes(unicodeName, "text/plain", notes)))
        .build();

    try (Exim exim = Exim.start(dir, rt.url(), null)) {
      EmailConnector connector = connector(exim.port()).build();
      Ticket sent = connector.create(ticket, UploadProgress.NONE);
      assertTrue(EmailConnector.isSentByEmail(sent), sent.id());

      List<String> ids = rt.awaitTickets(subject, ARRIVAL);
      assertEquals(1, ids.size(), () -> "one ticket in RT; exim log:\n" + log(exim));
      String id = ids.get(0);
      assertEquals(subject, rt.ticket(id).get("Subject"));
      assertEquals(List.of(email), rt.requestors(id), "the requester comes from Reply-To");
      assertEquals("Email", rt.queueName(id));

      List<RealRt.Part> parts = rt.parts(id);
      RealRt.Part body = parts.stream().filter(p -> p.contentType.startsWith("text/plain") && p.fileName.isEmpty())
          .findFirst().orElseThrow(() -> new AssertionError(parts.toString()));
      String text = body.text().replace("\r\n", "\n");
      assertTrue(text.contains(description), text);
      assertTrue(text.contains("App: Acme Notes 4.2.0 (4210)"), text);
      assertTrue(parts.get(0).headers.contains(connector.messageId(ticket.submissionId())), parts.get(0).headers);
      assertArrayEquals(png, file(parts, "screen.png").content, "PNG byte-exact");
      assertTrue(file(parts, "screen.png").contentType.startsWith("image/png"));
      assertArrayEquals(log, file(parts, "app.log").content, "log byte-exact, line endings included");
      assertArrayEquals(notes, file(parts, unicodeName).content, "the Unicode-named file keeps its name and bytes");
    }
  }

  @Test
  void aRequesterDomainOutsideAsciiReachesRtInItsAsciiForm() throws Exception {
    String subject = unique("IDN requester domain");
    String local = "ada-" + UUID.randomUUID().toString().substring(0, 8);
    try (Exim exim = Exim.start(dir, rt.url(), null)) {
      connector(exim.port()).build().create(NewTicket.builder().submissionId(UUID.randomUUID().toString())
          .subject(subject).description("Sync stops.").requester(Requester.of(null, local + "@bücher.example.com", "Ada"))
          .createdAt(Instant.now()).build(), UploadProgress.NONE);
      List<String> ids = rt.awaitTickets(subject, ARRIVAL);
      assertEquals(1, ids.size(), () -> "exim log:\n" + log(exim));
      assertEquals(List.of(local + "@xn--bcher-kva.example.com"), rt.requestors(ids.get(0)));
    }
  }

  /**
   * Why {@link EmailConnector.Builder#smtpUtf8} is off by default: exim offers SMTPUTF8 and delivers the mail, but RT
   * 5 skips an address with characters outside ASCII and files the ticket under the sender, so its answer would
   * go to the app. By default the ticket fails instead, naming the field.
   */
  @Test
  void aRequesterAddressOutsideAsciiFailsVisiblyByDefaultBecauseRtWouldFileItUnderTheSender() throws Exception {
    String email = "jörg-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
    String subject = unique("Non-ASCII requester");
    NewTicket ticket = NewTicket.builder().submissionId(UUID.randomUUID().toString()).subject(subject)
        .description("Sync stops.").requester(Requester.of(null, email, "Jörg")).createdAt(Instant.now()).build();
    try (Exim exim = Exim.start(dir, rt.url(), null)) {
      DeskException refused = assertThrows(DeskException.class,
          () -> connector(exim.port()).build().create(ticket, UploadProgress.NONE));
      assertEquals("requester.email", refused.field());
      assertFalse(refused.isRetryable());

      connector(exim.port()).smtpUtf8(true).build().create(ticket, UploadProgress.NONE);
      List<String> ids = rt.awaitTickets(subject, ARRIVAL);
      assertEquals(1, ids.size(), () -> "exim log:\n" + log(exim));
      assertEquals(List.of("app@example.com"), rt.requestors(ids.get(0)), "RT 5 cannot read the requester's address");
    }
  }

  /**
   * At least once, as documented: a submission sent again (after a reply lost in transit) carries the same
   * Message-ID, and Request Tracker, which does not drop mail by Message-ID, files it twice.
   */
  @Test
  void submissionSentAgainCarriesTheSameMessageIdAndRtFilesItTwice() throws Exception {
    String subject = unique("Sent twice");
    NewTicket ticket = NewTicket.builder().submissionId(UUID.randomUUID().toString()).subject(subject)
        .description("Retried after a lost reply.").requester(Requester.ofEmail(freshEmail()))
        .createdAt(Instant.now()).build();
    try (Exim exim = Exim.start(dir, rt.url(), null)) {
      EmailConnector connector = connector(exim.port()).build();
      assertEquals(connector.create(ticket, UploadProgress.NONE), connector.create(ticket, UploadProgress.NONE));
      long deadline = System.nanoTime() + ARRIVAL.toNanos();
      List<String> ids = rt.awaitTickets(subject, ARRIVAL);
      while (ids.size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(500); // polling RT for the second mail
        ids = rt.search("Subject = '" + subject + "'");
      }
      assertEquals(2, ids.size(), () -> "exim log:\n" + log(exim));
      String messageId = connector.messageId(ticket.submissionId());
      for (String id : ids) assertTrue(rt.parts(id).get(0).headers.contains(messageId), id);
    }
  }

  @Test
  void categoryWithItsOwnAddressLandsInItsQueue() throws Exception {
    String subject = unique("Invoice twice");
    try (Exim exim = Exim.start(dir, rt.url(), null)) {
      connector(exim.port()).build().create(NewTicket.builder().submissionId(UUID.randomUUID().toString())
          .subject(subject).description("Charged twice.").category("Billing")
          .requester(Requester.ofEmail(freshEmail())).createdAt(Instant.now()).build(), UploadProgress.NONE);
      List<String> ids = rt.awaitTickets(subject, ARRIVAL);
      assertEquals(1, ids.size(), () -> "exim log:\n" + log(exim));
      assertEquals("Email-Billing", rt.queueName(ids.get(0)));
    }
  }

  @Test
  void ticketFiledWhileTheMailServerIsDownIsQueuedThenDeliveredWhenItReturns() throws Exception {
    Exim exim = Exim.stopped(dir, rt.url());
    CountDownLatch retrying = new CountDownLatch(1);
    List<Throwable> causes = new CopyOnWriteArrayList<>();
    DeliveryPolicy quick = DeliveryPolicy.builder().initialBackoff(Duration.ofMillis(100))
        .maxBackoff(Duration.ofSeconds(1)).tickInterval(Duration.ofSeconds(1)).build();
    String subject = unique("Filed while mail was down");
    String email = freshEmail();
    try (EmailConnector connector = connector(exim.port()).build();
        Helpline helpline = Helpline.builder().app(AppInfo.of("Acme Notes", "4.2.0")).connector(connector)
            .dataDirectory(data).deliveryPolicy(quick)
            .addDeliveryListener(new Submission.Listener() {
              @Override public void onRetrying(Submission s, Instant next, Throwable cause) {
                causes.add(cause);
                retrying.countDown();
              }
            }).build()) {
      Submission submission = helpline.submit(TicketDraft.builder().subject(subject)
          .description("The mail server was unreachable when this was filed.").requester(Requester.ofEmail(email))
          .addAttachment(Attachment.ofBytes("sync.log", "text/plain", "refused\n".getBytes(StandardCharsets.UTF_8)))
          .includeDiagnostics(false).build());

      assertTrue(retrying.await(30, SECONDS), "the first attempt fails and is planned again");
      assertInstanceOf(IOException.class, causes.get(0), causes.toString());
      assertEquals(1, helpline.health().pending(), "queued in the outbox");

      try {
        exim.start();
        helpline.networkAvailable();
        Ticket ticket = submission.delivery().get(60, SECONDS);
        assertTrue(EmailConnector.isSentByEmail(ticket), ticket.id());
        assertEquals(0, helpline.health().pending());
        List<String> ids = rt.awaitTickets(subject, ARRIVAL);
        assertEquals(1, ids.size(), () -> "exactly one ticket; exim log:\n" + log(exim));
        assertEquals(List.of(email), rt.requestors(ids.get(0)));
      } finally {
        exim.close();
      }
    }
  }

  @Test
  void refusalWithFiveHundredFailsTheSubmissionWithTheServersReason() throws Exception {
    try (Exim exim = Exim.start(dir, rt.url(), null);
        EmailConnector connector = connector(exim.port()).to("closed@" + Exim.DOMAIN).build();
        Helpline helpline = Helpline.builder().app(AppInfo.of("Acme Notes", "4.2.0")).connector(connector)
            .dataDirectory(data).build()) {
      Submission submission = helpline.submit(TicketDraft.builder().subject(unique("Refused"))
          .description("The desk's mailbox is closed.").requester(Requester.ofEmail(freshEmail()))
          .includeDiagnostics(false).build());
      ExecutionException e = assertThrows(ExecutionException.class, () -> submission.delivery().get(60, SECONDS));
      DeskException refusal = assertInstanceOf(DeskException.class, e.getCause());
      assertFalse(refusal.isRetryable());
      assertEquals("smtp-550", refusal.errorCode());
      assertTrue(refusal.deskMessage().contains(Exim.REFUSED_REASON), refusal.deskMessage());
      Optional<Submission> failed = helpline.submissions().stream().filter(s -> s.id().equals(submission.id())).findFirst();
      assertEquals(Submission.State.FAILED, failed.orElseThrow().state());
      assertTrue(failed.get().lastError().contains(Exim.REFUSED_REASON), failed.get().lastError());
    }
  }

  @Test
  void startTlsRequiredButNotOfferedIsAClearErrorAndNothingIsSent() throws Exception {
    String subject = unique("Must not cross in clear");
    try (Exim exim = Exim.start(dir, rt.url(), null)) {
      EmailConnector connector = connector(exim.port()).security(SmtpSecurity.STARTTLS_REQUIRED)
          .password("app@example.com", "s3cret-password").build();
      DeskException e = assertThrows(DeskException.class, () -> connector.create(NewTicket.builder()
          .submissionId(UUID.randomUUID().toString()).subject(subject).description("secret details")
          .createdAt(Instant.now()).build(), UploadProgress.NONE));
      assertEquals("smtp-starttls-unavailable", e.errorCode());
      assertFalse(e.isRetryable());
      assertTrue(e.getMessage().contains("does not offer STARTTLS"), e.getMessage());
      assertFalse(e.getMessage().contains("s3cret-password"));
      assertFalse(exim.mainLog().contains("<="), "exim received no message:\n" + exim.mainLog());
      assertTrue(rt.search("Subject = '" + subject + "'").isEmpty());
    }
  }

  @Test
  void startTlsWithTheServersCertificateDeliversOverTls() throws Exception {
    TestTls tls = TestTls.create(dir.resolve("tls"));
    String subject = unique("Sent over TLS");
    try (Exim exim = Exim.start(dir, rt.url(), new Path[] {tls.certificate, tls.key})) {
      connector(exim.port()).security(SmtpSecurity.STARTTLS_REQUIRED).sslSocketFactory(tls.clientFactory()).build()
          .create(NewTicket.builder().submissionId(UUID.randomUUID().toString()).subject(subject)
              .description("Encrypted on the way.").requester(Requester.ofEmail(freshEmail()))
              .createdAt(Instant.now()).build(), UploadProgress.NONE);
      assertTrue(exim.mainLog().contains(" X=TLS"), "exim received it over TLS:\n" + exim.mainLog());
      assertEquals(1, rt.awaitTickets(subject, ARRIVAL).size(), () -> log(exim));
    }
  }

  private static RealRt.Part file(List<RealRt.Part> parts, String name) {
    return parts.stream().filter(p -> p.fileName.equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no part named " + name + " in " + parts));
  }

  private static String log(Exim exim) {
    try {
      return exim.mainLog();
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** A small real PNG (a gradient), so RT sees a genuine image with bytes of every value. */
  private static byte[] png() throws IOException {
    BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 64; x++) {
      for (int y = 0; y < 48; y++) image.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | (x * y) & 0xff);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
