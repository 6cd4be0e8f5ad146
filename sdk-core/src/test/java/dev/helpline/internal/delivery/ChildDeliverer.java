package dev.helpline.internal.delivery;

import dev.helpline.DeliveryPolicy;
import dev.helpline.Submission;
import dev.helpline.Limits;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import dev.helpline.connector.NewTicket;
import dev.helpline.internal.outbox.FileOutbox;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A second process sharing an outbox: enqueues {@code count} tickets, then delivers until the
 * outbox is empty, appending each create call's submission id to a shared log (one line each,
 * written with O_APPEND so lines from both processes never interleave).
 *
 * <p>Usage: {@code ChildDeliverer <dataDir> <callLog> <count> <subjectPrefix>}
 */
public final class ChildDeliverer {
  private ChildDeliverer() {}

  public static void main(String[] args) throws Exception {
    Path dir = Paths.get(args[0]);
    Path log = Paths.get(args[1]);
    int count = Integer.parseInt(args[2]);
    String prefix = args[3];
    deliverAll(dir, log, count, prefix);
  }

  static void deliverAll(Path dir, Path log, int count, String prefix) throws Exception {
    Clock clock = Clock.systemUTC();
    FileOutbox outbox = new FileOutbox(dir, Limits.defaults(), clock);
    LoggingDesk desk = new LoggingDesk(log);
    DeliveryWorker worker = new DeliveryWorker(outbox, desk, List.of(new Submission.Listener() {}), Runnable::run, clock,
        DeliveryPolicy.defaults());
    try {
      for (int i = 0; i < count; i++) {
        worker.enqueue(Tickets.ticket(prefix + i, Instant.now()));
        worker.runOnce(true);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!outbox.pending().isEmpty()) {
        if (System.nanoTime() > deadline) throw new AssertionError("outbox not empty after 30 s");
        if (!worker.runOnce(true)) LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
      }
    } finally {
      worker.close();
      outbox.close();
    }
  }

  /** A desk that logs every create call and takes a moment, like a network round trip. */
  static final class LoggingDesk extends FakeConnectorBase {
    private final Path log;

    LoggingDesk(Path log) {
      this.log = log;
    }

    @Override
    public Ticket create(NewTicket ticket, dev.helpline.connector.Connector.UploadProgress progress) throws IOException {
      try (FileChannel ch = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND)) {
        ch.write(ByteBuffer.wrap((ticket.submissionId() + "\n").getBytes(StandardCharsets.UTF_8)));
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(3));
      return new Ticket("T-" + ticket.submissionId(), ticket.subject(), TicketStatus.NEW, null, null, null, null);
    }
  }
}
