package dev.helpline.internal.http;

import dev.helpline.connector.Connector.UploadProgress;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.ForwardingSink;
import okio.Okio;
import org.jspecify.annotations.Nullable;

/**
 * Wraps a request body and reports to an {@link UploadProgress} as its bytes are written to the
 * connection: at most once per {@code step} bytes, and always once when the body is complete.
 * Progress is counted at the socket side of OkHttp's buffer, so it tracks bytes handed to the
 * network, not bytes read from disk. A retried write starts counting again from zero.
 */
public final class ProgressRequestBody extends RequestBody {
  /** The default reporting step: 64 KiB. */
  public static final long DEFAULT_STEP = 64 * 1024;

  private final RequestBody delegate;
  private final UploadProgress progress;
  private final long step;

  public ProgressRequestBody(RequestBody delegate, UploadProgress progress, long step) {
    if (step <= 0) throw new IllegalArgumentException("step is " + step + "; it must be positive");
    this.delegate = delegate;
    this.progress = progress;
    this.step = step;
  }

  public ProgressRequestBody(RequestBody delegate, UploadProgress progress) {
    this(delegate, progress, DEFAULT_STEP);
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
    return delegate.isOneShot();
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    long total = contentLength();
    CountingSink counting = new CountingSink(sink, total);
    BufferedSink buffered = Okio.buffer(counting);
    delegate.writeTo(buffered);
    buffered.flush();
    counting.finish();
  }

  private final class CountingSink extends ForwardingSink {
    private final long total;
    private long written;
    private long lastReported;

    CountingSink(BufferedSink sink, long total) {
      super(sink);
      this.total = total;
    }

    @Override
    public void write(Buffer source, long byteCount) throws IOException {
      super.write(source, byteCount);
      written += byteCount;
      if (written - lastReported >= step || written == total) report();
    }

    void finish() {
      if (written != lastReported || written == 0) report();
    }

    private void report() {
      lastReported = written;
      progress.onProgress(written, total);
    }
  }
}
