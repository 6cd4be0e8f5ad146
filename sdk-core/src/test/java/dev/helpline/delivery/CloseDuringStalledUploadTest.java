package dev.helpline.delivery;

import static dev.helpline.delivery.DeliveryFixtures.await;
import static dev.helpline.delivery.DeliveryFixtures.assertOutboxEmpty;
import static dev.helpline.delivery.DeliveryFixtures.client;
import static dev.helpline.delivery.DeliveryFixtures.fastConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
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
    // More than the socket buffers hold, so the write blocks once the desk stops reading.
    byte[] video = new byte[9 * 1024 * 1024];
    RecordingConnector first = new RecordingConnector(SupportApiConnector.builder()
        .baseUrl(server.url("/")).appKey("app-key-1").build());
    Helpline stalled = client(first, dir, DeliveryPolicy.builder().closeTimeout(bound).build()).build();
    Submission s = stalled.submit(TicketDraft.builder().subject("Screen recording").description("It froze")
        .includeDiagnostics(false).addAttachment(Attachment.ofBytes("freeze.mp4", "video/mp4", video)).build());
    await("the upload is in flight", Duration.ofSeconds(10), () -> stalled.health().attemptInFlightAge() != null);
    // Blocked for good: in a socket write, with no byte more sent for a while. A write caught while the
    // buffers still drain would end by the interrupt alone, and close() would have nothing to cancel.
    await("the upload blocks in a socket write", Duration.ofSeconds(20),
        () -> first.quietFor(Duration.ofMillis(300)) && blockedInSocketWrite());

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

  private static boolean blockedInSocketWrite() {
    for (Thread t : deliveryThreads()) {
      for (StackTraceElement frame : t.getStackTrace()) {
        if (frame.getClassName().contains("Socket") && frame.getMethodName().toLowerCase(java.util.Locale.ROOT).contains("write")) {
          return true;
        }
      }
    }
    return false;
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

  /** The native connector, counting cancels and keeping what its creates threw. */
  private static final class RecordingConnector implements Connector {
    private final SupportApiConnector delegate;
    final AtomicInteger cancels = new AtomicInteger();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    /** System.nanoTime() of the upload's latest progress report. */
    private final java.util.concurrent.atomic.AtomicLong lastProgressNanos =
        new java.util.concurrent.atomic.AtomicLong(System.nanoTime());

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
        return delegate.create(ticket, (bytes, total) -> {
          lastProgressNanos.set(System.nanoTime());
          progress.onProgress(bytes, total);
        });
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

    /** True when the upload reported no progress for {@code quiet}: its socket write no longer moves. */
    boolean quietFor(Duration quiet) {
      return System.nanoTime() - lastProgressNanos.get() >= quiet.toNanos();
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
