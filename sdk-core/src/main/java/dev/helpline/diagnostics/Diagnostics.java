package dev.helpline.diagnostics;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of diagnostics: named sections of key/value pairs, in the order the
 * providers were given, plus the providers that failed.
 *
 * <p>Values are {@link String}, {@link Long}, {@link Double} or {@link Boolean}. {@link #toJson()}
 * writes the versioned format documented in {@code docs/diagnostics-schema.md}; {@link
 * #fromJson(String)} reads it back exactly. Instances are safe to share between threads.
 */
public final class Diagnostics {
  /** The version of the JSON format written by {@link #toJson()}. */
  public static final int SCHEMA_VERSION = 1;

  /** The value of the {@code "schema"} member of the JSON format. */
  public static final String SCHEMA_NAME = "helpline.diagnostics";

  /** The longest key kept, in characters. */
  public static final int MAX_KEY_LENGTH = 128;

  /** Longer string values are truncated to this many characters. */
  public static final int MAX_STRING_LENGTH = 8192;

  /** The most keys one section may hold. */
  public static final int MAX_KEYS_PER_SECTION = 256;

  private static final Pattern SECTION_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
  private static final long MIB = 1024L * 1024L;
  private static final int MAX_SUMMARY_LINES = 15;
  private static final int MAX_SUMMARY_LINE_LENGTH = 160;

  private final Instant collectedAt;
  private final Map<String, Map<String, Object>> sections;
  private final List<ProviderFailure> failures;

  private Diagnostics(
      Instant collectedAt, Map<String, Map<String, Object>> sections, List<ProviderFailure> failures) {
    this.collectedAt = collectedAt;
    this.sections = sections;
    this.failures = failures;
  }

  /** A builder for a snapshot taken at {@code collectedAt}. */
  public static Builder builder(Instant collectedAt) {
    return new Builder(collectedAt);
  }

  /** When the snapshot was taken. */
  public Instant collectedAt() {
    return collectedAt;
  }

  /** The sections by name, in collection order. Unmodifiable, as is each section. */
  public Map<String, Map<String, Object>> sections() {
    return sections;
  }

  /** The providers that threw or overran their budget. Unmodifiable. */
  public List<ProviderFailure> failures() {
    return failures;
  }

  /**
   * Returns a copy with {@code f} applied to every string value in every section and to the error
   * text of every failure. Keys, section and provider names, numbers and booleans are kept. Used to
   * redact personal data.
   *
   * @throws NullPointerException when {@code f} returns null
   */
  public Diagnostics mapStrings(UnaryOperator<String> f) {
    Objects.requireNonNull(f, "f == null");
    Builder b = new Builder(collectedAt);
    for (Map.Entry<String, Map<String, Object>> section : sections.entrySet()) {
      DiagnosticsSink sink = b.section(section.getKey());
      for (Map.Entry<String, Object> e : section.getValue().entrySet()) {
        Object v = e.getValue();
        if (v instanceof String) {
          v = Objects.requireNonNull(f.apply((String) v), "mapStrings function returned null for key " + e.getKey());
        }
        sink.put(e.getKey(), v);
      }
    }
    for (ProviderFailure failure : failures) {
      String error =
          Objects.requireNonNull(f.apply(failure.error()), "mapStrings function returned null for a failure of " + failure.provider());
      b.addFailure(failure.provider(), error);
    }
    return b.build();
  }

  /**
   * Returns the snapshot as compact JSON:
   * {@code {"schema":"helpline.diagnostics","version":1,"collectedAt":"…","sections":{…},"failures":[…]}}.
   */
  public String toJson() {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject();
      w.name("schema").value(SCHEMA_NAME);
      w.name("version").value(SCHEMA_VERSION);
      w.name("collectedAt").value(collectedAt.toString());
      w.name("sections").beginObject();
      for (Map.Entry<String, Map<String, Object>> section : sections.entrySet()) {
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
      for (ProviderFailure failure : failures) {
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
   * Reads a snapshot written by {@link #toJson()}. Unknown members are ignored, so snapshots from a
   * newer SDK with additive changes still read.
   *
   * @throws IllegalArgumentException when the text is not JSON of this schema, a required member is
   *     missing or has the wrong type (the message names the JSON path), or the version is not
   *     {@value #SCHEMA_VERSION}
   */
  public static Diagnostics fromJson(String json) {
    Objects.requireNonNull(json, "json == null");
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
    if (!schema.equals(SCHEMA_NAME)) {
      throw new IllegalArgumentException("diagnostics JSON has schema '" + schema + "', expected '" + SCHEMA_NAME + "'");
    }
    if (version == null) throw new IllegalArgumentException("diagnostics JSON has no \"version\" member");
    if (version != SCHEMA_VERSION) {
      throw new IllegalArgumentException(
          "unsupported diagnostics schema version " + version + "; this SDK reads version " + SCHEMA_VERSION);
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
            collectedAt = Instant.parse(text);
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
    Builder b = new Builder(collectedAt);
    for (Map.Entry<String, Map<String, Object>> section : sections.entrySet()) {
      DiagnosticsSink sink = b.section(section.getKey());
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

  /**
   * A short multi-line text for desks that show only text: app, OS, runtime, locale, memory, disk
   * and process lines when those sections are present, one line per other section, and the failed
   * providers. At most 15 lines.
   */
  public String summary() {
    List<String> lines = new ArrayList<>();
    Map<String, Object> app = sections.get("app");
    if (app != null) {
      String build = str(app, "build");
      lines.add("App: " + join(str(app, "name"), str(app, "version")) + (build != null ? " (" + build + ")" : ""));
    }
    Map<String, Object> os = sections.get("os");
    if (os != null) {
      String arch = str(os, "arch");
      lines.add("OS: " + join(str(os, "name"), str(os, "version")) + (arch != null ? " (" + arch + ")" : ""));
    }
    Map<String, Object> rt = sections.get("runtime");
    if (rt != null) {
      StringBuilder s = new StringBuilder("Runtime: ").append(join(str(rt, "vendor"), str(rt, "version")));
      String vm = str(rt, "vmName");
      if (vm != null) s.append(" (").append(vm).append(')');
      String api = str(rt, "androidApiLevel");
      if (api != null) s.append(", Android API ").append(api);
      String cpus = str(rt, "cpuCount");
      if (cpus != null) s.append(", ").append(cpus).append(" CPUs");
      lines.add(s.toString());
    }
    Map<String, Object> locale = sections.get("locale");
    if (locale != null) {
      String offset = str(locale, "utcOffset");
      lines.add("Locale: " + joinWith(", ", str(locale, "locale"), str(locale, "timeZone"))
          + (offset != null ? " (UTC" + offset + ")" : ""));
    }
    Map<String, Object> memory = sections.get("memory");
    if (memory != null) {
      Long used = num(memory, "heapUsedBytes");
      Long max = num(memory, "heapMaxBytes");
      if (used != null) {
        lines.add("Memory: heap " + (used / MIB) + "/" + (max != null ? String.valueOf(max / MIB) : "?") + " MiB");
      }
    }
    Map<String, Object> disk = sections.get("disk");
    if (disk != null) {
      Long usable = num(disk, "usableBytes");
      Long total = num(disk, "totalBytes");
      if (usable != null && total != null) {
        lines.add("Disk: " + (usable / MIB) + " MiB free of " + (total / MIB) + " MiB");
      }
    }
    Map<String, Object> process = sections.get("process");
    if (process != null) {
      Long uptime = num(process, "uptimeMs");
      Long pid = num(process, "pid");
      Long physFree = num(process, "physicalMemoryFreeBytes");
      Long physTotal = num(process, "physicalMemoryTotalBytes");
      StringBuilder s = new StringBuilder("Process:");
      if (pid != null) s.append(" pid ").append(pid);
      if (uptime != null) s.append(pid != null ? "," : "").append(" up ").append(uptime / 1000).append(" s");
      if (physFree != null && physTotal != null) {
        s.append(", device memory ").append(physFree / MIB).append(" MiB free of ").append(physTotal / MIB).append(" MiB");
      }
      lines.add(s.toString());
    }
    for (Map.Entry<String, Map<String, Object>> section : sections.entrySet()) {
      if (WELL_KNOWN.contains(section.getKey()) || section.getValue().isEmpty()) continue;
      StringBuilder s = new StringBuilder(capitalize(section.getKey())).append(": ");
      boolean first = true;
      for (Map.Entry<String, Object> e : section.getValue().entrySet()) {
        if (!first) s.append(", ");
        s.append(e.getKey()).append('=').append(e.getValue());
        first = false;
      }
      lines.add(s.toString());
    }
    if (!failures.isEmpty()) {
      StringBuilder s = new StringBuilder("Failed: ");
      for (int i = 0; i < failures.size(); i++) {
        if (i > 0) s.append("; ");
        s.append(failures.get(i).provider()).append(" (").append(failures.get(i).error()).append(')');
      }
      lines.add(s.toString());
    }
    StringBuilder out = new StringBuilder();
    int shown = Math.min(lines.size(), MAX_SUMMARY_LINES);
    for (int i = 0; i < shown; i++) {
      String line = oneLine(lines.get(i));
      if (i == MAX_SUMMARY_LINES - 1 && lines.size() > MAX_SUMMARY_LINES) {
        line = "… " + (lines.size() - shown + 1) + " more sections in the attached diagnostics";
      }
      if (line.length() > MAX_SUMMARY_LINE_LENGTH) {
        int cut = MAX_SUMMARY_LINE_LENGTH - 1;
        if (Character.isHighSurrogate(line.charAt(cut - 1))) cut--;
        line = line.substring(0, cut) + "…";
      }
      if (i > 0) out.append('\n');
      out.append(line);
    }
    return out.toString();
  }

  /** Values may hold line breaks or other control characters; a summary line must stay one line. */
  private static String oneLine(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c)) {
        if (out == null) out = new StringBuilder(s.length()).append(s, 0, i);
        out.append(' ');
      } else if (out != null) {
        out.append(c);
      }
    }
    return out != null ? out.toString() : s;
  }

  private static final List<String> WELL_KNOWN =
      List.of("app", "os", "runtime", "locale", "memory", "disk", "process");

  private static @Nullable String str(Map<String, Object> section, String key) {
    Object v = section.get(key);
    return v != null ? String.valueOf(v) : null;
  }

  private static @Nullable Long num(Map<String, Object> section, String key) {
    Object v = section.get(key);
    return v instanceof Long ? (Long) v : null;
  }

  private static String join(@Nullable String a, @Nullable String b) {
    return joinWith(" ", a, b);
  }

  private static String joinWith(String separator, @Nullable String a, @Nullable String b) {
    if (a == null) return b != null ? b : "?";
    return b == null ? a : a + separator + b;
  }

  private static String capitalize(String s) {
    return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof Diagnostics)) return false;
    Diagnostics that = (Diagnostics) o;
    return collectedAt.equals(that.collectedAt) && sections.equals(that.sections) && failures.equals(that.failures);
  }

  @Override
  public int hashCode() {
    return Objects.hash(collectedAt, sections, failures);
  }

  /** Section names and failure count only: values may hold personal data. */
  @Override
  public String toString() {
    return "Diagnostics{collectedAt=" + collectedAt + ", sections=" + sections.keySet() + ", failures=" + failures.size() + "}";
  }

  /**
   * Validates {@code name} as a section name.
   *
   * @throws IllegalArgumentException when it is not lowercase letters, digits, {@code _} or {@code
   *     -}, starting with a letter, at most 64 characters
   */
  public static String checkSectionName(String name) {
    Objects.requireNonNull(name, "section name == null");
    if (!SECTION_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "section name '" + name + "' must be 1 to 64 lowercase letters, digits, '_' or '-', starting with a letter");
    }
    return name;
  }

  static Object normalizeValue(String key, Object value) {
    if (value instanceof String) {
      String s = (String) value;
      if (s.length() <= MAX_STRING_LENGTH) return s;
      int end = MAX_STRING_LENGTH - 1;
      if (Character.isHighSurrogate(s.charAt(end - 1))) end--;
      return s.substring(0, end) + "…";
    }
    if (value instanceof Boolean) return value;
    if (value instanceof Long) return value;
    if (value instanceof Integer || value instanceof Short || value instanceof Byte
        || value instanceof AtomicInteger || value instanceof AtomicLong) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger && ((BigInteger) value).bitLength() < 64) {
      return ((BigInteger) value).longValue();
    }
    if (value instanceof Number) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("diagnostics value for key '" + key + "' is " + d + "; numbers must be finite");
      }
      return d;
    }
    throw new IllegalArgumentException(
        "diagnostics value for key '" + key + "' is a " + value.getClass().getName()
            + "; only String, Number and Boolean are allowed");
  }

  /** Assembles a snapshot. Not thread-safe. */
  public static final class Builder {
    private final Instant collectedAt;
    private final Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
    private final List<ProviderFailure> failures = new ArrayList<>();

    private Builder(Instant collectedAt) {
      this.collectedAt = Objects.requireNonNull(collectedAt, "collectedAt == null");
    }

    /**
     * Returns a sink that puts values into section {@code name}, creating the section (even if it
     * stays empty) or adding to an existing one.
     *
     * @throws IllegalArgumentException when the name is not a valid section name
     */
    public DiagnosticsSink section(String name) {
      Map<String, Object> values = sections.computeIfAbsent(checkSectionName(name), k -> new LinkedHashMap<>());
      return (key, value) -> {
        Objects.requireNonNull(key, "key == null");
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
          throw new IllegalArgumentException(
              "diagnostics key '" + key + "' is " + key.length() + " characters; allowed 1 to " + MAX_KEY_LENGTH);
        }
        if (value == null) return;
        Object normalized = normalizeValue(key, value);
        if (!values.containsKey(key) && values.size() >= MAX_KEYS_PER_SECTION) {
          throw new IllegalArgumentException(
              "diagnostics section '" + name + "' is full (" + MAX_KEYS_PER_SECTION + " keys); cannot add key '" + key + "'");
        }
        values.put(key, normalized);
      };
    }

    /** Records that {@code provider} failed with {@code error}. */
    public Builder addFailure(String provider, String error) {
      failures.add(ProviderFailure.of(provider, error));
      return this;
    }

    public Diagnostics build() {
      Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
      for (Map.Entry<String, Map<String, Object>> e : sections.entrySet()) {
        copy.put(e.getKey(), Collections.unmodifiableMap(new LinkedHashMap<>(e.getValue())));
      }
      return new Diagnostics(
          collectedAt, Collections.unmodifiableMap(copy), Collections.unmodifiableList(new ArrayList<>(failures)));
    }
  }
}
