package dev.helpline.status;

import java.util.Locale;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A scheduled maintenance window, upcoming or in progress. Immutable. */
public final class Maintenance {
  private final String id;
  private final String name;
  private final Status status;
  private final @Nullable Instant scheduledFor;
  private final @Nullable Instant scheduledUntil;
  private final List<String> components;
  private final @Nullable String latestUpdate;
  private final String latestUpdatePlainText;
  private final @Nullable Instant updatedAt;
  private final @Nullable String shortlink;

  /**
   * A maintenance whose update, if any, is plain text already (it is its own plain-text rendering).
   *
   * @param components names of the affected components
   * @param latestUpdate the body of the most recent update as plain text, or null
   */
  public Maintenance(String id, String name, Status status, @Nullable Instant scheduledFor,
      @Nullable Instant scheduledUntil, List<String> components, @Nullable String latestUpdate,
      @Nullable Instant updatedAt, @Nullable String shortlink) {
    this(id, name, status, scheduledFor, scheduledUntil, components, latestUpdate,
        latestUpdate == null ? "" : latestUpdate, updatedAt, shortlink);
  }

  /**
   * @param components names of the affected components
   * @param latestUpdate the body of the most recent update as published (may hold HTML), or null
   * @param latestUpdatePlainText the same update rendered as plain text; empty when there is none
   */
  public Maintenance(String id, String name, Status status, @Nullable Instant scheduledFor,
      @Nullable Instant scheduledUntil, List<String> components, @Nullable String latestUpdate,
      String latestUpdatePlainText, @Nullable Instant updatedAt, @Nullable String shortlink) {
    this.id = Objects.requireNonNull(id, "id == null");
    this.name = Objects.requireNonNull(name, "name == null");
    this.status = Objects.requireNonNull(status, "status == null");
    this.scheduledFor = scheduledFor;
    this.scheduledUntil = scheduledUntil;
    this.components = Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(components, "components == null")));
    this.latestUpdate = latestUpdate;
    this.latestUpdatePlainText = Objects.requireNonNull(latestUpdatePlainText, "latestUpdatePlainText == null");
    this.updatedAt = updatedAt;
    this.shortlink = shortlink;
  }

  /** The source's id for the maintenance. */
  public String id() {
    return id;
  }

  /** The maintenance's title. */
  public String name() {
    return name;
  }

  /** Where the maintenance stands; {@link Status#UNKNOWN} when the source's value is not recognised. */
  public Status status() {
    return status;
  }

  /** When the window starts, or null when the source did not say. */
  public @Nullable Instant scheduledFor() {
    return scheduledFor;
  }

  /** When the window is planned to end, or null when the source did not say. */
  public @Nullable Instant scheduledUntil() {
    return scheduledUntil;
  }

  /** Names of the affected components. */
  public List<String> components() {
    return components;
  }

  /** The most recent update's body as published (may hold HTML), or null. */
  public @Nullable String latestUpdate() {
    return latestUpdate;
  }

  /** The most recent update as plain text (rendered when the summary was parsed); empty when none. */
  public String latestUpdatePlainText() {
    return latestUpdatePlainText;
  }

  /** When the maintenance was last updated, or null when the source did not say. */
  public @Nullable Instant updatedAt() {
    return updatedAt;
  }

  /** A short public link to the maintenance page, or null. */
  public @Nullable String shortlink() {
    return shortlink;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof Maintenance)) return false;
    Maintenance m = (Maintenance) o;
    return id.equals(m.id) && name.equals(m.name) && status == m.status
        && Objects.equals(scheduledFor, m.scheduledFor) && Objects.equals(scheduledUntil, m.scheduledUntil)
        && components.equals(m.components) && Objects.equals(latestUpdate, m.latestUpdate)
        && Objects.equals(updatedAt, m.updatedAt) && Objects.equals(shortlink, m.shortlink);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, name, status, scheduledFor, scheduledUntil, components, latestUpdate, updatedAt, shortlink);
  }

  @Override
  public String toString() {
    return "Maintenance{" + id + " '" + name + "' " + status + ", " + scheduledFor + " .. " + scheduledUntil + "}";
  }

  /** Where a scheduled maintenance stands. Unrecognised wire values map to {@link #UNKNOWN}. */
  public enum Status {
    /** Planned, not started yet. */
    SCHEDULED,
    /** The window is open and the work under way. */
    IN_PROGRESS,
    /** The work is done and being checked; the window is still open. */
    VERIFYING,
    /** The maintenance is over. */
    COMPLETED,
    /** A value this version does not recognise, or none. */
    UNKNOWN;

    /** True for {@link #IN_PROGRESS} and {@link #VERIFYING}: the window is open. */
    public boolean isActive() {
      return this == IN_PROGRESS || this == VERIFYING;
    }

    /** The wire value, for example {@code "in_progress"}; {@code "unknown"} for {@link #UNKNOWN}. */
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
