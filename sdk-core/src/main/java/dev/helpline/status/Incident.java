package dev.helpline.status;

import dev.helpline.status.StatusSnapshot.Indicator;
import java.util.Locale;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An incident as published by the status source, with its most recent update. Immutable. The update
 * body may hold HTML; {@link #latestUpdatePlainText()} gives the rendering made when the summary was
 * parsed, fit for a plain text view.
 */
public final class Incident {
  private final String id;
  private final String name;
  private final Status status;
  private final Indicator impact;
  private final @Nullable String latestUpdate;
  private final String latestUpdatePlainText;
  private final @Nullable Instant createdAt;
  private final @Nullable Instant updatedAt;
  private final List<String> components;
  private final @Nullable String shortlink;

  /**
   * An incident whose update, if any, is plain text already (it is its own plain-text rendering).
   *
   * @param latestUpdate the body of the most recent update as plain text, or null when there is none
   * @param components names of the affected components
   */
  public Incident(String id, String name, Status status, Indicator impact, @Nullable String latestUpdate,
      @Nullable Instant createdAt, @Nullable Instant updatedAt, List<String> components, @Nullable String shortlink) {
    this(id, name, status, impact, latestUpdate, latestUpdate == null ? "" : latestUpdate, createdAt, updatedAt,
        components, shortlink);
  }

  /**
   * @param latestUpdate the body of the most recent update as published (may hold HTML), or null
   * @param latestUpdatePlainText the same update rendered as plain text; empty when there is none
   * @param components names of the affected components
   */
  public Incident(String id, String name, Status status, Indicator impact, @Nullable String latestUpdate,
      String latestUpdatePlainText, @Nullable Instant createdAt, @Nullable Instant updatedAt, List<String> components,
      @Nullable String shortlink) {
    this.id = Objects.requireNonNull(id, "id == null");
    this.name = Objects.requireNonNull(name, "name == null");
    this.status = Objects.requireNonNull(status, "status == null");
    this.impact = Objects.requireNonNull(impact, "impact == null");
    this.latestUpdate = latestUpdate;
    this.latestUpdatePlainText = Objects.requireNonNull(latestUpdatePlainText, "latestUpdatePlainText == null");
    this.createdAt = createdAt;
    this.updatedAt = updatedAt;
    this.components = Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(components, "components == null")));
    this.shortlink = shortlink;
  }

  /** The source's id for the incident. */
  public String id() {
    return id;
  }

  /** The incident's title. */
  public String name() {
    return name;
  }

  /** Where the incident stands; {@link Status#UNKNOWN} when the source's value is not recognised. */
  public Status status() {
    return status;
  }

  /** The impact; {@link Indicator#UNKNOWN} when the source gave none or an unrecognised value. */
  public Indicator impact() {
    return impact;
  }

  /** True while the incident is not resolved. */
  public boolean isActive() {
    return !status.isResolved();
  }

  /** The most recent update's body as published (may hold HTML), or null. */
  public @Nullable String latestUpdate() {
    return latestUpdate;
  }

  /** The most recent update as plain text (tags stripped, entities decoded, line breaks kept); empty when none. */
  public String latestUpdatePlainText() {
    return latestUpdatePlainText;
  }

  /** When the incident was created, or null when the source did not say. */
  public @Nullable Instant createdAt() {
    return createdAt;
  }

  /** When the incident was last updated, or null when the source did not say. */
  public @Nullable Instant updatedAt() {
    return updatedAt;
  }

  /** Names of the affected components, as the source lists them. */
  public List<String> components() {
    return components;
  }

  /** A short public link to the incident page, or null. */
  public @Nullable String shortlink() {
    return shortlink;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof Incident)) return false;
    Incident i = (Incident) o;
    return id.equals(i.id) && name.equals(i.name) && status == i.status && impact == i.impact
        && Objects.equals(latestUpdate, i.latestUpdate) && Objects.equals(createdAt, i.createdAt)
        && Objects.equals(updatedAt, i.updatedAt) && components.equals(i.components)
        && Objects.equals(shortlink, i.shortlink);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, name, status, impact, latestUpdate, createdAt, updatedAt, components, shortlink);
  }

  @Override
  public String toString() {
    return "Incident{" + id + " '" + name + "' " + status + ", impact " + impact + "}";
  }

  /** Where an incident stands. Unrecognised wire values map to {@link #UNKNOWN}. */
  public enum Status {
    /** The cause is being looked for. */
    INVESTIGATING,
    /** The cause is known. */
    IDENTIFIED,
    /** A fix is in place and being watched. */
    MONITORING,
    /** The incident is over. */
    RESOLVED,
    /** The incident is over and has a postmortem. */
    POSTMORTEM,
    /** A value this version does not recognise, or none. */
    UNKNOWN;

    /** True for {@link #RESOLVED} and {@link #POSTMORTEM}: the incident no longer affects users. */
    public boolean isResolved() {
      return this == RESOLVED || this == POSTMORTEM;
    }

    /** The wire value, for example {@code "investigating"}; {@code "unknown"} for {@link #UNKNOWN}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Maps a wire value case-insensitively; null or unrecognised values give {@link #UNKNOWN}. */
    public static Status fromWire(@Nullable String value) {
      if (value == null) return UNKNOWN;
      for (Status s : values()) {
        if (s != UNKNOWN && s.wireName().equalsIgnoreCase(value.trim())) return s;
      }
      return UNKNOWN;
    }
  }
}
