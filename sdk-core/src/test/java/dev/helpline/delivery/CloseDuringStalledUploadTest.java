package dev.helpline.delivery;

import static dev.helpline.delivery.DeliveryFixtures.await;
import static dev.helpline.delivery.DeliveryFixtures.assertOutboxEmpty;
import static dev.helpline.delivery.DeliveryFixtures.client;
import static dev.helpline.delivery.DeliveryFixtures.fastConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Attachment;
import dev.helpline.DeliveryPolicy;
import dev.helpline.Helpline;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.TicketDraft;
import dev.helpline.connector.Capability;
import dev.helpline.connector.Connector;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.UserAuth;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.internal.delivery.DeliveryWorker;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A desk that stops reading an upload holds the delivery thread in a blocked socket write, which no interrupt
 * ends. Closing the client cancels that call: close() returns within its bound, the delivery threads end, and
 * the entry stays pending for the next client, which delivers it once.
 *
 * <p>The desk stops reading, and the first client's sockets also stall their writes themselves ({@link
 * StallingSocket}): once 16 KiB are sent, a write waits, deaf to interrupts, until the socket is closed, as a
 * kernel write into a full buffer does. The desk alone is not enough: Linux may reopen a zero receive window
 * after it compacts its queue, the write moves again, and Okio's check between segments then ends it on the
 * interrupt alone, so close() would have nothing left to cancel.
 */
@Timeout(60)
class CloseDuringStalledUploadTest {
  @TempDir Path dir;
  private final StallingDesk desk = new StallingDesk();
  private final MockWebServer server = new MockWebServer();

  @AfterEach
  void tearDown() throws IOException {
    server.shutdown();
  }

  @Test
  void closeCancelsTheStalledUploadEndsTheDeliveryThreadsAndTheNextClientDeliversTheEntryOnce() throws Exception {
    server.setDispatcher(desk);
    server.start();
    Set<Thread> before = deliveryThreads();
    Duration bound = Duration.ofMillis(500);
    StallingSocketFactory sockets = new StallingSocketFactory();
    RecordingConnector first = new RecordingConnector(SupportApiConnector.builder()
        .baseUrl(server.url("/")).appKey("app-key-1")
        .okHttpClient(new OkHttpClient.Builder().socketFactory(sockets).build()).build());
    Helpline stalled = client(first, dir, DeliveryPolicy.builder().closeTimeout(bound).build()).build();
    Submission s = stalled.submit(TicketDraft.builder().subject("Screen recording").description("It froze")
        .includeDiagnostics(false)
        .addAttachment(Attachment.ofBytes("freeze.mp4", "video/mp4", new byte[1024 * 1024])).build());
    assertTrue(sockets.stalled.await(20, TimeUnit.SECONDS), "the upload blocks in a socket write");

    long start = System.nanoTime();
    stalled.close();
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertTrue(tookMillis < 5_000, "close() took " + tookMillis + " ms with a bound of " + bound.toMillis() + " ms");
    assertTrue(first.cancels.get() >= 1, "close() cancelled the call in flight");
    await("the cancelled create returns", Duration.ofSeconds(10), () -> !first.failures.isEmpty());
    assertInstanceOf(IOException.class, first.failures.get(0), "a cancelled call is a transport failure");
    Set<Thread> left = deliveryThreads();
    left.removeAll(before);
    for (Thread t : left) t.join(5_000);
    assertEquals(List.of(), left.stream().filter(Thread::isAlive).map(Thread::getName).collect(Collectors.toList()),
        "no delivery thread outlives close()");
    assertFalse(s.delivery().isDone());
    assertEquals(0, desk.creates.get(), "the stalled upload never reached the desk");
    first.close();

    desk.stall = false;
    try (SupportApiConnector second = SupportApiConnector.builder().baseUrl(server.url("/")).appKey("app-key-1").build();
        Helpline next = client(second, dir, fastConfig()).build()) {
      List<Submission> pending = next.submissions();
      assertEquals(List.of(s.id()), pending.stream().map(Submission::id).collect(Collectors.toList()),
          "the entry in flight stays pending");
      next.flush().get(30, TimeUnit.SECONDS);
      await("the entry is delivered", Duration.ofSeconds(30), () -> next.health().pending() == 0);
    }
    assertEquals(1, desk.creates.get(), "delivered exactly once");
    assertEquals(List.of(s.id()), desk.keys);
    assertOutboxEmpty(dir);
  }

