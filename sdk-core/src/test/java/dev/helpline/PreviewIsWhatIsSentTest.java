package dev.helpline;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.helpline.connector.Capability;
import dev.helpline.connector.Connector.ConditionalTicket;
import dev.helpline.connector.Connector;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.TicketPage;
import dev.helpline.connector.Connector.UploadProgress;
import dev.helpline.connector.UserAuth;
import dev.helpline.diagnostics.DiagnosticsProvider;
import dev.helpline.diagnostics.RecentLogs;
import dev.helpline.internal.outbox.FileOutbox;
import dev.helpline.outbox.OutboxStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a preview shows is what is stored and sent: limits hold after redaction, every free-text part is
 * redacted, attachments are snapshotted at preview, and special files are refused without blocking.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PreviewIsWhatIsSentTest {
  @TempDir Path tmp;

  /** A desk that records the tickets it receives, with their attachments' bytes. */
  static final class RecordingDesk implements Connector {
    final CompletableFuture<NewTicket> received = new CompletableFuture<>();
    final List<byte[]> attachmentBytes = Collections.synchronizedList(new ArrayList<>());

    @Override public String name() {
      return "Recording desk";
    }

    @Override public Set<Capability> capabilities() {
      return EnumSet.of(Capability.CREATE, Capability.ATTACHMENTS);
    }

    @Override public Ticket create(NewTicket ticket, UploadProgress progress) throws IOException {
      for (Attachment a : ticket.attachments()) {
        try (InputStream in = a.openStream()) {
          attachmentBytes.add(in.readAllBytes());
        }
      }
      received.complete(ticket);
      return new Ticket("T-1", ticket.subject(), TicketStatus.NEW, ticket.priority(), null, null, null);
    }

    @Override public ConditionalTicket getTicket(UserAuth user, String id, @Nullable String etag) throws IOException {
      throw new IOException("not used");
    }

    @Override public TicketPage listTickets(UserAuth user, @Nullable String cursor) throws IOException {
      throw new IOException("not used");
    }

    @Override public List<Message> messages(UserAuth user, String id) throws IOException {
      throw new IOException("not used");
    }

    @Override public Message reply(UserAuth user, String id, String body, List<Attachment> a) throws IOException {
      throw new IOException("not used");
    }

    @Override public void rate(UserAuth user, String id, Rating rating) throws IOException {
      throw new IOException("not used");
    }
  }

  private final RecordingDesk desk = new RecordingDesk();

  private Helpline helpline() {
    return Helpline.builder()
        .app(AppInfo.of("Acme Notes", "4.2.0", "4210"))
        .connector(desk)
        .dataDirectory(tmp.resolve("helpline"))
        .build();
  }

  private static TicketDraft.Builder draft() {
    return TicketDraft.builder().subject("It broke").includeDiagnostics(false).includeLogs(false);
  }

  /** {@code chars} characters of short e-mail addresses, each shorter than the marker that replaces it. */
  private static String emails(int chars) {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < chars) sb.append("a@b.co ");
    return sb.substring(0, chars - 1) + "x";
  }

  @Test
  void aSubjectAtItsLimitThatRedactionWouldGrowIsRefusedNamingTheLimit() {
    String subject = emails(200);
    assertEquals(200, subject.length());
    try (Helpline h = helpline()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> h.preview(draft().subject(subject).build()));
      assertTrue(e.getMessage().startsWith("subject is "), e.getMessage());
      assertTrue(e.getMessage().contains("the limit is 200 after redaction"), e.getMessage());
    }
  }

  @Test
  void aDescriptionOf64KiBThatRedactionWouldGrowIsRefusedAndNothingIsStored() throws IOException {
    String description = emails(64 * 1024);
    try (Helpline h = helpline()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> h.submit(draft().description(description).build()));
      assertTrue(e.getMessage().startsWith("description is "), e.getMessage());
      assertTrue(e.getMessage().contains("the limit is 65536 after redaction"), e.getMessage());
      assertTrue(h.submissions().isEmpty());
    }
  }

  @Test
  void textThatStaysWithinItsLimitsAfterRedactionIsStoredRedacted() throws Exception {
    try (Helpline h = helpline()) {
      Preview p = h.preview(draft().subject("Mail ada@example.com please").description(emails(1000)).build());
      assertTrue(p.subject().length() <= 200);
      assertFalse(p.subject().contains("ada@example.com"));
      h.submit(p);
      NewTicket sent = desk.received.get(10, SECONDS);
      assertEquals(p.subject(), sent.subject());
      assertEquals(p.description(), sent.description());
      assertTrue(sent.description().getBytes(StandardCharsets.UTF_8).length <= 64 * 1024);
    }
  }

  @Test
  void textWithHalfAnEmojiIsRefusedNamingTheFieldInsteadOfBeingSentAsAQuestionMark() throws Exception {
    String half = "Crash \uD83D"; // the first half of 😀, as a substring cut inside it leaves it
    Map<String, TicketDraft.Builder> drafts = new java.util.LinkedHashMap<>();
    drafts.put("subject", draft().subject(half));
    drafts.put("description", draft().description(half));
    drafts.put("category", draft().category(half));
    drafts.put("tags[0]", draft().addTag(half));
    drafts.put("customFields name", draft().customField(half, "v"));
    drafts.put("customFields['plan']", draft().customField("plan", half));
    drafts.put("requester.name", draft().requester(Requester.of(null, "ada@example.com", half)));
    drafts.put("requester.id", draft().requester(Requester.of(half, null, null)));
    try (Helpline h = helpline()) {
      drafts.forEach((field, d) -> {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.preview(d.build()), field);
        assertTrue(e.getMessage().startsWith(field), e.getMessage());
        assertTrue(e.getMessage().contains("unpaired surrogate (U+D83D) at index 6"), e.getMessage());
      });
      // A whole emoji is text like any other, and is sent as it was previewed.
      Preview p = h.preview(draft().subject("Crash \uD83D\uDE00").description("Again \uD83D\uDE00")
          .customField("plan", "\uD83D\uDE00").build());
      h.submit(p);
      NewTicket sent = desk.received.get(10, SECONDS);
      assertEquals(p.subject(), sent.subject());
      assertEquals(p.description(), sent.description());
      assertEquals(p.draft().customFields(), sent.customFields());
    }
  }

  @Test
  void anAttachmentNameWithHalfAnEmojiIsSentUnderTheNameThePreviewShowed() throws Exception {
    try (Helpline h = helpline()) {
      Preview p = h.preview(draft().addAttachment(Attachment.ofBytes("trace\uD83D.txt", "text/plain", new byte[1]))
          .build());
      assertEquals("trace_.txt", p.attachments().get(0).fileName());
      h.submit(p);
      assertEquals("trace_.txt", desk.received.get(10, SECONDS).attachments().get(0).fileName());
    }
  }

  @Test
  void aDiagnosticsValueWithHalfAnEmojiIsSummarisedAsItIsSent() throws Exception {
    try (Helpline h = helpline().newBuilder().customContext("build", "nightly \uD83D").build()) {
      Preview p = h.preview(draft().includeDiagnostics(true).build());
      assertTrue(p.diagnosticsSummary().contains("nightly \uFFFD"), p.diagnosticsSummary());
      assertEquals("nightly \uFFFD", p.diagnostics().sections().get("custom").get("build"));
      h.submit(p);
      assertEquals(p.diagnosticsSummary(), desk.received.get(10, SECONDS).diagnosticsSummary());
    }
  }

  @Test
  void customFieldNamesTagsCategoryAndRequesterNameAreRedactedButNotTheRequestersContact() throws Exception {
    try (Helpline h = helpline()) {
      Preview p = h.preview(draft()
          .category("billing bob@example.org")
          .addTag("carol@example.net")
          .addTag("android")
          .customField("contact carol@example.net", "call +49 30 1234567")
          .requester(Requester.of("u-7", "ada@example.com", "Ada dave@example.com"))
          .build());
      TicketDraft d = p.draft();
      assertFalse(d.category().contains("bob@example.org"), d.category());
      assertTrue(d.category().startsWith("billing "), d.category());
      assertFalse(d.tags().get(0).contains("carol@example.net"), d.tags().toString());
      assertEquals("android", d.tags().get(1));
      Map.Entry<String, String> field = d.customFields().entrySet().iterator().next();
      assertFalse(field.getKey().contains("carol@example.net"), field.getKey());
      assertTrue(field.getKey().startsWith("contact "), field.getKey());
      assertFalse(field.getValue().contains("1234567"), field.getValue());
      assertFalse(p.requester().name().contains("dave@example.com"), p.requester().name());
      assertTrue(p.requester().name().startsWith("Ada "), p.requester().name());
      assertEquals("ada@example.com", p.requester().email());
      assertEquals("u-7", p.requester().id());

      h.submit(p);
      NewTicket sent = desk.received.get(10, SECONDS);
      assertEquals(d.category(), sent.category());
      assertEquals(d.tags(), sent.tags());
      assertEquals(d.customFields(), sent.customFields());
      assertEquals(p.requester().name(), sent.requester().name());
      assertFalse(sent.toString().contains("carol@example.net"));
    }
  }

  @Test
  void aConfiguredRequesterNameThatRedactionGrowsPastItsLimitIsRefusedAndNothingIsStored() throws IOException {
    String name = emails(200);
    try (Helpline h = helpline().newBuilder().requester(Requester.of("u-7", null, name)).build()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.submit(draft().build()));
      assertTrue(e.getMessage().startsWith("requester.name is "), e.getMessage());
      assertTrue(e.getMessage().contains("the limit is 200 after redaction"), e.getMessage());
      assertTrue(h.submissions().isEmpty());
      // A draft that names its own requester is not held to the configured one.
      h.preview(draft().requester(Requester.of("u-8", null, "Ada")).build());
    }
  }

  @Test
  void theRequesterConfiguredOnTheBuilderIsRedactedLikeADraftsOwn() throws Exception {
    try (Helpline h = Helpline.builder()
        .app(AppInfo.of("Acme Notes", "4.2.0", "4210"))
        .connector(desk)
        .dataDirectory(tmp.resolve("helpline"))
        .requester(Requester.of("u-7", "ada@example.com", "Ada dave@example.com"))
        .build()) {
      Preview p = h.preview(draft().build());
      assertEquals("Ada [email]", p.requester().name());
      assertEquals("ada@example.com", p.requester().email());
      h.submit(p);
      assertEquals("Ada [email]", desk.received.get(10, SECONDS).requester().name());
    }
  }

  @Test
  void theUserNameInHomeDirectoryPathsOfLogsAndDiagnosticsIsRedactedInThePreviewAndWhatIsSent() throws Exception {
    RecentLogs logs = RecentLogs.create(100, 64 * 1024);
    logs.log("WARNING", "com.acme.notes.Store", "could not open C:\\Users\\Ada Lovelace\\Documents\\taxes.notes",
        new java.nio.file.AccessDeniedException("/home/ada/.local/share/acme/notes.db"));
    DiagnosticsProvider settings = new DiagnosticsProvider() {
      @Override public String name() {
        return "settings";
      }

      @Override public void contribute(Sink sink) throws IOException {
        sink.put("workspace", "/Users/ada.lovelace/Notes");
        throw new java.nio.file.NoSuchFileException("/home/ada/.config/acme/settings.json");
      }
    };
    try (Helpline h = Helpline.builder()
        .app(AppInfo.of("Acme Notes", "4.2.0", "4210"))
        .connector(desk)
        .dataDirectory(tmp.resolve("helpline"))
        .recentLogs(logs)
        .addDiagnosticsProvider(settings)
        .customContext("profile", "C:\\Users\\Ada Lovelace\\AppData\\Roaming\\Acme")
        .build()) {
      Preview p = h.preview(TicketDraft.builder().subject("It broke").includeDiagnostics(true).includeLogs(true).build());
      String shown = new String(bytesOf(p.attachments(), "logs.txt"), StandardCharsets.UTF_8) + "\n"
          + new String(bytesOf(p.attachments(), "diagnostics.json"), StandardCharsets.UTF_8) + "\n"
          + p.diagnosticsSummary();
      for (String name : new String[] {"Ada Lovelace", "/home/ada/", "ada.lovelace"}) {
        assertFalse(shown.contains(name), name + " in:\n" + shown);
      }
      assertTrue(shown.contains("C:\\Users\\[user]\\Documents\\taxes.notes"), shown);
      assertTrue(shown.contains("/home/[user]/.local/share/acme/notes.db"), shown);
      assertTrue(shown.contains("/home/[user]/.config/acme/settings.json"), shown);
      assertTrue(p.diagnostics().sections().get("custom").get("profile").toString().contains("[user]"), shown);

      h.submit(p);
      desk.received.get(10, SECONDS);
      List<byte[]> previewed = new ArrayList<>();
      for (Attachment a : p.attachments()) {
        try (InputStream in = a.openStream()) {
          previewed.add(in.readAllBytes());
        }
      }
      assertEquals(previewed.size(), desk.attachmentBytes.size());
      for (int i = 0; i < previewed.size(); i++) assertArrayEquals(previewed.get(i), desk.attachmentBytes.get(i));
    }
  }

  private static byte[] bytesOf(List<Attachment> attachments, String fileName) throws IOException {
    for (Attachment a : attachments) {
      if (a.fileName().equals(fileName)) {
        try (InputStream in = a.openStream()) {
          return in.readAllBytes();
        }
      }
    }
    throw new AssertionError("no attachment " + fileName + " in " + attachments);
  }

  @Test
  void twoCustomFieldNamesThatRedactAlikeAreBothKept() {
    try (Helpline h = helpline()) {
      Preview p = h.preview(draft()
          .customField("a@example.com", "one")
          .customField("b@example.com", "two")
          .build());
      assertEquals(2, p.draft().customFields().size());
      assertTrue(p.draft().customFields().containsValue("one"));
      assertTrue(p.draft().customFields().containsValue("two"));
    }
  }

  @Test
  void thePreviewKeepsShowingTheSizesItRecordedWhenItsFileChangesOrGoes() throws Exception {
    Path file = Files.write(tmp.resolve("trace.txt"), "0123456789".getBytes(StandardCharsets.US_ASCII));
    try (Helpline h = helpline()) {
      Preview p = h.preview(draft().addAttachment(Attachment.ofFile(file, "text/plain")).build());
      Files.write(file, new byte[5000]);
      assertEquals(10, p.attachmentBytes());
      assertTrue(p.toString().contains("trace.txt (text/plain, 10 bytes)"), p.toString());
      Files.delete(file);
      assertEquals(10, p.attachmentBytes());
      assertTrue(p.toString().contains("trace.txt (text/plain, 10 bytes)"), p.toString());
    }
  }

  @Test
  void aFileThatGrowsFrom10BytesTo20MiBAfterPreviewIsRefusedAtSubmitNamingIt() throws Exception {
    Path file = Files.write(tmp.resolve("trace.txt"), "0123456789".getBytes(StandardCharsets.US_ASCII));
    try (Helpline h = helpline()) {
      Preview p = h.preview(draft().addAttachment(Attachment.ofFile(file, "text/plain")).build());
      assertEquals(10, p.attachmentBytes());
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        raf.setLength(20L * 1024 * 1024);
      }
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> h.submit(p));
      assertTrue(e.getMessage().contains("attachments[0] 'trace.txt'"), e.getMessage());
      assertTrue(e.getMessage().contains("had 10 bytes and now has 20971520"), e.getMessage());
      assertTrue(h.submissions().isEmpty(), "nothing is stored");
    }
  }

  @Test
  void aFileRewrittenWithTheSameSizeAfterPreviewIsRefusedAtSubmit() throws Exception {
    Path file = Files.write(tmp.resolve("trace.txt"), "0123456789".getBytes(StandardCharsets.US_ASCII));
    try (Helpline h = helpline()) {
      Preview p = h.preview(draft().addAttachment(Attachment.ofFile(file, "text/plain")).build());
      Files.write(file, "9876543210".getBytes(StandardCharsets.US_ASCII));
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> h.submit(p));
      assertTrue(e.getMessage().contains("attachments[0] 'trace.txt' changed since the preview"), e.getMessage());
    }
  }

  @Test
  void aFileRewrittenWhileSubmitStoresItIsRefusedAndNothingIsStored() throws Exception {
    byte[] previewed = "0123456789".getBytes(StandardCharsets.US_ASCII);
    Path file = Files.write(tmp.resolve("trace.txt"), previewed);
    AtomicBoolean rewrite = new AtomicBoolean(true);
    // The race made deterministic: the file is rewritten after submit's own checks, as the store copies it.
    try (OutboxStore store = rewritingOnEnqueue(new FileOutbox(tmp.resolve("outbox"), Limits.defaults(),
            Clock.systemUTC()), () -> {
          if (rewrite.getAndSet(false)) Files.write(file, "9876543210".getBytes(StandardCharsets.US_ASCII));
        });
        Helpline h = Helpline.builder().app(AppInfo.of("Acme Notes", "4.2.0", "4210")).connector(desk)
            .dataDirectory(tmp.resolve("helpline")).outboxStore(store).build()) {
      Preview p = h.preview(draft().addAttachment(Attachment.ofFile(file, "text/plain")).build());
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> h.submit(p));
      assertTrue(e.getMessage().contains("attachments[0] 'trace.txt' changed since the preview"), e.getMessage());
      assertTrue(h.submissions().isEmpty(), "nothing is stored");
      // The queue keeps working: the file holding the previewed bytes again, the same preview goes through.
      Files.write(file, previewed);
      h.submit(p);
      desk.received.get(10, SECONDS);
      assertEquals(1, desk.attachmentBytes.size());
      assertArrayEquals(previewed, desk.attachmentBytes.get(0));
    }
  }

  /** {@code store}, running {@code beforeEnqueue} as each enqueue starts, before the store reads the attachments. */
  private static OutboxStore rewritingOnEnqueue(OutboxStore store, IoAction beforeEnqueue) {
    return (OutboxStore) Proxy.newProxyInstance(OutboxStore.class.getClassLoader(), new Class<?>[] {OutboxStore.class},
        (proxy, method, args) -> {
          if (method.getName().equals("enqueue")) beforeEnqueue.run();
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  interface IoAction {
    void run() throws IOException;
  }

  @Test
  void anUnchangedFileIsSentWithExactlyThePreviewedBytes() throws Exception {
    byte[] content = "0123456789".getBytes(StandardCharsets.US_ASCII);
    Path file = Files.write(tmp.resolve("trace.txt"), content);
    try (Helpline h = helpline()) {
      Preview p = h.preview(draft().addAttachment(Attachment.ofFile(file, "text/plain")).build());
      h.submit(p);
      desk.received.get(10, SECONDS);
      assertEquals(1, desk.attachmentBytes.size());
      assertArrayEquals(content, desk.attachmentBytes.get(0));
    }
  }

  @Test
  void aDirectoryIsRefusedAtPreviewNamingTheAttachment() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("logs"));
    try (Helpline h = helpline()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> h.preview(draft().addAttachment(Attachment.ofFile(dir, "text/plain")).build()));
      assertTrue(e.getMessage().startsWith("attachments[0] 'logs' is a directory, not a regular file"), e.getMessage());
    }
  }

  @Test
  void devZeroIsRefusedAtPreviewAndAtSubmit() throws IOException {
    Path zero = Paths.get("/dev/zero");
    assumeTrue(Files.exists(zero), "a Unix system");
    try (Helpline h = helpline()) {
      TicketDraft d = draft().addAttachment(Attachment.ofFile(zero, "application/octet-stream")).build();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.preview(d));
      assertTrue(e.getMessage().startsWith("attachments[0] 'zero' is a special file"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> h.submit(d));
      assertTrue(h.submissions().isEmpty());
    }
  }

  @Test
  void procFilesThatReportSizeZeroButHaveContentAreRefused() throws IOException {
    Path status = Paths.get("/proc/self/status");
    assumeTrue(Files.exists(status), "a Linux system");
    assertEquals(0, Files.size(status), "proc files report size 0");
    try (Helpline h = helpline()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> h.preview(draft().addAttachment(Attachment.ofFile(status, "text/plain")).build()));
      assertTrue(e.getMessage().startsWith("attachments[0] 'status' is a file of the kernel's proc file system"),
          e.getMessage());
    }
  }

  @Test
  void aRegionOfAProcFileIsRefusedAtPreviewAndAtSubmitNamingIt() throws IOException {
    Path cmdline = Paths.get("/proc/self/cmdline");
    assumeTrue(Files.exists(cmdline), "a Linux system");
    try (Helpline h = helpline()) {
      TicketDraft d = draft().addAttachment(Attachment.ofFileRegion(cmdline, 0, 10, "cmd", "text/plain")).build();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.preview(d));
      assertTrue(e.getMessage().startsWith("attachments[0] 'cmd'"), e.getMessage());
      assertTrue(e.getMessage().contains("a file of the kernel's proc file system"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> h.submit(d));
      assertTrue(h.submissions().isEmpty(), "nothing is stored");
    }
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void aNamedPipeIsRefusedWithoutBlockingAndLaterSubmitsStillWork() throws Exception {
    Path fifo = tmp.resolve("pipe");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertTrue(mkfifo.waitFor(10, SECONDS), "mkfifo finished");
    assertEquals(0, mkfifo.exitValue(), "mkfifo succeeded");
    try (Helpline h = helpline()) {
      TicketDraft d = draft().addAttachment(Attachment.ofFile(fifo, "text/plain")).build();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.preview(d));
      assertTrue(e.getMessage().startsWith("attachments[0] 'pipe' is a special file"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> h.submit(d));
      // A region of the pipe is refused as well, by the attachment itself.
      TicketDraft region = draft().addAttachment(Attachment.ofFileRegion(fifo, 0, 10, "pipe", "text/plain")).build();
      IllegalArgumentException r = assertThrows(IllegalArgumentException.class, () -> h.preview(region));
      assertTrue(r.getMessage().contains("'pipe'") && r.getMessage().contains("not a regular file"), r.getMessage());
      // The outbox is not held: a normal report still goes through.
      h.submit(draft().build());
      desk.received.get(10, SECONDS);
    }
  }

  @Test
  void aFileReplacedByAPipeAfterPreviewIsRefusedAtSubmitWithoutBlocking() throws Exception {
    Path file = Files.write(tmp.resolve("trace.txt"), "0123456789".getBytes(StandardCharsets.US_ASCII));
    try (Helpline h = helpline()) {
      Preview p = h.preview(draft().addAttachment(Attachment.ofFile(file, "text/plain")).build());
      Files.delete(file);
      Process mkfifo = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
      assertTrue(mkfifo.waitFor(10, SECONDS));
      assertEquals(0, mkfifo.exitValue());
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> h.submit(p));
      assertTrue(e.getMessage().contains("attachments[0] 'trace.txt' is a special file"), e.getMessage());
    }
  }
}
