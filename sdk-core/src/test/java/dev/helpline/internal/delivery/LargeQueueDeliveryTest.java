package dev.helpline.internal.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Attachment;
import dev.helpline.Limits;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.UploadProgress;
import dev.helpline.internal.outbox.Outbox;
import dev.helpline.internal.outbox.OutboxEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A long queue is delivered one loaded entry at a time, oldest first. */
@Timeout(120)
class LargeQueueDeliveryTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final int ENTRIES = 3000;

  @TempDir Path dir;
  @TempDir Path templateDir;
  private final TestClock clock = new TestClock(T0.plusSeconds(ENTRIES + 60));
  private final ExecutorService callbacks = Executors.newSingleThreadExecutor();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) toClose.get(i).close();
    callbacks.shutdownNow();
  }

  /** Counts calls and, for each, how many entries the outbox had read whole by then. */
  private static final class CountingDesk extends FakeConnectorBase {
    final List<Instant> createdAtInCallOrder = new ArrayList<>();
    final List<Long> loadsAtCall = new ArrayList<>();
    Outbox outbox;

    @Override
    public Ticket create(NewTicket ticket, UploadProgress progress) throws IOException {
      for (Attachment a : ticket.attachments()) {
        try (InputStream in = a.openStream()) {
          in.readAllBytes();
        }
      }
      createdAtInCallOrder.add(ticket.createdAt());
      loadsAtCall.add(outbox.loads());
      return new Ticket("T-" + ticket.submissionId(), ticket.subject(), TicketStatus.NEW, ticket.priority(), null,
          null, null);
    }
  }

  @Test
  void aPassLoadsEachEntryOnlyForItsAttemptAndDeliversOldestFirst() throws Exception {
    fill(ENTRIES);
    Outbox outbox = new Outbox(dir, Limits.defaults().toBuilder().maxOutboxEntries(10_000).build(), clock);
    toClose.add(outbox);
    CountingDesk desk = new CountingDesk();
    desk.outbox = outbox;
    RecordingListener listener = new RecordingListener();
    DeliveryWorker w = new DeliveryWorker(outbox, desk, listener, callbacks, clock, DeliveryConfig.defaults());
    toClose.add(w::close);

    w.flush().get(100, TimeUnit.SECONDS);

    assertEquals(ENTRIES, desk.createdAtInCallOrder.size());
    assertEquals(0, outbox.stats().pending());
    for (int k = 0; k < ENTRIES; k++) {
      // The k-th call sees exactly k + 1 entries read whole: its own, and those already sent.
      assertEquals(k + 1, desk.loadsAtCall.get(k), "entries read whole when call " + k + " was made");
    }
    for (int k = 1; k < ENTRIES; k++) {
      assertTrue(!desk.createdAtInCallOrder.get(k).isBefore(desk.createdAtInCallOrder.get(k - 1)),
          "call " + k + " is older than call " + (k - 1));
    }
  }

  /** Copies one real entry n times with fresh ids, the newest first, as a queue left by a long outage. */
  private void fill(int n) throws IOException {
    Path template;
    try (Outbox t = new Outbox(templateDir, Limits.defaults(), clock)) {
      OutboxEntry e = t.enqueue(Tickets.ticket("template", T0));
      template = e.directory();
    }
    String templateId = template.getFileName().toString();
    String json = new String(Files.readAllBytes(template.resolve("ticket.json")), StandardCharsets.UTF_8);
    List<Path> attachments = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(template, "att-*")) {
      for (Path p : ds) attachments.add(p);
    }
    Path pending = Files.createDirectories(dir.resolve("outbox").resolve("pending"));
    for (int i = 0; i < n; i++) {
      String id = UUID.randomUUID().toString();
      Path entry = Files.createDirectory(pending.resolve(id));
      for (Path a : attachments) Files.copy(a, entry.resolve(a.getFileName()));
      String created = T0.plusSeconds(n - i).toString();
      Files.write(entry.resolve("ticket.json"), json.replace(templateId, id).replace(T0.toString(), created)
          .getBytes(StandardCharsets.UTF_8));
    }
  }
}
