package dev.helpline.internal.delivery;

import dev.helpline.Submission;
import dev.helpline.DeskException;
import dev.helpline.Ticket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records each event as "kind:id" together with the name of the thread it arrived on. */
final class RecordingListener implements Submission.Listener {
  final List<String> events = new CopyOnWriteArrayList<>();
  final List<String> threads = new CopyOnWriteArrayList<>();
  final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();

  private void record(String event) {
    events.add(event);
    threads.add(Thread.currentThread().getName());
    queue.add(event);
  }

  /** Waits (bounded) for the next event whose text starts with {@code prefix}, skipping others. */
  String await(String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      String e = queue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (e == null) throw new AssertionError("no event starting with '" + prefix + "' within 10 s; got " + events);
      if (e.startsWith(prefix)) return e;
    }
  }

  List<String> eventsStartingWith(String prefix) {
    List<String> out = new ArrayList<>();
    for (String e : events) if (e.startsWith(prefix)) out.add(e);
    return out;
  }

  @Override
  public void onQueued(Submission s) {
    record("queued:" + s.id());
  }

  @Override
  public void onDelivered(Submission s, Ticket ticket) {
    record("delivered:" + s.id() + ":" + ticket.id());
  }

  @Override
  public void onRetrying(Submission s, Instant next, Throwable cause) {
    record("retrying:" + s.id() + ":" + next);
  }

  @Override
  public void onFailed(Submission s, DeskException reason) {
    record("failed:" + s.id() + ":" + reason.httpStatus());
  }

  @Override
  public void onQuarantined(String entryName, String reason) {
    record("quarantined:" + entryName);
  }
}
