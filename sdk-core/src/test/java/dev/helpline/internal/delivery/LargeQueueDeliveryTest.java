package dev.helpline.internal.delivery;

import dev.helpline.DeliveryPolicy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Attachment;
import dev.helpline.Limits;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.UploadProgress;
import dev.helpline.internal.outbox.FileOutbox;
import dev.helpline.outbox.OutboxStore.StoredEntry;
import dev.helpline.status.TestClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;
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
    FileOutbox outbox;

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
    FileOutbox outbox = new FileOutbox(dir, Limits.defaults().toBuilder().maxOutboxEntries(10_000).build(), clock);
    toClose.add(outbox);
    CountingDesk desk = new CountingDesk();
    desk.outbox = outbox;
    RecordingListener listener = new RecordingListener();
    // One attempt at a time, so that what each call saw loaded can be counted exactly.
    DeliveryWorker w = new DeliveryWorker(outbox, desk, List.of(listener), callbacks, clock,
        DeliveryPolicy.builder().concurrency(1).build());
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
    String templateId;
    try (FileOutbox t = new FileOutbox(templateDir, Limits.defaults(), clock)) {
      StoredEntry e = t.enqueue(Tickets.ticket("template", T0));
      template = t.fileOf(e);
      templateId = e.id();
    }
    byte[] bytes = Files.readAllBytes(template);
    // The entry file's header: magic, version, ticket length, file length, CRC-32 of those and the ticket.
    int jsonLength = ByteBuffer.wrap(bytes, 8, 4).getInt();
    String json = new String(bytes, 24, jsonLength, StandardCharsets.UTF_8);
    Path pending = Files.createDirectories(dir.resolve("outbox").resolve("pending"));
    for (int i = 0; i < n; i++) {
      String id = UUID.randomUUID().toString();
      String created = T0.plusSeconds(n - i).toString();
      byte[] newJson = json.replace(templateId, id).replace(T0.toString(), created).getBytes(StandardCharsets.UTF_8);
      if (newJson.length != jsonLength) throw new IllegalStateException("ids and times must keep their length");
      byte[] copy = bytes.clone();
      System.arraycopy(newJson, 0, copy, 24, jsonLength);
      CRC32 crc = new CRC32();
      crc.update(copy, 0, 20);
      crc.update(newJson, 0, jsonLength);
      ByteBuffer.wrap(copy, 20, 4).putInt((int) crc.getValue());
      // ... and the whole-file CRC-32 trailer of format version 2.
      CRC32 whole = new CRC32();
      whole.update(copy, 0, copy.length - 4);
      ByteBuffer.wrap(copy, copy.length - 4, 4).putInt((int) whole.getValue());
      Files.write(pending.resolve(id + ".entry"), copy);
    }
  }
}
