package dev.helpline.connector.email;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * The whole-send timeout of one SMTP session: every socket Jakarta Mail opens for the session is made by the
 * factories here, and when the deadline passes they are closed, which ends whatever read or write is blocked.
 * Per-read timeouts alone cannot bound a server that answers slowly but steadily.
 */
final class SocketDeadline implements AutoCloseable {
  private final List<Socket> sockets = new ArrayList<>();
  private final CompletableFuture<Void> timer;
  private boolean expired;
  private boolean cancelled;
  private boolean done;

  SocketDeadline(long millis) {
    timer = CompletableFuture.runAsync(this::expire, CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
  }

  /** True when the deadline passed before {@link #close()}. */
  synchronized boolean expired() {
    return expired;
  }

  private void expire() {
    end(true);
  }

  /**
   * Ends the session now, from any thread, as the deadline would, but without counting as {@link #expired()};
   * sockets opened afterwards for this session are closed at once.
   */
  void cancel() {
    end(false);
  }

  private void end(boolean byDeadline) {
    List<Socket> open;
    synchronized (this) {
      if (done) return;
      if (byDeadline) expired = true;
      cancelled = true;
      open = new ArrayList<>(sockets);
    }
    for (Socket s : open) closeQuietly(s);
  }

  private synchronized <S extends Socket> S track(S socket) {
    if (cancelled) closeQuietly(socket);
    sockets.add(socket);
    return socket;
  }

  @Override
  public void close() {
    synchronized (this) {
      done = true;
      sockets.clear();
    }
    timer.cancel(false);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing to end a blocked call; nothing else to do
    }
  }

  /** Plain sockets (the connection before STARTTLS). */
  SocketFactory plain() {
    SocketFactory d = SocketFactory.getDefault();
    return new SocketFactory() {
      @Override
      public Socket createSocket() throws IOException {
        return track(d.createSocket());
      }

      @Override
      public Socket createSocket(String host, int port) throws IOException {
        return track(d.createSocket(host, port));
      }

      @Override
      public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
        return track(d.createSocket(host, port, local, localPort));
      }

      @Override
      public Socket createSocket(InetAddress host, int port) throws IOException {
        return track(d.createSocket(host, port));
      }

      @Override
      public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
        return track(d.createSocket(host, port, local, localPort));
      }
    };
  }

  /** TLS sockets, from SMTPS's first byte or layered by STARTTLS, made by {@code d}. */
  SSLSocketFactory tls(SSLSocketFactory d) {
    return new SSLSocketFactory() {
      @Override
      public String[] getDefaultCipherSuites() {
        return d.getDefaultCipherSuites();
      }

      @Override
      public String[] getSupportedCipherSuites() {
        return d.getSupportedCipherSuites();
      }

      @Override
      public Socket createSocket() throws IOException {
        return track(d.createSocket());
      }

      @Override
      public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return track(d.createSocket(s, host, port, autoClose));
      }

      @Override
      public Socket createSocket(String host, int port) throws IOException {
        return track(d.createSocket(host, port));
      }

      @Override
      public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
        return track(d.createSocket(host, port, local, localPort));
      }

      @Override
      public Socket createSocket(InetAddress host, int port) throws IOException {
        return track(d.createSocket(host, port));
      }

      @Override
      public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
        return track(d.createSocket(host, port, local, localPort));
      }
    };
  }
}
