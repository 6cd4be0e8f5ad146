package dev.helpline;

import dev.helpline.connector.CapabilityUnsupportedException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.connector.Capability;
import dev.helpline.connector.Connector.ConditionalTicket;
import dev.helpline.connector.Connector;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.TicketPage;
import dev.helpline.connector.Connector.UploadProgress;
import dev.helpline.connector.UserAuth;
import dev.helpline.diagnostics.Diagnostics;
import dev.helpline.diagnostics.RecentLogs;
import dev.helpline.diagnostics.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class HelplineTest {
  @TempDir Path tmp;

  /** A desk that only declares capabilities; these tests never reach the network. */
  static class OfflineDesk implements Connector {
    private final Set<Capability> capabilities;

    OfflineDesk(Set<Capability> capabilities) {
      this.capabilities = capabilities;
    }

    @Override public String name() {
      return "Offline desk";
    }

    @Override public Set<Capability> capabilities() {
      return capabilities;
    }

    @Override public Ticket create(NewTicket ticket, UploadProgress progress) throws IOException {
      throw new IOException("offline");
    }

    @Override public ConditionalTicket getTicket(UserAuth user, String id, @Nullable String etag) throws IOException {
      throw new IOException("offline");
    }

    @Override public TicketPage listTickets(UserAuth user, @Nullable String cursor) throws IOException {
      throw new IOException("offline");
    }

    @Override public List<Message> messages(UserAuth user, String id) throws IOException {
      throw new IOException("offline");
    }

    @Override public Message reply(UserAuth user, String id, String body, List<Attachment> a) throws IOException {
      throw new IOException("offline");
    }

    @Override public void rate(UserAuth user, String id, Rating rating) throws IOException {
      throw new IOException("offline");
    }
  }

  private Helpline.Builder builder() {
    return Helpline.builder()
        .app(AppInfo.of("Acme Notes", "4.2.0", "4210"))
        .connector(new OfflineDesk(EnumSet.of(Capability.CREATE, Capability.GET_TICKET)))
        .dataDirectory(tmp.resolve("helpline"))
        .requester(Requester.of("u-1", "ada@example.com", "Ada"));
  }

  @Test
  void buildSaysWhatIsMissing() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Helpline.builder().build());
    assertEquals("Helpline.Builder is missing app(AppInfo), connector(Connector), dataDirectory(Path)", e.getMessage());
  }

  @Test
  void buildDoesNoDiskIoAndAnUnusableDataDirectoryShowsAtSubmit() throws IOException {
    Path aFile = Files.write(tmp.resolve("not-a-directory"), new byte[] {1});
    // Creating this directory must fail; build() still succeeds because it does not touch the disk.
    try (Helpline helpline = builder().dataDirectory(aFile.resolve("helpline")).build()) {
      assertEquals("Acme Notes", helpline.app().name());
      IOException e = assertThrows(IOException.class, () -> helpline.submit(TicketDraft.builder().subject("Hi").build()));
      assertTrue(e.getMessage().contains(aFile.toString()), e.getMessage());
    }
  }

  @Test
  void builderRejectsBadRequesterAtOnce() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> builder().requester(Requester.ofEmail("not-an-address")));
    assertEquals("requester.email 'not-an-address' is not an e-mail address", e.getMessage());
  }

  @Test
  void customContextRejectsAnEmptyOrOverlongKeyOrOneKeyTooManyAtOnce() {
    Helpline.Builder b = builder();
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> b.customContext("", "pro"));
    assertEquals("customContext key '' is 0 characters; allowed 1 to 128", empty.getMessage());
    String longKey = "k".repeat(129);
    IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> b.customContext(longKey, "x"));
    assertEquals("customContext key '" + longKey + "' is 129 characters; allowed 1 to 128", tooLong.getMessage());
    for (int i = 0; i < 256; i++) b.customContext("key" + i, "v");
    b.customContext("key0", "replaced");
    IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> b.customContext("one-more", "v"));
    assertEquals("customContext has 256 keys, the limit; cannot add 'one-more'", tooMany.getMessage());
    try (Helpline helpline = b.build()) {
      assertEquals("replaced", helpline.diagnostics().sections().get("custom").get("key0"));
    }
  }

  @Test
  void previewRedactsAndAttachesDiagnosticsAndLogs() {
    RecentLogs logs = RecentLogs.create(100, 64 * 1024);
    logs.append("login ok for bob@example.org from 10.0.0.12");
    try (Helpline helpline = builder().recentLogs(logs).customContext("plan", "pro").build()) {
      Preview p = helpline.preview(TicketDraft.builder()
          .subject("Card 4111 1111 1111 1111 declined")
          .description("Call me on +49 30 1234567, or mail carol@example.net.")
          .customField("note", "password=hunter2")
          .includeLogs(true)
          .build());

      assertEquals("Card [card] declined", p.subject());
      assertFalse(p.description().contains("1234567"), p.description());
      assertFalse(p.description().contains("carol@example.net"), p.description());
      assertTrue(p.draft().customFields().get("note").contains("[redacted]"));
      assertEquals("ada@example.com", p.requester().email(), "the requester's own contact is not redacted");

      Diagnostics d = p.diagnostics();
      assertNotNull(d);
      assertEquals("Acme Notes", d.sections().get("app").get("name"));
      assertEquals("pro", d.sections().get("custom").get("plan"));
      assertNotNull(p.diagnosticsSummary());

      assertEquals(2, p.attachments().size());
      assertEquals("diagnostics.json", p.attachments().get(0).fileName());
      Attachment logFile = p.attachments().get(1);
      assertEquals("logs.txt", logFile.fileName());
      String logText = read(logFile);
      assertTrue(logText.contains("login ok for"), logText);
      assertFalse(logText.contains("bob@example.org"), logText);
      assertFalse(logText.contains("10.0.0.12"), logText);
    }
  }

  @Test
  void perFieldOptOutKeepsThatFieldAsWritten() {
    Redactor keepDescription = Redactor.builder().skipField(Redactor.Field.DESCRIPTION).build();
    try (Helpline helpline = builder().redactor(keepDescription).build()) {
      Preview p = helpline.preview(TicketDraft.builder().subject("mail bob@example.org")
          .description("mail bob@example.org").includeDiagnostics(false).build());
      assertEquals("mail bob@example.org", p.description());
      assertEquals("mail [email]", p.subject());
      assertNull(p.diagnostics());
      assertTrue(p.attachments().isEmpty());
    }
  }

  @Test
  void beforeSubmitMayEditTheRedactedDraft() {
    try (Helpline helpline = builder()
        .beforeSubmit(d -> d.toBuilder().addTag("from-app").includeDiagnostics(false).build())
        .build()) {
      Preview p = helpline.preview(TicketDraft.builder().subject("Hello").build());
      assertEquals(Collections.singletonList("from-app"), p.draft().tags());
      assertNull(p.diagnostics());
    }
  }

  @Test
  void beforeSubmitSeesRedactedTextAndMayVeto() {
    String[] seen = new String[1];
    try (Helpline helpline = builder().beforeSubmit(d -> {
      seen[0] = d.description();
      return null;
    }).build()) {
      SubmissionVetoedException e = assertThrows(SubmissionVetoedException.class,
          () -> helpline.preview(TicketDraft.builder().subject("Hi").description("I am bob@example.org").build()));
      assertTrue(e.getMessage().contains("vetoed"));
      assertEquals("I am [email]", seen[0]);
    }
  }

  @Test
  void anEditThatBreaksALimitIsRejected() {
    try (Helpline helpline = builder().beforeSubmit(d -> d.toBuilder().subject(" ").build()).build()) {
      assertThrows(IllegalArgumentException.class, () -> helpline.preview(TicketDraft.builder().subject("Hi").build()));
    }
  }

  @Test
  void aFailingScreenshotProviderDoesNotStopTheReport() {
    try (Helpline helpline = builder().screenshotProvider(max -> {
      throw new IllegalStateException("no display");
    }).build()) {
      Preview p = helpline.preview(TicketDraft.builder().subject("Hi").includeScreenshot(true).build());
      assertEquals(1, p.attachments().size());
    }
  }

  @Test
  void unsupportedOperationsSayWhichDeskAndWhat() {
    try (Helpline helpline = builder().build()) {
      CapabilityUnsupportedException e = assertThrows(CapabilityUnsupportedException.class,
          () -> helpline.rate("1", Rating.of(5)));
      assertEquals(Capability.RATE, e.capability());
      assertTrue(e.getMessage().startsWith("Offline desk does not support satisfaction ratings"), e.getMessage());
    }
  }

  @Test
  void aReplyOverTheLimitNamesTheReplyBodyAndTheLimit() {
    int limit = Limits.defaults().maxDescriptionBytes();
    try (Helpline helpline = builder()
        .connector(new OfflineDesk(EnumSet.of(Capability.CREATE, Capability.REPLY, Capability.ATTACHMENTS))).build()) {
      IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
          () -> helpline.reply("1", "x".repeat(limit + 1)));
      assertEquals("reply body is " + (limit + 1) + " bytes (UTF-8); the limit is " + limit, tooLong.getMessage());

      // Within the limit as written, over it once an e-mail address became a longer marker.
      String body = "x".repeat(limit - 7) + " a@b.io";
      IllegalArgumentException redacted = assertThrows(IllegalArgumentException.class, () -> helpline.reply("1", body));
      assertTrue(redacted.getMessage().startsWith("reply body is "), redacted.getMessage());
      assertTrue(redacted.getMessage().contains("the limit is " + limit + " after redaction"), redacted.getMessage());
    }
  }

  @Test
  void anAsyncCallAfterCloseFailsItsFutureInsteadOfThrowing() throws Exception {
    Helpline helpline = builder().build();
    helpline.close();

    java.util.concurrent.CompletableFuture<Ticket> read = helpline.ticketAsync("1");

    java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
        () -> read.get(10, java.util.concurrent.TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof IllegalStateException, e.getCause().toString());
    assertTrue(e.getCause().getMessage().contains("closed"), e.getCause().getMessage());
  }

  @Test
  void closingCompletesTheFuturesOfAsyncCallsStillQueued() throws Exception {
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(4);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    OfflineDesk slowDesk = new OfflineDesk(EnumSet.of(Capability.CREATE, Capability.LIST_TICKETS)) {
      @Override public TicketPage listTickets(UserAuth user, @Nullable String cursor) throws IOException {
        started.countDown();
        try {
          release.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          throw new java.io.InterruptedIOException("interrupted");
        }
        return new TicketPage(List.of(), null);
      }
    };
    Helpline helpline = builder().connector(slowDesk).build();
    List<java.util.concurrent.CompletableFuture<List<Ticket>>> reads = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) reads.add(helpline.ticketsAsync());
      assertTrue(started.await(10, java.util.concurrent.TimeUnit.SECONDS), "four reads in flight");

      helpline.close();

      // The reads in flight end as their connector calls do; those that never started fail at once.
      for (java.util.concurrent.CompletableFuture<List<Ticket>> queued : reads.subList(4, 6)) {
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
            () -> queued.get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IllegalStateException, e.getCause().toString());
        assertTrue(e.getCause().getMessage().contains("closed"), e.getCause().getMessage());
      }
    } finally {
      release.countDown();
    }
  }

  @Test
  void previewAndSubmitAfterCloseFailAsClosedWithoutRunningTheHookOrTheProviders() {
    java.util.concurrent.atomic.AtomicInteger hook = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger screenshots = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger hostProvider = new java.util.concurrent.atomic.AtomicInteger();
    Helpline helpline = builder()
        .beforeSubmit(d -> {
          hook.incrementAndGet();
          return d;
        })
        .screenshotProvider(max -> {
          screenshots.incrementAndGet();
          return null;
        })
        .addDiagnosticsProvider(new dev.helpline.diagnostics.DiagnosticsProvider() {
          @Override public String name() {
            return "host";
          }

          @Override public void contribute(Sink sink) {
            hostProvider.incrementAndGet();
            sink.put("plan", "pro");
          }
        })
        .build();
    TicketDraft draft = TicketDraft.builder().subject("Hi").includeScreenshot(true).build();
    Preview before = helpline.preview(draft);
    assertEquals("pro", before.diagnostics().sections().get("host").get("plan"));
    helpline.close();
    helpline.close();

    for (org.junit.jupiter.api.function.Executable call : List.<org.junit.jupiter.api.function.Executable>of(
        () -> helpline.preview(draft), () -> helpline.submit(draft), () -> helpline.submit(before),
        helpline::diagnostics)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, call);
      assertTrue(e.getMessage().startsWith("this Helpline client is closed"), e.getMessage());
    }
    assertEquals(1, hook.get(), "the hook ran for the preview before close only");
    assertEquals(1, screenshots.get(), "a screenshot was taken for the preview before close only");
    assertEquals(1, hostProvider.get(), "the host's provider ran for the preview before close only");
  }

  @Test
  void newBuilderDerivesAVariant() {
    try (Helpline a = builder().build(); Helpline b = a.newBuilder().app(AppInfo.of("Other", "1.0")).build()) {
      assertEquals("Acme Notes", a.app().name());
      assertEquals("Other", b.app().name());
      assertEquals(a.deskName(), b.deskName());
    }
  }

  private static String read(Attachment a) {
    try (java.io.InputStream in = a.openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
