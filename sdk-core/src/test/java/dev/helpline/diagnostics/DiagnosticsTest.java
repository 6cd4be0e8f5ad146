package dev.helpline.diagnostics;

import dev.helpline.diagnostics.Diagnostics.ProviderFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class DiagnosticsTest {
  private static final Instant AT = Instant.parse("2026-11-24T10:15:30.123456789Z");

  static Diagnostics sample() {
    Diagnostics.Builder b = Diagnostics.builder(AT);
    DiagnosticsProvider.Sink app = b.section("app");
    app.put("name", "Foo");
    app.put("version", "1.2");
    app.put("build", "45");
    DiagnosticsProvider.Sink os = b.section("os");
    os.put("name", "Linux");
    os.put("version", "6.1");
    os.put("arch", "amd64");
    DiagnosticsProvider.Sink rt = b.section("runtime");
    rt.put("vendor", "Eclipse Adoptium");
    rt.put("version", "17.0.9");
    rt.put("vmName", "OpenJDK 64-Bit Server VM");
    rt.put("cpuCount", 8);
    DiagnosticsProvider.Sink locale = b.section("locale");
    locale.put("locale", "de-DE");
    locale.put("timeZone", "Europe/Berlin");
    locale.put("utcOffset", "+01:00");
    DiagnosticsProvider.Sink memory = b.section("memory");
    memory.put("heapUsedBytes", 34L * 1024 * 1024);
    memory.put("heapMaxBytes", 256L * 1024 * 1024);
    DiagnosticsProvider.Sink custom = b.section("custom");
    custom.put("tenant", "acme \"quoted\" \u00fc\u00df \ud83d\ude00\n");
    custom.put("ratio", 0.25);
    custom.put("negativeZero", -0.0);
    custom.put("big", 1.0e300);
    custom.put("wholeDouble", 3.0);
    custom.put("beta", true);
    custom.put("minLong", Long.MIN_VALUE);
    b.addFailure("device", "timed out after 500 ms");
    b.addFailure("network", "IllegalStateException: boom");
    return b.build();
  }

  @Test
  void aStringWithHalfAnEmojiKeepsAReplacementCharacterSoItsJsonReadsBackExactly() {
    Diagnostics.Builder b = Diagnostics.builder(AT);
    b.section("custom").put("title", "Draft \ud83d");
    Diagnostics d = b.build();
    assertEquals("Draft \ufffd", d.sections().get("custom").get("title"));
    assertEquals(d, Diagnostics.fromJson(d.toJson()));
  }

  @Test
  void aFailureWithHalfAnEmojiKeepsAReplacementCharacterSoItsJsonAndSummaryAgree() {
    Diagnostics d = Diagnostics.builder(AT).addFailure("device", "IllegalStateException: Draft \ud83d").build();

    assertEquals("IllegalStateException: Draft \ufffd", d.failures().get(0).error());
    assertEquals(d, Diagnostics.fromJson(d.toJson()));
    assertEquals("Failed: device (IllegalStateException: Draft \ufffd)", d.summary());
  }

  @Test
  void aFailureWithAHugeMessageIsCutLikeAStringValue() {
    String message = "IllegalStateException: " + "lorem ipsum ".repeat(100_000);
    Diagnostics d = Diagnostics.builder(AT).addFailure("x".repeat(20_000), message).build();

    ProviderFailure failure = d.failures().get(0);
    assertTrue(failure.error().length() <= Diagnostics.MAX_STRING_LENGTH, "error of " + failure.error().length());
    assertTrue(failure.error().startsWith("IllegalStateException: lorem ipsum"));
    assertTrue(failure.error().endsWith("…"));
    assertTrue(failure.provider().length() <= Diagnostics.MAX_STRING_LENGTH, "provider of " + failure.provider().length());
    assertTrue(d.toJson().length() < 3 * Diagnostics.MAX_STRING_LENGTH, "json of " + d.toJson().length());
  }

  @Test
  void jsonRoundTripIsExact() {
    Diagnostics d = sample();
    String json = d.toJson();
    Diagnostics back = Diagnostics.fromJson(json);

    assertEquals(d, back);
    assertEquals(d.hashCode(), back.hashCode());
    assertEquals(json, back.toJson());
    assertEquals(List.copyOf(d.sections().keySet()), List.copyOf(back.sections().keySet()));
    assertEquals(Long.MIN_VALUE, back.sections().get("custom").get("minLong"));
    assertEquals(3.0, back.sections().get("custom").get("wholeDouble"));
    assertEquals(-0.0, back.sections().get("custom").get("negativeZero"));
  }

  @Test
  void jsonHasTheDocumentedShape() throws IOException {
    JsonReader r = JsonReader.of(new Buffer().writeUtf8(sample().toJson()));
    List<String> topLevel = new ArrayList<>();
    r.beginObject();
    while (r.hasNext()) {
      String name = r.nextName();
      topLevel.add(name);
      switch (name) {
        case "schema":
          assertEquals("helpline.diagnostics", r.nextString());
          break;
        case "version":
          assertEquals(JsonReader.Token.NUMBER, r.peek());
          assertEquals(1, r.nextInt());
          break;
        case "collectedAt":
          assertEquals("2026-11-24T10:15:30.123456789Z", r.nextString());
          break;
        case "sections":
          r.beginObject();
          while (r.hasNext()) {
            String section = r.nextName();
            assertTrue(section.matches("[a-z][a-z0-9_-]{0,63}"), section);
            r.beginObject();
            while (r.hasNext()) {
              r.nextName();
              JsonReader.Token t = r.peek();
              assertTrue(
                  t == JsonReader.Token.STRING || t == JsonReader.Token.NUMBER || t == JsonReader.Token.BOOLEAN,
                  "value type " + t + " at " + r.getPath());
              r.skipValue();
            }
            r.endObject();
          }
          r.endObject();
          break;
        case "failures":
          r.beginArray();
          int count = 0;
          while (r.hasNext()) {
            r.beginObject();
            assertEquals("provider", r.nextName());
            assertEquals(JsonReader.Token.STRING, r.peek());
            r.skipValue();
            assertEquals("error", r.nextName());
            assertEquals(JsonReader.Token.STRING, r.peek());
            r.skipValue();
            assertFalse(r.hasNext());
            r.endObject();
            count++;
          }
          r.endArray();
          assertEquals(2, count);
          break;
        default:
          throw new AssertionError("undocumented member " + name);
      }
    }
    r.endObject();
    assertEquals(List.of("schema", "version", "collectedAt", "sections", "failures"), topLevel);
  }

  /** Keeps docs/diagnostics.schema.json and the writer in step: required members, types and constants. */
  @Test
  void jsonMatchesThePublishedJsonSchema() throws IOException {
    Path schemaFile = Path.of("..", "docs", "diagnostics.schema.json");
    assertTrue(Files.exists(schemaFile), "missing " + schemaFile.toAbsolutePath());
    @SuppressWarnings("unchecked")
    Map<String, Object> schema =
        (Map<String, Object>)
            JsonReader.of(new Buffer().writeString(Files.readString(schemaFile), StandardCharsets.UTF_8)).readJsonValue();
    @SuppressWarnings("unchecked")
    Map<String, Object> doc =
        (Map<String, Object>) JsonReader.of(new Buffer().writeUtf8(sample().toJson())).readJsonValue();

    assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema"));
    @SuppressWarnings("unchecked")
    List<String> required = (List<String>) schema.get("required");
    assertEquals(List.copyOf(doc.keySet()), required);
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) schema.get("properties");
    assertEquals(Diagnostics.SCHEMA_NAME, properties.get("schema").get("const"));
    assertEquals((double) Diagnostics.SCHEMA_VERSION, properties.get("version").get("const"));
    assertEquals("date-time", properties.get("collectedAt").get("format"));
    for (String member : required) {
      String type = (String) properties.get(member).get("type");
      Object value = doc.get(member);
      String actual =
          value instanceof String ? "string"
              : value instanceof Double ? "integer"
              : value instanceof Map ? "object"
              : value instanceof List ? "array"
              : "other";
      assertEquals(type, actual, member);
    }
  }

  @Test
  void fromJsonRejectsAnotherVersionWithAClearMessage() {
    String json = sample().toJson().replace("\"version\":1", "\"version\":2");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Diagnostics.fromJson(json));
    assertEquals("unsupported diagnostics schema version 2; this SDK reads version 1", e.getMessage());
  }

  @Test
  void fromJsonChecksVersionBeforeTheBodySoANewerShapeReportsTheVersion() {
    String json =
        "{\"sections\":{\"os\":{\"name\":{\"nested\":true}}},\"schema\":\"helpline.diagnostics\",\"version\":3}";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Diagnostics.fromJson(json));
    assertTrue(e.getMessage().contains("version 3"), e.getMessage());
  }

  @Test
  void fromJsonRejectsBadInputNamingTheProblem() {
    assertMessage("not json", "malformed diagnostics JSON");
    assertMessage("[]", "expected an object");
    assertMessage("{\"schema\":\"other\",\"version\":1}", "schema 'other'");
    assertMessage("{\"version\":1}", "no \"schema\"");
    assertMessage("{\"schema\":\"helpline.diagnostics\"}", "no \"version\"");
    assertMessage(
        "{\"schema\":\"helpline.diagnostics\",\"version\":1,\"sections\":{},\"failures\":[]}", "no \"collectedAt\"");
    assertMessage(
        "{\"schema\":\"helpline.diagnostics\",\"version\":1,\"collectedAt\":\"yesterday\",\"sections\":{},\"failures\":[]}",
        "collectedAt 'yesterday'");
    assertMessage(
        "{\"schema\":\"helpline.diagnostics\",\"version\":1,\"collectedAt\":\"2026-11-24T10:15:30Z\","
            + "\"sections\":{\"os\":{\"names\":[\"a\"]}},\"failures\":[]}",
        "at path $.sections.os.names");
    assertMessage(
        "{\"schema\":\"helpline.diagnostics\",\"version\":1,\"collectedAt\":\"2026-11-24T10:15:30Z\","
            + "\"sections\":{\"Bad Name\":{}},\"failures\":[]}",
        "section name 'Bad Name'");
    assertMessage(
        "{\"schema\":\"helpline.diagnostics\",\"version\":1,\"collectedAt\":\"2026-11-24T10:15:30Z\","
            + "\"sections\":{},\"failures\":[{\"provider\":\"x\"}]}",
        "needs \"provider\" and \"error\"");
    assertMessage(
        "{\"schema\":\"helpline.diagnostics\",\"version\":1,\"collectedAt\":\"2026-11-24T10:15:30Z\",\"sections\":{}}",
        "no \"failures\"");
    assertMessage(
        "{\"schema\":\"helpline.diagnostics\",\"version\":1,\"collectedAt\":\"2026-11-24T10:15:30Z\","
            + "\"sections\":{},\"failures\":[]} {}",
        "malformed diagnostics JSON");
  }

  private static void assertMessage(String json, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Diagnostics.fromJson(json), json);
    assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should contain '" + expected + "'");
  }

  @Test
  void fromJsonIgnoresUnknownMembersAndNullValues() {
    String json =
        "{\"schema\":\"helpline.diagnostics\",\"version\":1,\"collectedAt\":\"2026-11-24T10:15:30Z\","
            + "\"addedLater\":{\"x\":[1,2]},\"sections\":{\"os\":{\"name\":\"Linux\",\"gone\":null}},"
            + "\"failures\":[{\"provider\":\"device\",\"error\":\"boom\",\"since\":3}]}";
    Diagnostics d = Diagnostics.fromJson(json);
    assertEquals(Map.of("name", "Linux"), d.sections().get("os"));
    assertEquals(List.of(ProviderFailure.of("device", "boom")), d.failures());
  }

  @Test
  void summaryShowsTheWellKnownSectionsOtherSectionsAndFailures() {
    String summary = sample().summary();
    List<String> lines = List.of(summary.split("\n"));

    assertEquals("App: Foo 1.2 (45)", lines.get(0));
    assertEquals("OS: Linux 6.1 (amd64)", lines.get(1));
    assertEquals("Runtime: Eclipse Adoptium 17.0.9 (OpenJDK 64-Bit Server VM), 8 CPUs", lines.get(2));
    assertEquals("Locale: de-DE, Europe/Berlin (UTC+01:00)", lines.get(3));
    assertEquals("Memory: heap 34/256 MiB", lines.get(4));
    assertTrue(lines.get(5).startsWith("Custom: tenant=acme \"quoted\" \u00fc\u00df \ud83d\ude00 , ratio=0.25"), lines.get(5));
    assertEquals(
        "Failed: device (timed out after 500 ms); network (IllegalStateException: boom)", lines.get(6));
    assertEquals(7, lines.size());
  }

  @Test
  void summaryShowsAndroidLevelDiskAndProcessLines() {
    long mib = 1024L * 1024;
    Diagnostics.Builder b = Diagnostics.builder(AT);
    DiagnosticsProvider.Sink rt = b.section("runtime");
    rt.put("vendor", "The Android Project");
    rt.put("version", "0");
    rt.put("androidApiLevel", 34);
    DiagnosticsProvider.Sink disk = b.section("disk");
    disk.put("usableBytes", 1500 * mib);
    disk.put("totalBytes", 64000 * mib);
    DiagnosticsProvider.Sink process = b.section("process");
    process.put("pid", 4242);
    process.put("uptimeMs", 61_500);
    process.put("physicalMemoryFreeBytes", 2048 * mib);
    process.put("physicalMemoryTotalBytes", 16384 * mib);
    b.section("empty");

    assertEquals(
        "Runtime: The Android Project 0, Android API 34\n"
            + "Disk: 1500 MiB free of 64000 MiB\n"
            + "Process: pid 4242, up 61 s, device memory 2048 MiB free of 16384 MiB",
        b.build().summary());
  }

  @Test
  void summaryShowsTheHostsKeysInAWellKnownSectionLikeTheJsonCarriesThem() {
    long mib = 1024L * 1024;
    Diagnostics.Builder b = Diagnostics.builder(AT);
    DiagnosticsProvider.Sink memory = b.section("memory");
    memory.put("heapUsedBytes", 34 * mib);
    memory.put("heapMaxBytes", 256 * mib);
    memory.put("lowMemory", true); // merged in by a host provider also named "memory"
    b.section("process").put("importance", "foreground"); // a host's own process section, as on Android
    b.section("disk").put("exists", true); // none of the keys the disk line shows

    assertEquals("Memory: heap 34/256 MiB, lowMemory=true\nDisk: exists=true\nProcess: importance=foreground",
        b.build().summary());
  }

  @Test
  void summaryIsBoundedInLinesAndLineLength() {
    Diagnostics.Builder b = Diagnostics.builder(AT);
    for (int i = 0; i < 30; i++) b.section("extra" + i).put("value", "x".repeat(500));
    List<String> lines = List.of(b.build().summary().split("\n"));

    assertEquals(15, lines.size());
    assertTrue(lines.get(14).contains("16 more sections"), lines.get(14));
    for (String line : lines) assertTrue(line.length() <= 160, line);
  }

  @Test
  void summaryKeepsTheFailedProvidersWhenTheSectionsDoNotFit() {
    Diagnostics.Builder b = Diagnostics.builder(AT);
    for (int i = 0; i < 15; i++) b.section("extra" + i).put("value", "x");
    b.addFailure("network", "timed out after 500 ms");
    List<String> lines = List.of(b.build().summary().split("\n"));

    assertEquals(15, lines.size());
    assertEquals("Extra12: value=x", lines.get(12));
    assertEquals("… 2 more sections in the attached diagnostics", lines.get(13));
    assertEquals("Failed: network (timed out after 500 ms)", lines.get(14));
  }

  @Test
  void summaryOfAnEmptySnapshotIsEmpty() {
    assertEquals("", Diagnostics.builder(AT).build().summary());
  }

  @Test
  void mapStringsAppliesToEveryStringValueAndFailureAndKeepsOtherValues() {
    Diagnostics d = sample();
    Diagnostics upper = d.mapStrings(s -> s.toUpperCase(Locale.ROOT));

    assertEquals(d.collectedAt(), upper.collectedAt());
    assertEquals(d.sections().keySet(), upper.sections().keySet());
    for (Map.Entry<String, Map<String, Object>> section : d.sections().entrySet()) {
      Map<String, Object> mapped = upper.sections().get(section.getKey());
      assertEquals(List.copyOf(section.getValue().keySet()), List.copyOf(mapped.keySet()));
      for (Map.Entry<String, Object> e : section.getValue().entrySet()) {
        Object expected =
            e.getValue() instanceof String ? ((String) e.getValue()).toUpperCase(Locale.ROOT) : e.getValue();
        assertEquals(expected, mapped.get(e.getKey()), section.getKey() + "." + e.getKey());
      }
    }
    assertEquals(ProviderFailure.of("device", "TIMED OUT AFTER 500 MS"), upper.failures().get(0));
    assertEquals("Foo", d.sections().get("app").get("name"), "the original is unchanged");
  }

  @Test
  void mapStringsRejectsANullResultNamingTheKey() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> sample().mapStrings(s -> null));
    assertTrue(e.getMessage().contains("key name"), e.getMessage());
  }

  @Test
  void sinkNormalizesNumbersIgnoresNullAndTruncatesLongStrings() {
    Diagnostics.Builder b = Diagnostics.builder(AT);
    DiagnosticsProvider.Sink s = b.section("custom");
    s.put("int", 7);
    s.put("short", (short) 3);
    s.put("float", 1.5f);
    s.put("decimal", new BigDecimal("2.5"));
    s.put("absent", null);
    s.put("long", "yy ".repeat(Diagnostics.MAX_STRING_LENGTH / 3 + 10));
    s.put("one word", "y".repeat(Diagnostics.MAX_STRING_LENGTH + 10));
    Map<String, Object> section = b.build().sections().get("custom");

    assertEquals(7L, section.get("int"));
    assertEquals(3L, section.get("short"));
    assertEquals(1.5, section.get("float"));
    assertEquals(2.5, section.get("decimal"));
    assertFalse(section.containsKey("absent"));
    String truncated = (String) section.get("long");
    // Cut before the word that crosses the limit, the ellipsis included in the limit.
    assertTrue(truncated.length() <= Diagnostics.MAX_STRING_LENGTH && truncated.length() > Diagnostics.MAX_STRING_LENGTH - 4,
        "length " + truncated.length());
    assertTrue(truncated.endsWith(" yy…"), truncated.substring(truncated.length() - 10));
    // A value without whitespace has no word to keep whole: only the ellipsis is left.
    assertEquals("…", section.get("one word"));
  }

  @Test
  void sinkRejectsOtherTypesAndBadKeysNamingTheKey() {
    DiagnosticsProvider.Sink s = Diagnostics.builder(AT).section("custom");

    IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> s.put("when", Instant.EPOCH));
    assertTrue(type.getMessage().contains("'when'") && type.getMessage().contains("java.time.Instant"), type.getMessage());
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> s.put("ratio", Double.NaN));
    assertTrue(nan.getMessage().contains("'ratio'"), nan.getMessage());
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> s.put("", "v"));
    assertTrue(empty.getMessage().contains("1 to 128"), empty.getMessage());
    assertThrows(IllegalArgumentException.class, () -> s.put("k".repeat(129), "v"));
  }

  @Test
  void sinkRejectsTheKeyPastTheSectionLimit() {
    DiagnosticsProvider.Sink s = Diagnostics.builder(AT).section("custom");
    for (int i = 0; i < Diagnostics.MAX_KEYS_PER_SECTION; i++) s.put("k" + i, i);
    s.put("k0", "replacing an existing key is fine");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.put("one-more", 1));
    assertTrue(e.getMessage().contains("'one-more'") && e.getMessage().contains("256"), e.getMessage());
  }

  @Test
  void sectionsAreUnmodifiableAndDetachedFromTheBuilder() {
    Diagnostics.Builder b = Diagnostics.builder(AT);
    DiagnosticsProvider.Sink s = b.section("os");
    s.put("name", "Linux");
    Diagnostics d = b.build();
    s.put("name", "Changed");

    assertEquals("Linux", d.sections().get("os").get("name"));
    assertThrows(UnsupportedOperationException.class, () -> d.sections().get("os").put("x", "y"));
    assertThrows(UnsupportedOperationException.class, () -> d.sections().put("x", new LinkedHashMap<>()));
    assertThrows(UnsupportedOperationException.class, () -> d.failures().add(ProviderFailure.of("a", "b")));
  }

  @Test
  void toStringShowsNoValues() {
    String s = sample().toString();
    assertFalse(s.contains("acme"), s);
    assertTrue(s.contains("custom"), s);
  }

  @Test
  void sectionNamesAreValidated() {
    assertSame("device-info_2", Diagnostics.checkSectionName("device-info_2"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Diagnostics.builder(AT).section("Device"));
    assertTrue(e.getMessage().contains("'Device'"), e.getMessage());
  }
}
