package dev.helpline.internal.http;

import dev.helpline.status.Validators;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/** A bounded conditional GET for small JSON documents (status summaries, notice feeds). */
public final class HttpGet {
  /** Status summaries of large pages are a few hundred KiB; anything far bigger is not a summary. */
  public static final long MAX_BODY_BYTES = 4L * 1024 * 1024;

  private HttpGet() {}

  /** A 200 answer's body and validators, or a 304 (body null). */
  public static final class Result {
    public final @Nullable Buffer body;
    public final Validators validators;

    Result(@Nullable Buffer body, Validators validators) {
      this.body = body;
      this.validators = validators;
    }
  }

  /**
   * @throws IOException on transport failure, a status other than 2xx/304 (message names the URL and
   *     status), or a body larger than {@link #MAX_BODY_BYTES}
   */
  public static Result get(OkHttpClient client, HttpUrl url, @Nullable Validators conditional) throws IOException {
    Request.Builder request = new Request.Builder().url(url).header("Accept", "application/json");
    if (conditional != null) {
      if (conditional.etag() != null) request.header("If-None-Match", conditional.etag());
      if (conditional.lastModified() != null) request.header("If-Modified-Since", conditional.lastModified());
    }
    try (Response response = client.newCall(request.build()).execute()) {
      Validators received = Validators.of(response.header("ETag"), response.header("Last-Modified"));
      if (response.code() == 304) {
        if (conditional == null) throw new IOException("HTTP 304 Not Modified from " + url + " to a request without validators");
        // A 304 may omit the validators; the ones sent stay valid then.
        return new Result(null, received.isEmpty() ? conditional : merge(received, conditional));
      }
      if (!response.isSuccessful()) {
        throw new IOException("HTTP " + response.code() + " from " + url);
      }
      ResponseBody body = response.body();
      if (body == null) throw new IOException("HTTP " + response.code() + " from " + url + " without a body");
      BufferedSource source = body.source();
      Buffer buffer = new Buffer();
      while (buffer.size() <= MAX_BODY_BYTES) {
        if (source.read(buffer, 64 * 1024) == -1) break;
      }
      if (buffer.size() > MAX_BODY_BYTES) {
        throw new IOException("response from " + url + " exceeds " + MAX_BODY_BYTES + " bytes");
      }
      return new Result(buffer, received);
    }
  }

  private static Validators merge(Validators received, Validators sent) {
    return Validators.of(received.etag() != null ? received.etag() : sent.etag(),
        received.lastModified() != null ? received.lastModified() : sent.lastModified());
  }

  /**
   * Parses a URL given by the host.
   *
   * @throws IllegalArgumentException naming {@code field} when it is not an http or https URL
   */
  public static HttpUrl parseUrl(String field, String url) {
    HttpUrl parsed = HttpUrl.parse(url.trim());
    if (parsed == null) throw new IllegalArgumentException(field + " must be an http or https URL but was '" + url + "'");
    return parsed;
  }
}
