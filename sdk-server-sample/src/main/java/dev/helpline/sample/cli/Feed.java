package dev.helpline.sample.cli;

import dev.helpline.status.StatusSource.FetchResult;
import dev.helpline.status.StatusSource;
import dev.helpline.status.StatusSource.Validators;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * The status source behind {@code --feed}. A URL whose path ends in {@code .json} is a summary document and is read
 * as is. Any other URL is tried as a native desk first ({@code /v1/status/summary.json}); when that path answers
 * HTTP 404 it is read as a Statuspage page ({@code /api/v2/summary.json}), and that choice is kept. The desk goes
 * first because only a desk also has notices, and a Statuspage page answers 404 for the desk path quickly. A
 * {@link dev.helpline.status.StatusMonitor} can poll it; fetches must not overlap (a monitor never overlaps them).
 */
final class Feed implements StatusSource {
  private static final String DESK_SUMMARY = "/v1/status/summary.json";

  private final HttpUrl url;
  private final OkHttpClient http;
  private final @Nullable StatusSource desk;
  private volatile StatusSource active;
  private volatile @Nullable String deskUrl;

  Feed(HttpUrl url, OkHttpClient http) {
    this.url = url;
    this.http = http;
    String path = url.encodedPath();
    if (path.endsWith(".json")) {
      this.desk = null;
      this.active = StatusSource.statuspage(url.toString(), http);
      if (path.endsWith(DESK_SUMMARY)) {
        deskUrl = url.newBuilder().encodedPath(path.substring(0, path.length() - DESK_SUMMARY.length()) + "/")
            .query(null).build().toString();
      }
    } else {
      // The SDK reports every HTTP error as a plain IOException; this client marks a 404 so it can be told apart.
      OkHttpClient probing = http.newBuilder().addInterceptor(chain -> {
        Response response = chain.proceed(chain.request());
        if (response.code() != 404) return response;
        response.close();
        throw new NotFound("HTTP 404 from " + DeskResolver.shown(chain.request().url()));
      }).build();
      this.desk = StatusSource.supportApi(url.toString(), probing);
      this.active = desk;
    }
  }

  @Override
  public FetchResult fetch(@Nullable Validators conditional) throws IOException {
    StatusSource d = desk;
    if (d == null || active != d) return active.fetch(conditional);
    try {
      FetchResult result = d.fetch(conditional);
      deskUrl = url.toString();
      return result;
    } catch (NotFound e) {
      active = StatusSource.statuspage(url.toString(), http);
      return active.fetch(null);
    }
  }

  /** The native desk's URL when the feed turned out to be one (after a successful fetch), else null. */
  @Nullable String deskUrl() {
    return deskUrl;
  }

  OkHttpClient http() {
    return http;
  }

  HttpUrl url() {
    return url;
  }

  /** The path is not there. */
  private static final class NotFound extends IOException {
    private static final long serialVersionUID = 1L;

    NotFound(String message) {
      super(message);
    }
  }

  @Override
  public String toString() {
    return "Feed{" + DeskResolver.shown(url) + "}";
  }
}
