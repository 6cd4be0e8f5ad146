package dev.helpline.internal.http;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;

/**
 * Records the threads that load the platform's TLS trust store, which is what building an {@code OkHttpClient}
 * does first (OkHttp initialises a {@link TrustManagerFactory} of the default algorithm; the JDK then reads its
 * {@code cacerts} file). While open, a provider ahead of the others serves that algorithm, delegating to the one
 * that served it before.
 * One watch at a time.
 */
public final class TlsInitWatch implements AutoCloseable {
  private static final String NAME = "HelplineTlsInitWatch";

  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  /** How deep this thread is in watched loads: a provider's load may ask for the next one's (Conscrypt does). */
  private final ThreadLocal<Integer> depth = ThreadLocal.withInitial(() -> 0);

  private TlsInitWatch() {
    String algorithm = TrustManagerFactory.getDefaultAlgorithm();
    Provider[] served = Security.getProviders("TrustManagerFactory." + algorithm);
    if (served == null) throw new IllegalStateException("no provider serves the trust manager algorithm " + algorithm);
    Provider provider = new Provider(NAME, "1", "records trust store loads") {
      {
        putService(new Service(this, "TrustManagerFactory", algorithm, WatchedFactory.class.getName(), null, null) {
          @Override
          public Object newInstance(Object parameter) throws NoSuchAlgorithmException {
            Provider next = served[Math.min(depth.get(), served.length - 1)];
            return new WatchedFactory(TrustManagerFactory.getInstance(algorithm, next), TlsInitWatch.this);
          }
        });
      }
    };
    if (Security.insertProviderAt(provider, 1) != 1) throw new IllegalStateException("another watch is open");
  }

  public static TlsInitWatch start() {
    return new TlsInitWatch();
  }

  /** The threads that loaded the trust store since {@link #start()}, in order. */
  public List<Thread> threads() {
    return List.copyOf(threads);
  }

  @Override
  public void close() {
    Security.removeProvider(NAME);
  }

  private static final class WatchedFactory extends TrustManagerFactorySpi {
    private final TrustManagerFactory delegate;
    private final TlsInitWatch watch;

    WatchedFactory(TrustManagerFactory delegate, TlsInitWatch watch) {
      this.delegate = delegate;
      this.watch = watch;
    }

    private interface Load<E extends Exception> {
      void run() throws E;
    }

    /** Records the outermost load of this thread, then lets the provider served before the watch do it. */
    private <E extends Exception> void load(Load<E> load) throws E {
      int d = watch.depth.get();
      if (d == 0) watch.threads.add(Thread.currentThread());
      watch.depth.set(d + 1);
      try {
        load.run();
      } finally {
        watch.depth.set(d);
      }
    }

    @Override
    protected void engineInit(KeyStore keyStore) throws KeyStoreException {
      load(() -> delegate.init(keyStore));
    }

    @Override
    protected void engineInit(ManagerFactoryParameters parameters) throws InvalidAlgorithmParameterException {
      load(() -> delegate.init(parameters));
    }

    @Override
    protected TrustManager[] engineGetTrustManagers() {
      return delegate.getTrustManagers();
    }
  }
}
