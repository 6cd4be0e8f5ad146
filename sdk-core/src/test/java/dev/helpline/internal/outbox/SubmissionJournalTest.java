package dev.helpline.internal.outbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Attachment;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import dev.helpline.outbox.OutboxStore.Claim;
import dev.helpline.outbox.OutboxStore.PendingEntry;
import dev.helpline.outbox.OutboxStore.StoredEntry;
import dev.helpline.outbox.SubmissionRecord;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Small entries made durable by the submission journal: delivered by other instances only once settled,
 * by their own before, settled by a claim or close, restored from the journal when their files were lost with
 * a killed process, and never restored once cancelled, delivered or failed.
 */
@Timeout(120)
class SubmissionJournalTest extends FileOutboxFixture {

  static SubmissionRecord record(int i) {
    byte[] log = ("log line " + i + "\n").repeat(100).getBytes(StandardCharsets.UTF_8);
    return SubmissionRecord.builder().submissionId("entry-" + i).subject("subject " + i).createdAt(T0.plusSeconds(i))
        .attachments(List.of(Attachment.ofBytes("log.txt", "text/plain", log)))
        .build();
  }

  private Path pending() {
    return dir.resolve("outbox/pending");
  }

  /** The journal files of every instance, and the ids of the entries they hold. */
  private Set<String> journaled() throws IOException {
    Set<String> ids = new TreeSet<>();
    for (Path instance : OutboxDirs.list(dir.resolve("outbox/tmp"))) {
      if (!Files.isDirectory(instance)) continue;
      ids.addAll(JournalFormat.read(JournalFormat.files(instance)).keySet());
    }
    return ids;
  }

  private static List<String> ids(Claim claim) {
    return claim.entries().stream().map(PendingEntry::id).sorted().collect(Collectors.toList());
  }

  @Test
  void anotherInstanceDeliversNoUnsettledEntryUntilItsWriterSettledIt() throws IOException {
    FileOutbox writer = outbox();
    FileOutbox deliverer = outbox();
    for (int i = 0; i < 3; i++) writer.enqueue(record(i));
    assertEquals(Set.of("entry-0", "entry-1", "entry-2"), journaled());
    assertEquals(3, writer.pending().size(), "the files are in pending/ at once, for the host to list");

    try (Claim claim = deliverer.claim()) {
      assertNotNull(claim);
      assertEquals(List.of(), ids(claim), "unsettled entries of a live instance are not delivered");
    }
    // The writer's next claim settles them (forces their files, empties its journal), even when
    // another instance holds the delivery lock.
    try (Claim held = deliverer.claim()) {
      assertNotNull(held);
      assertNull(writer.claim());
      assertEquals(Set.of(), journaled());
    }
    try (Claim next = deliverer.claim()) {
      assertEquals(List.of("entry-0", "entry-1", "entry-2"), ids(Objects.requireNonNull(next)));
    }
  }

  @Test
  void closingSettlesTheJournalAndLeavesNothingInTmp() throws IOException {
    FileOutbox writer = outbox();
    writer.enqueue(record(0));
    assertEquals(Set.of("entry-0"), journaled());
    writer.close();
    assertEquals(Set.of(), journaled());
    assertEquals(List.of(), OutboxDirs.list(dir.resolve("outbox/tmp")), "its directory and lock are removed");
    try (Claim claim = outbox().claim()) {
      assertEquals(List.of("entry-0"), ids(Objects.requireNonNull(claim)));
    }
  }

  @Test
  void anEntryOverTheJournalLimitIsForcedAsAFileOfItsOwn() throws IOException {
    FileOutbox writer = outbox();
    byte[] big = new byte[SubmissionJournal.MAX_ENTRY];
    writer.enqueue(SubmissionRecord.builder().submissionId("big").subject("big").createdAt(T0)
        .attachments(List.of(Attachment.ofBytes("big.bin", "application/octet-stream", big))).build());
    assertEquals(Set.of(), journaled());
    try (Claim claim = outbox().claim()) {
      assertEquals(List.of("big"), ids(Objects.requireNonNull(claim)));
    }
  }

