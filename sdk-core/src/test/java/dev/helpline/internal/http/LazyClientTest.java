package dev.helpline.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LazyClientTest {
  @Test
  void theClientIsBuiltOnFirstUseOnlyAndOnce() throws Exception {
    AtomicInteger interceptorsAdded = new AtomicInteger();
    OkHttpClient.Builder builder = new OkHttpClient.Builder().addInterceptor(chain -> chain.proceed(chain.request()));
    LazyClient lazy = new LazyClient(() -> builder);
    lazy.ifBuilt(c -> interceptorsAdded.incrementAndGet());
    assertEquals(0, interceptorsAdded.get(), "nothing built before first use");

    Set<OkHttpClient> seen = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    for (int i = 0; i < 8; i++) {
      pool.execute(() -> {
        try {
          start.await();
          seen.add(lazy.get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
    start.countDown();
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    assertEquals(1, seen.size(), "every caller gets the same client");
    lazy.ifBuilt(c -> assertSame(seen.iterator().next(), c));
  }

  @Test
  void cancelCallsEndsOnlyThisConnectorsCallsOnASharedClientAndLeavesItUsable() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
      server.enqueue(new MockResponse().setBody("host's answer").setHeadersDelay(500, TimeUnit.MILLISECONDS));
      server.enqueue(new MockResponse().setBody("after the cancel"));
      OkHttpClient host = new OkHttpClient.Builder().readTimeout(30, TimeUnit.SECONDS).build();
      LazyClient connector = new LazyClient(host::newBuilder);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<String> mine = pool.submit(() -> body(connector.newCall(new Request.Builder().url(server.url("/mine")).build())));
        assertEquals("/mine", server.takeRequest(10, TimeUnit.SECONDS).getPath());
        Future<String> hosts = pool.submit(() -> body(host.newCall(new Request.Builder().url(server.url("/host")).build())));
        assertEquals("/host", server.takeRequest(10, TimeUnit.SECONDS).getPath());

        connector.cancelCalls();

        ExecutionException e = assertThrows(ExecutionException.class, () -> mine.get(10, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, e.getCause(), "a cancelled call fails with an IOException");
        assertEquals("host's answer", hosts.get(10, TimeUnit.SECONDS), "the host's call on the shared client goes on");
        assertEquals("after the cancel", body(connector.newCall(new Request.Builder().url(server.url("/next")).build())));
        assertEquals(0, connector.inFlightCount(), "finished calls are no longer tracked");
      } finally {
        pool.shutdownNow();
        host.dispatcher().executorService().shutdown();
      }
    }
  }

  @Test
  void aCallThatUploadsGetsTheAllowanceOnTopOfTheClientsCallTimeout() {
    LazyClient lazy = new LazyClient(() -> new OkHttpClient.Builder().callTimeout(60, TimeUnit.SECONDS));
    Request upload = new Request.Builder().url("http://localhost/v1/tickets")
        .post(RequestBody.create(new byte[1024 * 1024], MediaType.get("application/octet-stream"))).build();
    Request read = new Request.Builder().url("http://localhost/v1/tickets").build();

    assertEquals(TimeUnit.MILLISECONDS.toNanos(60_000 + 64_000), lazy.newCall(upload).timeout().timeoutNanos());
    assertEquals(TimeUnit.SECONDS.toNanos(60), lazy.newCall(read).timeout().timeoutNanos());
    assertEquals(0, lazy.inFlightCount(), "calls made and never executed are not tracked");
  }

  private static String body(Call call) throws IOException {
    try (Response response = call.execute()) {
      return response.body().string();
    }
  }

  @Test
  void anArticleSourcesClientIsGotFromItsSupplierOnTheFirstCallOnly() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse().setBody("one"));
      server.enqueue(new MockResponse().setBody("two"));
      OkHttpClient host = new OkHttpClient();
      AtomicInteger asked = new AtomicInteger();
      Call.Factory calls = JsonGet.wrap(() -> {
        asked.incrementAndGet();
        return host;
      });
      assertEquals(0, asked.get(), "wrapping asks for no client");
      assertEquals("one", body(calls.newCall(new Request.Builder().url(server.url("/1")).build())));
      assertEquals("two", body(calls.newCall(new Request.Builder().url(server.url("/2")).build())));
      assertEquals(1, asked.get());
      assertEquals(UserAgentInterceptor.DEFAULT, server.takeRequest().getHeader("User-Agent"));
    }
  }
}
