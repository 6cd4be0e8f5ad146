package dev.helpline.internal.delivery;

import static dev.helpline.internal.delivery.Tickets.ticket;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Attachment;
import dev.helpline.DeliveryPolicy;
import dev.helpline.Limits;
import dev.helpline.OutboxHealth;
import dev.helpline.Submission;
import dev.helpline.internal.outbox.FileOutbox;
import dev.helpline.outbox.SubmissionRecord;
import dev.helpline.status.TestClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Delivery in a hostile environment: rotted bytes, old formats, clock jumps, stalled desks. */
@Timeout(60)
class DeliveryEdgeCasesTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @TempDir Path dir;
  private final TestClock clock = new TestClock(T0);
  private final FakeConnector desk = new FakeConnector();
  private final RecordingListener listener = new RecordingListener();
  private ExecutorService callbacks;
  private final List<DeliveryWorker> workers = new ArrayList<>();
  private final List<FileOutbox> outboxes = new ArrayList<>();

  @BeforeEach
  void setUp() {
    callbacks = Executors.newSingleThreadExecutor(r -> new Thread(r, "host-callbacks"));
  }

  @AfterEach
  void tearDown() throws IOException {
    for (DeliveryWorker w : workers) w.close();
    for (FileOutbox o : outboxes) o.close();
    callbacks.shutdownNow();
  }

  private DeliveryWorker worker(DeliveryPolicy policy) {
    FileOutbox outbox = new FileOutbox(dir, Limits.defaults(), clock);
    outboxes.add(outbox);
    DeliveryWorker w = new DeliveryWorker(outbox, desk, List.of(listener), callbacks, clock, policy, () -> 0.5);
    workers.add(w);
    return w;
  }

  /** One attempt at a time, so scripted desk outcomes meet tickets oldest first. */
  private DeliveryWorker worker() {
    return worker(DeliveryPolicy.builder().concurrency(1).build());
  }

  private void drainCallbacks() throws Exception {
    callbacks.submit(() -> {}).get(10, TimeUnit.SECONDS);
  }

  private Path entryFile(String id) {
    return dir.resolve("outbox/pending/" + id + ".entry");
  }

  private static SubmissionRecord withAttachment(byte[] bytes) {
    return SubmissionRecord.builder().submissionId(UUID.randomUUID().toString()).subject("rotting")
        .description("details").createdAt(T0)
        .attachments(List.of(Attachment.ofBytes("dump.bin", "application/octet-stream", bytes))).build();
  }

  /** Entries up to 64 KiB are checked and sent from one read; larger ones are checked in chunks and streamed. */
  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {16 * 1024, 200 * 1024})
  void rottedAttachmentBytesAreQuarantinedNotDelivered(int size) throws Exception {
    byte[] data = new byte[size];
    new Random(7).nextBytes(data);
    DeliveryWorker w = worker();
    SubmissionRecord rotting = withAttachment(data);
    Submission s = w.enqueue(rotting);
    // 512 bytes inside the attachment are zeroed on disk; the file keeps its length and header.
    byte[] onDisk = Files.readAllBytes(entryFile(rotting.submissionId()));
    java.util.Arrays.fill(onDisk, onDisk.length - 4 - 8192, onDisk.length - 4 - 8192 + 512, (byte) 0);
    Files.write(entryFile(rotting.submissionId()), onDisk);

    w.runOnce(false);
    drainCallbacks();

    assertEquals(0, desk.calls.get(), "the desk never receives the rotted bytes");
    assertEquals(1, listener.eventsStartingWith("quarantined:").size());
    OutboxHealth h = w.health();
    assertEquals(1, h.quarantined());
    assertEquals(0, h.pending());
    assertFalse(s.delivery().isDone() && !s.delivery().isCompletedExceptionally(), "never reported as delivered");
    assertFalse(Files.exists(entryFile(rotting.submissionId())));
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {3000, 200 * 1024})
  void entriesWrittenInThePreviousFormatWithoutWholeFileChecksumAreStillDelivered(int size) throws Exception {
    byte[] data = new byte[size];
    new Random(3).nextBytes(data);
    DeliveryWorker w = worker();
    SubmissionRecord old = withAttachment(data);
    w.enqueue(old);
    downgradeToVersion1(entryFile(old.submissionId()));

    w.runOnce(false);

    assertEquals(1, desk.callsFor(old.submissionId()));
    assertArrayEquals(data, desk.uploaded.get(old.submissionId()).get(0));
    assertEquals(0, w.health().quarantined());
  }

  @Test
  void savedNextAttemptFarAheadAfterTheClockJumpsBackIsClampedToTheLongestPlannedWait() throws Exception {
    desk.then(FakeConnector.fail(new IOException("connection reset")));
    DeliveryWorker w = worker();
    SubmissionRecord t = ticket("clock jumps", T0);
    w.enqueue(t);
    clock.advance(Duration.ofDays(10)); // the clock runs 10 days ahead while the attempt fails
    w.runOnce(false);
    assertEquals(1, desk.calls.get());
    clock.advance(Duration.ofDays(-10)); // ... and is corrected

    w.runOnce(false);
    assertEquals(1, desk.calls.get(), "not due yet");
    clock.advance(DeliveryPolicy.defaults().maxPlannedWait().plusSeconds(1));
    w.runOnce(false);

    assertEquals(2, desk.callsFor(t.submissionId()), "delivered after the longest planned wait, not after 10 days");
    assertEquals(0, w.health().pending());
  }

  @Test
  void oldestPendingAgeNeverReportsAStallAsFreshWhenTheClockJumpsBack() throws Exception {
    desk.then(FakeConnector.fail(new IOException("timeout")));
    DeliveryWorker w = worker();
    w.enqueue(ticket("stalled", T0));
    w.runOnce(false);
    clock.advance(Duration.ofMinutes(2));
    assertEquals(Duration.ofMinutes(2), w.health().oldestPendingAge());

    clock.advance(Duration.ofDays(-1));

    Duration age = w.health().oldestPendingAge();
    assertNotNull(age);
    assertTrue(age.compareTo(Duration.ofMinutes(2)) >= 0, "age after the jump: " + age);
  }

  @Test
  void lastErrorIsClearedOnceADeliverySucceeds() throws Exception {
    desk.then(FakeConnector.fail(new IOException("connection refused")));
    DeliveryWorker w = worker();
    w.enqueue(ticket("x", T0));
    w.runOnce(false);
    assertTrue(w.health().lastError().contains("connection refused"), w.health().lastError());

    w.runOnce(true);

    assertEquals(0, w.health().pending());
    assertNull(w.health().lastError(), "recovered: no error to report");
  }

  @Test
  void healthOnAReadOnlyDataDirectoryReportsTheProblemInsteadOfThrowing() throws Exception {
    Path data = Files.createDirectory(dir.resolve("read-only"));
    Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      if (Files.isWritable(data)) Files.write(data.resolve("outbox"), new byte[] {1}); // root ignores permissions
      FileOutbox outbox = new FileOutbox(data, Limits.defaults(), clock);
      outboxes.add(outbox);
      DeliveryWorker w = new DeliveryWorker(outbox, desk, List.of(listener), callbacks, clock, DeliveryPolicy.defaults());
      workers.add(w);

      OutboxHealth h = w.health();

      assertEquals(0, h.pending());
      assertNotNull(h.lastError());
      assertTrue(h.lastError().contains(data.toString()), h.lastError());
    } finally {
      Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void submitAfterCloseThrowsIllegalStateExceptionSayingTheClientIsClosed() throws Exception {
    DeliveryWorker w = worker();
    w.close();

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.enqueue(ticket("late", T0)));

    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  @Test
  void aCallbackExecutorThatRejectsTasksNeverLeavesDeliveryFuturesIncomplete() throws Exception {
    FileOutbox outbox = new FileOutbox(dir, Limits.defaults(), clock);
    outboxes.add(outbox);
    desk.then(FakeConnector.fail(new dev.helpline.DeskException(400, "subject missing")));
    java.util.concurrent.Executor rejecting = task -> {
      throw new java.util.concurrent.RejectedExecutionException("host executor shut down");
    };
    // One attempt at a time, so the scripted refusal meets the older ticket.
    DeliveryWorker w = new DeliveryWorker(outbox, desk, List.of(listener), rejecting, clock,
        DeliveryPolicy.builder().concurrency(1).build());
    workers.add(w);
    Submission refused = w.enqueue(ticket("refused", T0));
    Submission delivered = w.enqueue(ticket("delivered", T0.plusSeconds(1)));

    w.runOnce(false);

    assertNotNull(delivered.delivery().get(10, TimeUnit.SECONDS));
    java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
        () -> refused.delivery().get(10, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof dev.helpline.DeskException, e.getCause().toString());
  }

  @Test
  void closeReturnsWithinItsBoundWhileTheDeskStallsAnUploadAndTheEntryStaysPending() throws Exception {
    java.util.concurrent.CountDownLatch inFlight = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CompletableFuture<Void> released = new java.util.concurrent.CompletableFuture<>();
    desk.then(ticket -> {
      inFlight.countDown();
      released.join(); // a stalled upload: join() waits through interrupts, as a blocked socket write does
      throw new IOException("stream reset");
    });
    DeliveryWorker w = worker(DeliveryPolicy.builder().closeTimeout(Duration.ofMillis(300)).build());
    w.start();
    SubmissionRecord t = ticket("stalled upload", T0);
    Submission s = w.enqueue(t);
    assertTrue(inFlight.await(10, TimeUnit.SECONDS));

    long start = System.nanoTime();
    w.close();
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    released.complete(null);

    assertTrue(tookMillis < 5_000, "close() took " + tookMillis + " ms");
    assertFalse(s.delivery().isDone());
    FileOutbox next = new FileOutbox(dir, Limits.defaults(), clock);
    outboxes.add(next);
    assertEquals(1, next.pending().size(), "the entry in flight stays pending");
  }

  @Test
  void dataDirectoryDeletedWhileRunningIsRecreatedAndLaterSubmissionsAreDelivered() throws Exception {
    DeliveryWorker w = worker();
    w.enqueue(ticket("before", T0));
    w.runOnce(false);
    assertEquals(1, desk.calls.get());
    try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).collect(java.util.stream.Collectors.toList())) {
        if (!p.equals(dir)) Files.delete(p);
      }
    }

    SubmissionRecord after = ticket("after", T0);
    Submission s = w.enqueue(after);
    w.runOnce(false);

    assertNotNull(s.delivery().get(10, TimeUnit.SECONDS));
    assertEquals(1, desk.callsFor(after.submissionId()));
    assertTrue(Files.isDirectory(dir.resolve("outbox/pending")));
  }

  @Test
  void anEntryThatVanishesDuringAPassIsSkippedAndTheRestAreDelivered() throws Exception {
    DeliveryWorker w = worker();
    SubmissionRecord first = ticket("first", T0);
    SubmissionRecord vanishing = ticket("vanishing", T0.plusSeconds(1));
    SubmissionRecord last = ticket("last", T0.plusSeconds(2));
    w.enqueue(first);
    w.enqueue(vanishing);
    Submission lastOne = w.enqueue(last);
    // Rotted too: were it read, it would be quarantined; it is gone before that.
    byte[] bytes = Files.readAllBytes(entryFile(vanishing.submissionId()));
    bytes[bytes.length - 6] ^= 0x55;
    Files.write(entryFile(vanishing.submissionId()), bytes);
    desk.then(t -> Files.delete(entryFile(vanishing.submissionId())));

    w.runOnce(false);

    assertNotNull(lastOne.delivery().get(10, TimeUnit.SECONDS));
    assertEquals(0, desk.callsFor(vanishing.submissionId()));
    assertEquals(0, w.health().quarantined());
    assertNull(w.health().lastError());
  }

  @Test
  void healthShowsTheAttemptInFlightAndItsAgeWhileTheDeskIsSlow() throws Exception {
    java.util.concurrent.CountDownLatch inFlight = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
    desk.then(t -> {
      inFlight.countDown();
      try {
        answer.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new java.io.InterruptedIOException("interrupted");
      }
    });
    DeliveryWorker w = worker();
    w.start();
    Submission s = w.enqueue(ticket("slow desk", T0));
    assertTrue(inFlight.await(10, TimeUnit.SECONDS));
    assertNull(w.health().lastError());

    Duration age = w.health().attemptInFlightAge();

    assertNotNull(age, "an attempt is in flight");
    assertFalse(age.isNegative());
    answer.countDown();
    assertNotNull(s.delivery().get(10, TimeUnit.SECONDS));
    assertNull(w.health().attemptInFlightAge(), "nothing in flight once delivered");
  }

  @Test
  void twoHundredAnswersWithoutAUsableTicketAreRetriedWithBackoffThenFailedWithTheReason() throws Exception {
    for (int i = 0; i < Attempt.MAX_UNUSABLE_ANSWERS; i++) {
      desk.then(FakeConnector.fail(new dev.helpline.connector.Connector.UnusableAnswerException(201,
          "desk answered 201 without a usable ticket: empty body")));
    }
    DeliveryWorker w = worker();
    SubmissionRecord t = ticket("no ticket in the answer", T0);
    Submission s = w.enqueue(t);

    for (int i = 1; i < Attempt.MAX_UNUSABLE_ANSWERS; i++) {
      w.runOnce(false);
      assertEquals(i, desk.calls.get());
      assertFalse(s.delivery().isDone(), "retried, not delivered, after answer " + i);
      assertNotNull(w.submissions().get(0).nextAttemptAt(), "planned with backoff");
      clock.advance(Duration.ofHours(2));
    }
    w.runOnce(false);

    java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
        () -> s.delivery().get(10, TimeUnit.SECONDS));
    assertTrue(e.getCause().getMessage().contains("without a usable ticket"), e.getCause().getMessage());
    assertEquals(1, w.health().failed());
    assertEquals(0, w.health().pending());
  }

  /** Rewrites an entry as format version 1 wrote it: no trailing CRC-32C, header CRC-32 over the v1 preamble. */
  static void downgradeToVersion1(Path file) throws IOException {
    byte[] v2 = Files.readAllBytes(file);
    byte[] v1 = java.util.Arrays.copyOf(v2, v2.length - 4);
    ByteBuffer b = ByteBuffer.wrap(v1);
    int jsonLength = b.getInt(8);
    b.putInt(4, 1);
    b.putLong(12, v1.length);
    CRC32 crc = new CRC32();
    crc.update(v1, 0, 20);
    crc.update(v1, 24, jsonLength);
    b.putInt(20, (int) crc.getValue());
    Files.write(file, v1);
  }
}
