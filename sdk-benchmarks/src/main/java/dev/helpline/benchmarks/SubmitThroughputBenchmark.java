package dev.helpline.benchmarks;

import dev.helpline.Helpline;
import dev.helpline.Submission;
import dev.helpline.TicketDraft;
import dev.helpline.connector.supportapi.SupportApiConnector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Accepted submissions per second (4 KiB description + diagnostics, each durable when
 * {@code submit} returns) with 8 threads submitting to one client, against one thread: what group
 * commit buys when many threads submit at once. The client delivers to a testkit desk in another
 * process meanwhile, as in {@link SubmitHarness}. Beside it, the same for the {@link Floor}: how far
 * eight writers of their own files scale on this disk at all.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class SubmitThroughputBenchmark {

  /** One client shared by the benchmark's threads. */
  @State(Scope.Benchmark)
  public static class Client {
    TicketDraft draft;
    DeskProcess desk;
    SupportApiConnector connector;
    Helpline helpline;
    Path dir;

    @Setup(Level.Iteration)
    public void start() throws IOException {
      draft = Fixtures.draft(false);
      desk = DeskProcess.start("2g");
      connector = Fixtures.connector(desk.baseUrl(), DeskProcess.APP_KEY);
      dir = Fixtures.scratch("submit-threads");
      helpline = Fixtures.client(connector, dir).build();
    }

    @TearDown(Level.Iteration)
    public void stop() {
      helpline.close();
      connector.close();
      desk.close();
      Fixtures.deleteTree(dir);
    }
  }

  /** A floor shared by the benchmark's threads, in a fresh directory per iteration. */
  @State(Scope.Benchmark)
  public static class Floors {
    byte[] entry;
    Floor floor;
    Path dir;

    @Setup(Level.Trial)
    public void entry() throws IOException {
      entry = Floor.entryBytes(Fixtures.draft(false));
    }

    @Setup(Level.Iteration)
    public void start() throws IOException {
      dir = Fixtures.scratch("floor-threads");
      floor = new Floor(entry, dir);
    }

    @TearDown(Level.Iteration)
    public void stop() {
      Fixtures.deleteTree(dir);
    }
  }

  @Benchmark
  @Threads(1)
  public Submission oneThread(Client c) throws IOException {
    return c.helpline.submit(c.draft);
  }

  @Benchmark
  @Threads(8)
  public Submission eightThreads(Client c) throws IOException {
    return c.helpline.submit(c.draft);
  }

  @Benchmark
  @Threads(1)
  @Warmup(iterations = 1, time = 2)
  public void floorOneThread(Floors f) throws IOException {
    f.floor.write();
  }

  @Benchmark
  @Threads(8)
  @Warmup(iterations = 1, time = 2)
  public void floorEightThreads(Floors f) throws IOException {
    f.floor.write();
  }
}
