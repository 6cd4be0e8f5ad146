package dev.helpline.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.AppInfo;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SimpleTimeZone;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class StandardProvidersTest {
  @TempDir Path tmp;

  static Map<String, Object> run(DiagnosticsProvider provider) throws Exception {
    Diagnostics.Builder b = Diagnostics.builder(Instant.EPOCH);
    provider.contribute(b.section(provider.name()));
    return b.build().sections().get(provider.name());
  }

  @Test
  void osReportsNameVersionArch() throws Exception {
    DiagnosticsProvider os = DiagnosticsProvider.os();
    Map<String, Object> s = run(os);
    assertEquals("os", os.name());
    assertEquals(System.getProperty("os.name"), s.get("name"));
    assertEquals(System.getProperty("os.version"), s.get("version"));
    assertEquals(System.getProperty("os.arch"), s.get("arch"));
  }

  @Test
  void runtimeReportsVendorVersionVmAndCpusButNoAndroidLevelOnTheJvm() throws Exception {
    Map<String, Object> s = run(DiagnosticsProvider.runtime());
    assertEquals(System.getProperty("java.vendor"), s.get("vendor"));
    assertEquals(System.getProperty("java.version"), s.get("version"));
    assertEquals(System.getProperty("java.vm.name"), s.get("vmName"));
    assertEquals((long) Runtime.getRuntime().availableProcessors(), s.get("cpuCount"));
    assertFalse(s.containsKey("androidApiLevel"));
  }

  @Test
  void appReportsNameVersionAndBuildOnlyWhenKnown() throws Exception {
    assertEquals(Map.of("name", "Foo", "version", "1.2", "build", "45"), run(DiagnosticsProvider.app(AppInfo.of("Foo", "1.2", "45"))));
    assertEquals(Map.of("name", "Foo", "version", "1.2"), run(DiagnosticsProvider.app(AppInfo.of("Foo", "1.2"))));
  }

  @Test
  void localeReportsTagZoneAndOffsetAtTheClocksInstant() throws Exception {
    Locale locale = Locale.getDefault();
    TimeZone zone = TimeZone.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("de-DE"));
      TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
      Clock winter = Clock.fixed(Instant.parse("2026-01-15T12:00:00Z"), ZoneOffset.UTC);
      Clock summer = Clock.fixed(Instant.parse("2026-07-15T12:00:00Z"), ZoneOffset.UTC);
      assertEquals(
          Map.of("locale", "de-DE", "timeZone", "Europe/Berlin", "utcOffset", "+01:00"),
          run(StandardProviders.locale(winter)));
      assertEquals("+02:00", run(StandardProviders.locale(summer)).get("utcOffset"));
      TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
      assertEquals("+00:00", run(StandardProviders.locale(winter)).get("utcOffset"));
      assertEquals("locale", DiagnosticsProvider.locale().name());
    } finally {
      Locale.setDefault(locale);
      TimeZone.setDefault(zone);
    }
  }

  @Test
  void localeReportsACustomTimeZoneWithItsDaylightSavingOffset() throws Exception {
    TimeZone zone = TimeZone.getDefault();
    try {
      // A zone of the host's own rules, with no id in the tz database: +01:00, +02:00 from March to October.
      TimeZone.setDefault(new SimpleTimeZone(3_600_000, "Office",
          Calendar.MARCH, -1, Calendar.SUNDAY, 3_600_000, SimpleTimeZone.UTC_TIME,
          Calendar.OCTOBER, -1, Calendar.SUNDAY, 3_600_000, SimpleTimeZone.UTC_TIME, 3_600_000));
      Clock winter = Clock.fixed(Instant.parse("2026-01-15T12:00:00Z"), ZoneOffset.UTC);
      Clock summer = Clock.fixed(Instant.parse("2026-07-15T12:00:00Z"), ZoneOffset.UTC);

      Map<String, Object> s = run(StandardProviders.locale(winter));
      assertEquals("Office", s.get("timeZone"));
      assertEquals("+01:00", s.get("utcOffset"));
      assertEquals(Locale.getDefault().toLanguageTag(), s.get("locale"));
      assertEquals("+02:00", run(StandardProviders.locale(summer)).get("utcOffset"));
    } finally {
      TimeZone.setDefault(zone);
    }
  }

  @Test
  void memoryReportsConsistentHeapNumbers() throws Exception {
    Map<String, Object> s = run(DiagnosticsProvider.memory());
    long used = (Long) s.get("heapUsedBytes");
    long free = (Long) s.get("heapFreeBytes");
    long total = (Long) s.get("heapTotalBytes");
    assertEquals(total, used + free);
    assertTrue(used > 0);
    if (s.containsKey("heapMaxBytes")) assertTrue((Long) s.get("heapMaxBytes") >= total);
    assertEquals(Runtime.getRuntime().maxMemory() != Long.MAX_VALUE, s.containsKey("heapMaxBytes"));
  }

  @Test
  void diskReportsTheFileStoreOfAnExistingDirectory() throws Exception {
    Map<String, Object> s = run(DiagnosticsProvider.disk(() -> tmp));
    FileStore store = Files.getFileStore(tmp);
    assertEquals(true, s.get("exists"));
    assertEquals(store.getTotalSpace(), s.get("totalBytes"));
    assertTrue((Long) s.get("usableBytes") >= 0);
    assertTrue((Long) s.get("freeBytes") >= 0);
    assertEquals(Set.of("exists", "freeBytes", "usableBytes", "totalBytes"), s.keySet());
  }

  @Test
  void diskOnAMissingDirectoryUsesTheNearestExistingParent() throws Exception {
    Path missing = tmp.resolve("not-yet").resolve("created");
    Map<String, Object> s = run(DiagnosticsProvider.disk(() -> missing));
    assertFalse(Files.exists(missing));
    assertEquals(false, s.get("exists"));
    assertEquals(Files.getFileStore(tmp).getTotalSpace(), s.get("totalBytes"));
    assertFalse(s.values().stream().anyMatch(v -> String.valueOf(v).contains(tmp.toString())), "path not reported");
  }

  @Test
  void diskReadsTheSupplierEachTime() throws Exception {
    Path[] current = {tmp.resolve("missing")};
    DiagnosticsProvider disk = DiagnosticsProvider.disk(() -> current[0]);
    assertEquals(false, run(disk).get("exists"));
    current[0] = tmp;
    assertEquals(true, run(disk).get("exists"));
  }

  @Test
  void customCopiesTheHostContextInOrderAtCreation() throws Exception {
    Map<String, String> context = new LinkedHashMap<>();
    context.put("tenant", "acme");
    context.put("plan", "pro");
    context.put("unset", null);
    DiagnosticsProvider custom = DiagnosticsProvider.custom(context);
    context.put("later", "ignored");

    Map<String, Object> s = run(custom);
    assertEquals("custom", custom.name());
    assertEquals(List.of("tenant", "plan"), List.copyOf(s.keySet()));
    assertEquals("pro", s.get("plan"));
  }

  @Test
  void customRejectsABadKeyUpFront() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DiagnosticsProvider.custom(Map.of("", "v")));
    assertTrue(e.getMessage().contains("1 to 128"), e.getMessage());
  }

  @Test
  void providersHaveTheDocumentedSectionNames() {
    assertEquals(
        List.of("os", "runtime", "app", "locale", "memory", "disk", "custom"),
        List.of(
            DiagnosticsProvider.os().name(),
            DiagnosticsProvider.runtime().name(),
            DiagnosticsProvider.app(AppInfo.of("a", "1")).name(),
            DiagnosticsProvider.locale().name(),
            DiagnosticsProvider.memory().name(),
            DiagnosticsProvider.disk(() -> Path.of(".")).name(),
            DiagnosticsProvider.custom(Map.of()).name()));
  }
}
