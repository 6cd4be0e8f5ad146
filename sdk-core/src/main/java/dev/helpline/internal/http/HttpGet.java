package dev.helpline.internal.http;

import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Call;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * A bounded conditional GET for small JSON documents (status summaries, notice feeds), on the shared
 * helpers: bodies capped by {@link BodyLimits}, the shared User-Agent, URLs in messages through {@link
 * SafeUrls} and any text that could carry the URL's credentials through {@link Secrets}.
 */
public final class HttpGet {
  /** Status summaries of large pages are a few hundred KiB; anything far bigger is not a summary. */
  public static final long MAX_BODY_BYTES = 4L * 1024 * 1024;

  private HttpGet() {}

  /**
   * A 200 answer's body and validators, or a 304 (body null). A 304 that omits a validator keeps the one
   * sent, which stays valid.
   */
  public static final class Result {
    public final @Nullable Buffer body;
    public final @Nullable String etag;
    public final @Nullable String lastModified;

    Result(@Nullable Buffer body, @Nullable String etag, @Nullable String lastModified) {
      this.body = body;
      this.etag = etag;
      this.lastModified = lastModified;
    }
  }

  /**
   * @throws HttpStatusException on a status other than 2xx/304 (message names the URL and status)
   * @throws IOException on transport failure, or a body larger than {@link #MAX_BODY_BYTES}
   */
  public static Result get(Call.Factory client, HttpUrl url, @Nullable String etag, @Nullable String lastModified)
      throws IOException {
    Request.Builder request = new Request.Builder().url(url).header("Accept", "application/json")
        .header("User-Agent", UserAgentInterceptor.DEFAULT);
    if (etag != null) request.header("If-None-Match", etag);
    if (lastModified != null) request.header("If-Modified-Since", lastModified);
    String where = forMessage(url);
    try (Response response = client.newCall(request.build()).execute()) {
      String receivedEtag = response.header("ETag");
      String receivedLastModified = response.header("Last-Modified");
      if (response.code() == 304) {
        if (etag == null && lastModified == null) {
          throw new IOException("HTTP 304 Not Modified from " + where + " to a request without validators");
        }
        return new Result(null, receivedEtag != null ? receivedEtag : etag,
            receivedLastModified != null ? receivedLastModified : lastModified);
      }
      if (!response.isSuccessful()) {
        throw new HttpStatusException("HTTP " + response.code() + " from " + where, response.header("Retry-After"));
      }
      ResponseBody body = response.body();
      if (body == null) throw new IOException("HTTP " + response.code() + " from " + where + " without a body");
      Buffer buffer = new Buffer();
      try (ResponseBody capped = BodyLimits.capped(body, MAX_BODY_BYTES)) {
        capped.source().readAll(buffer);
      } catch (IOException e) {
        throw new IOException("response from " + where + " exceeds " + MAX_BODY_BYTES + " bytes or was cut off: "
            + e.getMessage(), e);
      }
      return new Result(buffer, receivedEtag, receivedLastModified);
    } catch (IOException e) {
      throw scrubbed(e, url);
    }
  }

  /** {@code url} fit for a message or a log line: no user info, secret parameters masked. */
  public static String forMessage(HttpUrl url) {
    return SafeUrls.forMessage(url.toString());
  }

  /**
   * {@code e} itself when its message carries none of {@code url}'s credentials; otherwise an
   * exception of the same kind of failure with the message scrubbed and no cause (a cause's message
   * could repeat them), keeping the stack trace.
   */
  public static IOException scrubbed(IOException e, HttpUrl url) {
    Secrets secrets = Secrets.fromUrl(url);
    String message = e.getMessage();
    String full = url.toString();
    boolean urlLeaks = message != null && message.contains(full) && !full.equals(forMessage(url));
    // Exceptions that carry nothing secret stay as they are (their type may mean something to the caller).
    if (message == null || (!urlLeaks && !secrets.leaks(message) && !causeLeaks(e, secrets))) return e;
    String safe = secrets.scrub(message.replace(full, forMessage(url)));
    IOException clean = new IOException(safe);
    clean.setStackTrace(e.getStackTrace());
    return clean;
  }

  private static boolean causeLeaks(Throwable e, Secrets secrets) {
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c.getMessage() != null && secrets.leaks(c.getMessage())) return true;
    }
    return false;
  }


  /**
   * Parses a URL given by the host.
   *
   * @throws IllegalArgumentException naming {@code field} when it is not an http or https URL
   */
  public static HttpUrl parseUrl(String field, String url) {
    HttpUrl parsed = HttpUrl.parse(url.trim());
    if (parsed == null) {
      throw new IllegalArgumentException(field + " must be an http or https URL but was '" + SafeUrls.forMessage(url) + "'");
    }
    return parsed;
  }
}
