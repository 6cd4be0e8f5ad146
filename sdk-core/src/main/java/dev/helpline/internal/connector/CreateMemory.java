package dev.helpline.internal.connector;

import dev.helpline.DeskException;
import dev.helpline.connector.Connector.SearchLagException;
import dev.helpline.connector.NewTicket;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * What a connector for a desk without idempotency keys remembers of its creates, so that a create repeated after a
 * lost answer looks for the first ticket instead of making a second: the submissions it sent without a definite
 * answer (and when), how many attempts of each (up to {@value #CAPACITY} submissions) it began, and the tickets of
 * the last {@value #CAPACITY} submissions it created. Memory only; across restarts the outbox's attempt count
 * ({@link NewTicket#attempt()}) tells. Thread-safe.
 */
public final class CreateMemory {
  public static final int CAPACITY = 1024;

  private final Duration recentWindow;
  private final Clock clock;
  /** When this memory began: an attempt whose process died mid-call, unknown to it, was made before (or elsewhere). */
  private final Instant since;
  /** When the last attempt of each submission sent without a definite answer ended. */
  private final Map<String, Instant> sentWithoutAnswer = new ConcurrentHashMap<>();
  /** The submissions whose create is being sent now. */
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  /**
   * How many attempts of each submission this memory began ({@link #beginAttempt}), a search lag's wait aside: while
   * none of them was sent without a definite answer, none created anything.
   */
  private final Map<String, Integer> attemptsBegun = lastFew();
  private final Map<String, String> created = lastFew();

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

  private static <V> Map<String, V> lastFew() {
    return Collections.synchronizedMap(new LinkedHashMap<String, V>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > CAPACITY;
      }
    });
  }

  /**
   * Begins an attempt of {@code t}, before anything is sent for it, and tells whether an earlier attempt may have
   * created the ticket, so the desk must be asked first: sent by this connector without a definite answer; or, when the
   * ticket carries the outbox's attempt count, an earlier attempt was recorded that this memory did not begin (made by
   * another process); otherwise guessed (it carries files, the likeliest to time out after the desk took them, or it
   * is older than the recent window). An attempt begun here that fails before {@link #sending} created nothing.
   */
  public boolean beginAttempt(NewTicket t, boolean hasFiles) {
    String id = t.submissionId();
    int earlier = attemptsBegun.merge(id, 1, Integer::sum) - 1;
    if (sentWithoutAnswer.containsKey(id) || inFlight.contains(id)) return true;
    if (t.attempt() > 0) return earlier != t.attempt() - 1;
    return hasFiles || Duration.between(t.createdAt(), clock.instant()).compareTo(recentWindow) > 0;
  }

  /** The create is about to be sent; {@link #created} or {@link #failed} follows. */
  public void sending(String submissionId) {
    inFlight.add(submissionId);
  }

  /**
   * The create sent failed with {@code e}. The desk created nothing when it refused the create for good or limited
   * its rate (429), or when no connection was made (unknown host, refused or unreachable). Any other failure (a
   * time-out, a dropped connection, a 5xx) leaves the submission sent without a definite answer.
   */
  public void failed(String submissionId, Throwable e) {
    inFlight.remove(submissionId);
    if (!createdNothing(e)) sentWithoutAnswer.put(submissionId, clock.instant());
  }

  private static boolean createdNothing(Throwable e) {
    if (e instanceof DeskException) {
      DeskException d = (DeskException) e;
      return !d.isRetryable() || d.httpStatus() == 429;
    }
    return e instanceof UnknownHostException || e instanceof ConnectException || e instanceof NoRouteToHostException;
  }

  /**
   * After a search of a desk whose search shows writes only after {@code searchLag} found no ticket for {@code t}:
   * throws while an attempt known to have been made (sent here without a definite answer, or counted by the outbox)
   * may still be missing from the search. A guess ({@link #beginAttempt} for a ticket without its count) does not
   * wait. The attempt then ends without being counted by the outbox, so this memory does not count it either.
   *
   * @throws SearchLagException naming {@code desk}, with the time left
   */
  public void notFoundBySearch(NewTicket t, Duration searchLag, String desk) throws SearchLagException {
    String id = t.submissionId();
    if (!sentWithoutAnswer.containsKey(id) && !inFlight.contains(id) && t.attempt() <= 1) return;
    Duration wait = untilSearchable(t, searchLag);
    if (wait == null) return;
    attemptsBegun.computeIfPresent(id, (k, n) -> n - 1);
    throw new SearchLagException(desk + "'s search may not show a ticket an earlier attempt of submission "
        + t.submissionId() + " created yet; looking again in " + Math.max(1, wait.getSeconds()) + " s", wait);
  }

  /**
   * How long until a desk whose search shows writes after {@code searchLag} shows any ticket an earlier attempt of
   * {@code t} created; null when that time has passed. The earlier attempts are taken to have ended by the latest
   * of: the end of this memory's last attempt of it without a definite answer (now, while one is being sent), the
   * outbox's {@link NewTicket#earlierAttemptsEndedBy()} and
   * {@link NewTicket#firstAttemptAt()}, and this memory's start (an attempt whose process died mid-call, before).
   */
  public @Nullable Duration untilSearchable(NewTicket t, Duration searchLag) {
    Instant ended = since;
    String id = t.submissionId();
    Instant now = clock.instant();
    Instant[] known = {sentWithoutAnswer.get(id), inFlight.contains(id) ? now : null, t.earlierAttemptsEndedBy(),
        t.firstAttemptAt()};
    for (Instant i : known) {
      if (i != null && i.isAfter(ended)) ended = i;
    }
    Duration wait = Duration.between(now, ended.plus(searchLag));
    return wait.isNegative() || wait.isZero() ? null : wait;
  }

  /** The desk created, or was found to hold, {@code ticketId} for the submission. */
  public void created(String submissionId, String ticketId) {
    inFlight.remove(submissionId);
    sentWithoutAnswer.remove(submissionId);
    attemptsBegun.remove(submissionId);
    created.put(submissionId, ticketId);
  }
}
