package dev.helpline.internal.status;

import dev.helpline.status.Component;
import dev.helpline.status.Incident;
import dev.helpline.status.Maintenance;
import dev.helpline.status.StatusMonitor;
import dev.helpline.status.StatusSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Turns two consecutive snapshots into listener calls, in a stable order: indicator, components, incidents, maintenances. */
public final class StatusDiff {
  private StatusDiff() {}

  public static List<Consumer<StatusMonitor.Listener>> diff(StatusSnapshot before, StatusSnapshot after) {
    List<Consumer<StatusMonitor.Listener>> events = new ArrayList<>();
    if (before.indicator() != after.indicator()) {
      events.add(l -> l.onIndicatorChanged(before.indicator(), after.indicator()));
    }

    Map<String, Component> oldComponents = new LinkedHashMap<>();
    for (Component c : before.components()) oldComponents.put(c.id(), c);
    for (Component c : after.components()) {
      Component old = oldComponents.get(c.id());
      if (old != null && old.status() != c.status()) events.add(l -> l.onComponentChanged(old, c));
    }

    Map<String, Incident> oldIncidents = new LinkedHashMap<>();
    for (Incident i : before.incidents()) oldIncidents.put(i.id(), i);
    for (Incident i : after.incidents()) {
      Incident old = oldIncidents.remove(i.id());
      if (old == null) {
        if (i.isActive()) events.add(l -> l.onIncidentOpened(i));
      } else if (old.isActive() && !i.isActive()) {
        events.add(l -> l.onIncidentResolved(i));
      } else if (!old.isActive() && i.isActive()) {
        events.add(l -> l.onIncidentOpened(i));
      } else if (i.isActive() && !old.equals(i)) {
        events.add(l -> l.onIncidentUpdated(old, i));
      }
    }
    for (Incident gone : oldIncidents.values()) {
      if (gone.isActive()) events.add(l -> l.onIncidentResolved(gone));
    }

    Map<String, Maintenance> oldMaintenances = new LinkedHashMap<>();
    for (Maintenance m : before.maintenances()) oldMaintenances.put(m.id(), m);
    for (Maintenance m : after.maintenances()) {
      Maintenance old = oldMaintenances.remove(m.id());
      boolean completed = m.status() == Maintenance.Status.COMPLETED;
      if (old == null) {
        if (m.status().isActive()) events.add(l -> l.onMaintenanceStarted(m));
        else if (!completed) events.add(l -> l.onMaintenanceScheduled(m));
      } else {
        boolean wasCompleted = old.status() == Maintenance.Status.COMPLETED;
        if (!old.status().isActive() && !wasCompleted && m.status().isActive()) events.add(l -> l.onMaintenanceStarted(m));
        if (!wasCompleted && completed) events.add(l -> l.onMaintenanceCompleted(m));
      }
    }
    for (Maintenance gone : oldMaintenances.values()) {
      if (gone.status() != Maintenance.Status.COMPLETED) events.add(l -> l.onMaintenanceCompleted(gone));
    }
    return events;
  }
}
