package dev.helpline.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LazyClientTest {
  @Test
  void theClientIsBuiltOnFirstUseOnlyAndOnce() throws Exception {
    AtomicInteger interceptorsAdded = new AtomicInteger();
    OkHttpClient.Builder builder = new OkHttpClient.Builder().addInterceptor(chain -> chain.proceed(chain.request()));
    LazyClient lazy = new LazyClient(builder);
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
}
