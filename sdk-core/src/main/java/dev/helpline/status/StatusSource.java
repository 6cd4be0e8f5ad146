package dev.helpline.status;

import dev.helpline.internal.http.HttpGet;
import dev.helpline.internal.status.HttpStatusSource;
import java.time.Clock;
import okhttp3.Call;
import okhttp3.HttpUrl;
import java.util.Objects;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Where service status comes from. Built-in sources: {@link StatusSource#statuspage} and
 * {@link StatusSource#supportApi}; hosts may plug in their own.
 *
 * <p>Implementations are called from the monitor's single poll thread, one call at a time, and may
 * block on I/O. They must not retry on their own: the monitor owns backoff.
 */
public interface StatusSource {
  /**
   * Fetches the current status.
   *
   * @param conditional validators from the previous successful fetch, to send as {@code If-None-Match}
   *     / {@code If-Modified-Since}; null on the first fetch
   * @return a new snapshot (its {@code fetchedAt} is the time of this fetch), or not modified; never null
   *     (the monitor treats null, like a thrown {@link RuntimeException}, as a failed fetch)
   * @throws IOException on transport failure, an HTTP error status, or a malformed body (the message
   *     names the URL and the JSON path)
   */
  FetchResult fetch(@Nullable Validators conditional) throws IOException;

  /** The outcome of one {@link StatusSource#fetch}: a new snapshot, or "not modified" (HTTP 304). */
  public static final class FetchResult {
    private final @Nullable StatusSnapshot snapshot;
    private final Validators validators;

    private FetchResult(@Nullable StatusSnapshot snapshot, Validators validators) {
      this.snapshot = snapshot;
      this.validators = validators;
    }

    /** A fresh snapshot with the validators to send next time ({@link Validators#none()} when the server gave none). */
    public static FetchResult modified(StatusSnapshot snapshot, Validators validators) {
      return new FetchResult(Objects.requireNonNull(snapshot, "snapshot == null"),
          Objects.requireNonNull(validators, "validators == null"));
    }

    /** The content is unchanged since the validators that were sent; {@code validators} may carry refreshed values. */
    public static FetchResult notModified(Validators validators) {
      return new FetchResult(null, Objects.requireNonNull(validators, "validators == null"));
    }

    /** True for a 304: the snapshot sent validators for is still current. */
    public boolean isNotModified() {
      return snapshot == null;
    }

    /** The new snapshot, or null when not modified. */
    public @Nullable StatusSnapshot snapshot() {
      return snapshot;
    }

    /** The validators to send on the next fetch. */
    public Validators validators() {
      return validators;
    }

    @Override
    public String toString() {
      return snapshot == null ? "FetchResult{not modified}" : "FetchResult{" + snapshot + "}";
    }
  }

  /** The HTTP cache validators of a fetched snapshot ({@code ETag}, {@code Last-Modified}), sent back on the next fetch. */
  public static final class Validators {
    private static final Validators NONE = new Validators(null, null);

    private final @Nullable String etag;
    private final @Nullable String lastModified;

    private Validators(@Nullable String etag, @Nullable String lastModified) {
      this.etag = etag;
      this.lastModified = lastModified;
    }

    /** Validators as received; either may be null. */
    public static Validators of(@Nullable String etag, @Nullable String lastModified) {
      if (etag == null && lastModified == null) return NONE;
      return new Validators(etag, lastModified);
    }

    /** No validators: the next fetch is unconditional. */
    public static Validators none() {
      return NONE;
    }

    /** The {@code ETag} header value as received (with its quotes), or null. */
    public @Nullable String etag() {
      return etag;
    }

    /** The {@code Last-Modified} header value as received, or null. */
    public @Nullable String lastModified() {
      return lastModified;
    }

    /** True when neither validator is present. */
    public boolean isEmpty() {
      return etag == null && lastModified == null;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Validators)) return false;
      Validators v = (Validators) o;
      return Objects.equals(etag, v.etag) && Objects.equals(lastModified, v.lastModified);
    }

    @Override
    public int hashCode() {
      return Objects.hash(etag, lastModified);
    }

    @Override
    public String toString() {
      return "Validators{etag=" + etag + ", lastModified=" + lastModified + "}";
    }
  }


  /**
   * An Atlassian Statuspage (or any page serving its v2 API). A page URL such as
   * {@code https://status.example.com} gets {@code /api/v2/summary.json} appended; a URL whose path
   * already ends in {@code .json} is used as is. Does no I/O here; each fetch is a blocking GET with
   * {@code client}'s time-outs that reads at most 4 MiB of body (more is an {@link IOException}). {@code client}
   * is usually an {@code OkHttpClient}; a {@code Call.Factory} that builds one on its first call keeps the TLS
   * trust store's loading off the thread that builds the source.
   *
   * @throws IllegalArgumentException when {@code pageOrSummaryUrl} is not an http(s) URL
   */
  public static StatusSource statuspage(String pageOrSummaryUrl, Call.Factory client) {
    Objects.requireNonNull(pageOrSummaryUrl, "pageOrSummaryUrl == null");
    Objects.requireNonNull(client, "client == null");
    HttpUrl url = HttpGet.parseUrl("pageOrSummaryUrl", pageOrSummaryUrl);
    if (!url.encodedPath().endsWith(".json")) url = url.newBuilder().addPathSegments("api/v2/summary.json").build();
    return new HttpStatusSource(url, client, Clock.systemUTC());
  }

  /**
   * The native Support API's status resource: {@code /v1/status/summary.json} under the desk URL. Fetches
   * like {@link #statuspage}.
   *
   * @throws IllegalArgumentException when {@code deskUrl} is not an http(s) URL
   */
  public static StatusSource supportApi(String deskUrl, Call.Factory client) {
    Objects.requireNonNull(deskUrl, "deskUrl == null");
    Objects.requireNonNull(client, "client == null");
    HttpUrl url = HttpGet.parseUrl("deskUrl", deskUrl).newBuilder().addPathSegments("v1/status/summary.json").build();
    return new HttpStatusSource(url, client, Clock.systemUTC());
  }
}
