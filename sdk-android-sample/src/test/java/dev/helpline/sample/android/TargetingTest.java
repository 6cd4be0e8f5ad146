package dev.helpline.sample.android;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/** Notice targeting, version order, the status banner and incident matching: plain Java, no Android. */
public class TargetingTest {
  @Rule public final Timeout timeout = Timeout.seconds(10);

  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  private static Notice notice(Instant startsAt, Instant endsAt, List<String> platforms, String min, String max,
      List<String> locales) {
    return new Notice("n", "maintenance", "t", "b", "info", startsAt, endsAt, platforms, min, max, locales);
  }

  @Test
  public void aNoticeAppliesOnlyInsideItsWindow() {
    Notice n = notice(NOW, NOW.plusSeconds(60), Collections.emptyList(), null, null, Collections.emptyList());
    assertFalse(n.appliesTo(NOW.minusSeconds(1), "android", "1.0", Locale.ENGLISH));
    assertTrue(n.appliesTo(NOW, "android", "1.0", Locale.ENGLISH));
    assertFalse("endsAt is exclusive", n.appliesTo(NOW.plusSeconds(60), "android", "1.0", Locale.ENGLISH));
  }

  @Test
  public void aNoticeAppliesToItsPlatformsVersionsAndLanguages() {
    Notice n = notice(null, null, List.of("android"), "4.2", "4.10.1", List.of("de-AT", "en"));
    assertTrue(n.appliesTo(NOW, "android", "4.2.0", Locale.GERMAN));
    assertTrue(n.appliesTo(NOW, "android", "4.10.1-beta", Locale.UK));
    assertFalse(n.appliesTo(NOW, "ios", "4.5", Locale.ENGLISH));
    assertFalse(n.appliesTo(NOW, "android", "4.1.9", Locale.ENGLISH));
    assertFalse(n.appliesTo(NOW, "android", "4.11", Locale.ENGLISH));
    assertFalse(n.appliesTo(NOW, "android", "4.5", Locale.FRENCH));
  }

  @Test
  public void versionsCompareNumericallyPartByPart() {
    assertTrue(Notice.compareVersions("4.10", "4.9") > 0);
    assertEquals(0, Notice.compareVersions("4.2", "4.2.0"));
    assertTrue(Notice.compareVersions("1.0.0-rc1", "1.0.1") < 0);
  }

  @Test
  public void theBannerNamesDegradedComponentsAndRunningMaintenance() {
    ServiceStatus allWell = new ServiceStatus("none", "All Systems Operational",
        List.of(new ServiceStatus.Component("API", "operational")), List.of(), List.of());
    assertNull(allWell.bannerText());
    ServiceStatus busy = new ServiceStatus("major", "Partial outage",
        List.of(new ServiceStatus.Component("API", "major_outage"), new ServiceStatus.Component("Web", "operational")),
        List.of(), List.of(new ServiceStatus.Event("DB upgrade", "in_progress", "maintenance"),
            new ServiceStatus.Event("Later", "scheduled", "maintenance")));
    assertEquals("API: major outage · Maintenance: DB upgrade", busy.bannerText());
    ServiceStatus indicatorOnly = new ServiceStatus("minor", "Minor Service Outage", List.of(), List.of(), List.of());
    assertEquals("Minor Service Outage", indicatorOnly.bannerText());
  }

  @Test
  public void incidentsMatchOnSignificantWordsAndOnlyWhileUnresolved() {
    ServiceStatus s = new ServiceStatus("minor", "", List.of(), List.of(
        new ServiceStatus.Event("Card payments failing", "investigating", "major"),
        new ServiceStatus.Event("Card reader errors", "resolved", "minor"),
        new ServiceStatus.Event("Login problems", "monitoring", "minor")), List.of());
    assertEquals(List.of("Card payments failing"), names(s.incidentsMatching("My CARD was declined")));
    assertEquals(List.of(), names(s.incidentsMatching("the problems are some errors"))); // stop words only
    assertEquals(List.of("Login problems"), names(s.incidentsMatching("login loops")));
  }

  private static List<String> names(List<ServiceStatus.Event> events) {
    return events.stream().map(e -> e.name).collect(Collectors.toList());
  }
}
