package dev.helpline.delivery;

import static dev.helpline.delivery.DeliveryFixtures.client;
import static dev.helpline.delivery.DeliveryFixtures.closedPort;
import static dev.helpline.delivery.DeliveryFixtures.connector;
import static dev.helpline.delivery.DeliveryFixtures.draft;
import static dev.helpline.delivery.DeliveryFixtures.fastConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Helpline;
import dev.helpline.Limits;
import dev.helpline.OutboxFullException;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.testkit.DeskTicket;
import dev.helpline.testkit.TestDesk;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Trouble with the data directory, seen through the public client. */
@Timeout(60)
class DiskTest {
  private static final String APP_KEY = "app_disk_test_key";

  @TempDir Path dir;

  @Test
  void unusableDataDirectoryFailsSubmitNamingItAndTheClientRecoversOnceItIsUsable() throws Exception {
    // Tests run as root, so permissions do not stop writes; a regular file in the way of the path does.
    Path blocker = Files.write(dir.resolve("blocker"), new byte[] {1});
    Path data = blocker.resolve("helpline");
    try (TestDesk desk = TestDesk.builder().start();
        SupportApiConnector connector = connector(desk.baseUrl(), desk.appKey());
        Helpline helpline = client(connector, data, fastConfig()).build()) {
      IOException e = assertThrows(IOException.class, () -> helpline.submit(draft("no place to keep it")));
      assertTrue(e.getMessage().contains(data.toString()), e.getMessage());
      String reported = helpline.health().lastError();
      assertTrue(reported != null && reported.contains(data.toString()), "health reports, never throws: " + reported);
      assertEquals(0, desk.ticketCount(), "a submission that failed locally is never sent");

      Files.delete(blocker);
      Files.createDirectory(blocker);
      Submission s = helpline.submit(draft("kept after all"));
      Ticket t = s.delivery().get(20, TimeUnit.SECONDS);
      assertEquals("kept after all", desk.ticket(t.id()).subject());
      assertEquals(1, desk.ticketCount());
      assertEquals(0, helpline.health().pending());
    }
  }

  @Test
  void fullOutboxRefusesTheNextSubmissionNamingTheBoundAndKeepsTheOthers() throws Exception {
    int port = closedPort();
    Limits limits = Limits.defaults().toBuilder().maxOutboxEntries(3).build();
    try (SupportApiConnector connector = connector("http://127.0.0.1:" + port, APP_KEY);
        Helpline helpline = client(connector, dir, fastConfig()).limits(limits).build()) {
      List<Submission> kept = new ArrayList<>();
      for (int i = 0; i < 3; i++) kept.add(helpline.submit(draft("kept-" + i)));

      OutboxFullException full = assertThrows(OutboxFullException.class, () -> helpline.submit(draft("one too many")));
      assertEquals("entries", full.bound());
      assertEquals(3, full.limit());
      assertEquals(4, full.current());
      assertTrue(full.getMessage().contains("3"), full.getMessage());
      assertEquals(3, helpline.health().pending(), "nothing was evicted");

      try (TestDesk desk = TestDesk.builder().port(port).appKey(APP_KEY).start()) {
        // The failed attempts opened the circuit; flush() would respect that, a connectivity callback does not.
        helpline.networkAvailable();
        Set<String> subjects = new HashSet<>();
        for (Submission s : kept) subjects.add(s.delivery().get(20, TimeUnit.SECONDS).subject());
        assertEquals(Set.of("kept-0", "kept-1", "kept-2"), subjects);
        assertEquals(3, desk.ticketCount());
        // Room again: the refused draft can be submitted now.
        helpline.submit(draft("one too many")).delivery().get(20, TimeUnit.SECONDS);
        assertEquals(4, desk.ticketCount());
      }
    }
  }

  @Test
  void truncatedEntryIsQuarantinedAndReportedWhileTheOthersAreDelivered() throws Exception {
    int port = closedPort();
    List<Submission> queued = new ArrayList<>();
    // A process queues three tickets without reaching the desk and goes away.
    try (SupportApiConnector connector = connector("http://127.0.0.1:" + port, APP_KEY);
        Helpline first = client(connector, dir, fastConfig()).build()) {
      for (int i = 0; i < 3; i++) queued.add(first.submit(draft("queued-" + i)));
    }
    // The disk then loses the second half of one entry file, ticket included.
    String torn = queued.get(1).id();
    Path entryFile = dir.resolve("outbox").resolve("pending").resolve(torn + ".entry");
    long size = Files.size(entryFile);
    try (FileChannel ch = FileChannel.open(entryFile, StandardOpenOption.WRITE)) {
      ch.truncate(size / 2);
    }

    Events events = new Events();
    try (TestDesk desk = TestDesk.builder().port(port).appKey(APP_KEY).start();
        SupportApiConnector connector = connector(desk.baseUrl(), APP_KEY);
        Helpline second = client(connector, dir, fastConfig()).addDeliveryListener(events).build()) {
      events.awaitQuarantined(1);
      assertTrue(events.quarantined.get(0).startsWith(torn + "-"), events.quarantined::toString);
      events.awaitDelivered(2);

      assertEquals(1, second.health().quarantined());
      assertEquals(0, second.health().pending());
      assertEquals(0, second.health().failed());
      Set<String> keys = new HashSet<>();
      for (DeskTicket t : desk.tickets()) keys.add(t.idempotencyKey());
      assertEquals(Set.of(queued.get(0).id(), queued.get(2).id()), keys);
      // Kept aside, not deleted: the bytes are still there for a person to look at.
      List<String> quarantine = DeliveryFixtures.list(dir.resolve("outbox").resolve("quarantine"));
      assertEquals(2, quarantine.size(), quarantine::toString);
      assertTrue(quarantine.get(1).equals(quarantine.get(0) + ".reason.txt"), quarantine::toString);
      assertTrue(quarantine.get(0).startsWith(torn + "-"), quarantine::toString);
      Path kept = dir.resolve("outbox").resolve("quarantine").resolve(quarantine.get(0));
      assertEquals(size / 2, Files.size(kept), "the torn entry is kept as it was");
    }
  }
}
