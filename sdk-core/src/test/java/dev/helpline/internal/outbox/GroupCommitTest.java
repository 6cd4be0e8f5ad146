package dev.helpline.internal.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Attachment;
import dev.helpline.Limits;
import dev.helpline.OutboxFullException;
import dev.helpline.outbox.OutboxStore.StoredEntry;
import dev.helpline.outbox.SubmissionRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Enqueues from many threads at once: each durable and complete, duplicates and bounds still exact. */
@Timeout(60)
class GroupCommitTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  @TempDir Path dir;
  private final ExecutorService threads = Executors.newFixedThreadPool(8);
  private final List<FileOutbox> toClose = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    threads.shutdownNow();
    for (FileOutbox o : toClose) o.close();
  }

  private FileOutbox outbox(Limits limits) {
    FileOutbox o = new FileOutbox(dir, limits, Clock.fixed(T0, ZoneOffset.UTC));
    toClose.add(o);
    return o;
  }

  private static SubmissionRecord record(String id, String subject) {
    return SubmissionRecord.builder().submissionId(id).subject(subject).createdAt(T0)
        .attachments(List.of(Attachment.ofBytes("log.txt", "text/plain", ("log " + subject).getBytes(StandardCharsets.UTF_8))))
        .build();
  }

  /** Runs {@code task} on 8 threads released together. */
  private List<Future<?>> together(int n, java.util.function.IntFunction<java.util.concurrent.Callable<?>> task) {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      java.util.concurrent.Callable<?> c = task.apply(i);
      out.add(threads.submit(() -> {
        go.await(10, TimeUnit.SECONDS);
        return c.call();
      }));
    }
    go.countDown();
    return out;
  }

  @Test
  void concurrentEnqueuesAreAllStoredCompleteAndShareDirectoryFsyncsAtMostOnePerEntry() throws Exception {
    FileOutbox outbox = outbox(Limits.defaults());
    Set<String> ids = ConcurrentHashMap.newKeySet();
    for (Future<?> f : together(8, t -> () -> {
      for (int i = 0; i < 25; i++) {
        String id = UUID.randomUUID().toString();
        StoredEntry e = outbox.enqueue(record(id, "t" + t + "-" + i));
        assertEquals(id, e.id());
        ids.add(id);
      }
      return null;
    })) {
      f.get(30, TimeUnit.SECONDS);
    }

    assertEquals(200, ids.size());
    FileOutbox reader = outbox(Limits.defaults());
    List<StoredEntry> pending = reader.pending();
    assertEquals(ids, pending.stream().map(StoredEntry::id).collect(Collectors.toSet()));
    for (StoredEntry e : pending) {
      assertTrue(new String(e.record().attachments().get(0).openStream().readAllBytes(), StandardCharsets.UTF_8)
          .startsWith("log t"));
    }
    assertTrue(outbox.enqueueFsyncs() <= 200, "fsyncs of pending/: " + outbox.enqueueFsyncs());
  }

  @Test
  void theSameIdEnqueuedByManyThreadsAtOnceIsStoredOnce() throws Exception {
    FileOutbox outbox = outbox(Limits.defaults());
    String id = UUID.randomUUID().toString();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger stored = new AtomicInteger();
    for (Future<?> f : together(8, t -> () -> {
      try {
        outbox.enqueue(record(id, "dup" + t));
        stored.incrementAndGet();
      } catch (IllegalArgumentException e) {
        assertTrue(e.getMessage().contains("already in the outbox"), e.getMessage());
        refused.incrementAndGet();
      }
      return null;
    })) {
      f.get(30, TimeUnit.SECONDS);
    }

    assertEquals(1, stored.get());
    assertEquals(7, refused.get());
    assertEquals(1, outbox.pending().size());
  }

  @Test
  void theEntryBoundHoldsWhileEntriesAreStillBeingWritten() throws Exception {
    FileOutbox outbox = outbox(Limits.defaults().toBuilder().maxOutboxEntries(10).build());
    AtomicInteger full = new AtomicInteger();
    for (Future<?> f : together(8, t -> () -> {
      for (int i = 0; i < 3; i++) {
        try {
          outbox.enqueue(record(UUID.randomUUID().toString(), "b" + t + i));
        } catch (OutboxFullException e) {
          full.incrementAndGet();
        }
      }
      return null;
    })) {
      f.get(30, TimeUnit.SECONDS);
    }

    assertEquals(10, outbox.pending().size(), "exactly the bound, never more");
    assertEquals(14, full.get());
  }
}
