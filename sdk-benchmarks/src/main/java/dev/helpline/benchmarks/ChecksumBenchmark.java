package dev.helpline.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
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
import org.jspecify.annotations.Nullable;

/**
 * What the whole-entry CRC-32 costs before each send: reading a real 1 MiB-attachment entry file
 * in 64 KiB chunks with the checksum (as the outbox verifies it), against the same read without it.
 * Submit's share (the CRC computed while writing) shows in {@link SubmitHarness} against its floor.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ChecksumBenchmark {
  Path dir;
  Path entry;
  final byte[] chunk = new byte[64 * 1024];

  @Setup(Level.Trial)
  public void prepare() throws IOException {
    dir = Fixtures.scratch("checksum");
    entry = dir.resolve("entry");
    Files.write(entry, Floor.entryBytes(Fixtures.draft(true)));
  }

  @TearDown(Level.Trial)
  public void clean() {
    Fixtures.deleteTree(dir);
  }

  @Benchmark
  public long verify() throws IOException {
    CRC32 crc = new CRC32();
    read(crc);
    return crc.getValue();
  }

  @Benchmark
  public long baselineRead() throws IOException {
    return read(null);
  }

  private long read(@Nullable CRC32 crc) throws IOException {
    long total = 0;
    try (FileChannel ch = FileChannel.open(entry, StandardOpenOption.READ)) {
      int n;
      while ((n = ch.read(ByteBuffer.wrap(chunk))) > 0) {
        if (crc != null) crc.update(chunk, 0, n);
        total += n;
      }
    }
    return total;
  }
}
