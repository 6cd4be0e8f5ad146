package dev.helpline.internal.http;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import okio.Source;
import org.jspecify.annotations.Nullable;

/**
 * Bounds how much of a response body is ever read, so a misbehaving server cannot exhaust memory.
 *
 * <p>Successful bodies are <em>capped</em>: reading past the limit fails with an {@link IOException}
 * "response body exceeds N bytes". Error bodies are <em>truncated</em> instead: only their first
 * bytes are needed to explain the refusal, and failing there would turn a permanent refusal into
 * an apparent transport problem.
 */
public final class BodyLimits {
  /** How much of an error body is kept; enough for any JSON error document we expect. */
  public static final long ERROR_BODY_LIMIT = 64 * 1024;

  private BodyLimits() {}

  /**
   * An interceptor that caps every 2xx response body at {@code maxBytes} and truncates every other
   * body at {@link #ERROR_BODY_LIMIT}. Add it as an application interceptor.
   */
  public static Interceptor interceptor(long maxBytes) {
    checkLimit(maxBytes);
    return chain -> {
      Response response = chain.proceed(chain.request());
      ResponseBody body = response.body();
      if (body == null) return response;
      ResponseBody limited = response.isSuccessful() ? capped(body, maxBytes) : truncated(body, ERROR_BODY_LIMIT);
      return response.newBuilder().body(limited).build();
    };
  }

  /**
   * Returns {@code body} that fails with an {@link IOException} as soon as more than {@code maxBytes}
   * are read, or immediately on reading when the declared length is already larger.
   */
  public static ResponseBody capped(ResponseBody body, long maxBytes) {
    checkLimit(maxBytes);
    long declared = body.contentLength();
    Source source = new ForwardingSource(body.source()) {
      private long total;

      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        if (declared > maxBytes) throw tooLarge(maxBytes);
        long read = super.read(sink, byteCount);
        if (read > 0) {
          total += read;
          if (total > maxBytes) throw tooLarge(maxBytes);
        }
        return read;
      }
    };
    return ResponseBody.create(Okio.buffer(source), body.contentType(), declared);
  }

  /** Returns {@code body} that ends silently after {@code maxBytes}; the rest is never read. */
  public static ResponseBody truncated(ResponseBody body, long maxBytes) {
    checkLimit(maxBytes);
    long declared = body.contentLength();
    Source source = new ForwardingSource(body.source()) {
      private long remaining = maxBytes;

      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        if (remaining <= 0) return -1;
        long read = super.read(sink, Math.min(byteCount, remaining));
        if (read > 0) remaining -= read;
        return read;
      }
    };
    long length = declared >= 0 && declared <= maxBytes ? declared : -1;
    return ResponseBody.create(Okio.buffer(source), body.contentType(), length);
  }

  /** Reads at most {@code maxBytes} of {@code body} and closes it; more fails with an {@link IOException}. */
  public static byte[] readBytes(ResponseBody body, long maxBytes) throws IOException {
    try (ResponseBody capped = capped(body, maxBytes)) {
      return capped.source().readByteArray();
    }
  }

  /**
   * Reads up to {@code maxBytes} of {@code body}, ignoring the rest, and closes it. For error bodies,
   * where the beginning is all that matters.
   */
  public static byte[] readPrefix(@Nullable ResponseBody body, long maxBytes) throws IOException {
    if (body == null) return new byte[0];
    try (ResponseBody b = body) {
      BufferedSource source = b.source();
      Buffer buffer = new Buffer();
      while (buffer.size() < maxBytes && source.read(buffer, maxBytes - buffer.size()) != -1) {
        // keep reading until the limit or the end of the body
      }
      return buffer.readByteArray();
    }
  }

  static IOException tooLarge(long maxBytes) {
    return new TooLargeException(maxBytes);
  }

  /**
   * A successful body larger than its cap: "response body exceeds N bytes". Its own type so that a reader of a
   * paged list can ask for a smaller page instead.
   */
  public static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(long maxBytes) {
      super("response body exceeds " + maxBytes + " bytes");
    }
  }

  private static void checkLimit(long maxBytes) {
    if (maxBytes <= 0) throw new IllegalArgumentException("maxBytes is " + maxBytes + "; it must be positive");
  }
}
