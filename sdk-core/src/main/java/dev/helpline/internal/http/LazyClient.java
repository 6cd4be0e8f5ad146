package dev.helpline.internal.http;

import java.io.IOException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import org.jspecify.annotations.Nullable;

/**
 * A connector's calls: an {@link OkHttpClient} built on first use, the whole-call deadline of
 * {@link ConnectorHttp} with its upload allowance, and the calls in flight, which {@link #cancelCalls()}
 * ends. Building a client loads the platform's TLS trust store from disk, so connectors defer it from
 * their {@code build()} (often called on a UI thread at start-up) to their first request, which always
 * runs on a background thread. Thread-safe.
 *
 * <p>The calls in flight are tracked by an interceptor on this connector's own client (derived from a
 * host's shared client when one was given), so cancelling never touches another user's calls on the
 * host's client. A call counts as in flight from the start of its execution until it failed or its
 * answer's body was read to its end or closed. {@code close()} of the delivery worker cancels repeatedly
 * until its bound, which covers a call that starts just after one round of cancelling.
 */
public final class LazyClient implements Call.Factory {
  private final Supplier<OkHttpClient.Builder> builder;
  private final Set<Call> inFlight = ConcurrentHashMap.newKeySet();
  private volatile @Nullable OkHttpClient client;

  /**
   * The client is built on first use from the builder {@code builder} gives then, with the interceptor that
   * tracks calls in flight added. Should {@code builder} throw, that use fails and the next one asks again.
   */
  public LazyClient(Supplier<OkHttpClient.Builder> builder) {
    this.builder = Objects.requireNonNull(builder, "builder == null");
  }

  /** The client, built by the first caller. Calls made on it directly get no upload allowance. */
  public OkHttpClient get() {
    OkHttpClient c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          c = builder.get().addInterceptor(this::track).build();
          client = c;
        }
      }
    }
    return c;
  }

  /**
   * A call of the client whose whole-call deadline is the client's call time-out plus the upload
   * allowance for {@code request}'s body ({@link ConnectorHttp#deadlineMillis}). It counts as in flight
   * once it is executed (a call made and never executed is never tracked, so it cannot stay tracked).
   */
  @Override
  public Call newCall(Request request) {
    OkHttpClient c = get();
    Call call = c.newCall(request);
    long bodyBytes = bodyLength(request.body());
    if (bodyBytes > 0) {
      call.timeout().timeout(ConnectorHttp.deadlineMillis(c.callTimeoutMillis(), bodyBytes), TimeUnit.MILLISECONDS);
    }
    return call;
  }

  /**
   * Cancels every call of this client in flight, from any thread: each fails with an {@link IOException}
   * on the thread that waits for it. Calls made afterwards go ahead, so the connector stays usable.
   */
  public void cancelCalls() {
    for (Call call : inFlight) call.cancel();
  }

  /** Runs {@code action} with the client if it was ever built (for closing it). */
  public void ifBuilt(Consumer<OkHttpClient> action) {
    OkHttpClient c = client;
    if (c != null) action.accept(c);
  }

  /**
   * Shuts the client's dispatcher threads down and evicts its pooled connections, if it was built. Only
   * for a client the connector created: a host's shared client is the host's to close.
   */
  public void shutDown() {
    ifBuilt(c -> {
      c.dispatcher().executorService().shutdown();
      c.connectionPool().evictAll();
    });
  }

  /** How many calls are in flight. For tests. */
  int inFlightCount() {
    return inFlight.size();
  }

  private Response track(Interceptor.Chain chain) throws IOException {
    Call call = chain.call();
    inFlight.add(call);
    Response response;
    try {
      response = chain.proceed(chain.request());
    } catch (IOException | RuntimeException | Error e) {
      inFlight.remove(call);
      throw e;
    }
    ResponseBody body = response.body();
    if (body == null) {
      inFlight.remove(call);
      return response;
    }
    return response.newBuilder().body(new TrackedBody(body, () -> inFlight.remove(call))).build();
  }

  private static long bodyLength(@Nullable RequestBody body) {
    if (body == null) return -1;
    try {
      return body.contentLength();
    } catch (IOException e) {
      return -1;
    }
  }

  /** An answer's body that says when it was read to its end or closed. */
  private static final class TrackedBody extends ResponseBody {
    private final ResponseBody delegate;
    private final Runnable done;
    private final BufferedSource source;

    TrackedBody(ResponseBody delegate, Runnable done) {
      this.delegate = delegate;
      this.done = done;
      this.source = Okio.buffer(new ForwardingSource(delegate.source()) {
        @Override
        public long read(Buffer sink, long byteCount) throws IOException {
          long read;
          try {
            read = super.read(sink, byteCount);
          } catch (IOException e) {
            done.run();
            throw e;
          }
          if (read == -1) done.run();
          return read;
        }

        @Override
        public void close() throws IOException {
          done.run();
          super.close();
        }
      });
    }

    @Override
    public okhttp3.@Nullable MediaType contentType() {
      return delegate.contentType();
    }

    @Override
    public long contentLength() {
      return delegate.contentLength();
    }

    @Override
    public BufferedSource source() {
      return source;
    }
  }
}
