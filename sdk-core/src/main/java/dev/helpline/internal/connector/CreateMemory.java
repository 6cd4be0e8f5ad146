package dev.helpline.internal.connector;

import dev.helpline.connector.Connector.SearchLagException;
import dev.helpline.connector.NewTicket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * What a connector for a desk without idempotency keys remembers of its creates, so that a create repeated after a
 * lost answer looks for the first ticket instead of making a second: the submissions it sent without a definite
 * answer (and when), and the tickets of the last {@value #CAPACITY} submissions it created. Memory only; across
 * restarts the outbox's attempt count ({@link NewTicket#attempt()}) tells. Thread-safe.
 */
public final class CreateMemory {
  public static final int CAPACITY = 1024;

  private final Duration recentWindow;
  private final Clock clock;
  /** When this memory began: an attempt whose process died mid-call, unknown to it, was made before (or elsewhere). */
  private final Instant since;
  /** When each submission sent without a definite answer was last sent. */
  private final Map<String, Instant> sentWithoutAnswer = new ConcurrentHashMap<>();
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
    this.since = clock.instant();
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
    if (sentWithoutAnswer.containsKey(t.submissionId())) return true;
    if (t.attempt() > 0) return !t.isFirstAttempt();
    return hasFiles || Duration.between(t.createdAt(), clock.instant()).compareTo(recentWindow) > 0;
  }

  /** The create is about to be sent. */
  public void sending(String submissionId) {
    sentWithoutAnswer.put(submissionId, clock.instant());
  }

  /**
   * After a search of a desk whose search shows writes only after {@code searchLag} found no ticket for {@code t}:
   * throws while an attempt known to have been made (sent here without a definite answer, or counted by the outbox)
   * may still be missing from the search. A guess ({@link #mayExist} for a ticket without its count) does not wait.
   *
   * @throws SearchLagException naming {@code desk}, with the time left
   */
  public void notFoundBySearch(NewTicket t, Duration searchLag, String desk) throws SearchLagException {
    if (!sentWithoutAnswer.containsKey(t.submissionId()) && t.attempt() <= 1) return;
    Duration wait = untilSearchable(t, searchLag);
    if (wait == null) return;
    throw new SearchLagException(desk + "'s search may not show a ticket an earlier attempt of submission "
        + t.submissionId() + " created yet; looking again in " + Math.max(1, wait.getSeconds()) + " s", wait);
  }

  /**
   * How long until a desk whose search shows writes after {@code searchLag} shows any ticket an earlier attempt of
   * {@code t} created; null when that time has passed. The earlier attempts are taken to have ended by the latest
   * of: this memory's last send of it, the outbox's {@link NewTicket#earlierAttemptsEndedBy()} and
   * {@link NewTicket#firstAttemptAt()}, and this memory's start (an attempt whose process died mid-call, before).
   */
  public @Nullable Duration untilSearchable(NewTicket t, Duration searchLag) {
    Instant ended = since;
    Instant[] known = {sentWithoutAnswer.get(t.submissionId()), t.earlierAttemptsEndedBy(), t.firstAttemptAt()};
    for (Instant i : known) {
      if (i != null && i.isAfter(ended)) ended = i;
    }
    Duration wait = Duration.between(clock.instant(), ended.plus(searchLag));
    return wait.isNegative() || wait.isZero() ? null : wait;
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
