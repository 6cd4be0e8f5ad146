package dev.helpline.internal.status;

import dev.helpline.internal.http.HttpGet;
import dev.helpline.status.StatusSource.FetchResult;
import dev.helpline.status.StatusSource;
import dev.helpline.status.StatusSource.Validators;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import okhttp3.Call;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/** Reads a Statuspage v2 {@code summary.json} document (Atlassian's, or the native desk's) over HTTP. */
public final class HttpStatusSource implements StatusSource {
  private final HttpUrl url;
  private final Call.Factory client;
  private final Clock clock;

  public HttpStatusSource(HttpUrl url, Call.Factory client, Clock clock) {
    this.url = Objects.requireNonNull(url, "url == null");
    this.client = Objects.requireNonNull(client, "client == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  public HttpUrl url() {
    return url;
  }

  @Override
  public FetchResult fetch(@Nullable Validators conditional) throws IOException {
    HttpGet.Result result = HttpGet.get(client, url, conditional == null ? null : conditional.etag(),
        conditional == null ? null : conditional.lastModified());
    Validators validators = Validators.of(result.etag, result.lastModified);
    if (result.body == null) return FetchResult.notModified(validators);
    Instant now = clock.instant();
    return FetchResult.modified(parse(result.body, now).snapshot, validators);
  }

  /** Parses the summary; a message that could repeat the URL's credentials is scrubbed first. */
  private SummaryJson.Parsed parse(okio.Buffer body, Instant now) throws IOException {
    try {
      return SummaryJson.parse(body, HttpGet.forMessage(url), now);
    } catch (IOException e) {
      throw HttpGet.scrubbed(e, url);
    }
  }

  @Override
  public String toString() {
    return "StatusSource{" + HttpGet.forMessage(url) + "}";
  }
}
