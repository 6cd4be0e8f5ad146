package dev.helpline.connector.rt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.connector.CapabilityUnsupportedException;
import dev.helpline.Priority;
import dev.helpline.Rating;
import dev.helpline.Requester;
import dev.helpline.TicketStatus;
import dev.helpline.connector.Capability;
import dev.helpline.connector.UserAuth;
import java.time.Instant;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Mappings and configuration that need no server. */
@Timeout(10)
class RequestTrackerMappingTest {
  private static final String TOKEN = "1-14-0123456789abcdef0123456789abcdef";

  @Test
  void rtStatusesMapToHelplineStatuses() {
    assertEquals(TicketStatus.NEW, RtMapping.status("new"));
    assertEquals(TicketStatus.OPEN, RtMapping.status("open"));
    assertEquals(TicketStatus.ON_HOLD, RtMapping.status("stalled"));
    assertEquals(TicketStatus.SOLVED, RtMapping.status("resolved"));
    assertEquals(TicketStatus.REJECTED, RtMapping.status("rejected"));
    assertEquals(TicketStatus.CLOSED, RtMapping.status("deleted"));
    assertEquals(TicketStatus.UNKNOWN, RtMapping.status("custom-lifecycle-status"));
    assertEquals(TicketStatus.UNKNOWN, RtMapping.status(null));
  }

  @Test
  void prioritiesRoundTripAndUnsetReadsAsNull() {
    for (Priority p : Priority.values()) {
      assertEquals(p, RtMapping.priority(RtMapping.priorityValue(p)));
    }
    assertEquals(10, RtMapping.priorityValue(Priority.LOW));
    assertEquals(50, RtMapping.priorityValue(Priority.NORMAL));
    assertEquals(75, RtMapping.priorityValue(Priority.HIGH));
    assertEquals(100, RtMapping.priorityValue(Priority.URGENT));
    assertNull(RtMapping.priority(0));
    assertEquals(Priority.HIGH, RtMapping.priority(70));
  }

  @Test
  void unsetRtDatesReadAsNull() {
    Map<String, Object> o = Map.of("Due", "1970-01-01T00:00:00Z", "Created", "2026-11-24T23:30:34Z", "Bad", "soon");
    assertNull(RtHttp.JSON.instant(o, "Due"));
    assertNull(RtHttp.JSON.instant(o, "Bad"));
    assertNull(RtHttp.JSON.instant(o, "Missing"));
    assertEquals(Instant.parse("2026-11-24T23:30:34Z"), RtHttp.JSON.instant(o, "Created"));
  }

  @Test
  void idsReadTheSameAsStringsOrNumbers() {
    assertEquals("7", RtHttp.JSON.string(Map.of("id", "7"), "id"));
    assertEquals("7", RtHttp.JSON.string(Map.of("id", 7.0), "id"));
  }

  @Test
  void baseUrlIsRootOrRestBase() {
    for (String base : new String[] {"http://rt.test:8080", "http://rt.test:8080/", "http://rt.test:8080/REST/2.0",
        "http://rt.test:8080/REST/2.0/"}) {
      HttpUrl[] b = RtHttp.bases(base);
      assertEquals("http://rt.test:8080/", b[0].toString(), base);
      assertEquals("http://rt.test:8080/REST/2.0/", b[1].toString(), base);
    }
    HttpUrl[] under = RtHttp.bases("https://example.com/rt/");
    assertEquals("https://example.com/rt/REST/2.0/", under[1].toString());
    assertThrows(IllegalArgumentException.class, () -> RtHttp.bases("rt.example.com"));
  }

  @Test
  void ticketSqlStringsAreEscaped() {
    assertEquals("o\\'brien@example.com", RtMapping.sqlString("o'brien@example.com"));
    assertEquals("a\\\\\\'b", RtMapping.sqlString("a\\'b"));
  }

  @Test
  void builderFailsFastAndDoesNoIo() {
    assertThrows(IllegalStateException.class, () -> RequestTrackerConnector.builder().token(TOKEN).build());
    assertThrows(IllegalStateException.class, () -> RequestTrackerConnector.builder().baseUrl("http://rt.test/").build());
    assertThrows(IllegalArgumentException.class, () -> RequestTrackerConnector.builder().userAgent("Mozilla/5.0"));
    assertThrows(IllegalArgumentException.class, () -> RequestTrackerConnector.builder().submissionField("a'b"));
    assertThrows(IllegalArgumentException.class, () -> RequestTrackerConnector.builder().pageSize(101));
    IllegalArgumentException header = assertThrows(IllegalArgumentException.class,
        () -> RequestTrackerConnector.builder().token("secret\r\nX: y"));
    assertFalse(header.getMessage().contains("secret"), header.getMessage());
    // An unreachable host: build() must not touch it.
    RequestTrackerConnector c = RequestTrackerConnector.builder().baseUrl("http://rt.invalid/").token(TOKEN).build();
    c.close();
  }

  @Test
  void declaresNoRatingsAndRefusesThem() {
    RequestTrackerConnector c = RequestTrackerConnector.builder().baseUrl("http://rt.invalid/").token(TOKEN)
        .queueForCategory("billing", "Billing").build();
    assertEquals("Request Tracker", c.name());
    assertFalse(c.capabilities().contains(Capability.RATE));
    assertTrue(c.capabilities().contains(Capability.FIND_BY_SUBMISSION));
    assertThrows(CapabilityUnsupportedException.class,
        () -> c.rate(UserAuth.of(Requester.ofEmail("a@example.com"), null), "1", Rating.of(5)));
    assertEquals("Billing", c.queueFor("billing"));
    assertEquals("General", c.queueFor("other"));
    assertEquals("General", c.queueFor(null));
    assertFalse(c.toString().contains(TOKEN), c.toString());
    assertThrows(IllegalArgumentException.class,
        () -> c.getTicket(UserAuth.of(Requester.of("id-1", null, null), null), "1", null));
    assertThrows(IllegalArgumentException.class,
        () -> c.getTicket(UserAuth.of(Requester.ofEmail("a@example.com"), null), "../1", null));
    c.close();
  }
}
