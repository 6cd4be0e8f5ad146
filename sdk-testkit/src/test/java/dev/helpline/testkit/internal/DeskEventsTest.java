package dev.helpline.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DeskEventsTest {
  @Test
  void eachSubscriberGetsEveryEventInOrder() throws InterruptedException {
    DeskEvents events = new DeskEvents();
    try (DeskEvents.Subscription a = events.subscribe(); DeskEvents.Subscription b = events.subscribe()) {
      events.publish("ticket", "1");
      events.publish("status", null);
      for (DeskEvents.Subscription s : new DeskEvents.Subscription[] {a, b}) {
        assertEquals("{\"kind\":\"ticket\",\"id\":\"1\"}", s.poll(0));
        assertEquals("{\"kind\":\"status\",\"id\":null}", s.poll(0));
        assertNull(s.poll(0));
      }
    }
    assertEquals(0, events.subscriberCount(), "closing unsubscribes");
  }

  @Test
  void aSubscriberThatFallsBehindGetsOneResyncInsteadOfBlockingThePublisher() throws InterruptedException {
    DeskEvents events = new DeskEvents();
    try (DeskEvents.Subscription slow = events.subscribe()) {
      for (int i = 0; i < 1000; i++) {
        events.publish("ticket", Integer.toString(i)); // never blocks, though nobody reads
      }
      assertEquals("{\"kind\":\"resync\"}", slow.poll(0));
      assertNull(slow.poll(0), "the backlog was dropped; a resync reloads everything anyway");
      events.publish("ticket", "1001");
      assertEquals("{\"kind\":\"ticket\",\"id\":\"1001\"}", slow.poll(0));
    }
  }
}