  private static Set<Thread> deliveryThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(DeliveryWorker.THREAD_NAME) || t.getName().startsWith(DeliveryWorker.THREAD_NAME + "-"))
        .collect(Collectors.toSet());
  }

  /** A desk that, while {@link #stall} holds, accepts connections and never reads from them. */
  private static final class StallingDesk extends Dispatcher {
    volatile boolean stall = true;
    final AtomicInteger creates = new AtomicInteger();
    final List<String> keys = new CopyOnWriteArrayList<>();

    @Override
    public MockResponse peek() {
      return stall ? new MockResponse().setSocketPolicy(SocketPolicy.STALL_SOCKET_AT_START) : new MockResponse();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      // A stalled connection is recorded as a request without method or headers: not a create.
      if (!"POST".equals(request.getMethod())) return new MockResponse().setResponseCode(404);
      String key = request.getHeader("Idempotency-Key");
      creates.incrementAndGet();
      keys.add(key);
      return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json")
          .setHeader("Idempotency-Key", key).setBody("{\"id\":\"42\",\"subject\":\"Screen recording\"}");
    }
  }

  /** Makes {@link StallingSocket}s and counts down {@link #stalled} when one of them first stalls. */
  private static final class StallingSocketFactory extends SocketFactory {
    final CountDownLatch stalled = new CountDownLatch(1);

    @Override
    public Socket createSocket() {
      return new StallingSocket(stalled);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
      return connected(new InetSocketAddress(address, port));
    }

    private Socket connected(InetSocketAddress address) throws IOException {
      Socket socket = createSocket();
      socket.connect(address);
      return socket;
    }
  }

  /**
   * A real socket whose writes, after the first {@link #SENT_BEFORE_STALL} bytes, wait until the socket is
   * closed, ignoring interrupts, and then fail as a write on a closed socket does.
   */
  private static final class StallingSocket extends Socket {
    static final int SENT_BEFORE_STALL = 16 * 1024;
    private final CountDownLatch stalled;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private long sent;

    StallingSocket(CountDownLatch stalled) {
      this.stalled = stalled;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
      OutputStream out = super.getOutputStream();
      return new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          int passed = (int) Math.max(0, Math.min(len, SENT_BEFORE_STALL - sent));
          out.write(b, off, passed);
          sent += passed;
          if (passed == len) return;
          stalled.countDown();
          closed.join(); // join() waits through interrupts, as a blocked socket write does
          throw new SocketException("Socket closed");
        }

        @Override
        public void flush() throws IOException {
          out.flush();
        }
      };
    }

    @Override
    public void close() throws IOException {
      closed.complete(null);
      super.close();
    }
  }

  /** The native connector, counting cancels and keeping what its creates threw. */
  private static final class RecordingConnector implements Connector {
    private final SupportApiConnector delegate;
    final AtomicInteger cancels = new AtomicInteger();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    RecordingConnector(SupportApiConnector delegate) {
      this.delegate = delegate;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public Set<Capability> capabilities() {
      return delegate.capabilities();
    }

    @Override
    public Ticket create(NewTicket ticket, UploadProgress progress) throws IOException {
      try {
        return delegate.create(ticket, progress);
      } catch (IOException | RuntimeException e) {
        failures.add(e);
        throw e;
      }
    }

    @Override
    public ConditionalTicket getTicket(UserAuth user, String ticketId, @Nullable String etag) throws IOException {
      return delegate.getTicket(user, ticketId, etag);
    }

    @Override
    public TicketPage listTickets(UserAuth user, @Nullable String cursor) throws IOException {
      return delegate.listTickets(user, cursor);
    }

    @Override
    public List<dev.helpline.Message> messages(UserAuth user, String ticketId) throws IOException {
      return delegate.messages(user, ticketId);
    }

    @Override
    public dev.helpline.Message reply(UserAuth user, String ticketId, String body, List<Attachment> attachments)
        throws IOException {
      return delegate.reply(user, ticketId, body, attachments);
    }

    @Override
    public void rate(UserAuth user, String ticketId, dev.helpline.Rating rating) throws IOException {
      delegate.rate(user, ticketId, rating);
    }

    @Override
    public void cancelCalls() {
      cancels.incrementAndGet();
      delegate.cancelCalls();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
