package dev.helpline.internal.connector;

import dev.helpline.connector.NewTicket;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * What a connector for a desk without idempotency keys remembers of its creates, so that a create repeated after a
 * lost answer looks for the first ticket instead of making a second: the submissions it sent without a definite
 * answer, and the tickets of the last {@value #CAPACITY} submissions it created. Memory only; across restarts the
 * outbox's attempt count ({@link NewTicket#attempt()}) tells. Thread-safe.
 */
public final class CreateMemory {
  public static final int CAPACITY = 1024;

  private final Duration recentWindow;
  private final Clock clock;
  private final Set<String> sentWithoutAnswer = ConcurrentHashMap.newKeySet();
  private final Map<String, String> created = Collections.synchronizedMap(new LinkedHashMap<String, String>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > CAPACITY;
    }
  });

  /**
   * For tickets that do not carry their attempt count, a ticket older than {@code recentWindow} (by {@code clock})
   * may have been sent by an earlier process.
   */
  public CreateMemory(Duration recentWindow, Clock clock) {
    this.recentWindow = recentWindow;
    this.clock = clock;
  }

  /** The ticket id this connector created for {@code submissionId}, or null. */
  public @Nullable String ticketOf(String submissionId) {
    return created.get(submissionId);
  }

  /**
   * Whether an earlier attempt may have created the ticket, so the desk must be asked first: sent by this connector
   * without a definite answer, or known from the outbox's attempt count when the ticket carries it, otherwise
   * guessed (it carries files, the likeliest to time out after the desk took them, or it is older than the recent
   * window).
   */
  public boolean mayExist(NewTicket t, boolean hasFiles) {
    if (sentWithoutAnswer.contains(t.submissionId())) return true;
    if (t.attempt() > 0) return !t.isFirstAttempt();
    return hasFiles || Duration.between(t.createdAt(), clock.instant()).compareTo(recentWindow) > 0;
  }

  /** The create is about to be sent. */
  public void sending(String submissionId) {
    sentWithoutAnswer.add(submissionId);
  }

  /** The desk created, or was found to hold, {@code ticketId} for the submission. */
  public void created(String submissionId, String ticketId) {
    sentWithoutAnswer.remove(submissionId);
    created.put(submissionId, ticketId);
  }

  /** The desk refused the create for good: nothing was created. */
  public void refused(String submissionId) {
    sentWithoutAnswer.remove(submissionId);
  }
}
