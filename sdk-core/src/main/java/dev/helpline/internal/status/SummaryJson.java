package dev.helpline.internal.status;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.helpline.internal.text.HtmlText;
import dev.helpline.internal.json.JsonValues;
import dev.helpline.status.Component;
import dev.helpline.status.Incident;
import dev.helpline.status.StatusSnapshot.Indicator;
import dev.helpline.status.Maintenance;
import dev.helpline.status.StatusSnapshot;
import dev.helpline.status.StatusSource.Validators;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * Reads the Statuspage v2 {@code summary.json} shape (also served by the native Support API) and
 * writes the monitor's disk cache in the same shape, plus a {@code helpline_cache} member holding the
 * fetch time and validators. Unknown members are skipped and unknown enum values map to UNKNOWN; wrong
 * types, missing ids and bad timestamps are errors naming the JSON path.
 */
public final class SummaryJson {
  static final String CACHE_MEMBER = "helpline_cache";
  static final int CACHE_VERSION = 1;

  private SummaryJson() {}

  /**
   * A parsed document; {@code cachedAt}, {@code validators} and {@code cachedSource} are only present in the
   * monitor's cache file ({@code cachedSource} only in one written since it names its source).
   */
  public static final class Parsed {
    public final StatusSnapshot snapshot;
    public final @Nullable Instant cachedFetchedAt;
    public final Validators validators;
    public final @Nullable String cachedSource;

    Parsed(StatusSnapshot snapshot, @Nullable Instant cachedFetchedAt, Validators validators,
        @Nullable String cachedSource) {
      this.snapshot = snapshot;
      this.cachedFetchedAt = cachedFetchedAt;
      this.validators = validators;
      this.cachedSource = cachedSource;
    }
  }

  /**
   * @throws IOException naming {@code origin} (a URL or file) and the JSON path when the document is
   *     malformed
   */
  public static Parsed parse(BufferedSource source, String origin, Instant fetchedAt) throws IOException {
    JsonReader r = JsonReader.of(source);
    try {
      Parsed parsed = readSummary(r, fetchedAt);
      if (r.peek() != JsonReader.Token.END_DOCUMENT) {
        throw new IOException("unexpected content after the summary object at path " + r.getPath());
      }
      return parsed;
    } catch (IOException | JsonDataException e) {
      throw new IOException("malformed status summary from " + origin + ": " + e.getMessage(), e);
    }
  }

  private static final class RawComponent {
    String id = "";
    String name = "";
    @Nullable String status;
    @Nullable String groupId;
    @Nullable String groupName;
    boolean group;
  }

  private static final class RawIncident {
    @Nullable String id;
    @Nullable String name;
    @Nullable String status;
    @Nullable String impact;
    @Nullable Instant createdAt;
    @Nullable Instant updatedAt;
    @Nullable String shortlink;
    @Nullable Instant scheduledFor;
    @Nullable Instant scheduledUntil;
    @Nullable String latestBody;
    @Nullable Instant latestAt;
    final Set<String> components = new LinkedHashSet<>();
  }

