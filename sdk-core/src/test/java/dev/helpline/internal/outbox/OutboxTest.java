package dev.helpline.internal.outbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Attachment;
import dev.helpline.Limits;
import dev.helpline.OutboxFullException;
import dev.helpline.Priority;
import dev.helpline.Requester;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import dev.helpline.outbox.OutboxStore.DeliveryState;
import dev.helpline.outbox.OutboxStore.FailureRecord;
import dev.helpline.outbox.OutboxStore.PendingEntry;
import dev.helpline.outbox.OutboxStore.Quarantined;
import dev.helpline.outbox.OutboxStore.StoredEntry;
import dev.helpline.outbox.SubmissionRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class OutboxTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @TempDir Path dir;
  private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
  private final List<FileOutbox> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws IOException {
    for (FileOutbox o : opened) o.close();
  }

  private FileOutbox outbox(Limits limits) {
    FileOutbox o = new FileOutbox(dir, limits, clock);
    opened.add(o);
    return o;
  }

  private FileOutbox outbox() {
    return outbox(Limits.defaults());
  }

  private static SubmissionRecord.Builder ticket(String subject) {
    return SubmissionRecord.builder().submissionId(UUID.randomUUID().toString()).subject(subject).createdAt(T0);
  }

  @Test
  void claimListsPendingEntriesOldestFirstAndExcludesOtherStoresOnTheSameDirectoryUntilClosed() throws IOException {
    FileOutbox mine = outbox();
    FileOutbox theirs = outbox();
    SubmissionRecord older = ticket("older").createdAt(T0).build();
    SubmissionRecord newer = ticket("newer").createdAt(T0.plusSeconds(5)).build();
    mine.enqueue(newer);
    mine.enqueue(older);

    try (dev.helpline.outbox.OutboxStore.Claim claim = mine.claim()) {
      assertNotNull(claim);
      assertEquals(List.of(older.submissionId(), newer.submissionId()),
          claim.entries().stream().map(PendingEntry::id).collect(Collectors.toList()));
      assertNull(theirs.claim(), "a second store on the directory cannot claim while the first holds it");
      StoredEntry loaded = mine.load(claim.entries().get(0), q -> { throw new AssertionError("quarantined " + q); });
      assertNotNull(loaded);
      assertEquals("older", loaded.record().subject());
    }
    try (dev.helpline.outbox.OutboxStore.Claim again = theirs.claim()) {
      assertNotNull(again, "closing the claim releases it");
      assertEquals(2, again.entries().size());
    }
  }

  @Test
  void deliveredEntriesLeavePendingAtOnceAndTheirFilesGoAtTheNextPurge() throws IOException {
    FileOutbox outbox = outbox();
    List<StoredEntry> entries = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      entries.add(outbox.enqueue(ticket("t" + i)
          .attachments(List.of(Attachment.ofBytes("a.bin", "application/octet-stream", new byte[100]))).build()));
    }

    for (StoredEntry e : entries) {
      outbox.markDelivered(e, new Ticket("T-" + e.id(), e.record().subject(), TicketStatus.NEW, null, null, null, null));
    }

    assertEquals(0, outbox.stats().pending());
    assertEquals(List.of(), outbox.pending());
    assertEquals(3, countIn(outbox.root().resolve("trash")), "renamed out of pending/, files not yet deleted");

    outbox.purgeDelivered();

    assertEquals(0, countIn(outbox.root().resolve("trash")));
    for (StoredEntry e : entries) assertEquals("T-" + e.id(), outbox.receipt(e.id()).id());
    assertEquals(3, Files.readAllLines(outbox.root().resolve("delivered/" + ReceiptLog.LOG)).size(),
        "one receipt line per delivery, in one log");
    outbox.purgeDelivered(); // nothing left: a no-op
  }

  @Test
  void receiptsSurviveLogRotationAndReceiptFilesOfEarlierVersionsAreStillRead() throws IOException {
    FileOutbox outbox = outbox();
    StoredEntry old = outbox.enqueue(ticket("old").build());
    Path delivered = outbox.root().resolve("delivered");
    StringBuilder filler = new StringBuilder();
    while (filler.length() <= ReceiptLog.ROTATE_BYTES) {
      filler.append("{\"submissionId\":\"someone-else\",\"ticketId\":\"T-0\",\"subject\":\"x\"}\n");
    }
    Files.write(delivered.resolve(ReceiptLog.LOG), filler.toString().getBytes(StandardCharsets.UTF_8));
    Files.write(delivered.resolve("earlier.json"),
        "{\"ticketId\":\"T-earlier\",\"subject\":\"e\",\"status\":\"OPEN\",\"url\":null,\"time\":\"2026-01-01T00:00:00Z\"}"
            .getBytes(StandardCharsets.UTF_8));

    outbox.markDelivered(old, new Ticket("T-old", "old", TicketStatus.NEW, null, null, null, null));
    outbox.purgeDelivered();

    assertTrue(Files.exists(delivered.resolve(ReceiptLog.LOG + ".1")), "the full log was rotated");
    assertFalse(Files.exists(delivered.resolve(ReceiptLog.LOG)));
    assertEquals("T-old", outbox.receipt(old.id()).id());
    assertEquals("T-earlier", outbox.receipt("earlier").id());
    assertEquals(TicketStatus.OPEN, outbox.receipt("earlier").status());
    assertNull(outbox.receipt("never-delivered"));
  }

  private static long countIn(Path directory) throws IOException {
    try (java.util.stream.Stream<Path> s = Files.list(directory)) {
      return s.count();
    }
  }

  @Test
  void constructorDoesNoIo() {
    Path data = dir.resolve("not-yet");
    new FileOutbox(data, Limits.defaults(), clock);
    assertFalse(Files.exists(data));
  }

  @Test
  void enqueueWritesCompleteEntryThatRoundTripsByteExact() throws IOException {
    byte[] big = new byte[3 * 1024 * 1024 + 17];
    new Random(42).nextBytes(big);
    Path source = Files.write(dir.resolve("heap.bin"), big);
    byte[] small = "line 1\nline 2 ünïcödé\n".getBytes(StandardCharsets.UTF_8);
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("app_version", "4.2.0");
    fields.put("os", "Android 14");
    SubmissionRecord t = ticket("App crashes on start")
        .description("It crashes.\n\"Quoted\" \\ backslash \u2028 separator")
        .category("bug")
        .priority(Priority.HIGH)
        .tags(List.of("crash", "android"))
        .customFields(fields)
        .requester(Requester.of("u-1", "ada@example.com", "Ada"))
        .diagnosticsSummary("heap 512 MiB")
        .attachments(List.of(Attachment.ofFile(source, "heap.bin", "application/octet-stream"),
            Attachment.ofBytes("log.txt", "text/plain", small)))
        .build();

    FileOutbox outbox = outbox();
    StoredEntry stored = outbox.enqueue(t);

    Path entry = dir.resolve("outbox/pending/" + t.submissionId() + ".entry");
    assertEquals(entry, outbox.fileOf(stored));
    assertEquals(List.of(entry), listing(dir.resolve("outbox/pending")), "an entry is one file and nothing else");
    byte[] file = Files.readAllBytes(entry);
    assertEquals(file.length, stored.bytes());
    int end = file.length - EntryCodec.TRAILER;
    assertArrayEquals(small, java.util.Arrays.copyOfRange(file, end - small.length, end),
        "attachments follow the header back to back, in order, before the whole-file CRC");
    assertArrayEquals(big, java.util.Arrays.copyOfRange(file, end - small.length - big.length,
        end - small.length));
    java.util.zip.CRC32 whole = new java.util.zip.CRC32();
    whole.update(file, 0, end);
    assertEquals((int) whole.getValue(), java.nio.ByteBuffer.wrap(file).getInt(end), "trailer: CRC-32 of all before it");
    assertEquals(List.of(), tmpEntries(), "nothing may stay in tmp/ after an accepted enqueue");

    // Read back by a new instance, as a later process would.
    List<StoredEntry> pending = outbox().pending();
    assertEquals(1, pending.size());
    SubmissionRecord back = pending.get(0).record();
    assertEquals(t.submissionId(), back.submissionId());
    assertEquals(t.subject(), back.subject());
    assertEquals(t.description(), back.description());
    assertEquals("bug", back.category());
    assertEquals(Priority.HIGH, back.priority());
    assertEquals(t.tags(), back.tags());
    assertEquals(fields, back.customFields());
    assertEquals(t.requester(), back.requester());
    assertEquals("heap 512 MiB", back.diagnosticsSummary());
    assertEquals(T0, back.createdAt());
    assertEquals(2, back.attachments().size());
    Attachment a0 = back.attachments().get(0);
    assertEquals("heap.bin", a0.fileName());
    assertEquals("application/octet-stream", a0.mediaType());
    assertEquals(big.length, a0.size());
    assertNull(a0.file(), "a region of the entry file is not a whole file");
    try (InputStream in = a0.openStream()) {
      assertArrayEquals(big, in.readAllBytes());
    }
    // Streamed from the entry file, not held in memory: a change on disk shows in the stream.
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(entry,
        java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) (big[0] + 1)}), end - small.length - big.length);
    }
    try (InputStream in = a0.openStream()) {
      assertEquals((big[0] + 1) & 0xff, in.read());
    }
    try (InputStream in = back.attachments().get(1).openStream()) {
      assertArrayEquals(small, in.readAllBytes());
    }
    assertEquals(0, pending.get(0).state().attempts());
    assertEquals(Submission.State.QUEUED, pending.get(0).location());
    assertTrue(pending.get(0).bytes() > big.length + small.length);
  }

  @Test
  void failedEnqueueLeavesNothingInTmpOrPending() throws IOException {
    Path unreadable = Files.createDirectory(dir.resolve("a-directory-not-a-file"));
    SubmissionRecord t = ticket("broken attachment")
        .attachments(List.of(Attachment.ofBytes("ok.txt", "text/plain", new byte[1000]),
            Attachment.ofFile(unreadable, "bad.bin", "application/octet-stream")))
        .build();
    FileOutbox outbox = outbox();

    IOException e = assertThrows(IOException.class, () -> outbox.enqueue(t));

    assertTrue(e.getMessage().contains(outbox.root().toString()), e.getMessage());
    assertEquals(List.of(), tmpEntries());
    assertEquals(List.of(), outbox.pending());
    assertEquals(0, outbox.stats().pending());
  }

  @Test
  void leftoverTmpEntriesOfDeadProcessesAreRemovedButLiveOnesKept() throws IOException {
    FileOutbox live = outbox();
    live.stats(); // initialises: creates and locks its own tmp directory
    Path crashed = Files.createDirectories(dir.resolve("outbox/tmp/dead-instance"))
        .resolve(UUID.randomUUID() + ".entry");
    Files.write(crashed, "HLPE{\"version\":1,\"subj".getBytes(StandardCharsets.UTF_8));
    Files.write(dir.resolve("outbox/tmp/other-dead.lock"), new byte[0]);
    Path liveTmp;
    try (Stream<Path> s = Files.list(dir.resolve("outbox/tmp"))) {
      liveTmp = s.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().equals("dead-instance"))
          .findFirst().orElseThrow();
    }
    Path liveWork = Files.write(liveTmp.resolve(UUID.randomUUID() + ".entry"), new byte[10]);

    int removed = outbox().cleanUp();

    assertEquals(1, removed);
    assertFalse(Files.exists(dir.resolve("outbox/tmp/dead-instance")));
    assertFalse(Files.exists(dir.resolve("outbox/tmp/other-dead.lock")));
    assertTrue(Files.isRegularFile(liveWork), "a living writer's tmp entry must survive another instance's clean-up");
    assertEquals(List.of(), live.pending(), "a never-accepted entry is never delivered");
  }

  @Test
  void fullByEntriesRefusesWithoutEvicting() throws IOException {
    FileOutbox outbox = outbox(Limits.defaults().toBuilder().maxOutboxEntries(2).build());
    SubmissionRecord first = ticket("first").build();
    SubmissionRecord second = ticket("second").build();
    outbox.enqueue(first);
    outbox.enqueue(second);

    OutboxFullException e = assertThrows(OutboxFullException.class, () -> outbox.enqueue(ticket("third").build()));

    assertEquals("entries", e.bound());
    assertEquals(3, e.current());
    assertEquals(2, e.limit());
    assertTrue(e.getMessage().contains("entries") && e.getMessage().contains("nothing was evicted"), e.getMessage());
    assertEquals(List.of(first.submissionId(), second.submissionId()).stream().sorted().collect(Collectors.toList()),
        outbox.pending().stream().map(StoredEntry::id).sorted().collect(Collectors.toList()));
    assertEquals(List.of(), tmpEntries());
  }

  @Test
  void enqueueCountsTheOutboxOnceAndThenKeepsTheCountsItself() throws IOException {
    FileOutbox outbox = outbox(Limits.defaults().toBuilder().maxOutboxEntries(3).build());
    List<StoredEntry> entries = new ArrayList<>();
    for (int i = 0; i < 3; i++) entries.add(outbox.enqueue(ticket("t" + i).build()));
    assertThrows(OutboxFullException.class, () -> outbox.enqueue(ticket("full").build()));

    outbox.markDelivered(entries.get(0), new Ticket("T-1", "t0", TicketStatus.NEW, null, null, null, null));
    outbox.enqueue(ticket("room again").build());
    OutboxFullException e = assertThrows(OutboxFullException.class, () -> outbox.enqueue(ticket("full").build()));

    assertEquals(4, e.current());
    assertEquals(1, outbox.recounts(), "only the first enqueue lists the outbox");
  }

  @Test
  void entriesAddedOrRemovedByAnotherProcessAreNoticedByTheBoundCheck() throws IOException {
    Limits limits = Limits.defaults().toBuilder().maxOutboxEntries(3).build();
    FileOutbox mine = outbox(limits);
    FileOutbox theirs = outbox(limits);
    StoredEntry first = mine.enqueue(ticket("mine").build());
    theirs.enqueue(ticket("theirs").build());
    // Copied in by hand, as a restore from a backup would.
    copyEntry(mine.fileOf(first), mine.root().resolve("pending/copied.entry"), first.id(), "copied");
    assertEquals(3, mine.pending().size(), "the copy is a readable entry");

    OutboxFullException e = assertThrows(OutboxFullException.class, () -> mine.enqueue(ticket("one too many").build()));
    assertEquals(4, e.current());

    theirs.markDelivered(first, new Ticket("T-1", "mine", TicketStatus.NEW, null, null, null, null));
    theirs.purgeDelivered();
    mine.enqueue(ticket("fits again").build());
    assertEquals(3, mine.stats().pending());
  }

  @Test
  void fullByBytesRefusesWithoutEvicting() throws IOException {
    long mib = 1024 * 1024;
    FileOutbox outbox = outbox(Limits.defaults().toBuilder().maxOutboxBytes(mib).build());
    SubmissionRecord first = ticket("first")
        .attachments(List.of(Attachment.ofBytes("a.bin", "application/octet-stream", new byte[600 * 1024]))).build();
    outbox.enqueue(first);

    OutboxFullException e = assertThrows(OutboxFullException.class, () -> outbox.enqueue(ticket("second")
        .attachments(List.of(Attachment.ofBytes("b.bin", "application/octet-stream", new byte[600 * 1024])))
        .build()));

    assertEquals("bytes", e.bound());
    assertTrue(e.current() > mib);
    assertEquals(mib, e.limit());
    assertTrue(e.getMessage().contains("bytes") && e.getMessage().contains(String.valueOf(mib)), e.getMessage());
    assertEquals(1, outbox.pending().size());
    try (InputStream in = outbox.pending().get(0).record().attachments().get(0).openStream()) {
      assertArrayEquals(new byte[600 * 1024], in.readAllBytes());
    }
    assertEquals(List.of(), tmpEntries());
  }

  @Test
  void dataDirectoryUnderARegularFileGivesIoExceptionNamingIt() throws IOException {
    Path file = Files.write(dir.resolve("plain-file"), new byte[] {1});
    Path data = file.resolve("helpline");
    FileOutbox outbox = new FileOutbox(data, Limits.defaults(), clock);
    opened.add(outbox);

    IOException e = assertThrows(IOException.class, () -> outbox.enqueue(ticket("x").build()));

    assertTrue(e.getMessage().contains(data.toString()), e.getMessage());
  }

  @Test
  void dataDirectoryWithMissingParentGivesIoExceptionNamingIt() {
    Path data = dir.resolve("no-such-parent/helpline");
    FileOutbox outbox = new FileOutbox(data, Limits.defaults(), clock);
    opened.add(outbox);

    IOException e = assertThrows(IOException.class, () -> outbox.enqueue(ticket("x").build()));

    assertTrue(e.getMessage().contains(data.toString()), e.getMessage());
    assertFalse(Files.exists(dir.resolve("no-such-parent")));
  }

  @Test
  void missingDataDirectoryIsCreatedWhenItsParentExists() throws IOException {
    Path data = dir.resolve("fresh");
    FileOutbox outbox = new FileOutbox(data, Limits.defaults(), clock);
    opened.add(outbox);

    outbox.enqueue(ticket("x").build());

    assertEquals(1, outbox.pending().size());
    assertTrue(Files.isDirectory(data.resolve("outbox/pending")));
  }

  @Test
  void entryIsStoredWhenItsWorkingDirectoryWasDeletedSinceTheLastEnqueue() throws IOException {
    FileOutbox outbox = outbox();
    outbox.enqueue(ticket("first").build());
    Path tmp = outbox.root().resolve("tmp");
    try (Stream<Path> own = Files.list(tmp)) {
      for (Path p : own.filter(Files::isDirectory).collect(Collectors.toList())) {
        dev.helpline.internal.io.AtomicFiles.deleteRecursively(p);
      }
    }

    SubmissionRecord second = ticket("second").build();
    outbox.enqueue(second);

    assertEquals(List.of("first", "second"),
        outbox.pending().stream().map(e -> e.record().subject()).sorted().collect(Collectors.toList()));
    assertNotNull(outbox.find(second.submissionId()));
  }

  @Test
  void readOnlyDataDirectoryGivesIoExceptionNamingIt() throws IOException {
    Path data = Files.createDirectory(dir.resolve("read-only"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      if (Files.isWritable(data)) {
        // Running as root: permissions are not enforced, so make the outbox unwritable another way.
        Files.write(data.resolve("outbox"), new byte[] {1});
      }
      FileOutbox outbox = new FileOutbox(data, Limits.defaults(), clock);
      opened.add(outbox);

      IOException e = assertThrows(IOException.class, () -> outbox.enqueue(ticket("x").build()));

      assertTrue(e.getMessage().contains(data.toString()), e.getMessage());
    } finally {
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void truncatedAndGarbageEntriesAreQuarantinedAndTheRestIsRead() throws IOException {
    FileOutbox outbox = outbox();
    SubmissionRecord good = ticket("good").build();
    SubmissionRecord torn = ticket("torn")
        .attachments(List.of(Attachment.ofBytes("a.bin", "application/octet-stream", new byte[4096]))).build();
    SubmissionRecord tornHeader = ticket("torn header").build();
    outbox.enqueue(good);
    outbox.enqueue(torn);
    outbox.enqueue(tornHeader);
    // The disk loses the end of one entry (inside its attachment) and most of another (inside its header).
    Path tornFile = outbox.root().resolve("pending/" + torn.submissionId() + ".entry");
    byte[] full = Files.readAllBytes(tornFile);
    Files.write(tornFile, java.util.Arrays.copyOf(full, full.length - 100));
    Path tornHeaderFile = outbox.root().resolve("pending/" + tornHeader.submissionId() + ".entry");
    Files.write(tornHeaderFile, java.util.Arrays.copyOf(Files.readAllBytes(tornHeaderFile), 40));
    Path garbage = outbox.root().resolve("pending/" + UUID.randomUUID() + ".entry");
    Files.write(garbage, new byte[] {0, (byte) 0xff, 'x', '{'});
    Path strayDirectory = Files.createDirectories(outbox.root().resolve("pending/" + UUID.randomUUID()));

    Scan scan = outbox.scanPending();

    assertEquals(List.of(good.submissionId()), scan.entries().stream().map(PendingEntry::id).collect(Collectors.toList()));
    assertEquals(4, scan.quarantined().size());
    assertEquals(4, outbox.stats().quarantined());
    assertEquals(1, outbox.stats().pending());
    for (Quarantined q : scan.quarantined()) {
      Path moved = outbox.root().resolve("quarantine/" + q.entryName());
      assertTrue(Files.exists(moved), q.toString());
      Path reason = Files.isDirectory(moved) ? moved.resolve(EntryFiles.REASON)
          : moved.resolveSibling(moved.getFileName() + ".reason.txt");
      assertTrue(Files.readString(reason).contains(q.reason()));
    }
    Quarantined tornQ = scan.quarantined().stream()
        .filter(q -> q.entryName().startsWith(torn.submissionId())).findFirst().orElseThrow();
    assertTrue(tornQ.reason().contains("truncated"), tornQ.reason());
    assertArrayEquals(java.util.Arrays.copyOf(full, full.length - 100),
        Files.readAllBytes(outbox.root().resolve("quarantine/" + tornQ.entryName())),
        "quarantine keeps the data, it never deletes it");
    assertFalse(Files.exists(strayDirectory));
    assertFalse(Files.exists(garbage));
  }

  @Test
  void entryWhoseHeaderWasOverwrittenFailsItsChecksumAndIsQuarantined() throws IOException {
    FileOutbox outbox = outbox();
    StoredEntry e = outbox.enqueue(ticket("subject one").build());
    byte[] bytes = Files.readAllBytes(outbox.fileOf(e));
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("subject one");
    bytes[at] = 'S'; // still valid JSON, same length: only the CRC can tell
    Files.write(outbox.fileOf(e), bytes);

    Scan scan = outbox.scanPending();

    assertEquals(List.of(), scan.entries());
    assertEquals(1, scan.quarantined().size());
    assertTrue(scan.quarantined().get(0).reason().contains("CRC"), scan.quarantined().get(0).reason());
  }

  @Test
  void attachmentThatEndsBeforeItsMeasuredSizeFailsTheEnqueueAndLeavesNothing() throws IOException {
    // The size is taken first (for the header and the bound); here the content then comes up short,
    // as when a file shrinks between the two.
    Path source = Files.write(dir.resolve("shrunk.log"), new byte[5000]);
    SubmissionRecord t = ticket("y").attachments(List.of(Attachment.ofFileRegion(source, 0, 6000, "r.log", "text/plain")))
        .build();
    FileOutbox outbox = outbox();

    IOException e = assertThrows(IOException.class, () -> outbox.enqueue(t));

    assertTrue(e.getMessage().contains("ended after 5000 bytes"), e.getMessage());
    assertEquals(List.of(), outbox.pending());
    assertEquals(List.of(), tmpEntries());
    assertEquals(List.of(), listing(dir.resolve("outbox/pending")));
  }

  @Test
  void deliveryStateIsPersistedAcrossInstances() throws IOException {
    FileOutbox outbox = outbox();
    StoredEntry e = outbox.enqueue(ticket("x").build());
    outbox.saveState(e, new DeliveryState(3, T0.plusSeconds(90), "HTTP 503"));

    StoredEntry again = outbox().find(e.id());

    assertNotNull(again);
    assertEquals(3, again.state().attempts());
    assertEquals(T0.plusSeconds(90), again.state().nextAttemptAt());
    assertEquals("HTTP 503", again.state().lastError());
    assertTrue(Files.isRegularFile(dir.resolve("outbox/pending/" + e.id() + ".state")));
    assertFalse(Files.exists(dir.resolve("outbox/pending/" + e.id() + ".state.tmp")));
    assertEquals(1, outbox.scanPending().entries().size(), "the state file beside an entry is not an entry");
    assertEquals(List.of(), outbox.scanPending().quarantined());
  }

  @Test
  void aDeliveredEntryTakesEveryStateFileAlong() throws IOException {
    FileOutbox outbox = outbox();
    List<DeliveryState> written = List.of(
        new DeliveryState(2, T0.plusSeconds(90), "HTTP 503"),
        new DeliveryState(1, null, null), // a refusal without a message
        new DeliveryState(0, T0.plusSeconds(5), "could not record the attempt")); // never sent
    for (DeliveryState state : written) {
      StoredEntry e = outbox.saveState(outbox.enqueue(ticket("x").build()), state);
      assertTrue(Files.isRegularFile(dir.resolve("outbox/pending/" + e.id() + ".state")), state.toString());
      // Delivered with the state it was loaded with, as a delivery pass hands it over.
      outbox.markDelivered(e, new Ticket("T-" + e.id(), "x", TicketStatus.NEW, null, null, null, null));
    }
    StoredEntry fresh = outbox.enqueue(ticket("never failed").build());
    outbox.markAttempting(fresh, T0, false);
    outbox.markDelivered(fresh, new Ticket("T-fresh", "x", TicketStatus.NEW, null, null, null, null));
    outbox.purgeDelivered();

    assertEquals(List.of(), listing(dir.resolve("outbox/pending")));
    assertEquals(List.of(), outbox.pending());
  }

  @Test
  void markAttemptingKeepsTheFirstAttemptTimeAcrossInstancesAndLaterStates() throws IOException {
    FileOutbox outbox = outbox();
    StoredEntry e = outbox.enqueue(ticket("x").build());
    outbox.markAttempting(e, T0.plusSeconds(30), false);

    StoredEntry attempted = outbox().find(e.id());
    assertNotNull(attempted);
    assertEquals(1, attempted.state().attempts());
    assertEquals(T0.plusSeconds(30), attempted.state().firstAttemptAt());

    DeliveryState later = attempted.state().attempting(T0.plusSeconds(900));
    assertEquals(2, later.attempts());
    assertEquals(T0.plusSeconds(30), later.firstAttemptAt(), "a later attempt never moves the first one");
  }

  @Test
  void deliveryStateWrittenWithoutAFirstAttemptTimeLoadsWithTheTimeUnknown() throws IOException {
    FileOutbox outbox = outbox();
    StoredEntry e = outbox.enqueue(ticket("x").build());
    // The state file as versions before the first attempt time was kept wrote it.
    Files.write(dir.resolve("outbox/pending/" + e.id() + ".state"),
        "{\"attempts\":2,\"backoffStep\":2,\"nextAttemptAt\":null,\"lastError\":\"HTTP 503\"}"
            .getBytes(StandardCharsets.UTF_8));

    StoredEntry old = outbox().find(e.id());

    assertNotNull(old);
    assertEquals(2, old.state().attempts());
    assertEquals("HTTP 503", old.state().lastError());
    assertNull(old.state().firstAttemptAt(), "unknown, which connectors take as long ago");
    assertNull(old.state().attempting(T0).firstAttemptAt(), "a later attempt does not pretend to be the first");
  }

  @Test
  void unreadableDeliveryStateIsResetToOneAttemptNotQuarantined() throws IOException {
    FileOutbox outbox = outbox();
    StoredEntry e = outbox.enqueue(ticket("x").build());
    Files.write(dir.resolve("outbox/pending/" + e.id() + ".state"), "{\"attempts\": 3, \"nextAtt".getBytes(StandardCharsets.UTF_8));

    Scan scan = outbox.scanPending();

    assertEquals(List.of(), scan.quarantined(), "the ticket itself is intact and must still be delivered");
    assertEquals(1, scan.entries().size());
    assertEquals(1, scan.entries().get(0).state().attempts(), "a state file means it was attempted: the desk may have it");
    assertTrue(scan.entries().get(0).state().isDue(T0));
  }

  @Test
  void entryFileOfWrongSizeIsQuarantined() throws IOException {
    FileOutbox outbox = outbox();
    StoredEntry e = outbox.enqueue(ticket("x")
        .attachments(List.of(Attachment.ofBytes("a.bin", "application/octet-stream", new byte[4096]))).build());
    Files.write(outbox.fileOf(e), new byte[10], java.nio.file.StandardOpenOption.APPEND);

    Scan scan = outbox.scanPending();

    assertEquals(List.of(), scan.entries());
    assertEquals(1, scan.quarantined().size());
    assertTrue(scan.quarantined().get(0).reason().contains("its header says"), scan.quarantined().get(0).reason());
  }

  @Test
  void stateLeftBehindByADeliveredEntryIsRemovedByTheNextScan() throws IOException {
    FileOutbox outbox = outbox();
    StoredEntry e = outbox.enqueue(ticket("x").build());
    outbox.saveState(e, new DeliveryState(2, T0, "HTTP 503"));
    // A crash between the entry's rename out of pending/ and the state's removal.
    Files.move(outbox.fileOf(e), dir.resolve("outbox/trash/" + e.id() + ".entry"));
    Files.write(dir.resolve("outbox/pending/" + UUID.randomUUID() + ".state.tmp"), new byte[3]);

    Scan scan = outbox.scanPending();

    assertEquals(List.of(), scan.entries());
    assertEquals(List.of(), scan.quarantined(), "bookkeeping files are not entries");
    assertEquals(List.of(), listing(dir.resolve("outbox/pending")));
  }

  @Test
  void failedEntriesCanBeRetriedOrDiscardedButPendingOnesCannotBeDiscarded() throws IOException {
    FileOutbox outbox = outbox();
    StoredEntry a = outbox.enqueue(ticket("a").build());
    StoredEntry b = outbox.enqueue(ticket("b").build());
    outbox.saveState(a, new DeliveryState(1, null, "refused"));
    StoredEntry failed = outbox.markFailed(a, new FailureRecord(400, "invalid", "subject too vague", "subject", T0));

    assertEquals(Submission.State.FAILED, outbox.find(a.id()).location());
    assertEquals("subject too vague", outbox.failed().get(0).failure().message());
    assertEquals("subject", outbox.failed().get(0).failure().field());
    assertEquals(outbox.fileOf(failed), outbox.root().resolve("failed/" + a.id() + ".entry"));
    assertEquals(1, outbox.failed().get(0).state().attempts(), "the state follows the entry");
    assertThrows(IllegalStateException.class, () -> outbox.discard(b.id()));
    assertThrows(IllegalArgumentException.class, () -> outbox.discard(UUID.randomUUID().toString()));
    assertThrows(IllegalStateException.class, () -> outbox.retry(b.id()));

    StoredEntry back = outbox.retry(a.id());
    assertEquals(Submission.State.QUEUED, back.location());
    assertEquals(1, back.state().attempts(), "the attempt stays known: the desk may hold the ticket");
    assertNull(back.state().nextAttemptAt(), "backoff starts afresh");
    assertNull(back.state().lastError());
    assertFalse(Files.exists(outbox.root().resolve("failed/" + a.id() + ".failure")));
    assertFalse(Files.exists(outbox.root().resolve("failed/" + a.id() + ".state")));

    StoredEntry again = outbox.markFailed(back, new FailureRecord(400, null, "still vague", null, T0));
    outbox.discard(again.id());
    assertNull(outbox.find(a.id()));
    assertEquals(1, outbox.stats().pending());
    assertEquals(0, outbox.stats().failed());
    assertEquals(List.of(), listing(outbox.root().resolve("failed")), "a discarded entry leaves no bookkeeping");
  }

  @Test
  void deliveryLockIsExclusiveBetweenInstances() throws IOException {
    FileOutbox one = outbox();
    FileOutbox two = outbox();
    try (DeliveryLock held = one.tryLockDelivery()) {
      assertNotNull(held);
      assertNull(two.tryLockDelivery());
    }
    try (DeliveryLock now = two.tryLockDelivery()) {
      assertNotNull(now);
    }
  }

  @Test
  void badOrDuplicateSubmissionIdsAreRefused() throws IOException {
    FileOutbox outbox = outbox();
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> outbox.enqueue(ticket("x").submissionId("../escape").build()));
    assertTrue(bad.getMessage().contains("submissionId"), bad.getMessage());
    SubmissionRecord t = ticket("x").build();
    outbox.enqueue(t);
    assertThrows(IllegalArgumentException.class, () -> outbox.enqueue(t));
    assertEquals(1, outbox.stats().pending());
  }

  private static List<Path> listing(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.sorted().collect(Collectors.toList());
    }
  }

  /** Copies an entry file under another submission id, as a restore from a backup would. */
  private static void copyEntry(Path from, Path to, String oldId, String newId) throws IOException {
    byte[] bytes = Files.readAllBytes(from);
    int jsonLength = java.nio.ByteBuffer.wrap(bytes, 8, 4).getInt();
    int bodyStart = EntryCodec.PREAMBLE + jsonLength;
    byte[] json = new String(bytes, EntryCodec.PREAMBLE, jsonLength, StandardCharsets.UTF_8).replace(oldId, newId)
        .getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int body = bytes.length - bodyStart - EntryCodec.TRAILER;
    out.write(EntryCodec.header(json, body));
    out.write(bytes, bodyStart, body);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(out.toByteArray());
    out.write(java.nio.ByteBuffer.allocate(4).putInt(0, (int) crc.getValue()).array());
    Files.write(to, out.toByteArray());
  }

  private List<Path> tmpEntries() throws IOException {
    List<Path> out = new ArrayList<>();
    Path tmp = dir.resolve("outbox/tmp");
    if (!Files.exists(tmp)) return out;
    try (Stream<Path> instances = Files.list(tmp)) {
      for (Path instance : instances.collect(Collectors.toList())) {
        if (!Files.isDirectory(instance)) continue;
        try (Stream<Path> entries = Files.list(instance)) {
          // The instance's submission journal is not an entry file.
          entries.filter(e -> !e.getFileName().toString().startsWith(JournalFormat.PREFIX)).forEach(out::add);
        }
      }
    }
    return out;
  }
}
