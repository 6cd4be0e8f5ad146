package dev.helpline.delivery;

import static dev.helpline.delivery.DeliveryFixtures.client;
import static dev.helpline.delivery.DeliveryFixtures.connector;
import static dev.helpline.delivery.DeliveryFixtures.draft;
import static dev.helpline.delivery.DeliveryFixtures.fastConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.DeskException;
import dev.helpline.Helpline;
import dev.helpline.OutboxHealth;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.testkit.TestDesk;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A desk that refuses a ticket for good: reported once, kept for the user, never retried on its own. */
@Timeout(60)
class PermanentFailureTest {
  @TempDir Path dir;

  @Test
  void refusedTicketIsKeptAsFailedWithTheDesksReasonAndDeliveredWhenRetried() throws Exception {
    Events events = new Events();
    try (TestDesk desk = TestDesk.builder().start();
        SupportApiConnector connector = connector(desk.baseUrl(), desk.appKey());
        Helpline helpline = client(connector, dir, fastConfig()).addDeliveryListener(events).build()) {
      desk.faults().forPath("POST", "/v1/tickets").failNext(1, 422);

      Submission s = helpline.submit(draft("refused once"));
      ExecutionException thrown = assertThrows(ExecutionException.class, () -> s.delivery().get(20, TimeUnit.SECONDS));
      DeskException reason = assertInstanceOf(DeskException.class, thrown.getCause());
      assertEquals(422, reason.httpStatus());
      assertFalse(reason.isRetryable());
      events.awaitFailed(1);
      assertEquals(s.id(), events.failed.get(0).id());
      assertEquals(422, events.failureReasons.get(0).httpStatus());

      List<Submission> kept = helpline.submissions();
      assertEquals(1, kept.size());
      Submission failed = kept.get(0);
      assertEquals(s.id(), failed.id());
      assertEquals(Submission.State.FAILED, failed.state());
      assertNull(failed.nextAttemptAt(), "a refused submission has no next attempt");
      assertNotNull(failed.lastError());
      assertTrue(failed.lastError().contains("injected failure (HTTP 422)"), failed.lastError());
      OutboxHealth health = helpline.health();
      assertEquals(0, health.pending());
      assertEquals(1, health.failed());
      assertTrue(health.lastError() != null && health.lastError().contains("422"), health::toString);
      assertEquals(OutboxHealth.CircuitState.CLOSED, health.circuitState(), "a refusal says nothing about the desk's health");

      // Not retried on its own, not even by a flush.
      helpline.flush().get(10, TimeUnit.SECONDS);
      assertEquals(1, desk.createRequestCount());
      assertEquals(0, desk.ticketCount());

      Submission again = helpline.retry(s.id());
      assertEquals(Submission.State.QUEUED, again.state());
      Ticket t = again.delivery().get(20, TimeUnit.SECONDS);
      assertEquals(s.id(), desk.ticket(t.id()).idempotencyKey());
      assertEquals(1, desk.ticketCount());
      assertEquals(List.of(), helpline.submissions());
      assertEquals(0, helpline.health().failed());
    }
  }

  @Test
  void discardedFailedTicketIsGoneForGoodAndQueuedOnesCannotBeDiscarded() throws Exception {
    Events events = new Events();
    try (TestDesk desk = TestDesk.builder().start();
        SupportApiConnector connector = connector(desk.baseUrl(), desk.appKey());
        Helpline helpline = client(connector, dir, fastConfig()).addDeliveryListener(events).build()) {
      desk.faults().forPath("POST", "/v1/tickets").failNext(1, 400);

      Submission s = helpline.submit(draft("refused and discarded"));
      events.awaitFailed(1);
      ExecutionException thrown = assertThrows(ExecutionException.class, () -> s.delivery().get(20, TimeUnit.SECONDS));
      assertEquals(400, assertInstanceOf(DeskException.class, thrown.getCause()).httpStatus());

      helpline.discard(s.id());
      assertEquals(List.of(), helpline.submissions());
      assertEquals(0, helpline.health().failed());
      assertThrows(IllegalArgumentException.class, () -> helpline.discard(s.id()), "nothing left to discard");
      assertThrows(IllegalArgumentException.class, () -> helpline.retry(s.id()), "nothing left to retry");
      helpline.flush().get(10, TimeUnit.SECONDS);
      assertEquals(1, desk.createRequestCount());
      assertEquals(0, desk.ticketCount());

      // A delivered one leaves no trace to discard either.
      Submission ok = helpline.submit(draft("delivered"));
      ok.delivery().get(20, TimeUnit.SECONDS);
      assertThrows(IllegalArgumentException.class, () -> helpline.discard(ok.id()));
      assertEquals(1, desk.ticketCount());
    }
  }

  @Test
  void wrongAppKeyFailsOnceWithAClearMessageAndIsNotRetriedForever() throws Exception {
    Events events = new Events();
    try (TestDesk desk = TestDesk.builder().start();
        SupportApiConnector connector = connector(desk.baseUrl(), "app_not_the_desks_key");
        Helpline helpline = client(connector, dir, fastConfig()).addDeliveryListener(events).build()) {
      Submission s = helpline.submit(draft("wrong key"));
      ExecutionException thrown = assertThrows(ExecutionException.class, () -> s.delivery().get(20, TimeUnit.SECONDS));
      DeskException reason = assertInstanceOf(DeskException.class, thrown.getCause());
      assertEquals(401, reason.httpStatus());
      assertTrue(reason.getMessage().contains("401"), reason.getMessage());
      assertTrue(reason.getMessage().contains("unauthorized"), reason.getMessage());
      assertFalse(reason.getMessage().contains("app_not_the_desks_key"), "the key must not appear in messages");
      events.awaitFailed(1);

      // A flush (which attempts everything pending) does not bring it back: the desk heard it once.
      helpline.flush().get(10, TimeUnit.SECONDS);
      Submission failed = helpline.submissions().get(0);
      assertEquals(Submission.State.FAILED, failed.state());
      assertEquals(1, failed.attempts());
      assertTrue(failed.lastError().contains("401"), failed.lastError());
      assertEquals(0, events.retrying.size());
      assertEquals(1, desk.createRequestCount());
      assertEquals(0, desk.ticketCount());
    }
  }
}
