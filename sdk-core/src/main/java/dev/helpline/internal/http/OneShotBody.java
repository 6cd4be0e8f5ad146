package dev.helpline.internal.http;

import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;

/**
 * Marks a request body as one-shot, so OkHttp never re-sends it silently after a connection drops
 * mid-request. For requests that are not idempotent (a reply posted twice is two messages): the
 * caller sees the failure instead.
 */
public final class OneShotBody extends RequestBody {
  private final RequestBody delegate;

  private OneShotBody(RequestBody delegate) {
    this.delegate = delegate;
  }

  public static RequestBody of(RequestBody body) {
    return new OneShotBody(body);
  }

  @Override
  public @Nullable MediaType contentType() {
    return delegate.contentType();
  }

  @Override
  public long contentLength() throws IOException {
    return delegate.contentLength();
  }

  @Override
  public boolean isOneShot() {
    return true;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    delegate.writeTo(sink);
  }
}
