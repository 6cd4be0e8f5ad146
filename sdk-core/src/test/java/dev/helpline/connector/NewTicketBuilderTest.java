package dev.helpline.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.helpline.outbox.SubmissionRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The builders connectors and stores use: a refused argument names itself and leaves the builder as it was. */
class NewTicketBuilderTest {
  @Test
  void nullTagsOrCustomFieldsAreRefusedByNameAndKeepWhatWasSet() {
    NewTicket.Builder b = NewTicket.builder().submissionId("s-1").subject("Sync").description("Stops.")
        .createdAt(java.time.Instant.parse("2026-12-06T10:00:00Z"))
        .tags(List.of("sync")).customFields(Map.of("plan", "pro"));
    assertEquals("tags == null", assertThrows(NullPointerException.class, () -> b.tags(null)).getMessage());
    assertEquals("customFields == null",
        assertThrows(NullPointerException.class, () -> b.customFields(null)).getMessage());
    NewTicket t = b.build();
    assertEquals(List.of("sync"), t.tags());
    assertEquals(Map.of("plan", "pro"), t.customFields());

    SubmissionRecord.Builder r = SubmissionRecord.builder().tags(List.of("sync")).customFields(Map.of("plan", "pro"));
    assertEquals("tags == null", assertThrows(NullPointerException.class, () -> r.tags(null)).getMessage());
    assertEquals("customFields == null",
        assertThrows(NullPointerException.class, () -> r.customFields(null)).getMessage());
  }
}