  private static Parsed readSummary(JsonReader r, Instant fetchedAt) throws IOException {
    Indicator indicator = Indicator.UNKNOWN;
    String description = "";
    List<RawComponent> components = new ArrayList<>();
    List<RawIncident> incidents = new ArrayList<>();
    List<RawIncident> maintenances = new ArrayList<>();
    Instant cachedAt = null;
    String cachedSource = null;
    Validators validators = Validators.none();
    JsonValues.beginObject(r);
    while (r.hasNext()) {
      String name = r.nextName();
      switch (name) {
        case "status":
          if (JsonValues.skipNull(r)) break;
          JsonValues.beginObject(r);
          while (r.hasNext()) {
            String member = r.nextName();
            if (member.equals("indicator")) indicator = Indicator.fromWire(JsonValues.stringOrNull(r));
            else if (member.equals("description")) {
              String d = JsonValues.stringOrNull(r);
              description = d == null ? "" : d;
            } else r.skipValue();
          }
          r.endObject();
          break;
        case "components":
          if (JsonValues.skipNull(r)) break;
          JsonValues.beginArray(r);
          while (r.hasNext()) components.add(readComponent(r));
          r.endArray();
          break;
        case "incidents":
          if (JsonValues.skipNull(r)) break;
          JsonValues.beginArray(r);
          while (r.hasNext()) incidents.add(readIncident(r));
          r.endArray();
          break;
        case "scheduled_maintenances":
          if (JsonValues.skipNull(r)) break;
          JsonValues.beginArray(r);
          while (r.hasNext()) maintenances.add(readIncident(r));
          r.endArray();
          break;
        case CACHE_MEMBER:
          String etag = null;
          String lastModified = null;
          JsonValues.beginObject(r);
          while (r.hasNext()) {
            String member = r.nextName();
            if (member.equals("fetched_at")) cachedAt = JsonValues.instantOrNull(r);
            else if (member.equals("etag")) etag = JsonValues.stringOrNull(r);
            else if (member.equals("last_modified")) lastModified = JsonValues.stringOrNull(r);
            else if (member.equals("source")) cachedSource = JsonValues.stringOrNull(r);
            else r.skipValue();
          }
          r.endObject();
          validators = Validators.of(etag, lastModified);
          break;
        default:
          r.skipValue();
      }
    }
    r.endObject();

    Map<String, String> groupNames = new HashMap<>();
    for (RawComponent c : components) {
      if (c.group) groupNames.put(c.id, c.name);
    }
    List<Component> members = new ArrayList<>();
    for (RawComponent c : components) {
      if (c.group) continue;
      String group = c.groupId != null ? groupNames.get(c.groupId) : null;
      if (group == null) group = c.groupName;
      members.add(new Component(c.id, c.name, Component.Status.fromWire(c.status), group));
    }
    List<Incident> outIncidents = new ArrayList<>();
    for (RawIncident i : incidents) {
      outIncidents.add(new Incident(i.id, i.name, Incident.Status.fromWire(i.status), Indicator.fromWire(i.impact),
          i.latestBody, plain(i.latestBody), i.createdAt, i.updatedAt, new ArrayList<>(i.components), i.shortlink));
    }
    List<Maintenance> outMaintenances = new ArrayList<>();
    for (RawIncident m : maintenances) {
      outMaintenances.add(new Maintenance(m.id, m.name, Maintenance.Status.fromWire(m.status), m.scheduledFor,
          m.scheduledUntil, new ArrayList<>(m.components), m.latestBody, plain(m.latestBody), m.updatedAt, m.shortlink));
    }
    Instant at = cachedAt != null ? cachedAt : fetchedAt;
    StatusSnapshot snapshot = new StatusSnapshot(indicator, description, members, outIncidents, outMaintenances, at, false);
    return new Parsed(snapshot, cachedAt, validators, cachedSource);
  }

  private static RawComponent readComponent(JsonReader r) throws IOException {
    String path = r.getPath();
    RawComponent c = new RawComponent();
    String id = null;
    String name = null;
    JsonValues.beginObject(r);
    while (r.hasNext()) {
      switch (r.nextName()) {
        case "id": id = JsonValues.stringOrNull(r); break;
        case "name": name = JsonValues.stringOrNull(r); break;
        case "status": c.status = JsonValues.stringOrNull(r); break;
        case "group_id": c.groupId = JsonValues.stringOrNull(r); break;
        case "group": c.group = JsonValues.booleanOr(r, false); break;
        case "group_name": c.groupName = JsonValues.stringOrNull(r); break;
        default: r.skipValue();
      }
    }
    r.endObject();
    if (id == null) throw JsonValues.missing("id", path);
    if (name == null) throw JsonValues.missing("name", path);
    c.id = id;
    c.name = name;
    return c;
  }

  private static RawIncident readIncident(JsonReader r) throws IOException {
    String path = r.getPath();
    RawIncident i = new RawIncident();
    JsonValues.beginObject(r);
    while (r.hasNext()) {
      switch (r.nextName()) {
        case "id": i.id = JsonValues.stringOrNull(r); break;
        case "name": i.name = JsonValues.stringOrNull(r); break;
        case "status": i.status = JsonValues.stringOrNull(r); break;
        case "impact": i.impact = JsonValues.stringOrNull(r); break;
        case "created_at": i.createdAt = JsonValues.instantOrNull(r); break;
        case "updated_at": i.updatedAt = JsonValues.instantOrNull(r); break;
        case "shortlink": i.shortlink = JsonValues.stringOrNull(r); break;
        case "scheduled_for": i.scheduledFor = JsonValues.instantOrNull(r); break;
        case "scheduled_until": i.scheduledUntil = JsonValues.instantOrNull(r); break;
        case "incident_updates": readUpdates(r, i); break;
        case "components": readComponentNames(r, i.components); break;
        default: r.skipValue();
      }
    }
    r.endObject();
    if (i.id == null) throw JsonValues.missing("id", path);
    if (i.name == null) throw JsonValues.missing("name", path);
    return i;
  }

