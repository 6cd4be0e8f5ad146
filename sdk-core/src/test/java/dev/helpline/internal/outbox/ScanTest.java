package dev.helpline.internal.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.outbox.OutboxStore.Claim;
import dev.helpline.outbox.OutboxStore.PendingEntry;
import dev.helpline.outbox.OutboxStore.Quarantined;
import dev.helpline.outbox.OutboxStore.StoredEntry;
import dev.helpline.outbox.SubmissionRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scans check each entry's header when they first see its file, and the whole file is checked before a send; a
 * claim's later rounds read only the entries its own instance stored meanwhile.
 */
@Timeout(60)
class ScanTest extends FileOutboxFixture {
  private static SubmissionRecord ticket(Instant createdAt) {
    return SubmissionRecord.builder().submissionId(UUID.randomUUID().toString()).subject("s").createdAt(createdAt)
        .description("d".repeat(200)).build();
  }

  private Path fileOf(StoredEntry e) {
    return dir.resolve("outbox/pending/" + e.id() + ".entry");
  }

  /**
   * Flips every bit of four bytes inside the ticket JSON in place, as rot on the device would: the same file
   * (same file key) and the same size, read back to prove each byte now differs from what was written; the
   * header's CRC no longer matches.
   */
  private void rotHeader(StoredEntry e) throws IOException {
    Path file = fileOf(e);
    Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    byte[] before = Files.readAllBytes(file);
    int at = EntryCodec.PREAMBLE + 40;
    int jsonLength = ByteBuffer.wrap(before).getInt(8);
    assertTrue(at + 4 <= EntryCodec.PREAMBLE + jsonLength, "the rotted bytes lie inside the ticket JSON");
    byte[] flipped = new byte[4];
    for (int i = 0; i < 4; i++) flipped[i] = (byte) ~before[at + i];
    ByteBuffer rot = ByteBuffer.wrap(flipped);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      while (rot.hasRemaining()) ch.write(rot, at + rot.position());
    }
    byte[] after = Files.readAllBytes(file);
    assertEquals(before.length, after.length);
    for (int i = 0; i < before.length; i++) {
      boolean rotted = i >= at && i < at + 4;
      assertEquals(rotted ? (byte) ~before[i] : before[i], after[i], "byte " + i);
    }
    assertEquals(key, Files.readAttributes(file, BasicFileAttributes.class).fileKey());
  }

  @Test
  void aHeaderRottedAfterTheFirstScanIsCaughtByTheWholeFileCheckBeforeItIsSent() throws IOException {
    FileOutbox outbox = outbox();
    StoredEntry older = outbox.enqueue(ticket(T0));
    outbox.enqueue(ticket(T0.plusSeconds(1)));
    assertEquals(2, outbox.scanPending().entries().size());

    rotHeader(older);
    Scan again = outbox.scanPending();
    assertEquals(2, again.entries().size(), "the unchanged file's header is not read again");
    assertEquals(older.id(), again.entries().get(0).id(), "still ordered by creation time");

    List<Quarantined> quarantined = new ArrayList<>();
    assertNull(outbox.load(again.entries().get(0), quarantined::add));
    assertEquals(1, quarantined.size(), "never sent: quarantined when loaded for its attempt");
    assertTrue(quarantined.get(0).reason().contains("CRC"), quarantined.get(0).reason());
    assertFalse(Files.exists(fileOf(older)), "moved out of pending/");
  }

  @Test
  void aNewScannerAndAReplacedFileHaveTheirHeadersChecked() throws IOException {
    FileOutbox outbox = outbox();
    StoredEntry e = outbox.enqueue(ticket(T0));
    try (Claim claim = outbox.claim()) { // its end settles the entry: other processes scan it from then on
      assertEquals(1, Objects.requireNonNull(claim).entries().size());
    }
    rotHeader(e);
    Scan fresh = outbox().scanPending();
    assertEquals(0, fresh.entries().size(), "another process reads every header it has not checked");
    assertEquals(1, fresh.quarantined().size());
    assertTrue(fresh.quarantined().get(0).reason().contains("CRC"), fresh.quarantined().get(0).reason());

    StoredEntry replaced = outbox.enqueue(ticket(T0));
    assertEquals(1, outbox.scanPending().entries().size());
    byte[] bytes = Files.readAllBytes(fileOf(replaced));
    bytes[EntryCodec.PREAMBLE + 40] ^= 1;
    Path copy = dir.resolve("outbox/tmp/copy");
    Files.write(copy, bytes);
    Files.move(copy, fileOf(replaced), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Scan afterReplace = outbox.scanPending();
    assertTrue(afterReplace.entries().isEmpty(), "a new file under the same name is read again");
    assertEquals(1, afterReplace.quarantined().size());
    assertTrue(afterReplace.quarantined().get(0).reason().contains("CRC"), afterReplace.quarantined().get(0).reason());
  }

  private static List<String> ids(List<PendingEntry> entries) {
    return entries.stream().map(PendingEntry::id).collect(Collectors.toList());
  }

  @Test
  void aClaimsLaterRoundsReadTheEntriesItsInstanceStoredWithoutListingTheQueue() throws IOException {
    FileOutbox outbox = outbox();
    FileOutbox otherProcess = outbox();
    StoredEntry queued = outbox.enqueue(ticket(T0));
    try (Claim claim = outbox.claim()) {
      assertNotNull(claim);
      assertEquals(List.of(queued.id()), ids(claim.entries()));
      assertEquals(List.of(), claim.more(q -> { }), "what the claim's scan listed is not returned again");

      StoredEntry newer = outbox.enqueue(ticket(T0.plusSeconds(2)));
      StoredEntry older = outbox.enqueue(ticket(T0.plusSeconds(1)));
      StoredEntry theirs = otherProcess.enqueue(ticket(T0.plusMillis(1500)));
      assertEquals(List.of(older.id(), newer.id()), ids(claim.more(q -> { })), "this instance's, oldest first");
      assertEquals(List.of(), claim.more(q -> { }), "each once");

      StoredEntry rotted = outbox.enqueue(ticket(T0.plusSeconds(3)));
      rotHeader(rotted);
      StoredEntry discarded = outbox.enqueue(ticket(T0.plusSeconds(4)));
      Files.delete(fileOf(discarded));
      List<Quarantined> quarantined = new ArrayList<>();
      assertEquals(List.of(), claim.more(quarantined::add), "a rotted entry is not returned, a removed one skipped");
      assertEquals(1, quarantined.size());
      assertTrue(quarantined.get(0).reason().contains("CRC"), quarantined.get(0).reason());
      assertFalse(Files.exists(fileOf(rotted)), "moved out of pending/");

      // Another instance's entry is settled by its writer and found by the next claim, as the queue is listed.
      assertNull(otherProcess.claim());
      claim.close();
      try (Claim next = outbox.claim()) {
        assertEquals(List.of(queued.id(), older.id(), theirs.id(), newer.id()), ids(next.entries()));
      }
    }
  }

  @Test
  void anInstanceKeepsNoIdsWhileItHoldsNoClaim() throws IOException {
    FileOutbox outbox = outbox();
    try (Claim first = outbox.claim()) {
      assertNotNull(first);
    }
    StoredEntry between = outbox.enqueue(ticket(T0));
    try (Claim claim = outbox.claim()) {
      assertNotNull(claim);
      assertEquals(List.of(between.id()), ids(claim.entries()), "stored between claims: listed by the next");
      assertEquals(List.of(), claim.more(q -> { }));
    }
  }

  @Test
  void laterScansShareTheIdTheFirstScanKept() throws IOException {
    FileOutbox outbox = outbox();
    StoredEntry stored = outbox.enqueue(ticket(T0));
    PendingEntry first = outbox.scanPending().entries().get(0);
    PendingEntry second = outbox.scanPending().entries().get(0);
    assertEquals(stored.id(), second.id());
    assertSame(first.id(), second.id(), "a pass over a long queue holds one copy of each id, not one per scan");
  }
}
