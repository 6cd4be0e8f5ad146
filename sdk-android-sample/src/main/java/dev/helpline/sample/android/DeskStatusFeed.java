package dev.helpline.sample.android;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import java.io.EOFException;
import java.io.IOException;
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
 * Reads the Helpline Support API's public endpoints: {@code /v1/status/summary.json},
 * {@code /v1/notices} and {@code /v1/articles/search}. Blocking and thread-safe; every method
 * refuses to run on the main thread. Bodies over {@value #MAX_BODY_BYTES} bytes and malformed JSON
 * fail with an {@link IOException} that says what was wrong.
 */
public final class DeskStatusFeed implements StatusFeed {
  static final long MAX_BODY_BYTES = 512 * 1024;

  private final OkHttpClient client;
  private final HttpUrl baseUrl;

  public DeskStatusFeed(OkHttpClient client, String baseUrl) {
    this.client = Objects.requireNonNull(client, "client == null");
    HttpUrl parsed = HttpUrl.parse(Objects.requireNonNull(baseUrl, "baseUrl == null"));
    if (parsed == null) throw new IllegalArgumentException("baseUrl '" + baseUrl + "' is not an http(s) URL");
    this.baseUrl = parsed;
  }

  @Override
  public ServiceStatus status() throws IOException {
    IoGuard.checkNotMainThread("StatusFeed.status");
    Map<?, ?> root = getObject(baseUrl.newBuilder().addPathSegments("v1/status/summary.json").build());
    Map<?, ?> status = map(root.get("status"));
    List<ServiceStatus.Component> components = new ArrayList<>();
    for (Object o : list(root.get("components"))) {
      Map<?, ?> c = map(o);
      if (Boolean.TRUE.equals(c.get("group"))) continue;
      components.add(new ServiceStatus.Component(string(c.get("name"), ""), string(c.get("status"), "operational")));
    }
    return new ServiceStatus(string(status.get("indicator"), "none"), string(status.get("description"), ""),
        components, events(root.get("incidents")), events(root.get("scheduled_maintenances")));
  }

  @Override
  public List<Notice> notices() throws IOException {
    IoGuard.checkNotMainThread("StatusFeed.notices");
    Map<?, ?> root = getObject(baseUrl.newBuilder().addPathSegments("v1/notices").build());
    List<Notice> notices = new ArrayList<>();
    for (Object o : list(root.get("notices"))) {
      Map<?, ?> n = map(o);
      Map<?, ?> t = map(n.get("targeting"));
      String id = string(n.get("id"), "");
      if (id.isEmpty()) throw new IOException("malformed notices from desk: a notice has no id");
      notices.add(new Notice(id, string(n.get("type"), "announcement"), string(n.get("title"), ""),
          string(n.get("body"), ""), string(n.get("severity"), "info"), instant(n.get("startsAt")),
          instant(n.get("endsAt")), strings(t.get("platforms")), optString(t.get("minAppVersion")),
          optString(t.get("maxAppVersion")), strings(t.get("locales"))));
    }
    return notices;
  }

  @Override
  public List<Article> searchArticles(String query, int limit) throws IOException {
    IoGuard.checkNotMainThread("StatusFeed.searchArticles");
    Objects.requireNonNull(query, "query == null");
    if (limit < 1 || limit > 50) throw new IllegalArgumentException("limit is " + limit + "; it must lie between 1 and 50");
    String q = query.trim();
    if (q.isEmpty()) return Collections.emptyList();
    if (q.length() > 1000) q = q.substring(0, 1000);
    HttpUrl url = baseUrl.newBuilder().addPathSegments("v1/articles/search")
        .addQueryParameter("q", q).addQueryParameter("limit", Integer.toString(limit)).build();
    List<Article> articles = new ArrayList<>();
    for (Object o : list(getObject(url).get("articles"))) {
      Map<?, ?> a = map(o);
      articles.add(new Article(string(a.get("id"), ""), string(a.get("title"), ""), string(a.get("snippet"), ""),
          string(a.get("url"), "")));
    }
    return articles;
  }

  private Map<?, ?> getObject(HttpUrl url) throws IOException {
    Request request = new Request.Builder().url(url).header("Accept", "application/json").build();
    try (Response response = client.newCall(request).execute()) {
      ResponseBody body = response.body();
      if (!response.isSuccessful() || body == null) {
        throw new IOException("desk answered HTTP " + response.code() + " to GET " + url.encodedPath());
      }
      BufferedSource source = body.source();
      if (source.request(MAX_BODY_BYTES + 1)) {
        throw new IOException("desk's answer to GET " + url.encodedPath() + " exceeds " + MAX_BODY_BYTES + " bytes");
      }
      Buffer buffer = source.getBuffer();
      try {
        Object value = JsonReader.of(buffer).readJsonValue();
        if (!(value instanceof Map)) {
          throw new IOException("malformed answer to GET " + url.encodedPath() + ": expected a JSON object");
        }
        return (Map<?, ?>) value;
      } catch (JsonDataException | JsonEncodingException | EOFException e) { // EOF: the body ends mid-value
        throw new IOException("malformed answer to GET " + url.encodedPath() + ": " + e.getMessage(), e);
      }
    }
  }

  private static List<ServiceStatus.Event> events(@Nullable Object value) {
    List<ServiceStatus.Event> events = new ArrayList<>();
    for (Object o : list(value)) {
      Map<?, ?> e = map(o);
      events.add(new ServiceStatus.Event(string(e.get("name"), ""), string(e.get("status"), ""),
          optString(e.get("impact"))));
    }
    return events;
  }

  private static Map<?, ?> map(@Nullable Object value) {
    return value instanceof Map ? (Map<?, ?>) value : Collections.emptyMap();
  }

  private static List<?> list(@Nullable Object value) {
    return value instanceof List ? (List<?>) value : Collections.emptyList();
  }

  private static String string(@Nullable Object value, String fallback) {
    return value instanceof String ? (String) value : fallback;
  }

  private static @Nullable String optString(@Nullable Object value) {
    return value instanceof String ? (String) value : null;
  }

  private static List<String> strings(@Nullable Object value) {
    List<String> result = new ArrayList<>();
    for (Object o : list(value)) {
      if (o instanceof String) result.add((String) o);
    }
    return result;
  }

  private static @Nullable Instant instant(@Nullable Object value) throws IOException {
    if (!(value instanceof String)) return null;
    try {
      return Instant.parse((String) value);
    } catch (DateTimeParseException e) {
      throw new IOException("malformed notice time '" + value + "': expected an ISO-8601 instant", e);
    }
  }
}
