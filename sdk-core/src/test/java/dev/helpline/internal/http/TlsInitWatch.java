package dev.helpline.internal.http;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
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
 * {@code cacerts} file). While open, a provider ahead of the JDK's serves that algorithm, delegating to SunJSSE.
 * One watch at a time.
 */
public final class TlsInitWatch implements AutoCloseable {
  private static final String NAME = "HelplineTlsInitWatch";

  private final List<Thread> threads = new CopyOnWriteArrayList<>();

  private TlsInitWatch() {
    String algorithm = TrustManagerFactory.getDefaultAlgorithm();
    Provider provider = new Provider(NAME, "1", "records trust store loads") {
      {
        putService(new Service(this, "TrustManagerFactory", algorithm, WatchedFactory.class.getName(), null, null) {
          @Override
          public Object newInstance(Object parameter) throws NoSuchAlgorithmException {
            try {
              return new WatchedFactory(TrustManagerFactory.getInstance(algorithm, "SunJSSE"), threads);
            } catch (NoSuchProviderException e) {
              throw new NoSuchAlgorithmException(e);
            }
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
    private final List<Thread> threads;

    WatchedFactory(TrustManagerFactory delegate, List<Thread> threads) {
      this.delegate = delegate;
      this.threads = threads;
    }

    @Override
    protected void engineInit(KeyStore keyStore) throws KeyStoreException {
      threads.add(Thread.currentThread());
      delegate.init(keyStore);
    }

    @Override
    protected void engineInit(ManagerFactoryParameters parameters) throws InvalidAlgorithmParameterException {
      threads.add(Thread.currentThread());
      delegate.init(parameters);
    }

    @Override
    protected TrustManager[] engineGetTrustManagers() {
      return delegate.getTrustManagers();
    }
  }
}
