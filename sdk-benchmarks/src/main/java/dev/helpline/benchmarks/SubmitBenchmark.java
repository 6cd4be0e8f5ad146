package dev.helpline.benchmarks;

import dev.helpline.Helpline;
import dev.helpline.Submission;
import dev.helpline.TicketDraft;
import dev.helpline.connector.supportapi.SupportApiConnector;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code submit()} as the calling thread sees it, against the floor of a crash-safe write of the
 * same bytes: write, fsync, atomic rename, directory fsync.
 *
 * <p>The client delivers to a testkit desk in another process while it is measured, as it would
 * for an online user (the worker's delivery and state writes share the disk with submit). The desk
 * and the client are replaced every iteration so that the desk's memory (it keeps every ticket)
 * stays bounded. Only {@code submit} is timed: building the draft, the desk and the client is not.
 *
 * <p>{@code submitOffline} splits the gap to the floor: the same submit by a client whose desk is
 * unreachable, as for a user without network, so that no delivery shares the disk and the cores.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class SubmitBenchmark {

  /** A client delivering to a live desk. */
  @State(Scope.Benchmark)
  public static class Client {
    @Param({"4KiB+diagnostics", "4KiB+diagnostics+1MiB"})
    public String payload;

    TicketDraft draft;
    DeskProcess desk;
    SupportApiConnector connector;
    Helpline helpline;
    Path dir;

    @Setup(Level.Trial)
    public void draft() {
      draft = Fixtures.draft(payload.endsWith("1MiB"));
    }

    @Setup(Level.Iteration)
    public void start() throws IOException {
      desk = DeskProcess.start("2g");
      connector = Fixtures.connector(desk.baseUrl(), DeskProcess.APP_KEY);
      dir = Fixtures.scratch("submit");
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

  /** A client whose desk is unreachable: its circuit opens after a few failures and delivery rests. */
  @State(Scope.Benchmark)
  public static class OfflineClient {
    @Param({"4KiB+diagnostics", "4KiB+diagnostics+1MiB"})
    public String payload;

    TicketDraft draft;
    SupportApiConnector connector;
    Helpline helpline;
    Path dir;

    @Setup(Level.Iteration)
    public void start() throws IOException {
      draft = Fixtures.draft(payload.endsWith("1MiB"));
      connector = Fixtures.connector(Fixtures.DEAD_DESK, DeskProcess.APP_KEY);
      dir = Fixtures.scratch("submit-offline");
      helpline = Fixtures.client(connector, dir).build();
    }

    @TearDown(Level.Iteration)
    public void stop() {
      helpline.close();
      connector.close();
      Fixtures.deleteTree(dir);
    }
  }

  /** The same bytes as one submission's entry, and a directory to write them durably to. */
  @State(Scope.Benchmark)
  public static class Floor {
    @Param({"4KiB+diagnostics", "4KiB+diagnostics+1MiB"})
    public String payload;

    byte[] bytes;
    Path dir;
    Path target;
    long seq;

    @Setup(Level.Trial)
    public void prepare() throws IOException {
      bytes = entryBytes(Fixtures.draft(payload.endsWith("1MiB")));
      dir = Fixtures.scratch("floor");
      target = dir.resolve("entry");
    }

    @TearDown(Level.Trial)
    public void clean() {
      Fixtures.deleteTree(dir);
    }
  }

  /** Warmed up longer than the floor: the SDK's path needs some 4,000 submits before the compiler is done with it. */
  @Benchmark
  @Warmup(iterations = 5, time = 3)
  public Submission submit(Client c) throws IOException {
    return c.helpline.submit(c.draft);
  }

  @Benchmark
  @Warmup(iterations = 5, time = 3)
  public Submission submitOffline(OfflineClient c) throws IOException {
    return c.helpline.submit(c.draft);
  }

  /** Write + fsync + atomic rename + directory fsync: the least any crash-safe store must do. */
  @Benchmark
  public Path floor(Floor f) throws IOException {
    Path tmp = f.dir.resolve("entry-" + (f.seq++) + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(f.bytes);
      while (buf.hasRemaining()) ch.write(buf);
      ch.force(true);
    }
    Files.move(tmp, f.target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel d = FileChannel.open(f.dir, StandardOpenOption.READ)) {
      d.force(true);
    }
    return f.target;
  }

  /**
   * The bytes the SDK stores for {@code draft} (its entry file: header, ticket and attachments):
   * submitted once to a client whose desk is unreachable, so the entry stays on disk to be read.
   */
  static byte[] entryBytes(TicketDraft draft) throws IOException {
    Path dir = Fixtures.scratch("entry");
    try (SupportApiConnector dead = Fixtures.connector(Fixtures.DEAD_DESK, DeskProcess.APP_KEY);
        Helpline h = Fixtures.client(dead, dir).build()) {
      Submission s = h.submit(draft);
      return Files.readAllBytes(dir.resolve("outbox").resolve("pending").resolve(s.id() + ".entry"));
    } finally {
      Fixtures.deleteTree(dir);
    }
  }
}
