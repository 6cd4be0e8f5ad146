package dev.helpline.sample.feed;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * Reads a status feed's JSON over HTTP. The feed URL may be a Statuspage page ({@code /api/v2/summary.json} is
 * appended), a full {@code …summary.json} URL (used as is), or a native Helpline desk
 * ({@code /v1/status/summary.json} is appended, and its notices are read from {@code /v1/notices}). Without a
 * {@code .json} suffix the native path is tried first and the Statuspage path when that is not found.
 *
 * <p>Responses above 1 MiB are refused. Thread-safe; every call does its own requests (no caching).
 */
public final class JsonStatusFeed implements StatusFeed {
  private static final long MAX_BODY_BYTES = 1024 * 1024;

  private final OkHttpClient http;
  private final HttpUrl feedUrl;
  private final Clock clock;

  public JsonStatusFeed(OkHttpClient http, HttpUrl feedUrl, Clock clock) {
    this.http = Objects.requireNonNull(http, "http == null");
    this.feedUrl = Objects.requireNonNull(feedUrl, "feedUrl == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  @Override
  public StatusSnapshot status() throws IOException {
    return parseSummary(fetchSummary());
  }

  @Override
  public List<Notice> notices() throws IOException {
    Fetched summary = fetchSummary();
    List<Notice> out = new ArrayList<>();
    HttpUrl nativeRoot = nativeRoot(summary.url);
    if (nativeRoot != null) {
      Object tree = get(resolve(nativeRoot, "v1/notices"));
      for (Object o : list(map(tree, "notices list"), "notices")) {
        Map<?, ?> n = map(o, "notice");
        Notice notice = new Notice(str(n, "id", "?"), str(n, "type", "announcement"), str(n, "severity", "info"),
            str(n, "title", ""), str(n, "body", ""), time(n, "startsAt"), time(n, "endsAt"));
        if (notice.isCurrentAt(clock.instant())) out.add(notice);
      }
    }
    for (StatusSnapshot.Event m : parseSummary(summary).maintenances()) {
      if (m.status().equals("completed")) continue;
      String when = m.scheduledFor() == null ? "" : " (" + m.scheduledFor() + " to " + m.scheduledUntil() + ")";
      out.add(new Notice("maintenance:" + m.name(), "maintenance", "warning", m.name(),
          m.status() + when + (m.components().isEmpty() ? "" : "; affects " + String.join(", ", m.components())),
          m.scheduledFor(), m.scheduledUntil()));
    }
    return out;
  }

  private static final class Fetched {
    final HttpUrl url;
    final Object tree;

    Fetched(HttpUrl url, Object tree) {
      this.url = url;
      this.tree = tree;
    }
  }

  private Fetched fetchSummary() throws IOException {
    String path = feedUrl.encodedPath();
    if (path.endsWith(".json")) return new Fetched(feedUrl, get(feedUrl));
    HttpUrl nativeUrl = resolve(feedUrl, "v1/status/summary.json");
    try {
      return new Fetched(nativeUrl, get(nativeUrl));
    } catch (NotFound e) {
      HttpUrl statuspage = resolve(feedUrl, "api/v2/summary.json");
      return new Fetched(statuspage, get(statuspage));
    }
  }

  private static @Nullable HttpUrl nativeRoot(HttpUrl summaryUrl) {
    String path = summaryUrl.encodedPath();
    String suffix = "/v1/status/summary.json";
    if (!path.endsWith(suffix)) return null;
    return summaryUrl.newBuilder().encodedPath(path.substring(0, path.length() - suffix.length()) + "/").build();
  }

  private static HttpUrl resolve(HttpUrl base, String relative) {
    String path = base.encodedPath();
    HttpUrl dir = path.endsWith("/") ? base : base.newBuilder().encodedPath(path + "/").build();
    HttpUrl url = dir.resolve(relative);
    if (url == null) throw new IllegalArgumentException("cannot resolve " + relative + " against " + base);
    return url.newBuilder().query(null).fragment(null).build();
  }

  /** A 404: the feed is not at this path. */
  private static final class NotFound extends IOException {
    private static final long serialVersionUID = 1L;

    NotFound(String message) {
      super(message);
    }
  }

  private Object get(HttpUrl url) throws IOException {
    Request request = new Request.Builder().url(url).header("Accept", "application/json")
        .header("User-Agent", "helpline-cli/0.1.0").build();
    try (Response response = http.newCall(request).execute()) {
      ResponseBody body = response.body();
      if (response.code() == 404) throw new NotFound("status feed not found at " + url + " (HTTP 404)");
      if (!response.isSuccessful() || body == null) {
        throw new IOException("status feed " + url + " answered HTTP " + response.code());
      }
      BufferedSource source = body.source();
      if (source.request(MAX_BODY_BYTES + 1)) {
        throw new IOException("status feed " + url + " sent more than " + MAX_BODY_BYTES + " bytes");
      }
      Buffer buffer = source.getBuffer().clone();
      Object tree;
      try {
        tree = JsonReader.of(buffer).readJsonValue();
      } catch (IOException | JsonDataException e) {
        throw new IOException("status feed " + url + " sent malformed JSON: " + e.getMessage(), e);
      }
      if (tree == null) throw new IOException("status feed " + url + " sent null");
      return tree;
    }
  }

  private StatusSnapshot parseSummary(Fetched fetched) throws IOException {
    Map<?, ?> root = map(fetched.tree, "summary");
    Map<?, ?> page = root.get("page") instanceof Map ? (Map<?, ?>) root.get("page") : Collections.emptyMap();
    Map<?, ?> status = map(root.get("status"), "status");
    List<StatusSnapshot.Component> components = new ArrayList<>();
    for (Object o : list(root, "components")) {
      Map<?, ?> c = map(o, "component");
      if (Boolean.TRUE.equals(c.get("group"))) continue;
      components.add(new StatusSnapshot.Component(str(c, "name", "?"), str(c, "status", "operational")));
    }
    return new StatusSnapshot(fetched.url.toString(), str(page, "name", fetched.url.host()),
        str(status, "indicator", "none"), str(status, "description", ""), components,
        events(root, "incidents"), events(root, "scheduled_maintenances"));
  }

  private static List<StatusSnapshot.Event> events(Map<?, ?> root, String key) throws IOException {
    List<StatusSnapshot.Event> out = new ArrayList<>();
    for (Object o : list(root, key)) {
      Map<?, ?> e = map(o, key + " entry");
      List<String> names = new ArrayList<>();
      for (Object c : list(e, "components")) {
        if (c instanceof Map) names.add(str((Map<?, ?>) c, "name", "?"));
      }
      out.add(new StatusSnapshot.Event(str(e, "name", "?"), str(e, "status", "?"), str(e, "impact", "none"),
          time(e, "scheduled_for"), time(e, "scheduled_until"), names));
    }
    return out;
  }

  private static Map<?, ?> map(@Nullable Object o, String what) throws IOException {
    if (!(o instanceof Map)) throw new IOException("status feed: expected an object for " + what);
    return (Map<?, ?>) o;
  }

  private static List<?> list(Map<?, ?> m, String key) throws IOException {
    Object o = m.get(key);
    if (o == null) return Collections.emptyList();
    if (!(o instanceof List)) throw new IOException("status feed: expected a list at " + key);
    return (List<?>) o;
  }

  private static String str(Map<?, ?> m, String key, String fallback) {
    Object o = m.get(key);
    return o instanceof String ? (String) o : fallback;
  }

  private static @Nullable Instant time(Map<?, ?> m, String key) {
    Object o = m.get(key);
    if (!(o instanceof String)) return null;
    try {
      return Instant.parse((String) o);
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse((String) o).toInstant();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}
