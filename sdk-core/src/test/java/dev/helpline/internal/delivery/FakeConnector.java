package dev.helpline.internal.delivery;

import dev.helpline.Attachment;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.UploadProgress;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A desk in memory: counts create calls per submission id, deduplicates by submission id like a
 * real desk with idempotency keys, and plays scripted outcomes (one per call, then success).
 */
final class FakeConnector extends FakeConnectorBase {
  /** What one call does: throw, or return normally (null means success). */
  interface Outcome {
    void apply(NewTicket ticket) throws IOException;
  }

  static Outcome fail(Exception e) {
    return t -> {
      if (e instanceof IOException) throw (IOException) e;
      throw (RuntimeException) e;
    };
  }

  private final Deque<Outcome> script = new ArrayDeque<>();
  private Duration keyLifetime = Duration.ZERO;
  final Map<String, AtomicInteger> callsById = new ConcurrentHashMap<>();
  final AtomicInteger calls = new AtomicInteger();
  final Map<String, Ticket> created = new ConcurrentHashMap<>();
  /** Bytes of each attachment as the connector streamed them, per submission id. */
  final Map<String, List<byte[]>> uploaded = new ConcurrentHashMap<>();

  synchronized FakeConnector then(Outcome o) {
    script.add(o);
    return this;
  }

  /** What {@link #idempotencyKeyLifetime()} reports (zero, as for a desk without keys, unless set). */
  FakeConnector keyLifetime(Duration lifetime) {
    keyLifetime = lifetime;
    return this;
  }

  @Override
  public Duration idempotencyKeyLifetime() {
    return keyLifetime;
  }

  private synchronized @Nullable Outcome next() {
    return script.poll();
  }

  @Override
  public Ticket create(NewTicket ticket, UploadProgress progress) throws IOException {
    calls.incrementAndGet();
    callsById.computeIfAbsent(ticket.submissionId(), k -> new AtomicInteger()).incrementAndGet();
    Outcome o = next();
    if (o != null) o.apply(ticket);
    List<byte[]> bytes = new java.util.ArrayList<>();
    for (Attachment a : ticket.attachments()) {
      try (InputStream in = a.openStream()) {
        bytes.add(in.readAllBytes());
      }
    }
    uploaded.put(ticket.submissionId(), bytes);
    return created.computeIfAbsent(ticket.submissionId(),
        id -> new Ticket("T-" + id, ticket.subject(), TicketStatus.NEW, ticket.priority(), null, null, null));
  }

  int callsFor(String id) {
    AtomicInteger n = callsById.get(id);
    return n == null ? 0 : n.get();
  }
}
