package dev.helpline.internal.outbox;

import dev.helpline.Limits;
import java.io.PrintStream;
import java.nio.file.Paths;
import java.time.Clock;

/**
 * A process that enqueues {@code <count>} small entries into the outbox under {@code <dataDir>}, prints
 * {@code ACCEPTED <id>} after each enqueue returned, then {@code DONE}, and waits until its standard input
 * ends (the test kills it first; should the test die, the closed pipe ends the wait): nothing settles its
 * journal.
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
    out.println("DONE");
    out.flush();
    while (System.in.read() != -1) {
      // only the end of the input, or a kill, ends the wait
    }
    Runtime.getRuntime().halt(0);
  }
}
