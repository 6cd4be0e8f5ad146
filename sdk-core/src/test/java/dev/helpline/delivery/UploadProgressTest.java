package dev.helpline.delivery;

import static dev.helpline.delivery.DeliveryFixtures.client;
import static dev.helpline.delivery.DeliveryFixtures.connector;
import static dev.helpline.delivery.DeliveryFixtures.draft;
import static dev.helpline.delivery.DeliveryFixtures.fastConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Attachment;
import dev.helpline.Helpline;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.testkit.TestDesk;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large attachment's upload is reported to the host's listeners, on their executor, up to its end; an
 * upload within one reporting step is not.
 */
@Timeout(60)
class UploadProgressTest {
  @TempDir Path dir;

  @Test
  void uploadProgressReachesListenersAndEndsAtTheTotal() throws Exception {
    byte[] video = new byte[3 * 1024 * 1024];
    new Random(7).nextBytes(video);
    List<long[]> events = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    try (TestDesk desk = TestDesk.builder().start();
        SupportApiConnector connector = connector(desk.baseUrl(), desk.appKey());
        Helpline helpline = clientTelling(connector, new Submission.Listener() {
          @Override public void onUploadProgress(Submission s, long sent, long total) {
            events.add(new long[] {sent, total});
            threads.add(Thread.currentThread().getName());
          }
        })) {
      Submission submission = helpline.submit(draft("Screen recording of the crash").toBuilder()
          .addAttachment(Attachment.ofBytes("crash.mp4", "video/mp4", video)).build());
      Ticket ticket = submission.delivery().get(30, TimeUnit.SECONDS);
      assertArrayEquals(video, desk.ticket(ticket.id()).attachments().stream()
          .filter(f -> f.fileName().equals("crash.mp4")).findFirst().orElseThrow().bytes());

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (events.stream().noneMatch(e -> e[0] == e[1]) && System.nanoTime() < deadline) Thread.onSpinWait();
      long total = events.get(0)[1];
      assertTrue(total > video.length, "the total is the whole request: " + total);
      assertTrue(events.size() >= 3, "progress arrives in steps: " + events.size());
      assertTrue(events.stream().anyMatch(e -> e[0] == total), "the last step reaches the total");
      assertTrue(events.stream().allMatch(e -> e[1] == total && e[0] <= total));
      assertEquals(List.of("host-callbacks"), threads.stream().distinct().collect(java.util.stream.Collectors.toList()));
    }
  }

  @Test
  void anUploadWithinOneStepIsNotReported() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    CompletableFuture<Ticket> delivered = new CompletableFuture<>();
    try (TestDesk desk = TestDesk.builder().start();
        SupportApiConnector connector = connector(desk.baseUrl(), desk.appKey());
        Helpline helpline = clientTelling(connector, new Submission.Listener() {
          @Override public void onUploadProgress(Submission s, long sent, long total) {
            events.add("progress " + sent + "/" + total);
          }

          @Override public void onDelivered(Submission s, Ticket t) {
            // Events reach a listener in the order they were dispatched: progress would come first.
            events.add("delivered");
            delivered.complete(t);
          }
        })) {
      Ticket ticket = helpline.submit(draft("The export button does nothing")).delivery().get(30, TimeUnit.SECONDS);
      delivered.get(30, TimeUnit.SECONDS);
      assertTrue(desk.ticket(ticket.id()).attachments().size() > 0, "the upload carried an attachment");
      assertEquals(List.of("delivered"), events);
    }
  }

  /** A client that tells {@code listener} on a thread named "host-callbacks". */
  private Helpline clientTelling(SupportApiConnector connector, Submission.Listener listener) {
    return client(connector, dir, fastConfig())
        .callbackExecutor(r -> new Thread(r, "host-callbacks").start())
        .addDeliveryListener(listener)
        .build();
  }
}
