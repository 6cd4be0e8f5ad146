package dev.helpline.sample.android;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A snapshot of the desk's service status: overall indicator, components, incidents, maintenances. Immutable. */
public final class ServiceStatus {
  /** One named part of the service and its Statuspage status (operational, degraded_performance, …). */
  public static final class Component {
    public final String name;
    public final String status;

    public Component(String name, String status) {
      this.name = name;
      this.status = status;
    }
  }

  /** An incident or a scheduled maintenance: its name and Statuspage status (investigating, in_progress, …). */
  public static final class Event {
    public final String name;
    public final String status;
    public final @Nullable String impact;

    public Event(String name, String status, @Nullable String impact) {
      this.name = name;
      this.status = status;
      this.impact = impact;
    }

    @Override
    public String toString() {
      return name + " (" + status.replace('_', ' ') + ")";
    }
  }

  private static final Set<String> STOP_WORDS = new HashSet<>(List.of(
      "the", "and", "for", "with", "not", "are", "was", "but", "from", "this", "that", "after", "when", "does",
      "some", "issue", "issues", "problem", "problems", "error", "errors"));

  public final String indicator;
  public final String description;
  public final List<Component> components;
  public final List<Event> incidents;
  public final List<Event> maintenances;

  public ServiceStatus(String indicator, String description, List<Component> components, List<Event> incidents,
      List<Event> maintenances) {
    this.indicator = indicator;
    this.description = description;
    this.components = Collections.unmodifiableList(new ArrayList<>(components));
    this.incidents = Collections.unmodifiableList(new ArrayList<>(incidents));
    this.maintenances = Collections.unmodifiableList(new ArrayList<>(maintenances));
  }

  /**
   * The banner to show, or null when all is well: degraded or down components, a maintenance in
   * progress, or a non-"none" overall indicator.
   */
  public @Nullable String bannerText() {
    List<String> parts = new ArrayList<>();
    for (Component c : components) {
      if (!c.status.equals("operational")) parts.add(c.name + ": " + c.status.replace('_', ' '));
    }
    for (Event m : maintenances) {
      if (m.status.equals("in_progress") || m.status.equals("verifying")) parts.add("Maintenance: " + m.name);
    }
    if (parts.isEmpty() && !indicator.equals("none")) parts.add(description);
    return parts.isEmpty() ? null : String.join(" · ", parts);
  }

  /** Unresolved incidents whose name shares a significant word with {@code text}, for deflection. */
  public List<Event> incidentsMatching(String text) {
    Set<String> wanted = words(text);
    List<Event> result = new ArrayList<>();
    for (Event incident : incidents) {
      if (incident.status.equals("resolved") || incident.status.equals("postmortem")) continue;
      for (String w : words(incident.name)) {
        if (wanted.contains(w)) {
          result.add(incident);
          break;
        }
      }
    }
    return result;
  }

  static Set<String> words(String text) {
    Set<String> words = new HashSet<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (w.length() >= 3 && !STOP_WORDS.contains(w)) words.add(w);
    }
    return words;
  }
}
