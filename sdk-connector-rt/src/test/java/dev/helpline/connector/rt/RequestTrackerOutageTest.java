package dev.helpline.connector.rt;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.AppInfo;
import dev.helpline.Attachment;
import dev.helpline.Submission;
import dev.helpline.Helpline;
import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.TicketDraft;
import dev.helpline.DeliveryPolicy;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * RT unreachable, then back: the ticket waits in the outbox, is retried, and reaches the real RT
 * exactly once when it returns. RT's own port cannot come and go, so the client talks to it
 * through a loopback relay that the test opens and closes.
 */
@ExtendWith(RealRt.class)
@Timeout(180)
class RequestTrackerOutageTest {
  private static RealRt.Server rt;

  @TempDir Path dir;

  @BeforeAll
  static void server(RealRt.Server server) {
    rt = server;
  }

  @Test
  void aTicketFiledWhileRtIsDownIsDeliveredOnceWhenItReturns() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort(); // free again once closed: nothing listens there until the relay opens
    }
    CountDownLatch retrying = new CountDownLatch(1);
    List<Throwable> causes = new CopyOnWriteArrayList<>();
    DeliveryPolicy quick = DeliveryPolicy.builder()
        .initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(1)).tickInterval(Duration.ofSeconds(1))
        .build();
    RequestTrackerConnector connector = RequestTrackerConnector.builder()
        .baseUrl("http://127.0.0.1:" + port + "/").token(rt.serviceToken).build();
    Helpline.Builder builder = Helpline.builder()
        .app(AppInfo.of("Acme Notes", "4.2.0"))
        .connector(connector)
        .dataDirectory(dir)
        .addDeliveryListener(new Submission.Listener() {
          @Override public void onRetrying(Submission s, Instant next, Throwable cause) {
            causes.add(cause);
            retrying.countDown();
          }
        });
    String requester = "outage-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    byte[] log = "sync: connection refused\n".getBytes(StandardCharsets.UTF_8);
    try (Helpline helpline = builder.deliveryPolicy(quick).build()) {
      Submission submission = helpline.submit(TicketDraft.builder()
          .subject("Filed while RT was down")
          .description("The desk was unreachable when this was filed.")
          .requester(Requester.ofEmail(requester))
          .addAttachment(Attachment.ofBytes("sync.log", "text/plain", log))
          .includeDiagnostics(false)
          .build());

      assertTrue(retrying.await(30, SECONDS), "the first attempt fails and is scheduled again");
      assertTrue(causes.get(0) instanceof IOException, causes.toString());
      assertEquals(1, helpline.health().pending());

      HttpUrl target = HttpUrl.get(rt.rootUrl());
      try (Relay relay = new Relay(port, target.host(), target.port())) {
        helpline.networkAvailable();
        Ticket ticket = submission.delivery().get(90, SECONDS);

        List<String> found = rt.search("'CF.{Helpline-Submission}' = '" + submission.id() + "'");
        assertEquals(List.of(ticket.id()), found, "exactly one ticket in RT for the submission");
        assertEquals(0, helpline.health().pending());
        assertTrue(relay.connections() > 0);
      }
    } finally {
      connector.close();
    }
  }

  /** A loopback TCP relay from {@code port} to RT, copying bytes both ways until closed. */
  private static final class Relay implements Closeable {
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    Relay(int port, String host, int targetPort) throws IOException {
      server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      acceptor = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            Socket client = server.accept();
            Socket upstream = new Socket(host, targetPort);
            sockets.add(client);
            sockets.add(upstream);
            pump(client, upstream);
            pump(upstream, client);
          } catch (IOException e) {
            return; // closed
          }
        }
      }, "rt-relay");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int connections() {
      return sockets.size() / 2;
    }

    private static void pump(Socket from, Socket to) {
      Thread t = new Thread(() -> {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
          for (int n; (n = in.read(buffer)) != -1; ) {
            out.write(buffer, 0, n);
            out.flush();
          }
        } catch (IOException e) {
          // One side closed: the other side is closed below.
        } finally {
          closeQuietly(from);
          closeQuietly(to);
        }
      }, "rt-relay-pump");
      t.setDaemon(true);
      t.start();
    }

    private static void closeQuietly(Socket s) {
      try {
        s.close();
      } catch (IOException ignored) {
        // already closed
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket s : sockets) closeQuietly(s);
    }
  }
}
