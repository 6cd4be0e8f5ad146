package dev.helpline.delivery;

import dev.helpline.Submission;
import dev.helpline.DeskException;
import dev.helpline.Ticket;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Records delivery events; each kind also releases a permit, so tests wait for events without polling. */
final class Events implements Submission.Listener {
  static final class Retrying {
    final Submission submission;
    final Instant nextAttemptAt;
    final Throwable cause;
    final Instant seenAt = Instant.now();

    Retrying(Submission submission, Instant nextAttemptAt, Throwable cause) {
      this.submission = submission;
      this.nextAttemptAt = nextAttemptAt;
      this.cause = cause;
    }
  }

  final List<Submission> queued = new CopyOnWriteArrayList<>();
  final List<Retrying> retrying = new CopyOnWriteArrayList<>();
  final List<Submission> failed = new CopyOnWriteArrayList<>();
  final List<DeskException> failureReasons = new CopyOnWriteArrayList<>();
  final List<Submission> delivered = new CopyOnWriteArrayList<>();
  final List<Instant> deliveredAt = new CopyOnWriteArrayList<>();
  final List<String> quarantined = new CopyOnWriteArrayList<>();
  private final Semaphore retryingPermits = new Semaphore(0);
  private final Semaphore failedPermits = new Semaphore(0);
  private final Semaphore deliveredPermits = new Semaphore(0);
  private final Semaphore quarantinedPermits = new Semaphore(0);

  @Override public void onQueued(Submission s) {
    queued.add(s);
  }

  @Override public void onDelivered(Submission s, Ticket ticket) {
    deliveredAt.add(Instant.now());
    delivered.add(s);
    deliveredPermits.release();
  }

  @Override public void onRetrying(Submission s, Instant nextAttemptAt, Throwable cause) {
    retrying.add(new Retrying(s, nextAttemptAt, cause));
    retryingPermits.release();
  }

  @Override public void onFailed(Submission s, DeskException reason) {
    failed.add(s);
    failureReasons.add(reason);
    failedPermits.release();
  }

  @Override public void onQuarantined(String entryName, String reason) {
    quarantined.add(entryName + ": " + reason);
    quarantinedPermits.release();
  }

  void awaitRetrying(int n) throws InterruptedException {
    await(retryingPermits, n, "onRetrying");
  }

  void awaitFailed(int n) throws InterruptedException {
    await(failedPermits, n, "onFailed");
  }

  void awaitDelivered(int n) throws InterruptedException {
    await(deliveredPermits, n, "onDelivered");
  }

  void awaitQuarantined(int n) throws InterruptedException {
    await(quarantinedPermits, n, "onQuarantined");
  }

  private static void await(Semaphore s, int n, String what) throws InterruptedException {
    if (!s.tryAcquire(n, 20, TimeUnit.SECONDS)) {
      throw new AssertionError("expected " + n + " more " + what + " events within 20 s; got " + s.availablePermits());
    }
  }
}
