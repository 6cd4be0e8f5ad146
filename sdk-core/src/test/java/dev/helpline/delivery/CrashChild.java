package dev.helpline.delivery;

import dev.helpline.Submission;
import dev.helpline.Helpline;
import dev.helpline.OutboxFullException;
import dev.helpline.OutboxHealth;
import dev.helpline.Ticket;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.DeliveryPolicy;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A host process of {@link CrashTest}, killed with SIGKILL at random moments. Modes:
 *
 * <ul>
 *   <li>{@code enqueue <dataDir> <baseUrl> <appKey> <count> <prefix>}: submits {@code count} tickets
 *       (subjects {@code <prefix><i>}) to a desk that is not there, prints {@code QUEUED <count>}, exits 0.
 *   <li>{@code deliver <dataDir> <baseUrl> <appKey> [<clients> [<quarantinedAllowed>]]}: prints
 *       {@code STARTED}, flushes until the outbox is empty, prints {@code DONE}, exits 0. With two
 *       clients, both on the same data directory in this one process flush at once.
 *   <li>{@code submit <dataDir> <baseUrl> <appKey> <prefix>}: prints {@code STARTED}, then submits tickets
 *       in a loop, printing {@code ACCEPTED <submissionId> <subject>} after each submit returned.
 * </ul>
 *
 * <p>Every mode prints {@code DELIVERED <submissionId>} when a delivery is reported.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    String mode = args[0];
    Path data = Paths.get(args[1]);
    SupportApiConnector connector = DeliveryFixtures.connector(args[2], args[3]);
    // Long backoff: only flush() (which ignores it) sends again, so every re-send is a deliberate one.
    DeliveryPolicy config = DeliveryPolicy.builder()
        .initialBackoff(Duration.ofMinutes(10))
        .maxBackoff(Duration.ofMinutes(10))
        .lockBusyRetry(Duration.ofMillis(20))
        .circuitWindow(100, 100)
        .concurrency(4) // the crash lands among several calls in flight
        .build();
    Helpline helpline = DeliveryFixtures.client(connector, data, config)
        .addDeliveryListener(new Submission.Listener() {
          @Override public void onDelivered(Submission submission, Ticket ticket) {
            synchronized (out) {
              out.println("DELIVERED " + submission.id());
              out.flush();
            }
          }
        })
        .build();
    switch (mode) {
      case "enqueue": {
        int count = Integer.parseInt(args[4]);
        for (int i = 0; i < count; i++) helpline.submit(DeliveryFixtures.draft(args[5] + i));
        helpline.close();
        out.println("QUEUED " + count);
        out.flush();
        break;
      }
      case "deliver": {
        out.println("STARTED");
        out.flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        int clients = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        int quarantinedAllowed = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        Helpline second = clients > 1 ? DeliveryFixtures.client(connector, data, config).build() : null;
        OutboxHealth h = helpline.health();
        while (h.pending() > 0) {
          if (System.nanoTime() > deadline) throw new IllegalStateException("outbox not empty after 40 s: " + h);
          if (second != null) {
            java.util.concurrent.CompletableFuture.allOf(helpline.flush(), second.flush()).get(30, TimeUnit.SECONDS);
          } else {
            helpline.flush().get(30, TimeUnit.SECONDS);
          }
          h = helpline.health();
        }
        if (h.failed() > 0 || h.quarantined() > quarantinedAllowed) {
          throw new IllegalStateException("delivery left " + h);
        }
        if (second != null) second.close();
        helpline.close();
        out.println("DONE");
        out.flush();
        break;
      }
      case "submit": {
        out.println("STARTED");
        out.flush();
        for (int i = 0; i < 10_000; i++) {
          String subject = args[4] + i;
          Submission s;
          try {
            s = helpline.submit(DeliveryFixtures.draft(subject));
          } catch (OutboxFullException full) {
            // Submitting outran delivery: wait for it, as a host would, and go on with the same ticket.
            helpline.flush().get(30, TimeUnit.SECONDS);
            i--;
            continue;
          }
          synchronized (out) {
            out.println("ACCEPTED " + s.id() + " " + subject);
            out.flush();
          }
        }
        break;
      }
      default:
        throw new IllegalArgumentException("mode is '" + mode + "'; expected enqueue, deliver or submit");
    }
    connector.close();
    System.exit(0);
  }
}
