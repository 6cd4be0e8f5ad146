package dev.helpline.internal.http;

import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * An {@link OkHttpClient} built on first use. Building a client loads the platform's TLS trust
 * store from disk, so connectors defer it from their {@code build()} (often called on a UI thread
 * at start-up) to their first request, which always runs on a background thread.
 */
public final class LazyClient {
  private final OkHttpClient.Builder builder;
  private volatile @Nullable OkHttpClient client;

  public LazyClient(OkHttpClient.Builder builder) {
    this.builder = builder;
  }

  /** The client, built by the first caller. Thread-safe. */
  public OkHttpClient get() {
    OkHttpClient c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          c = builder.build();
          client = c;
        }
      }
    }
    return c;
  }

  /** Runs {@code action} with the client if it was ever built (for closing it). */
  public void ifBuilt(Consumer<OkHttpClient> action) {
    OkHttpClient c = client;
    if (c != null) action.accept(c);
  }
}
