package dev.helpline.benchmarks;

import dev.helpline.Helpline;
import dev.helpline.connector.supportapi.SupportApiConnector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code Helpline.builder()…build()} (connector included) in a warm JVM, against the least a client
 * with an HTTP stack and a background thread costs: an OkHttp client plus a started executor
 * thread. Closing happens after each call, outside the timing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class StartupBenchmark {

  @State(Scope.Thread)
  public static class Built {
    Path dir;
    @Nullable Helpline helpline;
    @Nullable SupportApiConnector connector;
    @Nullable OkHttpClient okHttp;
    @Nullable ScheduledThreadPoolExecutor executor;

    @Setup(Level.Trial)
    public void dir() throws IOException {
      dir = Fixtures.scratch("startup");
    }

    @TearDown(Level.Invocation)
    public void closeLast() throws InterruptedException {
      if (helpline != null) helpline.close();
      if (connector != null) connector.close();
      if (okHttp != null) {
        okHttp.dispatcher().executorService().shutdown();
        okHttp.connectionPool().evictAll();
      }
      if (executor != null) {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
      }
      helpline = null;
      connector = null;
      okHttp = null;
      executor = null;
    }

    @TearDown(Level.Trial)
    public void clean() {
      Fixtures.deleteTree(dir);
    }
  }

  @Benchmark
  public Helpline build(Built b) {
    b.connector = Fixtures.connector(Fixtures.DEAD_DESK, DeskProcess.APP_KEY);
    b.helpline = Fixtures.client(b.connector, b.dir).build();
    return b.helpline;
  }

  @Benchmark
  public OkHttpClient baselineOkHttpAndThread(Built b) {
    b.okHttp = new OkHttpClient.Builder().build();
    b.executor = new ScheduledThreadPoolExecutor(1);
    b.executor.execute(() -> { });
    return b.okHttp;
  }
}