  @Test
  void whileNoClaimSettlesItTheJournalHoldsNoMoreThanItsLimit() throws IOException {
    FileOutbox writer = outbox();
    byte[] part = new byte[60 * 1024];
    int n = (int) (SubmissionJournal.MAX_HELD / part.length) + 8;
    for (int i = 0; i < n; i++) {
      writer.enqueue(SubmissionRecord.builder().submissionId("held-" + i).subject("held").createdAt(T0)
          .attachments(List.of(Attachment.ofBytes("part.bin", "application/octet-stream", part))).build());
    }
    long journalBytes = 0;
    for (Path instance : OutboxDirs.list(dir.resolve("outbox/tmp"))) {
      if (Files.isDirectory(instance)) for (Path j : JournalFormat.files(instance)) journalBytes += Files.size(j);
    }
    assertTrue(journalBytes < SubmissionJournal.MAX_HELD + SubmissionJournal.MAX_ENTRY, journalBytes + " bytes");
    assertTrue(journaled().size() < n, "the last entries were forced as files of their own");

    try (Claim claim = writer.claim()) {
      assertEquals(n, Objects.requireNonNull(claim).entries().size());
    }
    assertEquals(Set.of(), journaled());
    writer.enqueue(record(0));
    assertEquals(Set.of("entry-0"), journaled(), "settled, the journal takes entries again");
  }

  @Test
  void anEntryNotStoredAfterItsRecordWasForcedIsCancelled() throws IOException {
    FileOutbox writer = outbox();
    writer.enqueue(record(0));
    Path instance = OutboxDirs.list(dir.resolve("outbox/tmp")).stream().filter(Files::isDirectory).findFirst().get();
    // Something in the way of the entry's file: its journal record is forced, its file cannot be written.
    Files.createDirectories(instance.resolve("entry-1.entry"));

    assertThrows(IOException.class, () -> writer.enqueue(record(1)));

    assertEquals(Set.of("entry-0"), journaled(), "the caller was told it failed: a crash must not bring it back");
    writer.enqueue(record(1));
    assertEquals(Set.of("entry-0", "entry-1"), journaled());
  }

  @Test
  void aCancelledEntryAndATornTailAreNotRead() throws IOException {
    Path instance = Files.createDirectories(dir.resolve("journal-only"));
    SubmissionJournal journal = new SubmissionJournal(instance, Files.createDirectories(pending()));
    byte[] kept = "kept".getBytes(StandardCharsets.US_ASCII);
    journal.finish(journal.append("kept", kept));
    SubmissionJournal.Appended cancelled = journal.append("cancelled", new byte[] {1, 2, 3});
    journal.cancel(cancelled, new IOException("rename failed"));
    assertTrue(journal.holds("kept"));
    assertFalse(journal.holds("cancelled"));
    Path file = JournalFormat.files(instance).get(0);
    // A record cut short by a crash, after which nothing can be read.
    Files.write(file, new byte[] {0x48, 0x4c, 0x4a, 0x31, 1, 4, 0, 0}, StandardOpenOption.APPEND);

    Map<String, byte[]> read = JournalFormat.read(List.of(file));
    assertEquals(Set.of("kept"), read.keySet());
    assertArrayEquals(kept, read.get("kept"));
    journal.close();
  }

  /** Appends {@code id} with {@code payload} and reports its rename done, as a stored entry would. */
  private static void store(SubmissionJournal journal, String id, byte[] payload) throws IOException {
    journal.finish(journal.append(id, payload));
  }

