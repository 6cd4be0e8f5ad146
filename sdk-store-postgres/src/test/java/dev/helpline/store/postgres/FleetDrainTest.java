package dev.helpline.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Priority;
import dev.helpline.outbox.SubmissionRecord;
import dev.helpline.store.postgres.testing.PostgresExtension;
import dev.helpline.store.postgres.testing.PostgresServer;
import dev.helpline.testkit.DeskTicket;
import dev.helpline.testkit.TestDesk;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FleetDrainTest {
  private static final int INSTANCES = 4;
  private static final int TICKETS = 200;
  private static final int KILLS = 5;

  @Test
  void fourInstancesKilledAtRandomDeliverEveryTicketExactlyOnce(PostgresServer server) throws Exception {
    String db = server.createDatabase("drain");
    Set<String> ids = new HashSet<>();
    try (PostgresOutboxStore queue = PostgresOutboxStore.builder(server.dataSource(db)).build()) {
      for (int i = 0; i < TICKETS; i++) {
        String id = UUID.randomUUID().toString();
        ids.add(id);
        queue.enqueue(SubmissionRecord.builder().submissionId(id).subject("ticket " + i).description("queued")
            .priority(Priority.NORMAL).createdAt(Instant.now()).build());
      }
    }
    // A slow desk keeps deliveries in flight, so kills land mid-attempt.
    try (TestDesk desk = TestDesk.builder().start()) {
      desk.faults().delayNext(TICKETS * 2, Duration.ofMillis(20));
      Process[] instances = new Process[INSTANCES];
      for (int i = 0; i < INSTANCES; i++) instances[i] = start(desk, server.jdbcUrl(db));
      Random random = new Random(17);
      int kills = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
      while (desk.ticketCount() < TICKETS && System.nanoTime() < deadline) {
        // Kill one instance at random each time the desk passes another seventh of the queue, and restart it.
        if (kills < KILLS && desk.ticketCount() >= TICKETS * (kills + 1) / (KILLS + 2)) {
          int victim = random.nextInt(INSTANCES);
          instances[victim].destroyForcibly(); // SIGKILL
          instances[victim].waitFor(10, TimeUnit.SECONDS);
          instances[victim] = start(desk, server.jdbcUrl(db));
          kills++;
        }
        // The desk exposes no event to wait on: poll its count, bounded by the deadline.
        Thread.sleep(20);
      }
      for (Process p : instances) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
      assertEquals(KILLS, kills, "every planned kill happened before the queue was drained");
      assertEquals(TICKETS, desk.ticketCount(), "every ticket reached the desk");
      Set<String> seen = new HashSet<>();
      for (DeskTicket t : desk.tickets()) assertTrue(seen.add(t.idempotencyKey()), "delivered twice: " + t);
      assertEquals(ids, seen);
    }
  }

  private static Process start(TestDesk desk, String jdbcUrl) throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx96m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        FleetDrainMain.class.getName(), desk.baseUrl(), desk.appKey(), jdbcUrl)
        .redirectErrorStream(true).start();
    // Its output is read and dropped so it never blocks on a full pipe; the test does not wait for it to start.
    Thread drain = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        while (out.readLine() != null) {
          // discard
        }
      } catch (java.io.IOException ignored) {
        // killed
      }
    });
    drain.setDaemon(true);
    drain.start();
    return p;
  }
}
