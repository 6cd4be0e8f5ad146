package dev.helpline.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The Statuspage v2 summary served at {@code GET /v1/status/summary.json}: overall indicator, components, incidents
 * and scheduled maintenances. Not thread-safe: {@link DeskState} calls it under its lock and passes the time in.
 */
final class StatusBoard {
  static final Set<String> INDICATORS = Set.of("none", "minor", "major", "critical", "maintenance");
  static final Set<String> COMPONENT_STATUSES =
      Set.of("operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance");
  static final Set<String> INCIDENT_STATUSES = Set.of("investigating", "identified", "monitoring", "resolved");
  static final Set<String> IMPACTS = Set.of("none", "minor", "major", "critical");
  static final int MAX_EVENTS = 1_000;

  private @Nullable Map<String, Object> summary;
  private byte[] summaryBytes = new byte[0];
  private Instant modified = Instant.EPOCH;
  private long nextEvent = 1;

  /** Installs the default all-clear summary unless one was loaded from the data directory. */
  void init(String baseUrl, Instant now) {
    if (summary == null) {
      Map<String, Object> page = Json.obj("id", "helpline-testdesk", "name", "Helpline Test Desk", "url", baseUrl,
          "time_zone", "Etc/UTC", "updated_at", now.toString());
      set(Json.obj("page", page,
          "status", Json.obj("indicator", "none", "description", "All Systems Operational"),
          "components", new ArrayList<>(), "incidents", new ArrayList<>(),
          "scheduled_maintenances", new ArrayList<>()), now);
    }
  }

  void publish(String summaryJson, Instant now) {
    Map<String, Object> parsed;
    try {
      parsed = Json.parseObject(summaryJson, "summary");
    } catch (ApiException e) {
      throw new IllegalArgumentException("summaryJson: " + e.getMessage(), e);
    }
    Object status = parsed.get("status");
    Object indicator = status instanceof Map ? ((Map<?, ?>) status).get("indicator") : null;
    if (!(indicator instanceof String) || !INDICATORS.contains(indicator)) {
      throw new IllegalArgumentException("summaryJson: status.indicator must be one of " + INDICATORS);
    }
    summary = parsed;
    summaryBytes = summaryJson.getBytes(StandardCharsets.UTF_8); // verbatim, as a real status page would serve it
    modified = now;
  }

  void setIndicator(String indicator, String description, Instant now) {
    if (!INDICATORS.contains(indicator)) {
      throw new IllegalArgumentException("indicator: '" + indicator + "' is not one of " + INDICATORS);
    }
    Map<String, Object> s = current();
    s.put("status", Json.obj("indicator", indicator, "description", description));
    stampAndSet(s, now);
  }

  @SuppressWarnings("unchecked")
  void setComponent(String name, String status, Instant now) {
    if (!COMPONENT_STATUSES.contains(status)) {
      throw new IllegalArgumentException("status: '" + status + "' is not one of " + COMPONENT_STATUSES);
    }
    if (name.trim().isEmpty() || name.length() > 200) {
      throw new IllegalArgumentException("name: must be 1..200 characters and not blank");
    }
    Map<String, Object> s = current();
    List<Object> components = list(s, "components");
    String at = now.toString();
    for (Object o : components) {
      if (o instanceof Map && name.equals(((Map<String, Object>) o).get("name"))) {
        ((Map<String, Object>) o).put("status", status);
        ((Map<String, Object>) o).put("updated_at", at);
        stampAndSet(s, now);
        return;
      }
    }
    components.add(Json.obj("id", "c" + (components.size() + 1), "name", name, "status", status,
        "position", components.size() + 1, "description", null, "group_id", null, "group", false,
        "only_show_if_degraded", false, "created_at", at, "updated_at", at));
    stampAndSet(s, now);
  }

  /** Adds an unresolved incident with one update; returns its id. */
  String addIncident(String name, String status, String impact, String body, Instant now) {
    if (!INCIDENT_STATUSES.contains(status) || status.equals("resolved")) {
      throw new IllegalArgumentException("status: '" + status + "' is not one of investigating, identified, monitoring");
    }
    if (!IMPACTS.contains(impact)) {
      throw new IllegalArgumentException("impact: '" + impact + "' is not one of " + IMPACTS);
    }
    return addEvent("incidents", name, status, impact, body, null, null, now);
  }

