package dev.helpline.internal.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Okio;
import okio.Source;
import org.jspecify.annotations.Nullable;

/**
 * Keeps credentials out of a call's transport errors. OkHttp quotes what the server sent in some of them (a
 * status line it cannot parse: "Unexpected status line: …"; a chunk header, while the body is read: "expected
 * chunk size … but was …"), and a server may send back the credential it got. An application interceptor, also
 * over the reads of the response body: an {@link IOException} whose message, or a cause's, holds the request's
 * {@code Authorization} credentials ({@link #secretsOf}) or one of the given secrets is replaced by one of the same kind (protocol,
 * time-out, interruption, other) whose texts went through {@link Secrets}. Other failures pass unchanged.
 * {@link ConnectorHttp#lazyClient} installs it in every connector's client.
 */
public final class ScrubbedFailures implements Interceptor {
  private final Secrets secrets;

  /** @param secrets values hidden besides the request's own credentials, such as the connector's API key */
  public ScrubbedFailures(String... secrets) {
    this.secrets = Secrets.of(secrets);
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Response response;
    try {
      response = chain.proceed(request);
    } catch (IOException e) {
      throw scrub(e, secrets.and(secretsOf(request)));
    }
    ResponseBody body = response.body();
    if (body == null) return response;
    Source source = new ForwardingSource(body.source()) {
      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        try {
          return super.read(sink, byteCount);
        } catch (IOException e) {
          throw scrub(e, secrets.and(secretsOf(request)));
        }
      }
    };
    return response.newBuilder()
        .body(ResponseBody.create(Okio.buffer(source), body.contentType(), body.contentLength())).build();
  }

  /** The credentials of an {@code Authorization} value: what follows the scheme ("Bearer"), or all of it. */
  static @Nullable String credentials(@Nullable String authorization) {
    if (authorization == null) return null;
    int space = authorization.indexOf(' ');
    return space < 0 ? authorization : authorization.substring(space + 1).trim();
  }

  /**
   * The secrets {@code request} carries in its {@code Authorization} header: the credentials, and for Basic also
   * the decoded pair and each of its parts at least {@link Secrets#MIN_FRAGMENT} long (Freshdesk's password "X"
   * is no secret, and hiding it would mask every x of a message).
   */
  public static Secrets secretsOf(Request request) {
    String authorization = request.header("Authorization");
    String credentials = credentials(authorization);
    if (authorization == null || credentials == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) return Secrets.of(credentials);
    String pair;
    try {
      pair = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return Secrets.of(credentials);
    }
    int colon = pair.indexOf(':');
    String user = colon < 0 ? pair : pair.substring(0, colon);
    String password = colon < 0 ? "" : pair.substring(colon + 1);
    return Secrets.of(credentials, pair, user.length() >= Secrets.MIN_FRAGMENT ? user : null,
        password.length() >= Secrets.MIN_FRAGMENT ? password : null);
  }

  /**
   * The error for a 2xx answer that is not the JSON expected: "{@code prefix}: " and {@code e}'s message, with
   * {@code e} as the cause, scrubbed as a transport error is. Moshi names the members on the way to a syntax error
   * ("Expected value at path $.tickets[0].…"), and a desk may echo a credential as one.
   *
   * @param secrets those of the connector and the request ({@link #secretsOf})
   */
  public static IOException malformed(String prefix, Exception e, Secrets secrets) {
    return scrub(new IOException(prefix + ": " + e.getMessage(), e), secrets);
  }

  /** {@code e} itself when no text of it or its causes leaks a secret; else a scrubbed copy of the same kind. */
  public static IOException scrub(IOException e, Secrets secrets) {
    if (!leaks(e, secrets)) return e;
    String message = secrets.scrub(e.getMessage());
    IOException copy = e instanceof ProtocolException ? new ProtocolException(message)
        : e instanceof SocketTimeoutException ? new SocketTimeoutException(message)
        : e instanceof InterruptedIOException ? new InterruptedIOException(message)
        : new IOException(message);
    copy.setStackTrace(e.getStackTrace());
    Throwable cause = e.getCause();
    if (cause != null) copy.initCause(scrubbedCause(cause, secrets));
    return copy;
  }

  private static Throwable scrubbedCause(Throwable t, Secrets secrets) {
    if (!leaks(t, secrets)) return t;
    // The cause's own type may not be constructible with a message: its name stays in the text.
    IOException copy = new IOException(secrets.scrub(t.toString()));
    copy.setStackTrace(t.getStackTrace());
    if (t.getCause() != null) copy.initCause(scrubbedCause(t.getCause(), secrets));
    return copy;
  }

  private static boolean leaks(Throwable e, Secrets secrets) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && secrets.leaks(message)) return true;
    }
    return false;
  }
}
