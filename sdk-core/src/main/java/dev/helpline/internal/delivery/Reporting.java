package dev.helpline.internal.delivery;

import dev.helpline.DeskException;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.connector.Connector.UploadProgress;
import dev.helpline.internal.event.Listeners;
import dev.helpline.outbox.OutboxStore;
import dev.helpline.outbox.OutboxStore.FailureRecord;
import dev.helpline.outbox.OutboxStore.Quarantined;
import dev.helpline.outbox.OutboxStore.StoredEntry;
import dev.helpline.outbox.SubmissionRecord;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the host learns of deliveries: this process's {@link Submission#delivery()} futures and the
 * {@link Submission.Listener} events, both completed and emitted on the host's executor through the
 * shared {@link Listeners} fan-out, never on the delivery thread. A listener that throws is logged and
 * does not stop the others; when the executor rejects a task, futures are still completed. Thread-safe.
 */
final class Reporting {
  private static final Logger log = LoggerFactory.getLogger(Reporting.class);
  /** Uploads of at most this many bytes are not reported as progress: 64 KiB, a connector's reporting step. */
  static final long SMALL_UPLOAD = 64 * 1024;

  private final OutboxStore store;
  private final Listeners<Submission.Listener> listeners;
  private final Clock clock;
  private final Map<String, CompletableFuture<Ticket>> futures = new ConcurrentHashMap<>();
  /**
   * Submissions expected but not yet reported queued: their store call has not returned. A pass may take
   * such an entry at once; its first event then tells onQueued before itself (see {@link #queuedFirst}).
   */
  private final Set<String> storing = ConcurrentHashMap.newKeySet();
  private volatile @Nullable String lastError;

  Reporting(OutboxStore store, List<? extends Submission.Listener> listeners, Executor callbackExecutor, Clock clock) {
    this.store = store;
    this.listeners = new Listeners<>("Submission.Listener", callbackExecutor);
    for (Submission.Listener l : listeners) this.listeners.add(l);
    this.clock = clock;
  }

  /** The last error of a delivery attempt or pass in this process, for health reporting. */
  @Nullable String lastError() {
    return lastError;
  }

  void lastError(String error) {
    lastError = error;
  }

  /** A delivery succeeded: the desk is reachable again, so the last error is history. */
  void recovered() {
    lastError = null;
  }

  /**
   * Registers the future of a submission about to be stored, before it is visible, so that a pass
   * delivering it at once completes this future.
   *
   * @throws IllegalArgumentException when a submission with this id is known here already
   */
  CompletableFuture<Ticket> expect(String id) {
    CompletableFuture<Ticket> future = new CompletableFuture<>();
    if (futures.putIfAbsent(id, future) != null) {
      throw new IllegalArgumentException("submissionId '" + id + "' is already in the outbox");
    }
    storing.add(id);
    return future;
  }

  /** Forgets a future whose submission was not stored after all. */
  void forget(String id, CompletableFuture<Ticket> future) {
    storing.remove(id);
    futures.remove(id, future);
  }

  /** A fresh future for a submission put back in the queue; the old one stays failed. */
  CompletableFuture<Ticket> renew(String id) {
    CompletableFuture<Ticket> fresh = new CompletableFuture<>();
    futures.put(id, fresh);
    return fresh;
  }

  void discarded(String id) {
    futures.remove(id);
  }

  /** The store call returned: tells onQueued, unless an event of a pass that took the entry at once told it. */
  Submission queued(StoredEntry entry, CompletableFuture<Ticket> future) {
    Submission s = snapshot(entry, future);
    if (storing.remove(entry.id())) listeners.dispatch(l -> l.onQueued(s));
    return s;
  }

  /**
   * Tells onQueued ahead of another event of a submission whose store call has not returned yet (a pass
   * delivered it, say, before the caller was told it was stored), so that onQueued always comes first; the
   * caller's own {@link #queued} then tells nothing. Events go through one ordered queue, so the listeners
   * see them in this order.
   */
  private void queuedFirst(String id, String subject, Instant createdAt, CompletableFuture<Ticket> future) {
    if (!storing.remove(id)) return;
    Submission s = new Submission(id, Submission.State.QUEUED, subject, createdAt, 0, null, null, null, future);
    listeners.dispatch(l -> l.onQueued(s));
  }

  private void queuedFirst(StoredEntry entry, CompletableFuture<Ticket> future) {
    queuedFirst(entry.id(), entry.record().subject(), entry.record().createdAt(), future);
  }

  /**
   * Where an attempt's connector reports how far its upload got: tells the listeners, except for an upload
   * of at most {@value #SMALL_UPLOAD} bytes, which leaves in one write and whose outcome is told next (one
   * task less on the host's executor for every ordinary ticket). One per attempt, told one step at a time.
   */
  UploadProgress uploadProgress(StoredEntry entry) {
    return new UploadProgress() {
      private @Nullable Submission uploading;

      @Override
      public void onProgress(long sent, long total) {
        if (total >= 0 && total <= SMALL_UPLOAD) return;
        if (uploading == null) {
          uploading = snapshot(entry);
          queuedFirst(entry, uploading.delivery());
        }
        Submission s = uploading;
        listeners.dispatch(l -> l.onUploadProgress(s, sent, total));
      }
    };
  }