  /** Adds a maintenance window; its status (scheduled, in_progress, completed) follows from the window and now. */
  String addMaintenance(String name, String startsAt, String endsAt, String body, Instant now) {
    Instant from = instant(startsAt, "startsAt");
    Instant until = instant(endsAt, "endsAt");
    if (!until.isAfter(from)) {
      throw new IllegalArgumentException("endsAt: must be after startsAt");
    }
    String status = now.isBefore(from) ? "scheduled" : now.isBefore(until) ? "in_progress" : "completed";
    return addEvent("scheduled_maintenances", name, status, "maintenance", body, from, until, now);
  }

  private String addEvent(String listName, String name, String status, String impact, String body,
      @Nullable Instant from, @Nullable Instant until, Instant now) {
    if (name.trim().isEmpty() || name.length() > 500) {
      throw new IllegalArgumentException("name: must be 1..500 characters and not blank");
    }
    Map<String, Object> s = current();
    List<Object> events = list(s, listName);
    if (events.size() >= MAX_EVENTS) {
      throw new IllegalArgumentException(listName + ": the desk holds " + MAX_EVENTS + " already");
    }
    String id = (from == null ? "inc-" : "mnt-") + nextEvent++;
    String at = now.toString();
    List<Object> updates = new ArrayList<>();
    updates.add(Json.obj("id", id + "-u1", "status", status, "body", body, "created_at", at, "updated_at", at,
        "display_at", at));
    events.add(0, Json.obj("id", id, "name", name, "status", status, "impact", impact, "created_at", at,
        "updated_at", at, "shortlink", null,
        "scheduled_for", from == null ? null : from.toString(),
        "scheduled_until", until == null ? null : until.toString(),
        "incident_updates", updates, "components", new ArrayList<>()));
    stampAndSet(s, now);
    return id;
  }

  /** Removes an incident or maintenance by id; returns whether there was one. */
  boolean removeEvent(String id, Instant now) {
    Map<String, Object> s = current();
    for (String listName : List.of("incidents", "scheduled_maintenances")) {
      Iterator<Object> it = list(s, listName).iterator();
      while (it.hasNext()) {
        Object o = it.next();
        if (o instanceof Map && id.equals(((Map<?, ?>) o).get("id"))) {
          it.remove();
          stampAndSet(s, now);
          return true;
        }
      }
    }
    return false;
  }

  private static Instant instant(String value, String field) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + ": '" + value + "' is not an ISO-8601 timestamp with offset");
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> s, String name) {
    Object listObj = s.get(name);
    List<Object> list = listObj instanceof List ? (List<Object>) listObj : new ArrayList<>();
    s.put(name, list);
    return list;
  }

  private Map<String, Object> current() {
    return Json.parseObject(summaryBytes, "summary");
  }

  @SuppressWarnings("unchecked")
  private void stampAndSet(Map<String, Object> s, Instant now) {
    Object page = s.get("page");
    if (page instanceof Map) {
      ((Map<String, Object>) page).put("updated_at", now.toString());
    }
    set(s, now);
  }

  private void set(Map<String, Object> s, Instant now) {
    summary = s;
    summaryBytes = Json.write(s);
    modified = now;
  }

  Versioned versioned() {
    return new Versioned(summaryBytes, modified);
  }

  Instant modified() {
    return modified;
  }

  /** The members of the state file that hold the summary. */
  void save(Map<String, Object> state) {
    state.put("summaryText", summary == null ? null : new String(summaryBytes, StandardCharsets.UTF_8));
    state.put("summaryModified", modified.toString());
    state.put("nextStatusEvent", nextEvent);
  }

  void load(Map<String, Object> state) {
    Object s = state.get("summaryText");
    if (s instanceof String) {
      summaryBytes = ((String) s).getBytes(StandardCharsets.UTF_8);
      summary = Json.parseObject(summaryBytes, "summaryText");
      modified = Instant.parse((String) state.get("summaryModified"));
    }
    Object next = state.get("nextStatusEvent");
    if (next instanceof Number) {
      nextEvent = ((Number) next).longValue();
    }
  }
}
