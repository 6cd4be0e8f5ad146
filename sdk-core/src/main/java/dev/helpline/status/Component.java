package dev.helpline.status;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** One component of a status page (a service, region or feature). Immutable. */
public final class Component {
  private final String id;
  private final String name;
  private final Status status;
  private final @Nullable String group;

  /**
   * @param group the name of the group the component belongs to, or null when it is ungrouped
   */
  public Component(String id, String name, Status status, @Nullable String group) {
    this.id = Objects.requireNonNull(id, "id == null");
    this.name = Objects.requireNonNull(name, "name == null");
    this.status = Objects.requireNonNull(status, "status == null");
    this.group = group;
  }

  /** The source's id for the component. */
  public String id() {
    return id;
  }

  /** The component's display name. */
  public String name() {
    return name;
  }

  /** The component's status; {@link Status#UNKNOWN} when the source's value is not recognised. */
  public Status status() {
    return status;
  }

  /** The group's name, or null when the component is not in a group. */
  public @Nullable String group() {
    return group;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof Component)) return false;
    Component c = (Component) o;
    return id.equals(c.id) && name.equals(c.name) && status == c.status && Objects.equals(group, c.group);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, name, status, group);
  }

  @Override
  public String toString() {
    return "Component{" + name + (group != null ? " in " + group : "") + ": " + status + "}";
  }

  /** The status of one component. Unrecognised wire values map to {@link #UNKNOWN}. */
  public enum Status {
    /** Working normally. */
    OPERATIONAL,
    /** Working, with degraded performance. */
    DEGRADED_PERFORMANCE,
    /** Partly out of service. */
    PARTIAL_OUTAGE,
    /** Out of service (a major outage). */
    MAJOR_OUTAGE,
    /** Under maintenance. */
    UNDER_MAINTENANCE,
    /** A value this version does not recognise, or none. */
    UNKNOWN;

    /** The wire value, for example {@code "degraded_performance"}. */
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
