package dev.helpline.benchmarks;

import dev.helpline.Helpline;
import dev.helpline.diagnostics.Diagnostics;
import dev.helpline.connector.supportapi.SupportApiConnector;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TimeZone;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A redacted diagnostics snapshot with the standard providers (no screenshot), against reading the
 * same values directly on the calling thread.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class DiagnosticsBenchmark {
  Path dir;
  SupportApiConnector connector;
  Helpline helpline;

  @Setup(Level.Trial)
  public void start() throws IOException {
    dir = Fixtures.scratch("diagnostics");
    connector = Fixtures.connector(Fixtures.DEAD_DESK, DeskProcess.APP_KEY);
    helpline = Fixtures.client(connector, dir).build();
  }

  @TearDown(Level.Trial)
  public void stop() {
    helpline.close();
    connector.close();
    Fixtures.deleteTree(dir);
  }

  @Benchmark
  public Diagnostics snapshot() {
    return helpline.diagnostics();
  }

  /** The same values, read inline: the cost of the facts themselves. */
  @Benchmark
  public void baselineRawValues(Blackhole bh) throws IOException {
    bh.consume(System.getProperty("os.name"));
    bh.consume(System.getProperty("os.version"));
    bh.consume(System.getProperty("os.arch"));
    bh.consume(System.getProperty("java.vendor"));
    bh.consume(System.getProperty("java.version"));
    bh.consume(System.getProperty("java.vm.name"));
    bh.consume(Runtime.getRuntime().availableProcessors());
    bh.consume(Locale.getDefault().toLanguageTag());
    bh.consume(TimeZone.getDefault().getID());
    Runtime rt = Runtime.getRuntime();
    bh.consume(rt.totalMemory() - rt.freeMemory());
    bh.consume(rt.maxMemory());
    FileStore store = Files.getFileStore(dir);
    bh.consume(store.getUsableSpace());
    bh.consume(store.getUnallocatedSpace());
    bh.consume(store.getTotalSpace());
  }
}
