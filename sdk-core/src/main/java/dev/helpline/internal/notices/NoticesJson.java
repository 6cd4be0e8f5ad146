package dev.helpline.internal.notices;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import dev.helpline.internal.json.JsonValues;
import dev.helpline.internal.text.HtmlText;
import dev.helpline.notices.Notice;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the notices feed: {@code {"notices":[{...}]}} as served by the native {@code /v1/notices}
 * and by static feeds (schema in docs/status-and-notices.md). Notices of an unknown type are skipped
 * (newer feeds may add types); unknown members are ignored; wrong types, a missing id/type/title and
 * bad timestamps fail the whole feed with the JSON path.
 */
public final class NoticesJson {
  private static final Logger log = LoggerFactory.getLogger(NoticesJson.class);

  private NoticesJson() {}

  public static List<Notice> parse(BufferedSource source, String origin) throws IOException {
    JsonReader r = JsonReader.of(source);
    try {
      List<Notice> notices = null;
      JsonValues.beginObject(r);
      while (r.hasNext()) {
        if (r.nextName().equals("notices")) {
          notices = new ArrayList<>();
          JsonValues.beginArray(r);
          while (r.hasNext()) {
            Notice n = readNotice(r, origin);
            if (n != null) notices.add(n);
          }
          r.endArray();
        } else {
          r.skipValue();
        }
      }
      r.endObject();
      if (r.peek() != JsonReader.Token.END_DOCUMENT) {
        throw new IOException("unexpected content after the feed object at path " + r.getPath());
      }
      if (notices == null) throw JsonValues.missing("notices", "$");
      return Collections.unmodifiableList(notices);
    } catch (IOException | JsonDataException e) {
      throw new IOException("malformed notices feed from " + origin + ": " + e.getMessage(), e);
    }
  }

  private static @Nullable Notice readNotice(JsonReader r, String origin) throws IOException {
    String path = r.getPath();
    String id = null;
    String typeText = null;
    String title = null;
    String body = null;
    String severity = null;
    Instant startsAt = null;
    Instant endsAt = null;
    String url = null;
    String minimumVersion = null;
    Notice.Targeting targeting = Notice.Targeting.everyone();
    JsonValues.beginObject(r);
    while (r.hasNext()) {
      switch (r.nextName()) {
        case "id": id = JsonValues.stringOrNull(r); break;
        case "type": typeText = JsonValues.stringOrNull(r); break;
        case "title": title = JsonValues.stringOrNull(r); break;
        case "body": body = JsonValues.stringOrNull(r); break;
        case "severity": severity = JsonValues.stringOrNull(r); break;
        case "startsAt": startsAt = JsonValues.instantOrNull(r); break;
        case "endsAt": endsAt = JsonValues.instantOrNull(r); break;
        case "url": url = JsonValues.stringOrNull(r); break;
        case "minimumVersion": minimumVersion = JsonValues.stringOrNull(r); break;
        case "targeting": targeting = readTargeting(r); break;
        default: r.skipValue();
      }
    }
    r.endObject();
    if (id == null || id.isEmpty()) throw JsonValues.missing("id", path);
    if (typeText == null) throw JsonValues.missing("type", path);
    if (title == null) throw JsonValues.missing("title", path);
    Notice.Type type = Notice.Type.fromWire(typeText);
    if (type == null) {
      log.info("Skipping notice {} of unknown type '{}' from {}", id, typeText, origin);
      return null;
    }
    return Notice.builder(id, type, title)
        .body(body == null ? "" : body)
        .plainText(body == null ? "" : HtmlText.toPlainText(body))
        .severity(Notice.Severity.fromWire(severity))
        .startsAt(startsAt)
        .endsAt(endsAt)
        .url(url)
        .targeting(targeting)
        .minimumVersion(minimumVersion)
        .build();
  }

  private static Notice.Targeting readTargeting(JsonReader r) throws IOException {
    if (JsonValues.skipNull(r)) return Notice.Targeting.everyone();
    List<String> platforms = Collections.emptyList();
    List<String> locales = Collections.emptyList();
    String min = null;
    String max = null;
    JsonValues.beginObject(r);
    while (r.hasNext()) {
      switch (r.nextName()) {
        case "platforms": platforms = readStrings(r); break;
        case "locales": locales = readStrings(r); break;
        case "minAppVersion": min = blankToNull(JsonValues.stringOrNull(r)); break;
        case "maxAppVersion": max = blankToNull(JsonValues.stringOrNull(r)); break;
        default: r.skipValue();
      }
    }
    r.endObject();
    return Notice.Targeting.of(platforms, min, max, locales);
  }

  /** A blank bound is an empty form field, no bound, as a blank timestamp is no time and blank list entries are skipped. */
  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.trim().isEmpty() ? null : s;
  }

  private static List<String> readStrings(JsonReader r) throws IOException {
    if (JsonValues.skipNull(r)) return Collections.emptyList();
    List<String> out = new ArrayList<>();
    JsonValues.beginArray(r);
    while (r.hasNext()) {
      String s = JsonValues.stringOrNull(r);
      if (s != null && !s.trim().isEmpty()) out.add(s.trim());
    }
    r.endArray();
    return out;
  }
}
