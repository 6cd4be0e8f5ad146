package dev.helpline.sample.feed;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The parts of a Statuspage v2 summary the sample shows. Immutable. */
public final class StatusSnapshot {
  /** One component and its status (operational, degraded_performance, partial_outage, major_outage, under_maintenance). */
  public static final class Component {
    private final String name;
    private final String status;

    public Component(String name, String status) {
      this.name = name;
      this.status = status;
    }

    public String name() {
      return name;
    }

    public String status() {
      return status;
    }
  }

  /** An incident or a scheduled maintenance and the components it affects. */
  public static final class Event {
    private final String name;
    private final String status;
    private final String impact;
    private final @Nullable Instant scheduledFor;
    private final @Nullable Instant scheduledUntil;
    private final List<String> components;

    public Event(String name, String status, String impact, @Nullable Instant scheduledFor,
        @Nullable Instant scheduledUntil, List<String> components) {
      this.name = name;
      this.status = status;
      this.impact = impact;
      this.scheduledFor = scheduledFor;
      this.scheduledUntil = scheduledUntil;
      this.components = Collections.unmodifiableList(components);
    }

    public String name() {
      return name;
    }

    /** For maintenances: scheduled, in_progress, verifying or completed. */
    public String status() {
      return status;
    }

    public String impact() {
      return impact;
    }

    public @Nullable Instant scheduledFor() {
      return scheduledFor;
    }

    public @Nullable Instant scheduledUntil() {
      return scheduledUntil;
    }

    /** Names of the affected components. */
    public List<String> components() {
      return components;
    }

    /** In progress, or scheduled with {@code now} inside its window. */
    public boolean isActiveAt(Instant now) {
      if (status.equals("in_progress") || status.equals("verifying")) return true;
      if (!status.equals("scheduled") || scheduledFor == null) return false;
      return !now.isBefore(scheduledFor) && (scheduledUntil == null || now.isBefore(scheduledUntil));
    }
  }

  private final String source;
  private final String pageName;
  private final String indicator;
  private final String description;
  private final List<Component> components;
  private final List<Event> incidents;
  private final List<Event> maintenances;

  public StatusSnapshot(String source, String pageName, String indicator, String description,
      List<Component> components, List<Event> incidents, List<Event> maintenances) {
    this.source = source;
    this.pageName = pageName;
    this.indicator = indicator;
    this.description = description;
    this.components = Collections.unmodifiableList(components);
    this.incidents = Collections.unmodifiableList(incidents);
    this.maintenances = Collections.unmodifiableList(maintenances);
  }

  /** The URL the summary was read from. */
  public String source() {
    return source;
  }

  public String pageName() {
    return pageName;
  }

  /** none, minor, major, critical or maintenance. */
  public String indicator() {
    return indicator;
  }

  public String description() {
    return description;
  }

  public List<Component> components() {
    return components;
  }

  public List<Event> incidents() {
    return incidents;
  }

  public List<Event> maintenances() {
    return maintenances;
  }
}
