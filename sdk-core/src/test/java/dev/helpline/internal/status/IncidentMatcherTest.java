package dev.helpline.internal.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.TicketDraft;
import dev.helpline.status.Component;
import dev.helpline.status.Incident;
import dev.helpline.status.StatusSnapshot;
import dev.helpline.status.StatusSnapshot.Indicator;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IncidentMatcherTest {
  private static final Component US_WEST = new Component("c1", "US West", Component.Status.MAJOR_OUTAGE, "Regions");
  private static final Component EU_WEST = new Component("c2", "EU West", Component.Status.OPERATIONAL, "Regions");

  private static StatusSnapshot snapshot(Incident incident, Component... components) {
    return new StatusSnapshot(Indicator.MINOR, "", List.of(components), List.of(incident), List.of(), Instant.EPOCH,
        false);
  }

  private static Incident incident(String name, String... components) {
    return new Incident("inc_1", name, Incident.Status.INVESTIGATING, Indicator.MINOR, null, null, null,
        List.of(components), null);
  }

  private static TicketDraft category(String category) {
    return TicketDraft.builder().subject("Hello").category(category).build();
  }

  @Test
  void twoLetterWordsTellComponentNamesApart() {
    StatusSnapshot outage = snapshot(incident("Outage", "US West"), US_WEST, EU_WEST);
    assertTrue(IncidentMatcher.match(outage, category("EU West")).isEmpty(), "EU West is not US West");
    assertEquals(1, IncidentMatcher.match(outage, category("us west")).size());
    assertEquals(1, IncidentMatcher.match(outage, category("Regions")).size(), "the group still covers it");
  }

  @Test
  void twoLetterStopWordsInNamesDoNotCount() {
    Component signIn = new Component("c3", "Sign in", Component.Status.MAJOR_OUTAGE, null);
    StatusSnapshot outage = snapshot(incident("Outage", "Sign in"), signIn);
    assertEquals(1, IncidentMatcher.match(outage, category("sign")).size());
    assertTrue(IncidentMatcher.match(outage, category("in")).isEmpty());
  }

  @Test
  void freeTextStillIgnoresTwoLetterWords() {
    StatusSnapshot outage = snapshot(incident("US West outage", "US West"), US_WEST);
    TicketDraft draft = TicketDraft.builder().subject("Us too").description("same for us").build();
    assertTrue(IncidentMatcher.match(outage, draft).isEmpty());
  }

  @Test
  void edIsFoldedOnlyWhenALongEnoughStemRemains() {
    assertEquals(Set.of("speed"), IncidentMatcher.words("speeds"));
    assertEquals(Set.of("speed"), IncidentMatcher.words("speed"));
    assertEquals(Set.of("fail", "export"), IncidentMatcher.words("failed exported"));
    StatusSnapshot slow = snapshot(incident("Slow upload speed"));
    assertEquals(1, IncidentMatcher.match(slow, TicketDraft.builder().subject("Speeds are terrible").build()).size());
  }
}