  void retrying(StoredEntry entry, Instant next, Throwable cause) {
    CompletableFuture<Ticket> future = futureFor(entry);
    queuedFirst(entry, future);
    Submission s = snapshot(entry, future);
    listeners.dispatch(l -> l.onRetrying(s, next, cause));
  }

  void failed(StoredEntry failed, DeskException e) {
    CompletableFuture<Ticket> future = futureFor(failed);
    queuedFirst(failed, future);
    Submission s = snapshot(failed, future);
    settleAndDispatch(() -> future.completeExceptionally(e), l -> l.onFailed(s, e));
  }

  void quarantined(Quarantined q) {
    listeners.dispatch(l -> l.onQuarantined(q.entryName(), q.reason()));
  }

  void delivered(String id, String subject, Instant createdAt, int attempts, Ticket ticket) {
    CompletableFuture<Ticket> future = futures.remove(id);
    CompletableFuture<Ticket> f = future != null ? future : new CompletableFuture<>();
    queuedFirst(id, subject, createdAt, f);
    Submission s = new Submission(id, Submission.State.DELIVERED, subject, createdAt, attempts, null,
        null, ticket.id(), f);
    settleAndDispatch(() -> f.complete(ticket), l -> l.onDelivered(s, ticket));
  }

  /** The submissions whose futures are not settled yet, leaving out those still being stored. */
  Set<String> unsettled() {
    Set<String> ids = new HashSet<>();
    for (Map.Entry<String, CompletableFuture<Ticket>> e : futures.entrySet()) {
      if (!e.getValue().isDone() && !storing.contains(e.getKey())) ids.add(e.getKey());
    }
    return ids;
  }

  /**
   * Completes this process's futures of entries that another process delivered or refused: an
   * entry among {@code candidates} that is neither among {@code stillPending} nor known here as done
   * has a receipt or a failure. Each one costs a look-up in the receipts, so a pass names only the
   * submissions already stored when it took its claim: one stored later (or whose store call had not
   * returned, the usual case while a caller waits for its fsyncs) is not looked up by this pass but
   * by the next, should another deliverer have delivered it meanwhile.
   */
  void reconcile(Set<String> stillPending, Set<String> candidates) {
    for (String id : candidates) {
      CompletableFuture<Ticket> future = futures.get(id);
      if (future == null || stillPending.contains(id) || future.isDone()) continue;
      try {
        Ticket ticket = store.receipt(id);
        if (ticket != null) {
          Submission s = new Submission(id, Submission.State.DELIVERED, ticket.subject(), clock.instant(), 0, null,
              null, ticket.id(), future);
          if (futures.remove(id, future)) {
            settleAndDispatch(() -> future.complete(ticket), l -> l.onDelivered(s, ticket));
          }
          continue;
        }
        StoredEntry found = store.find(id);
        if (found != null && found.location() == Submission.State.FAILED && found.failure() != null) {
          DeskException reason = found.failure().toException();
          Submission s = snapshot(found, future);
          listeners.settleAndDispatch(() -> future.completeExceptionally(reason), l -> l.onFailed(s, reason));
        }
      } catch (IOException | RuntimeException ex) {
        log.debug("could not look up the outcome of submission {}: {}", id, ex.toString());
      }
    }
  }

  CompletableFuture<Ticket> futureFor(String pendingId) {
    return futures.computeIfAbsent(pendingId, id -> new CompletableFuture<>());
  }

  CompletableFuture<Ticket> futureFor(StoredEntry entry) {
    return futures.computeIfAbsent(entry.id(), id -> {
      CompletableFuture<Ticket> f = new CompletableFuture<>();
      FailureRecord failure = entry.failure();
      if (entry.location() == Submission.State.FAILED && failure != null) f.completeExceptionally(failure.toException());
      return f;
    });
  }

  /** The host's view of a stored entry. */
  Submission snapshot(StoredEntry e, CompletableFuture<Ticket> future) {
    SubmissionRecord t = e.record();
    boolean failed = e.location() == Submission.State.FAILED;
    FailureRecord failure = e.failure();
    String error = failed && failure != null ? failure.toException().getMessage() : e.state().lastError();
    return new Submission(e.id(), e.location(), t.subject(), t.createdAt(), e.state().attempts(),
        failed ? null : e.state().nextAttemptAt(), error, null, future);
  }

  Submission snapshot(StoredEntry e) {
    return snapshot(e, futureFor(e));
  }

  /** Completes a future and tells the listeners, whether or not the future was completed before. */
  private void settleAndDispatch(Runnable complete, Consumer<Submission.Listener> event) {
    listeners.settleAndDispatch(() -> {
      complete.run();
      return true;
    }, event);
  }
}
