package dev.helpline.internal.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import dev.helpline.outbox.OutboxStore.Claim;
import dev.helpline.outbox.OutboxStore.DeliveryState;
import dev.helpline.outbox.OutboxStore.FailureRecord;
import dev.helpline.outbox.OutboxStore.PendingEntry;
import dev.helpline.outbox.OutboxStore.StoredEntry;
import dev.helpline.outbox.SubmissionRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class AttemptLogTest extends FileOutboxFixture {
  private static SubmissionRecord ticket() {
    return SubmissionRecord.builder().submissionId(UUID.randomUUID().toString()).subject("s").createdAt(T0).build();
  }

  private Path log() {
    return dir.resolve("outbox").resolve(AttemptLog.LOG);
  }

  /** Appends more lines of entries long gone than the log keeps without compacting, as another process would. */
  private AttemptLog appendStaleLines() throws IOException {
    AttemptLog log = new AttemptLog(dir.resolve("outbox"));
    for (int i = 0; i < 1100; i++) log.append(UUID.randomUUID().toString(), T0, false);
    log.closeAppender();
    return log;
  }

  /** Records {@code e}'s first attempt at {@code T0} and delivers it, as a claim's attempt does. */
  private static void deliver(FileOutbox outbox, StoredEntry e, boolean powerSafe) throws IOException {
    outbox.markAttempting(e, T0, powerSafe);
    outbox.markDelivered(e.withState(e.state().attempting(T0)),
        new Ticket("T-1", "s", TicketStatus.OPEN, null, null, null, null));
    outbox.purgeDelivered();
  }

  /** Forced or not (a connector without idempotency keys asks for a record that survives a power loss). */
  @ParameterizedTest(name = "powerSafe={0}")
  @ValueSource(booleans = {false, true})
  void aFirstAttemptCreatesNoFileBesideTheEntryAndIsKnownToTheNextProcess(boolean powerSafe) throws IOException {
    FileOutbox outbox = outbox();
    StoredEntry e = outbox.enqueue(ticket());
    try (Claim claim = outbox.claim()) {
      assertNotNull(claim);
      outbox.markAttempting(e, T0.plusSeconds(5), powerSafe);
      // The process dies here, mid-call: nothing is closed.
      try (Stream<Path> pending = Files.list(dir.resolve("outbox/pending"))) {
        assertEquals(List.of(e.id() + ".entry"), pending.map(p -> p.getFileName().toString()).toList());
      }
      StoredEntry seen = outbox().find(e.id());
      assertNotNull(seen);
      assertEquals(1, seen.state().attempts(), "the next deliverer knows the desk may have it");
      assertEquals(T0.plusSeconds(5), seen.state().firstAttemptAt());
    }
  }

  @Test
  void aTornLastLineIsIgnoredUntilItIsComplete() throws IOException {
    FileOutbox outbox = outbox();
    StoredEntry e = outbox.enqueue(ticket());
    FileOutbox reader = outbox();
    Files.write(log(), (e.id() + " 17").getBytes(StandardCharsets.US_ASCII));
    assertEquals(0, reader.find(e.id()).state().attempts());

    Files.write(log(), "000\nnot a line\n".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
    assertEquals(Instant.ofEpochMilli(17000), reader.find(e.id()).state().firstAttemptAt());
  }

  @Test
  void compactionKeepsOnlyPendingEntriesAndReadersFollowTheNewFile() throws IOException {
    FileOutbox outbox = outbox();
    StoredEntry live = outbox.enqueue(ticket());
    FileOutbox reader = outbox();
    try (Claim claim = outbox.claim()) {
      outbox.markAttempting(live, T0, false);
    }
    appendStaleLines();
    assertEquals(1, reader.find(live.id()).state().attempts());
    long before = Files.size(log());

    try (Claim claim = outbox.claim()) {
      assertEquals(1, claim.entries().size());
    }

    assertTrue(Files.size(log()) < before / 100, "the log now holds the pending entry's line only");
    assertEquals(1, reader.find(live.id()).state().attempts(), "a reader that had read the old file reads the new one");
    assertEquals(T0, outbox().find(live.id()).state().firstAttemptAt());
  }

  @Test
  void aCompactionForcesTheJournalBeforeTheLinesOfDeliveredEntriesGo() throws IOException {
    FileOutbox outbox = outbox();
    StoredEntry delivered = outbox.enqueue(ticket());
    try (Claim claim = outbox.claim()) {
      // Its cancel record is written, not forced: a power loss could still bring the entry back.
      deliver(outbox, delivered, true);
    }
    outbox.enqueue(ticket());
    long forces = outbox.enqueueFsyncs();
    try (Claim claim = outbox.claim()) {
      assertEquals(forces, outbox.enqueueFsyncs(), "a log of a few lines is left alone, the journal too");
    }
    AttemptLog log = appendStaleLines();

    try (Claim claim = outbox.claim()) {
      assertTrue(outbox.enqueueFsyncs() > forces, "the journal was forced before the compaction");
    }
    log.refresh();
    assertNull(log.firstAttempt(delivered.id()), "the delivered entry's line is gone");
  }

  @Test
  void aForcedAppendAfterACompactionGoesToTheNewFile() throws IOException {
    FileOutbox outbox = outbox();
    StoredEntry first = outbox.enqueue(ticket());
    StoredEntry second = outbox.enqueue(ticket());
    try (Claim claim = outbox.claim()) {
      outbox.markAttempting(first, T0, true);
    }
    appendStaleLines();
    try (Claim claim = outbox.claim()) {
      // This claim compacted the log under the appender the first mark opened.
      outbox.markAttempting(second, T0.plusSeconds(1), true);
    }

    FileOutbox next = outbox();
    assertEquals(T0, next.find(first.id()).state().firstAttemptAt());
    assertEquals(T0.plusSeconds(1), next.find(second.id()).state().firstAttemptAt());
    assertEquals(2, Files.readAllLines(log()).size(), "the compacted file holds both lines and nothing else");
  }

  @Test
  void aDeliveredEntryLeavesNoFileInPendingAndAFewStaleLinesStayUntilTheyAreMany() throws IOException {
    FileOutbox outbox = outbox();
    StoredEntry e = outbox.enqueue(ticket());
    try (Claim claim = outbox.claim()) {
      deliver(outbox, e, false);
    }
    assertNull(outbox.find(e.id()));
    try (Stream<Path> pending = Files.list(dir.resolve("outbox/pending"))) {
      assertEquals(0, pending.count());
    }
    AttemptLog log = new AttemptLog(dir.resolve("outbox"));
    log.refresh();
    assertEquals(T0, log.firstAttempt(e.id()));
    log.compact(Set.of());
    assertEquals(T0, log.firstAttempt(e.id()), "a few lines are not worth a rewrite");
  }

  @Test
  void listingsSeeAttemptsAppendedSinceTheirLastReadWhicheverEntriesHaveStateFiles() throws IOException {
    FileOutbox outbox = outbox();
    StoredEntry failedOnce = outbox.enqueue(ticket());
    StoredEntry fresh = outbox.enqueue(ticket());
    outbox.saveState(failedOnce, new DeliveryState(1, 1, T0.plusSeconds(60), "HTTP 503", T0));
    FileOutbox reader = outbox();
    assertEquals(1, reader.pending().stream().filter(e -> e.state().attempts() == 0).count());

    try (Claim claim = outbox.claim()) {
      outbox.markAttempting(fresh, T0, false);
    }

    for (StoredEntry e : reader.pending()) assertEquals(1, e.state().attempts(), e.id());
    for (PendingEntry e : reader.pendingSummaries()) assertEquals(1, e.state().attempts(), e.id());
  }

  @Test
  void aPermanentlyFailedFirstAttemptKeepsItsAttemptWhenTheLogIsCompacted() throws IOException {
    FileOutbox outbox = outbox();
    StoredEntry e = outbox.enqueue(ticket());
    try (Claim claim = outbox.claim()) {
      outbox.markAttempting(e, T0, false);
      // As delivery does with a refusal: the attempt's outcome is saved, then the entry kept as failed.
      StoredEntry counted = outbox.saveState(e, new DeliveryState(1, 1, null, "HTTP 422", T0));
      outbox.markFailed(counted, new FailureRecord(422, null, "refused", null, T0));
    }
    appendStaleLines();
    try (Claim claim = outbox.claim()) {
      assertEquals(0, claim.entries().size());
    }

    StoredEntry retried = outbox.retry(e.id());
    assertEquals(1, retried.state().attempts(), "the desk may hold it: the next attempt asks first");
    assertEquals(T0, retried.state().firstAttemptAt());
  }

  @Test
  void stateWritesDoNotMakeTheNextBoundCheckListTheOutbox() throws IOException {
    FileOutbox outbox = outbox();
    StoredEntry e = outbox.enqueue(ticket());
    int recounts = outbox.recounts();
    try (Claim claim = outbox.claim()) {
      outbox.markAttempting(e, T0, false);
      outbox.saveState(e, new DeliveryState(1, 1, T0.plusSeconds(60), "HTTP 503", T0));
    }
    outbox.enqueue(ticket());
    assertEquals(recounts, outbox.recounts(), "only this instance changed pending/, and its bounds saw every change");
    assertFalse(Files.exists(dir.resolve("outbox/pending/" + e.id() + ".state.tmp")));
  }
}
