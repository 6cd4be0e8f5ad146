package dev.helpline.status;

import dev.helpline.internal.http.HttpGet;
import dev.helpline.internal.status.HttpStatusSource;
import java.time.Clock;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Factories for the built-in {@link StatusSource}s. Both read the Statuspage v2 {@code summary.json}
 * shape with conditional GETs; they differ only in where that document lives. Responses over 4 MiB
 * are refused. Share one {@link OkHttpClient} with the rest of the app.
 */
public final class StatusSources {
  private StatusSources() {}

  /**
   * An Atlassian Statuspage (or any page serving its v2 API). A page URL such as
   * {@code https://status.example.com} gets {@code /api/v2/summary.json} appended; a URL whose path
   * already ends in {@code .json} is used as is.
   *
   * @throws IllegalArgumentException when {@code pageOrSummaryUrl} is not an http(s) URL
   */
  public static StatusSource statuspage(String pageOrSummaryUrl, OkHttpClient client) {
    Objects.requireNonNull(pageOrSummaryUrl, "pageOrSummaryUrl == null");
    Objects.requireNonNull(client, "client == null");
    HttpUrl url = HttpGet.parseUrl("pageOrSummaryUrl", pageOrSummaryUrl);
    if (!url.encodedPath().endsWith(".json")) url = url.newBuilder().addPathSegments("api/v2/summary.json").build();
    return new HttpStatusSource(url, client, Clock.systemUTC());
  }

  /**
   * The native Support API's status resource: {@code /v1/status/summary.json} under the desk URL.
   *
   * @throws IllegalArgumentException when {@code deskUrl} is not an http(s) URL
   */
  public static StatusSource supportApi(String deskUrl, OkHttpClient client) {
    Objects.requireNonNull(deskUrl, "deskUrl == null");
    Objects.requireNonNull(client, "client == null");
    HttpUrl url = HttpGet.parseUrl("deskUrl", deskUrl).newBuilder().addPathSegments("v1/status/summary.json").build();
    return new HttpStatusSource(url, client, Clock.systemUTC());
  }
}
