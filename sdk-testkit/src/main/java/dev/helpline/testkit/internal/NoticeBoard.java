package dev.helpline.testkit.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The notices served at {@code GET /v1/notices}. Not thread-safe: {@link DeskState} calls it under its lock. */
final class NoticeBoard {
  static final Set<String> NOTICE_TYPES = Set.of("announcement", "maintenance", "minimum_version");
  static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");
  static final int MAX_NOTICES = 1_000;

  private final LinkedHashMap<String, Map<String, Object>> notices = new LinkedHashMap<>();

  /** Adds or replaces (by id) a notice; missing optional fields get their defaults. Returns the stored notice. */
  Map<String, Object> publish(Map<String, Object> in) {
    String id = Json.reqString(in, "id", "id");
    String type = Json.reqString(in, "type", "type");
    if (id.isEmpty() || id.length() > 200) {
      throw ApiException.invalid("id", "id must be 1..200 characters");
    }
    if (!NOTICE_TYPES.contains(type)) {
      throw ApiException.invalid("type", "type '" + type + "' is not one of " + NOTICE_TYPES);
    }
    String severity = Json.optString(in, "severity", "severity");
    if (severity == null) {
      severity = "info";
    } else if (!SEVERITIES.contains(severity)) {
      throw ApiException.invalid("severity", "severity '" + severity + "' is not one of " + SEVERITIES);
    }
    Map<String, Object> targetingIn = Json.optObject(in, "targeting", "targeting");
    if (targetingIn == null) {
      targetingIn = new LinkedHashMap<>();
    }
    Map<String, Object> targeting = Json.obj(
        "platforms", Json.optStringList(targetingIn, "platforms", "targeting.platforms"),
        "minAppVersion", Json.optString(targetingIn, "minAppVersion", "targeting.minAppVersion"),
        "maxAppVersion", Json.optString(targetingIn, "maxAppVersion", "targeting.maxAppVersion"),
        "locales", Json.optStringList(targetingIn, "locales", "targeting.locales"));
    String title = Json.optString(in, "title", "title");
    String body = Json.optString(in, "body", "body");
    Map<String, Object> notice = Json.obj(
        "id", id, "type", type,
        "title", title == null ? "" : title,
        "body", body == null ? "" : body,
        "severity", severity,
        "startsAt", Json.optString(in, "startsAt", "startsAt"),
        "endsAt", Json.optString(in, "endsAt", "endsAt"),
        "url", Json.optString(in, "url", "url"),
        "targeting", targeting,
        "minimumVersion", Json.optString(in, "minimumVersion", "minimumVersion"));
    if (!notices.containsKey(id) && notices.size() >= MAX_NOTICES) {
      throw ApiException.invalid("id", "the desk holds " + MAX_NOTICES + " notices already");
    }
    notices.put(id, notice);
    return notice;
  }

  boolean remove(String id) {
    return notices.remove(id) != null;
  }

  Versioned versioned(Instant lastModified) {
    return new Versioned(Json.write(Json.obj("notices", toJson())), lastModified);
  }

  List<Object> toJson() {
    return new ArrayList<>(notices.values());
  }

  @SuppressWarnings("unchecked")
  void load(List<Object> list) {
    for (Object o : list) {
      Map<String, Object> n = (Map<String, Object>) o;
      notices.put((String) n.get("id"), n);
    }
  }
}
