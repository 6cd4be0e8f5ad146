package dev.helpline.diagnostics;

import dev.helpline.diagnostics.Diagnostics.ProviderFailure;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.helpline.internal.json.Timestamps;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;

/**
 * The JSON form of {@link Diagnostics} (documented in {@code docs/diagnostics-schema.md}), written
 * and read with Moshi's streaming API: no reflection, so it works unchanged under R8/ProGuard.
 */
final class DiagnosticsJson {
  private DiagnosticsJson() {}

  /** Compact JSON of {@code d}. */
  static String write(Diagnostics d) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject();
      w.name("schema").value(Diagnostics.SCHEMA_NAME);
      w.name("version").value(Diagnostics.SCHEMA_VERSION);
      w.name("collectedAt").value(d.collectedAt().toString());
      w.name("sections").beginObject();
      for (Map.Entry<String, Map<String, Object>> section : d.sections().entrySet()) {
        w.name(section.getKey()).beginObject();
        for (Map.Entry<String, Object> e : section.getValue().entrySet()) {
          w.name(e.getKey());
          Object v = e.getValue();
          if (v instanceof String) w.value((String) v);
          else if (v instanceof Long) w.value((long) (Long) v);
          else if (v instanceof Double) w.value((double) (Double) v);
          else w.value((boolean) (Boolean) v);
        }
        w.endObject();
      }
      w.endObject();
      w.name("failures").beginArray();
      for (ProviderFailure failure : d.failures()) {
        w.beginObject();
        w.name("provider").value(failure.provider());
        w.name("error").value(failure.error());
        w.endObject();
      }
      w.endArray();
      w.endObject();
    } catch (IOException e) {
      throw new AssertionError("writing to a memory buffer failed", e);
    }
    return buffer.readUtf8();
  }

  /**
   * Reads what {@link #write} wrote.
   *
   * @throws IllegalArgumentException naming what is wrong and, where it applies, the JSON path
   */
  static Diagnostics read(String json) {
    try {
      checkHeader(json);
      return readBody(json);
    } catch (JsonDataException | IOException e) {
      throw new IllegalArgumentException("malformed diagnostics JSON: " + e.getMessage(), e);
    }
  }

  /** Checks schema and version first, so a newer format fails with a version error, not a type error. */
  private static void checkHeader(String json) throws IOException {
    JsonReader r = JsonReader.of(new Buffer().writeUtf8(json));
    if (r.peek() != JsonReader.Token.BEGIN_OBJECT) {
      throw new IllegalArgumentException("malformed diagnostics JSON: expected an object but was " + r.peek() + " at path $");
    }
    String schema = null;
    Integer version = null;
    r.beginObject();
    while (r.hasNext()) {
      String name = r.nextName();
      if (name.equals("schema")) {
        schema = r.nextString();
      } else if (name.equals("version")) {
        version = r.nextInt();
      } else {
        r.skipValue();
      }
    }
    r.endObject();
    if (r.peek() != JsonReader.Token.END_DOCUMENT) {
      throw new IllegalArgumentException("malformed diagnostics JSON: unexpected content after the object");
    }
    if (schema == null) throw new IllegalArgumentException("diagnostics JSON has no \"schema\" member");
    if (!schema.equals(Diagnostics.SCHEMA_NAME)) {
      throw new IllegalArgumentException("diagnostics JSON has schema '" + schema + "', expected '" + Diagnostics.SCHEMA_NAME + "'");
    }
    if (version == null) throw new IllegalArgumentException("diagnostics JSON has no \"version\" member");
    if (version != Diagnostics.SCHEMA_VERSION) {
      throw new IllegalArgumentException(
          "unsupported diagnostics schema version " + version + "; this SDK reads version " + Diagnostics.SCHEMA_VERSION);
    }
  }

  private static Diagnostics readBody(String json) throws IOException {
    JsonReader r = JsonReader.of(new Buffer().writeUtf8(json));
    Instant collectedAt = null;
    Map<String, Map<String, Object>> sections = null;
    List<ProviderFailure> failures = null;
    r.beginObject();
    while (r.hasNext()) {
      String name = r.nextName();
      switch (name) {
        case "collectedAt":
          String text = r.nextString();
          try {
            collectedAt = Timestamps.parse(text);
          } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                "diagnostics JSON collectedAt '" + text + "' is not an ISO-8601 instant at path " + r.getPath(), e);
          }
          break;
        case "sections":
          sections = readSections(r);
          break;
        case "failures":
          failures = readFailures(r);
          break;
        default:
          r.skipValue();
      }
    }
    r.endObject();
    if (collectedAt == null) throw new IllegalArgumentException("diagnostics JSON has no \"collectedAt\" member");
    if (sections == null) throw new IllegalArgumentException("diagnostics JSON has no \"sections\" member");
    if (failures == null) throw new IllegalArgumentException("diagnostics JSON has no \"failures\" member");
    Diagnostics.Builder b = Diagnostics.builder(collectedAt);
    for (Map.Entry<String, Map<String, Object>> section : sections.entrySet()) {
      DiagnosticsProvider.Sink sink = b.section(section.getKey());
      for (Map.Entry<String, Object> e : section.getValue().entrySet()) sink.put(e.getKey(), e.getValue());
    }
    for (ProviderFailure failure : failures) b.addFailure(failure.provider(), failure.error());
    return b.build();
  }

  private static Map<String, Map<String, Object>> readSections(JsonReader r) throws IOException {
    Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
    r.beginObject();
    while (r.hasNext()) {
      String section = r.nextName();
      Map<String, Object> values = sections.computeIfAbsent(section, k -> new LinkedHashMap<>());
      r.beginObject();
      while (r.hasNext()) {
        String key = r.nextName();
        JsonReader.Token token = r.peek();
        switch (token) {
          case STRING:
            values.put(key, r.nextString());
            break;
          case NUMBER:
            values.put(key, parseNumber(r.nextString()));
            break;
          case BOOLEAN:
            values.put(key, r.nextBoolean());
            break;
          case NULL:
            r.nextNull();
            break;
          default:
            throw new IllegalArgumentException(
                "malformed diagnostics JSON: expected a string, number or boolean but was " + token + " at path " + r.getPath());
        }
      }
      r.endObject();
    }
    r.endObject();
    return sections;
  }

  private static Object parseNumber(String literal) {
    boolean integral = literal.indexOf('.') < 0 && literal.indexOf('e') < 0 && literal.indexOf('E') < 0;
    if (integral) {
      try {
        return Long.parseLong(literal);
      } catch (NumberFormatException tooLarge) {
        // Falls through: an integer beyond long range is kept as a double.
      }
    }
    return Double.parseDouble(literal);
  }

  private static List<ProviderFailure> readFailures(JsonReader r) throws IOException {
    List<ProviderFailure> failures = new ArrayList<>();
    r.beginArray();
    while (r.hasNext()) {
      String provider = null;
      String error = null;
      r.beginObject();
      while (r.hasNext()) {
        String name = r.nextName();
        if (name.equals("provider")) provider = r.nextString();
        else if (name.equals("error")) error = r.nextString();
        else r.skipValue();
      }
      r.endObject();
      if (provider == null || error == null) {
        throw new IllegalArgumentException(
            "malformed diagnostics JSON: a failure needs \"provider\" and \"error\" at path " + r.getPath());
      }
      failures.add(ProviderFailure.of(provider, error));
    }
    r.endArray();
    return failures;
  }
}