  private static byte[] filled(int length, char c) {
    byte[] b = new byte[length];
    java.util.Arrays.fill(b, (byte) c);
    return b;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
      return true;
    }
    return false;
  }

  @Test
  void anEmptiedFileIsKeptZeroedAndNoRecordOfAnEarlierGenerationIsReadAgain() throws IOException {
    Path instance = Files.createDirectories(dir.resolve("reuse"));
    SubmissionJournal journal = new SubmissionJournal(instance, Files.createDirectories(pending()));
    byte[] first = filled(3000, 'a');
    store(journal, "first", first);
    Path file = instance.resolve(JournalFormat.PREFIX + 0 + JournalFormat.SUFFIX);
    byte[] withFirst = Files.readAllBytes(file);

    journal.checkpoint(); // appends go to the other file; this one is emptied
    byte[] emptied = Files.readAllBytes(file);
    assertEquals(withFirst.length, emptied.length, "kept, so that later records overwrite blocks it has");
    assertFalse(contains(emptied, filled(16, 'a')), "no copy of a settled entry stays behind");
    assertEquals(Map.of(), JournalFormat.read(List.of(file)));

    store(journal, "other", new byte[] {1});
    journal.checkpoint(); // back to the first file
    byte[] second = "second".getBytes(StandardCharsets.US_ASCII);
    store(journal, "second", second);
    assertEquals(withFirst.length, Files.size(file), "the record was written over the kept bytes");
    // Put the first generation's record back right after the new one, as if it had never been zeroed:
    // its checksum covers the earlier generation, so it is not read.
    int secondEnd = 12 + 14 + "second".length() + second.length;
    int firstRecord = withFirst.length - 12;
    byte[] bytes = java.util.Arrays.copyOf(Files.readAllBytes(file), secondEnd + firstRecord);
    System.arraycopy(withFirst, 12, bytes, secondEnd, firstRecord);
    Files.write(file, bytes);
    Map<String, byte[]> read = JournalFormat.read(List.of(file));
    assertEquals(Set.of("second"), read.keySet());
    assertArrayEquals(second, read.get("second"));
    journal.close();
  }

  @Test
  void aFileThatGrewBeyondWhatIsKeptIsCutBackWhenEmptied() throws IOException {
    Path instance = Files.createDirectories(dir.resolve("cut-back"));
    SubmissionJournal journal = new SubmissionJournal(instance, Files.createDirectories(pending()));
    byte[] part = filled(SubmissionJournal.MAX_ENTRY - 200, 'x');
    int n = (int) (SubmissionJournal.KEEP / part.length) + 2;
    for (int i = 0; i < n; i++) store(journal, "big-" + i, part);
    Path file = instance.resolve(JournalFormat.PREFIX + 0 + JournalFormat.SUFFIX);
    assertTrue(Files.size(file) > SubmissionJournal.KEEP);

    journal.checkpoint();
    assertEquals(SubmissionJournal.KEEP, Files.size(file));
    assertFalse(contains(Files.readAllBytes(file), filled(16, 'x')));
    assertEquals(Map.of(), JournalFormat.read(List.of(file)));
    journal.close();
  }

  @Test
  void aFileWithATornHeaderHoldsNothingAndAFileOfTheEarlierFormatIsStillRead() throws IOException {
    Path instance = Files.createDirectories(dir.resolve("formats"));
    SubmissionJournal journal = new SubmissionJournal(instance, Files.createDirectories(pending()));
    store(journal, "kept", new byte[] {7});
    Path file = JournalFormat.files(instance).get(0);
    assertEquals(Set.of("kept"), JournalFormat.read(List.of(file)).keySet());
    journal.close();

    byte[] torn = Files.readAllBytes(file);
    torn[5] ^= 1; // the header's generation no longer matches its checksum
    Files.write(file, torn);
    assertEquals(Map.of(), JournalFormat.read(List.of(file)));

    // The earlier format: records from the first byte, their checksum without a generation.
    byte[] id = "old".getBytes(StandardCharsets.US_ASCII);
    byte[] payload = {1, 2, 3};
    ByteBuffer old = ByteBuffer.allocate(14 + id.length + payload.length);
    old.putInt(0x484c4a31).put((byte) 1).put((byte) id.length).putInt(payload.length).putInt(0).put(id).put(payload);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(old.array(), 4, 6);
    crc.update(old.array(), 14, id.length + payload.length);
    old.putInt(10, (int) crc.getValue());
    Path earlier = instance.resolve("journal-9.log");
    Files.write(earlier, old.array());
    Map<String, byte[]> read = JournalFormat.read(List.of(earlier));
    assertEquals(Set.of("old"), read.keySet());
    assertArrayEquals(payload, read.get("old"));
  }

  @Test
  void aClosedJournalTakesNoMoreRecords() throws IOException {
    Path instance = Files.createDirectories(dir.resolve("closing"));
    SubmissionJournal journal = new SubmissionJournal(instance, Files.createDirectories(pending()));
    journal.finish(journal.append("before", new byte[] {1}));
    journal.close();

    // A submit racing close() must not append what close has no more chance to settle.
    assertFalse(journal.accepts(1));
    assertThrows(IOException.class, () -> journal.append("after", new byte[] {1}));
    assertFalse(journal.holds("before"));
    assertEquals(Map.of(), JournalFormat.read(List.of(JournalFormat.files(instance).get(0))));
  }

  @Test
  void entriesLostWithAKilledProcessAreRestoredFromItsJournalOnce() throws Exception {
    int count = 6;
    Process child = startChild(count);
    List<String> accepted = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null && !line.equals("DONE"); ) {
        if (line.startsWith("ACCEPTED ")) accepted.add(line.substring("ACCEPTED ".length()));
      }
      child.toHandle().destroyForcibly(); // SIGKILL: no close, no checkpoint
      assertTrue(child.waitFor(10, TimeUnit.SECONDS));
    }
    assertEquals(count, accepted.size(), () -> "child printed " + accepted + "; stderr in " + dir.resolve("child.err"));
    assertEquals(new TreeSet<>(accepted), journaled());

    // What a power loss may do to files that were never forced: gone, cut short, or whole.
    Files.delete(pending().resolve("entry-0.entry"));
    Files.delete(pending().resolve("entry-1.entry"));
    for (String torn : List.of("entry-2", "entry-3")) {
      try (FileChannel ch = FileChannel.open(pending().resolve(torn + ".entry"), StandardOpenOption.WRITE)) {
        ch.truncate(ch.size() / 2);
      }
    }
    Path file4 = pending().resolve("entry-4.entry");
    try (FileChannel ch = FileChannel.open(file4, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[64]), ch.size() - 100);
    }

    // And an entry it was writing when it was killed, never accepted.
    Path deadInstance = OutboxDirs.list(dir.resolve("outbox/tmp")).stream().filter(Files::isDirectory).findFirst().get();
    Files.write(deadInstance.resolve("entry-6.entry"), new byte[] {1, 2, 3});

    FileOutbox next = outbox();
    try (Claim claim = next.claim()) {
      assertNotNull(claim);
      assertEquals(accepted.stream().sorted().collect(Collectors.toList()), ids(claim));
      assertEquals(List.of(), claim.quarantined());
      for (PendingEntry ref : claim.entries()) {
        StoredEntry e = next.load(ref, q -> { throw new AssertionError("quarantined " + q); });
        assertNotNull(e);
        int i = Integer.parseInt(ref.id().substring("entry-".length()));
        SubmissionRecord expected = record(i);
        assertEquals(expected.subject(), e.record().subject());
        try (var in = e.record().attachments().get(0).openStream();
            var want = expected.attachments().get(0).openStream()) {
          assertArrayEquals(want.readAllBytes(), in.readAllBytes(), ref.id());
        }
      }
    }
    assertEquals(Set.of(), journaled(), "the journal is gone once settled");
    assertEquals(count, next.pending().size());
    assertEquals(List.of(), OutboxDirs.list(dir.resolve("outbox/quarantine")));
    assertEquals(List.of(), OutboxDirs.list(dir.resolve("outbox/tmp")).stream()
        .filter(p -> p.getFileName().toString().startsWith(deadInstance.getFileName().toString()))
        .collect(Collectors.toList()), "the dead instance's directory and lock are removed with its journal");
  }

  @Test
  void unsettledEntriesThisInstanceDeliveredOrFailedAreNotRestoredAfterItsProcessWasKilled() throws Exception {
    Process child = startChild(6, "3", "1");
    List<String> delivered = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null && !line.equals("DONE"); ) {
        if (line.startsWith("DELIVERED ")) delivered.add(line.substring("DELIVERED ".length()));
        if (line.startsWith("FAILED ")) failed.add(line.substring("FAILED ".length()));
      }
      child.toHandle().destroyForcibly(); // SIGKILL: no close, no checkpoint
      assertTrue(child.waitFor(10, TimeUnit.SECONDS));
    }
    assertEquals(List.of("entry-0", "entry-1", "entry-2"), delivered, () -> "stderr in " + dir.resolve("child.err"));
    assertEquals(List.of("entry-3"), failed);
    assertEquals(Set.of("entry-4", "entry-5"), journaled(), "what left pending/ is cancelled in the journal");

    FileOutbox next = outbox();
    try (Claim claim = next.claim()) {
      assertEquals(List.of("entry-4", "entry-5"), ids(Objects.requireNonNull(claim)),
          "neither a delivered nor a failed entry comes back");
      assertEquals(List.of(), claim.quarantined());
    }
    assertEquals(List.of("entry-3"), next.failed().stream().map(StoredEntry::id).collect(Collectors.toList()));
    assertEquals(Set.of(), journaled());
  }

  @Test
  void anInstanceDeliversItsOwnUnsettledEntriesWithoutSettlingThem() throws IOException {
    FileOutbox writer = outbox();
    for (int i = 0; i < 3; i++) writer.enqueue(record(i));
    try (Claim claim = Objects.requireNonNull(writer.claim())) {
      assertEquals(List.of("entry-0", "entry-1", "entry-2"), ids(claim));
      assertEquals(Set.of("entry-0", "entry-1", "entry-2"), journaled(), "a scan under 1 MiB settles nothing");
      StoredEntry e = Objects.requireNonNull(writer.load(claim.entries().get(0), q -> { throw new AssertionError(q); }));
      writer.markDelivered(e, new Ticket("T-0", "s", TicketStatus.NEW, null, null, null, null));
      writer.purgeDelivered();
      assertEquals(Set.of("entry-1", "entry-2"), journaled(), "the delivered entry is cancelled in the journal");
    }
    assertEquals(Set.of(), journaled(), "the claim's end settles the rest");
    assertEquals(List.of("entry-1", "entry-2"), writer.pending().stream().map(StoredEntry::id).sorted()
        .collect(Collectors.toList()));
  }

  @Test
  void aClaimThatEndsWithEntriesStoredSinceItLastLookedLeavesSettlingToTheNextClaim() throws IOException {
    FileOutbox writer = outbox();
    writer.enqueue(record(0));
    try (Claim claim = Objects.requireNonNull(writer.claim())) {
      StoredEntry e = Objects.requireNonNull(writer.load(claim.entries().get(0), q -> { throw new AssertionError(q); }));
      writer.markDelivered(e, new Ticket("T-0", "s", TicketStatus.NEW, null, null, null, null));
      writer.purgeDelivered();
      writer.enqueue(record(1)); // after the claim's last look: its wake brings the next pass
    }
    assertEquals(Set.of("entry-1"), journaled(), "the next claim, coming for entry-1, settles the journal");

    try (Claim next = Objects.requireNonNull(writer.claim())) {
      assertEquals(List.of("entry-1"), ids(next), "an instance's own unsettled entry is delivered by its next claim");
    }
    assertEquals(Set.of(), journaled(), "a claim that ends with nothing new settles the journal");
  }

  @Test
  void aCancelRecordInTheOtherFileIsReadWithTheEntryItCancels() throws IOException {
    Path instance = Files.createDirectories(dir.resolve("split"));
    Path missingPending = dir.resolve("no-pending-yet");
    SubmissionJournal journal = new SubmissionJournal(instance, missingPending);
    store(journal, "a", new byte[] {1});
    store(journal, "b", new byte[] {2});
    // The checkpoint switches files, then fails to force pending/: both entries stay in journal-0.
    assertThrows(IOException.class, journal::checkpoint);
    assertTrue(journal.holds("a"));

    assertTrue(journal.release("a", true));
    assertFalse(journal.holds("a"));
    assertFalse(journal.release("a", true), "released once");
    Path first = instance.resolve(JournalFormat.PREFIX + 0 + JournalFormat.SUFFIX);
    assertEquals(Set.of("a", "b"), JournalFormat.read(List.of(first)).keySet(), "the cancel is in the other file");
    assertEquals(Set.of("b"), JournalFormat.read(JournalFormat.files(instance)).keySet());

    Files.createDirectories(missingPending);
    journal.checkpoint();
    assertEquals(Map.of(), JournalFormat.read(JournalFormat.files(instance)));
    journal.close();
  }

  private Process startChild(int count, String... deliveredAndFailed) throws IOException {
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isEmpty()) cp = System.getProperty("java.class.path");
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
        cp, JournalChild.class.getName(), dir.toString(), String.valueOf(count)));
    cmd.addAll(List.of(deliveredAndFailed));
    return new ProcessBuilder(cmd)
        .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("child.err").toFile()))
        .start();
  }
}
