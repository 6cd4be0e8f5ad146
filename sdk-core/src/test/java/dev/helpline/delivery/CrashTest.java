package dev.helpline.delivery;

import static dev.helpline.delivery.DeliveryFixtures.ATTACHMENT_NAME;
import static dev.helpline.delivery.DeliveryFixtures.assertOutboxEmpty;
import static dev.helpline.delivery.DeliveryFixtures.closedPort;
import static dev.helpline.delivery.DeliveryFixtures.payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.delivery.DeliveryFixtures.ChildJvm;
import dev.helpline.testkit.DeskTicket;
import dev.helpline.testkit.Faults;
import dev.helpline.testkit.TestDesk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host processes sharing a data directory are killed with SIGKILL at random moments, while they
 * deliver and while they enqueue; a final process delivers the rest. The desk must end up with
 * every accepted ticket exactly once, byte for byte, and the outbox with nothing left over.
 * Among the faults: entries whose attachment bytes rotted on disk (quarantined, never delivered)
 * and processes running two clients on the same data directory. The random schedule's seed is printed and is part of every failure message; rerun one with
 * {@code -Dcrash.seed=<seed>}.
 */
@Timeout(150)
class CrashTest {
  private static final int TICKETS = 40;
  private static final int DELIVERY_ROUNDS = 18;
  private static final int ENQUEUE_ROUNDS = 6;
  private static final int ROTTED = 3;
  private static final Duration CHILD_START = Duration.ofSeconds(45);

  @TempDir Path dir;
  private final List<ChildJvm> children = new ArrayList<>();

