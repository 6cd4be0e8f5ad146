package dev.helpline.internal.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Limits;
import dev.helpline.internal.outbox.FileOutbox;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two deliverers on one data directory (an app and a CLI; two instances of a service). */
@Timeout(120)
class SharedDirectoryDeliveryTest {
  @TempDir Path dir;

  @Test
  void twoProcessesDeliverEachEntryExactlyOnce() throws Exception {
    Path log = dir.resolve("calls.log");
    Path data = Files.createDirectory(dir.resolve("data"));
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        ChildDeliverer.class.getName(), data.toString(), log.toString(), "25", "child-")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.out").toFile())
        .start();
    try {
      ChildDeliverer.deliverAll(data, log, 25, "parent-");
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child did not finish");
      assertEquals(0, child.exitValue(), Files.readString(dir.resolve("child.out")));
    } finally {
      child.destroyForcibly();
    }

    assertExactlyOnce(log, 50, data);
  }

  @Test
  void twoInstancesInOneProcessDeliverEachEntryExactlyOnce() throws Exception {
    Path log = dir.resolve("calls.log");
    Path data = Files.createDirectory(dir.resolve("data"));
    CompletableFuture<Void> a = CompletableFuture.runAsync(() -> run(data, log, "a-"));
    CompletableFuture<Void> b = CompletableFuture.runAsync(() -> run(data, log, "b-"));
    a.get(60, TimeUnit.SECONDS);
    b.get(60, TimeUnit.SECONDS);

    assertExactlyOnce(log, 40, data);
  }

  private static void run(Path data, Path log, String prefix) {
    try {
      ChildDeliverer.deliverAll(data, log, 20, prefix);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void assertExactlyOnce(Path log, int expected, Path data) throws Exception {
    Map<String, Integer> calls = new TreeMap<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      if (!line.isEmpty()) calls.merge(line, 1, Integer::sum);
    }
    List<String> duplicates = new ArrayList<>();
    calls.forEach((id, n) -> {
      if (n != 1) duplicates.add(id + " x" + n);
    });
    assertEquals(List.of(), duplicates, "submissions sent more than once");
    assertEquals(expected, calls.size());
    try (FileOutbox o = new FileOutbox(data, Limits.defaults(), java.time.Clock.systemUTC())) {
      assertEquals(0, o.pending().size());
      assertEquals(0, o.stats().failed());
    }
  }
}
