package dev.helpline.internal.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.DeskException;
import dev.helpline.connector.Connector.SearchLagException;
import dev.helpline.connector.NewTicket;
import dev.helpline.status.TestClock;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CreateMemoryTest {
  private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
  private final CreateMemory memory = new CreateMemory(Duration.ofMinutes(2), Clock.fixed(NOW, ZoneOffset.UTC));

  /** {@code attempt} 0: a ticket that does not carry the outbox's count. */
  private static NewTicket ticket(String id, int attempt, Duration age) {
    NewTicket.Builder b = NewTicket.builder().submissionId(id).subject("Sync stops").description("d")
        .createdAt(NOW.minus(age));
    if (attempt > 0) b.attempt(attempt);
    return b.build();
  }

  @Test
  void theOutboxsAttemptCountDecidesWhenTheTicketCarriesIt() {
    assertFalse(memory.beginAttempt(ticket("a", 1, Duration.ofHours(5)), true), "a first attempt made nothing yet");
    assertTrue(memory.beginAttempt(ticket("b", 2, Duration.ZERO), false), "an earlier attempt, elsewhere, may have");
  }

  @Test
  void withoutAnAttemptCountFilesAndAgeAreTheGuess() {
    assertFalse(memory.beginAttempt(ticket("a", 0, Duration.ofMinutes(1)), false));
    assertTrue(memory.beginAttempt(ticket("a", 0, Duration.ofMinutes(1)), true), "files are the likeliest to time out");
    assertTrue(memory.beginAttempt(ticket("a", 0, Duration.ofMinutes(3)), false), "older than the recent window");
  }

  @Test
  void aCreateSentWithoutAnswerIsLookedForUntilTheDeskAnswers() {
    assertFalse(memory.beginAttempt(ticket("a", 1, Duration.ZERO), false));
    memory.sending("a");
    memory.failed("a", new SocketTimeoutException("timeout"));
    assertTrue(memory.beginAttempt(ticket("a", 2, Duration.ZERO), false), "the answer was lost: the desk may hold it");
    assertTrue(memory.beginAttempt(ticket("a", 0, Duration.ZERO), false), "whatever the count says");
    memory.sending("a");
    memory.created("a", "T-1");
    assertEquals("T-1", memory.ticketOf("a"));
  }

  @Test
  void aRetryAfterAttemptsThatCreatedNothingNeedsNoSearch() {
    assertFalse(memory.beginAttempt(ticket("a", 1, Duration.ZERO), false));
    memory.sending("a");
    memory.failed("a", new DeskException(429, "slow down"));
    assertFalse(memory.beginAttempt(ticket("a", 2, Duration.ZERO), false), "rate-limited: nothing was created");
    memory.sending("a");
    memory.failed("a", new ConnectException("Connection refused"));
    assertFalse(memory.beginAttempt(ticket("a", 3, Duration.ZERO), false), "never connected: nothing was sent");
    memory.sending("a");
    memory.failed("a", new UnknownHostException("desk.example"));
    // This attempt fails before its create is sent (a lookup answered 429, say): nothing was sent.
    assertFalse(memory.beginAttempt(ticket("a", 4, Duration.ZERO), false));
    assertFalse(memory.beginAttempt(ticket("a", 5, Duration.ZERO), false), "the attempt before sent nothing");
    assertTrue(memory.beginAttempt(ticket("a", 7, Duration.ZERO), false), "an attempt this memory did not begin");

    memory.beginAttempt(ticket("b", 1, Duration.ZERO), false);
    memory.sending("b");
    memory.failed("b", new DeskException(429, "slow down"));
    memory.beginAttempt(ticket("b", 2, Duration.ZERO), false);
    memory.sending("b");
    memory.failed("b", new SocketTimeoutException("timeout"));
    assertTrue(memory.beginAttempt(ticket("b", 3, Duration.ZERO), false), "the time-out may have created it");
    memory.beginAttempt(ticket("c", 1, Duration.ZERO), false);
    memory.sending("c");
    memory.failed("c", new DeskException(503, "unavailable"));
    assertTrue(memory.beginAttempt(ticket("c", 2, Duration.ZERO), false), "a 5xx may come after the desk did the work");
  }

  @Test
  void anAttemptThatWaitsForTheSearchIsNotCountedAsOneThatCreatedNothing() {
    NewTicket elsewhere = NewTicket.builder().submissionId("e").subject("s").createdAt(NOW).attempt(2)
        .attemptTimes(NOW, NOW).earlierAttemptsEndedBy(NOW).build();
    for (int i = 0; i < 2; i++) {
      assertTrue(memory.beginAttempt(elsewhere, false), "another process's attempt may have created it");
      assertThrows(SearchLagException.class, () -> memory.notFoundBySearch(elsewhere, Duration.ofMinutes(5), "Desk"));
    }
  }

  @Test
  void aLaggingSearchIsTrustedOnceTheLagHasPassedSinceTheEarlierAttemptsMayHaveEnded() {
    TestClock clock = new TestClock(NOW);
    CreateMemory lagging = new CreateMemory(Duration.ofMinutes(2), clock);
    Duration lag = Duration.ofMinutes(5);
    NewTicket unknown = ticket("earlier-process", 2, Duration.ZERO);
    assertEquals(lag, lagging.untilSearchable(unknown, lag), "attempted before this memory began, maybe just");
    NewTicket a = ticket("a", 1, Duration.ZERO);
    lagging.sending("a");
    clock.advance(Duration.ofMinutes(4));
    assertEquals(lag, lagging.untilSearchable(a, lag), "counted from now while the create is being sent");
    lagging.failed("a", new SocketTimeoutException("timeout"));
    clock.advance(Duration.ofMinutes(1));
    assertEquals(Duration.ofMinutes(4), lagging.untilSearchable(a, lag), "counted from the end of the unanswered send");
    assertNull(lagging.untilSearchable(unknown, lag));

    NewTicket endedLately = NewTicket.builder().submissionId("b").subject("s").createdAt(NOW).attempt(3)
        .attemptTimes(NOW, clock.instant()).earlierAttemptsEndedBy(clock.instant().minusSeconds(30)).build();
    assertEquals(Duration.ofSeconds(270), lagging.untilSearchable(endedLately, lag),
        "another process's attempt, as the outbox bounds it");
    clock.advance(Duration.ofSeconds(270));
    assertNull(lagging.untilSearchable(a, lag));
    assertNull(lagging.untilSearchable(endedLately, lag));
  }

  @Test
  void rememberTheLatestCreatesUpToTheCapacity() {
    for (int i = 0; i <= CreateMemory.CAPACITY; i++) memory.created("s" + i, "T-" + i);
    assertNull(memory.ticketOf("s0"), "the oldest is forgotten");
    assertEquals("T-1", memory.ticketOf("s1"));
    assertEquals("T-" + CreateMemory.CAPACITY, memory.ticketOf("s" + CreateMemory.CAPACITY));
  }
}
