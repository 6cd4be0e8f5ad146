package dev.helpline.status;

import java.util.Locale;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What a status source said at one moment: the overall indicator and description, the components,
 * the unresolved incidents and the upcoming or active maintenances. Immutable.
 *
 * <p>{@link #stale()} is true when the snapshot could not be confirmed by the latest attempt (it came
 * from the disk cache, or the latest fetch failed); {@link #age(Clock)} then tells how old it is.
 *
 * <p>Each list holds one entry per id: when a source repeats an id (some feeds do), the first entry is
 * kept and later ones are dropped, so a repeated entry never looks new to the monitor's comparison.
 */
public final class StatusSnapshot {
  private final Indicator indicator;
  private final String description;
  private final List<Component> components;
  private final List<Incident> incidents;
  private final List<Maintenance> maintenances;
  private final Instant fetchedAt;
  private final boolean stale;

  /**
   * A snapshot fetched or confirmed at {@code fetchedAt}. Throws {@link NullPointerException} when a part is null;
   * copies each list, keeping the first entry of each id.
   */
  public StatusSnapshot(Indicator indicator, String description, List<Component> components, List<Incident> incidents,
      List<Maintenance> maintenances, Instant fetchedAt, boolean stale) {
    this.indicator = Objects.requireNonNull(indicator, "indicator == null");
    this.description = Objects.requireNonNull(description, "description == null");
    this.components = firstOfEachId(Objects.requireNonNull(components, "components == null"), Component::id);
    this.incidents = firstOfEachId(Objects.requireNonNull(incidents, "incidents == null"), Incident::id);
    this.maintenances = firstOfEachId(Objects.requireNonNull(maintenances, "maintenances == null"), Maintenance::id);
    this.fetchedAt = Objects.requireNonNull(fetchedAt, "fetchedAt == null");
    this.stale = stale;
  }

  private static <T> List<T> firstOfEachId(List<T> items, Function<T, String> id) {
    List<T> out = new ArrayList<>(items.size());
    Set<String> seen = new HashSet<>();
    for (T item : items) {
      if (seen.add(id.apply(item))) out.add(item);
    }
    return Collections.unmodifiableList(out);
  }

  /** The page's overall status; {@link Indicator#UNKNOWN} when the source's value is not recognised. */
  public Indicator indicator() {
    return indicator;
  }

  /** The page's own words for the overall status, for example "All Systems Operational". */
  public String description() {
    return description;
  }

  /** Components in the source's order; group containers are not listed, their name is each member's {@link Component#group()}. */
  public List<Component> components() {
    return components;
  }

  /** Incidents the source lists as unresolved (a source may still report one as resolved briefly). */
  public List<Incident> incidents() {
    return incidents;
  }

  /** Incidents that are not resolved. */
  public List<Incident> activeIncidents() {
    List<Incident> active = new ArrayList<>();
    for (Incident i : incidents) {
      if (i.isActive()) active.add(i);
    }
    return Collections.unmodifiableList(active);
  }

  /** Upcoming and in-progress maintenances. */
  public List<Maintenance> maintenances() {
    return maintenances;
  }

  /** When this content was last confirmed by the source (a 304 answer counts as confirmation). */
  public Instant fetchedAt() {
    return fetchedAt;
  }

  /** True when the latest attempt could not confirm this snapshot (offline, server error, or loaded from the cache). */
  public boolean stale() {
    return stale;
  }

  /** Time since {@link #fetchedAt()}; zero when the clock is behind it. */
  public Duration age(Clock clock) {
    Duration d = Duration.between(fetchedAt, clock.instant());
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** This snapshot with another fetch time and staleness. */
  public StatusSnapshot withFetchedAt(Instant fetchedAt, boolean stale) {
    return new StatusSnapshot(indicator, description, components, incidents, maintenances, fetchedAt, stale);
  }

  /** True when both snapshots say the same, ignoring {@link #fetchedAt()} and {@link #stale()}. */
  public boolean sameContent(StatusSnapshot other) {
    return indicator == other.indicator && description.equals(other.description) && components.equals(other.components)
        && incidents.equals(other.incidents) && maintenances.equals(other.maintenances);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof StatusSnapshot)) return false;
    StatusSnapshot s = (StatusSnapshot) o;
    return sameContent(s) && fetchedAt.equals(s.fetchedAt) && stale == s.stale;
  }

  @Override
  public int hashCode() {
    return Objects.hash(indicator, description, components, incidents, maintenances, fetchedAt, stale);
  }

  @Override
  public String toString() {
    return "StatusSnapshot{" + indicator + " '" + description + "', " + components.size() + " components, "
        + incidents.size() + " incidents, " + maintenances.size() + " maintenances, fetchedAt=" + fetchedAt
        + (stale ? ", stale" : "") + "}";
  }

  /**
   * The overall status of a page, and the impact of an incident. {@code maintenance} is not documented
   * by Statuspage but occurs in live payloads; any other value maps to {@link #UNKNOWN}.
   */
  public enum Indicator {
    /** No problem (for an incident: no impact). */
    NONE,
    /** A minor problem. */
    MINOR,
    /** A major problem. */
    MAJOR,
    /** A critical problem. */
    CRITICAL,
    /** Maintenance is under way. */
    MAINTENANCE,
    /** A value this version does not recognise, or none. */
    UNKNOWN;

    /** The wire value ({@code "none"}, {@code "minor"}, …); {@code "unknown"} for {@link #UNKNOWN}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Maps a wire value case-insensitively; null or unrecognised values give {@link #UNKNOWN}. */
    public static Indicator fromWire(@Nullable String value) {
      if (value == null) return UNKNOWN;
      for (Indicator i : values()) {
        if (i != UNKNOWN && i.wireName().equalsIgnoreCase(value.trim())) return i;
      }
      return UNKNOWN;
    }
  }
}
