package dev.helpline.internal.outbox;

import dev.helpline.Limits;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import dev.helpline.outbox.OutboxStore;
import java.io.PrintStream;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * A process that enqueues {@code <count>} small entries into the outbox under {@code <dataDir>}, prints
 * {@code ACCEPTED <id>} after each enqueue returned; then, given {@code <delivered> <failed>}, claims the
 * outbox and, before any checkpoint, marks that many of its entries delivered (purging after the first) and
 * the next ones failed, printing {@code DELIVERED <id>} and {@code FAILED <id>}; then prints {@code DONE} and
 * waits until its standard input ends (the test kills it first; should the test die, the closed pipe ends the
 * wait): nothing settles its journal.
 */
public final class JournalChild {
  private JournalChild() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    FileOutbox outbox = new FileOutbox(Paths.get(args[0]), Limits.defaults(), Clock.systemUTC());
    int count = Integer.parseInt(args[1]);
    for (int i = 0; i < count; i++) {
      out.println("ACCEPTED " + outbox.enqueue(SubmissionJournalTest.record(i)).id());
      out.flush();
    }
    if (args.length > 2) {
      int delivered = Integer.parseInt(args[2]);
      int failed = Integer.parseInt(args[3]);
      OutboxStore.Claim claim = outbox.claim(); // held until the kill
      List<OutboxStore.PendingEntry> entries = claim.entries();
      for (int i = 0; i < delivered + failed; i++) {
        OutboxStore.StoredEntry e = outbox.load(entries.get(i), q -> { throw new AssertionError(q); });
        if (i < delivered) {
          outbox.markDelivered(e, new Ticket("T-" + e.id(), "s", TicketStatus.NEW, null, null, null, null));
          if (i == 0) outbox.purgeDelivered();
          out.println("DELIVERED " + e.id());
        } else {
          outbox.markFailed(e, new OutboxStore.FailureRecord(422, null, "refused", null, Instant.now()));
          out.println("FAILED " + e.id());
        }
        out.flush();
      }
    }
    out.println("DONE");
    out.flush();
    while (System.in.read() != -1) {
      // only the end of the input, or a kill, ends the wait
    }
    Runtime.getRuntime().halt(0);
  }
}
