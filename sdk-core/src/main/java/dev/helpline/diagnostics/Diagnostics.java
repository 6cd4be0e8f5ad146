package dev.helpline.diagnostics;

import dev.helpline.internal.text.SafeCut;
import dev.helpline.internal.text.Surrogates;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
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

  /**
   * Longer string values are cut to at most this many characters, the ellipsis that ends them included.
   * Values are redacted only when a report is prepared, after this cut, so it never keeps part of a
   * word: it goes back to before the word crossing the limit, and before a grouped number (a card, an
   * IBAN, a phone number) it may have cut short, which the redaction rules would no longer recognise.
   */
  public static final int MAX_STRING_LENGTH = 8192;

  /** The most keys one section may hold. */
  public static final int MAX_KEYS_PER_SECTION = 256;

  private static final Pattern SECTION_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

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
      DiagnosticsProvider.Sink sink = b.section(section.getKey());
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
    return DiagnosticsJson.write(this);
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
    return DiagnosticsJson.read(json);
  }

  /**
   * A short multi-line text for desks that show only text: app, OS, runtime, locale, memory, disk
   * and process lines when those sections are present, one line per other section, and the failed
   * providers. A well-known section's line ends with the keys it does not show itself (a host provider
   * of the same name may have added them); one that lacks the keys its line is made of shows as
   * {@code key=value} pairs like any other section. At most 15 lines: when the sections do not fit, the last ones are counted on one line
   * instead, and the failed providers are still listed.
   */
  public String summary() {
    return DiagnosticsSummary.of(this);
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

  /** Half of a character becomes U+FFFD: the text then reads the same in the snapshot, its summary and its JSON. */
  private static String normalizeText(String s) {
    return SafeCut.cut(Surrogates.wellFormed(s), MAX_STRING_LENGTH, "…");
  }

  static Object normalizeValue(String key, Object value) {
    if (value instanceof String) return normalizeText((String) value);
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
    public DiagnosticsProvider.Sink section(String name) {
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

    /** Returns an immutable snapshot of the sections and failures added so far. */
    public Diagnostics build() {
      Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
      for (Map.Entry<String, Map<String, Object>> e : sections.entrySet()) {
        copy.put(e.getKey(), Collections.unmodifiableMap(new LinkedHashMap<>(e.getValue())));
      }
      return new Diagnostics(
          collectedAt, Collections.unmodifiableMap(copy), Collections.unmodifiableList(new ArrayList<>(failures)));
    }
  }

  /**
   * A diagnostics provider that threw or overran its time budget: the provider's name and a short
   * reason such as {@code "timed out after 500 ms"} or {@code "IllegalStateException: boom"}.
   * Both are held like a string value of a section: an unpaired surrogate becomes U+FFFD and text
   * longer than {@value Diagnostics#MAX_STRING_LENGTH} characters is cut, so an exception's message,
   * however long, keeps the snapshot bounded and reads the same in its summary and its JSON.
   * Immutable.
   */
  public static final class ProviderFailure {
    private final String provider;
    private final String error;

    private ProviderFailure(String provider, String error) {
      this.provider = provider;
      this.error = error;
    }

    public static ProviderFailure of(String provider, String error) {
      Objects.requireNonNull(provider, "provider == null");
      Objects.requireNonNull(error, "error == null");
      return new ProviderFailure(normalizeText(provider), normalizeText(error));
    }

    /** The provider's name (its section name when it had a valid one). */
    public String provider() {
      return provider;
    }

    /** Why it failed. */
    public String error() {
      return error;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      if (!(o instanceof ProviderFailure)) return false;
      ProviderFailure that = (ProviderFailure) o;
      return provider.equals(that.provider) && error.equals(that.error);
    }

    @Override
    public int hashCode() {
      return 31 * provider.hashCode() + error.hashCode();
    }

    @Override
    public String toString() {
      return provider + ": " + error;
    }
  }
}