  /** Statuspage lists updates newest first; the latest is taken by time anyway, falling back to list order. */
  private static void readUpdates(JsonReader r, RawIncident i) throws IOException {
    if (JsonValues.skipNull(r)) return;
    JsonValues.beginArray(r);
    boolean first = true;
    while (r.hasNext()) {
      String body = null;
      Instant at = null;
      Instant created = null;
      JsonValues.beginObject(r);
      while (r.hasNext()) {
        switch (r.nextName()) {
          case "body": body = JsonValues.stringOrNull(r); break;
          case "display_at": at = JsonValues.instantOrNull(r); break;
          case "created_at": created = JsonValues.instantOrNull(r); break;
          case "affected_components": readComponentNames(r, i.components); break;
          default: r.skipValue();
        }
      }
      r.endObject();
      if (at == null) at = created;
      boolean newer = first || (at != null && (i.latestAt == null || at.isAfter(i.latestAt)));
      if (newer) {
        i.latestBody = body;
        i.latestAt = at;
      }
      first = false;
    }
    r.endArray();
  }

  private static void readComponentNames(JsonReader r, Set<String> into) throws IOException {
    if (JsonValues.skipNull(r)) return;
    JsonValues.beginArray(r);
    while (r.hasNext()) {
      if (r.peek() == JsonReader.Token.STRING) {
        // Some feeds list ids or names as plain strings.
        into.add(r.nextString());
        continue;
      }
      JsonValues.beginObject(r);
      while (r.hasNext()) {
        if (r.nextName().equals("name")) {
          String name = JsonValues.stringOrNull(r);
          if (name != null) into.add(name);
        } else {
          r.skipValue();
        }
      }
      r.endObject();
    }
    r.endArray();
  }

  /** The cache document: the summary shape plus fetch time, validators and what names the source (null: unknown). */
  public static byte[] writeCache(StatusSnapshot s, Validators validators, @Nullable String source) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.setSerializeNulls(false);
      w.beginObject();
      w.name(CACHE_MEMBER).beginObject();
      w.name("version").value(CACHE_VERSION);
      w.name("fetched_at").value(s.fetchedAt().toString());
      w.name("etag").value(validators.etag());
      w.name("last_modified").value(validators.lastModified());
      w.name("source").value(source);
      w.endObject();
      w.name("status").beginObject();
      w.name("indicator").value(s.indicator().wireName());
      w.name("description").value(s.description());
      w.endObject();
      w.name("components").beginArray();
      for (Component c : s.components()) {
        w.beginObject();
        w.name("id").value(c.id());
        w.name("name").value(c.name());
        w.name("status").value(c.status().wireName());
        w.name("group_name").value(c.group());
        w.endObject();
      }
      w.endArray();
      w.name("incidents").beginArray();
      for (Incident i : s.incidents()) {
        writeEvent(w, i.id(), i.name(), i.status().wireName(), i.impact().wireName(), i.createdAt(), i.updatedAt(),
            i.shortlink(), i.latestUpdate(), i.components(), null, null);
      }
      w.endArray();
      w.name("scheduled_maintenances").beginArray();
      for (Maintenance m : s.maintenances()) {
        writeEvent(w, m.id(), m.name(), m.status().wireName(), "maintenance", null, m.updatedAt(), m.shortlink(),
            m.latestUpdate(), m.components(), m.scheduledFor(), m.scheduledUntil());
      }
      w.endArray();
      w.endObject();
    } catch (IOException e) {
      throw new AssertionError("writing to a memory buffer failed", e);
    }
    return buffer.readByteArray();
  }

  private static void writeEvent(JsonWriter w, String id, String name, String status, String impact,
      @Nullable Instant createdAt, @Nullable Instant updatedAt, @Nullable String shortlink, @Nullable String body,
      List<String> components, @Nullable Instant scheduledFor, @Nullable Instant scheduledUntil) throws IOException {
    w.beginObject();
    w.name("id").value(id);
    w.name("name").value(name);
    w.name("status").value(status);
    w.name("impact").value(impact);
    w.name("created_at").value(createdAt == null ? null : createdAt.toString());
    w.name("updated_at").value(updatedAt == null ? null : updatedAt.toString());
    w.name("shortlink").value(shortlink);
    w.name("scheduled_for").value(scheduledFor == null ? null : scheduledFor.toString());
    w.name("scheduled_until").value(scheduledUntil == null ? null : scheduledUntil.toString());
    w.name("incident_updates").beginArray();
    if (body != null) {
      w.beginObject();
      w.name("body").value(body);
      w.endObject();
    }
    w.endArray();
    w.name("components").beginArray();
    for (String c : components) {
      w.beginObject();
      w.name("name").value(c);
      w.endObject();
    }
    w.endArray();
    w.endObject();
  }

  private static String plain(@Nullable String html) {
    return html == null ? "" : HtmlText.toPlainText(html);
  }
}