  /** A failed or timed-out test must not leave host processes running on the shared machine. */
  @AfterEach
  void killLeftoverChildren() throws InterruptedException {
    for (ChildJvm c : children) {
      if (c.process.isAlive()) c.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void killsDuringDeliveryNeitherLoseNorDuplicateTickets() throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    System.out.println("CrashTest delivery kills: seed " + seed);
    Random random = new Random(seed);
    Path data = dir.resolve("data");
    try (TestDesk desk = TestDesk.builder().start()) {
      try {
        // Every ticket is submitted exactly once, by a process that cannot reach the desk.
        ChildJvm enqueue = start(dir.resolve("enqueue.err"), CrashChild.class, "enqueue", data.toString(),
            "http://127.0.0.1:" + closedPort(), desk.appKey(), String.valueOf(TICKETS), "crash-");
        enqueue.awaitSuccess(Duration.ofSeconds(60));
        assertTrue(enqueue.lines.contains("QUEUED " + TICKETS), () -> "enqueue child printed " + enqueue.lines);
        assertEquals(0, desk.ticketCount());
        Set<String> rotted = rot(data.resolve("outbox").resolve("pending"), random);

        Faults creates = desk.faults().forPath("POST", "/v1/tickets");
        int killed = 0;
        List<String> schedule = new ArrayList<>();
        for (int round = 0; round < DELIVERY_ROUNDS; round++) {
          desk.faults().clear();
          // Held responses keep the window between "desk created it" and "entry deleted" open for
          // the kill; a dropped response after processing makes the client itself send again.
          Duration hold = Duration.ofMillis(80 + random.nextInt(220));
          if (round % 3 == 1) creates.failAfterProcessingNext(1);
          if (round % 3 != 2) creates.delayNext(3, hold);
          int killAfterMs = random.nextInt(401);
          // Every other process runs two clients on the data directory.
          ChildJvm child = start(dir.resolve("deliver-" + round + ".err"), CrashChild.class, "deliver",
              data.toString(), desk.baseUrl(), desk.appKey(), round % 2 == 0 ? "2" : "1", String.valueOf(ROTTED));
          // Half the kills count from the start (a cold process's first call), half from its first
          // delivery (in the middle of a warm stream of calls).
          boolean fromFirstDelivery = round % 2 == 1;
          awaitLine(child, "STARTED");
          if (fromFirstDelivery) awaitLineOrExit(child, "DELIVERED ");
          if (child.process.waitFor(killAfterMs, TimeUnit.MILLISECONDS)) {
            assertEquals(0, child.process.exitValue(), () -> "delivering child failed:\n" + child.stderr());
            schedule.add(round + ":finished");
          } else {
            child.kill();
            killed++;
            schedule.add(round + ":killed@" + (fromFirstDelivery ? "first+" : "") + killAfterMs + "ms("
                + desk.ticketCount() + ")");
          }
        }
        System.out.println("CrashTest delivery rounds " + schedule);
        assertTrue(killed > 0, "no child was killed during delivery");

        desk.faults().clear();
        ChildJvm last = start(dir.resolve("final.err"), CrashChild.class, "deliver", data.toString(),
            desk.baseUrl(), desk.appKey(), "2", String.valueOf(ROTTED));
        last.awaitSuccess(Duration.ofSeconds(60));
        assertTrue(last.lines.contains("DONE"), () -> "final child printed " + last.lines);

        System.out.println("CrashTest delivery kills: " + desk.createRequestCount() + " create requests for "
            + TICKETS + " tickets, " + killed + " kills");
        Map<String, Integer> subjects = new TreeMap<>();
        Map<String, Integer> keys = new TreeMap<>();
        for (DeskTicket t : desk.tickets()) {
          subjects.merge(t.subject(), 1, Integer::sum);
          keys.merge(t.idempotencyKey(), 1, Integer::sum);
          assertAttachmentIntact(t);
        }
        assertEquals(TICKETS - ROTTED, desk.ticketCount(), () -> "tickets at the desk by subject: " + subjects);
        for (int i = 0; i < TICKETS; i++) {
          String subject = "crash-" + i;
          assertEquals(rotted.contains(subject) ? 0 : 1, subjects.getOrDefault(subject, 0),
              "ticket " + subject + " at the desk" + (rotted.contains(subject) ? " (rotted on disk)" : ""));
        }
        assertEquals(TICKETS - ROTTED, keys.size(), () -> "submission ids at the desk: " + keys);
        assertTrue(desk.createRequestCount() >= TICKETS - ROTTED, "create requests " + desk.createRequestCount());
        List<String> quarantined = DeliveryFixtures.list(data.resolve("outbox").resolve("quarantine"));
        assertEquals(ROTTED, quarantined.stream().filter(q -> q.endsWith(".entry")).count(),
            () -> "quarantine holds " + quarantined);
        for (String q : quarantined) Files.delete(data.resolve("outbox").resolve("quarantine").resolve(q));
        assertOutboxEmpty(data);
      } catch (AssertionError | Exception e) {
        throw new AssertionError("crash.seed=" + seed + ": " + e.getMessage(), e);
      }
    }
  }

  @Test
  void killsDuringEnqueueNeverDeliverAHalfWrittenTicketAndKeepEveryAcceptedOne() throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    System.out.println("CrashTest enqueue kills: seed " + seed);
    Random random = new Random(seed);
    Path data = dir.resolve("data");
    try (TestDesk desk = TestDesk.builder().start()) {
      try {
        Map<String, String> accepted = new LinkedHashMap<>();
        for (int round = 0; round < ENQUEUE_ROUNDS; round++) {
          ChildJvm child = start(dir.resolve("submit-" + round + ".err"), CrashChild.class, "submit",
              data.toString(), desk.baseUrl(), desk.appKey(), "enqueue-" + round + "-");
          // Kills land in the steady submit loop (while earlier tickets are being delivered too).
          awaitLine(child, "ACCEPTED ");
          assertFalse(child.process.waitFor(random.nextInt(401), TimeUnit.MILLISECONDS),
              () -> "submitting child stopped by itself:\n" + child.stderr());
          child.kill();
          for (String line : child.lines) {
            if (!line.startsWith("ACCEPTED ")) continue;
            String[] parts = line.split(" ");
            assertEquals(3, parts.length, () -> "malformed line '" + line + "'");
            accepted.put(parts[1], parts[2]);
          }
        }
        System.out.println("CrashTest enqueue kills: " + accepted.size() + " tickets accepted in " + ENQUEUE_ROUNDS
            + " killed processes");

        ChildJvm last = start(dir.resolve("final.err"), CrashChild.class, "deliver", data.toString(),
            desk.baseUrl(), desk.appKey());
        last.awaitSuccess(Duration.ofSeconds(60));

        Map<String, List<DeskTicket>> byKey = new TreeMap<>();
        for (DeskTicket t : desk.tickets()) {
          byKey.computeIfAbsent(t.idempotencyKey(), k -> new ArrayList<>()).add(t);
          // Whatever reached the desk is whole, accepted or not (a kill may land between submit and print).
          assertAttachmentIntact(t);
        }
        for (Map.Entry<String, List<DeskTicket>> e : byKey.entrySet()) {
          assertEquals(1, e.getValue().size(), "tickets at the desk for submission " + e.getKey());
        }
        for (Map.Entry<String, String> a : accepted.entrySet()) {
          List<DeskTicket> found = byKey.get(a.getKey());
          assertTrue(found != null, "accepted submission " + a.getKey() + " (" + a.getValue() + ") is not at the desk");
          assertEquals(a.getValue(), found.get(0).subject());
        }
        // At most one per killed process was accepted without being printed.
        assertTrue(desk.ticketCount() <= accepted.size() + ENQUEUE_ROUNDS,
            desk.ticketCount() + " tickets at the desk for " + accepted.size() + " accepted");
        List<String> quarantined = DeliveryFixtures.list(data.resolve("outbox").resolve("quarantine"));
        for (String q : quarantined) {
          for (String id : accepted.keySet()) {
            assertFalse(q.startsWith(id), "accepted submission " + id + " was quarantined as " + q);
          }
        }
        assertOutboxEmpty(data);
      } catch (AssertionError | Exception e) {
        throw new AssertionError("crash.seed=" + seed + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Zeroes 512 bytes inside the attachment of {@value #ROTTED} random pending entries, keeping
   * their length and header, as a failing disk would. Returns their subjects.
   */
  private static Set<String> rot(Path pending, Random random) throws IOException {
    List<String> entries = new ArrayList<>();
    for (String name : DeliveryFixtures.list(pending)) if (name.endsWith(".entry")) entries.add(name);
    java.util.Collections.shuffle(entries, random);
    Set<String> subjects = new TreeSet<>();
    for (String name : entries.subList(0, ROTTED)) {
      Path file = pending.resolve(name);
      byte[] bytes = Files.readAllBytes(file);
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      int at = text.indexOf("\"subject\":\"crash-") + "\"subject\":\"".length();
      subjects.add(text.substring(at, text.indexOf('"', at)));
      // The attachment (at least 1 KiB) is last, before the 4-byte whole-file checksum.
      Arrays.fill(bytes, bytes.length - 4 - 600, bytes.length - 4 - 88, (byte) 0);
      Files.write(file, bytes);
    }
    return subjects;
  }

  private static void awaitLine(ChildJvm child, String prefix) throws Exception {
    try {
      child.line(prefix).get(CHILD_START.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      child.kill();
      throw new AssertionError("child printed no '" + prefix + "' line: " + child.lines + "\nstderr:\n"
          + child.stderr(), e);
    }
  }

  private ChildJvm start(Path stderr, Class<?> main, String... args) throws IOException {
    ChildJvm c = ChildJvm.start(stderr, main, args);
    children.add(c);
    return c;
  }

  /** Waits for a line, or for the child to have ended by itself (nothing left to deliver). */
  private static void awaitLineOrExit(ChildJvm child, String prefix) throws Exception {
    try {
      child.line(prefix).get(CHILD_START.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException ended) {
      // output ended: the caller sees the exit status
    } catch (TimeoutException e) {
      child.kill();
      throw new AssertionError("child printed no '" + prefix + "' line: " + child.lines + "\nstderr:\n"
          + child.stderr(), e);
    }
  }

  private static void assertAttachmentIntact(DeskTicket t) {
    assertEquals(1, t.attachments().size(), () -> t + " attachments " + t.attachments());
    DeskTicket.File f = t.attachments().get(0);
    assertEquals(ATTACHMENT_NAME, f.fileName());
    assertArrayEquals(payload(t.subject()), f.bytes(), () -> "attachment of " + t + " differs from what was submitted");
  }
}
