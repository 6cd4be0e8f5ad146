package dev.helpline.internal.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Limits;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Locks of two clients in one JVM on one data directory, seen from a third process. */
@Timeout(60)
class SharedLockTest {
  @TempDir Path dir;

  @Test
  void secondClientInTheSameJvmRefusedTheLockDoesNotDropTheFirstClientsLock() throws Exception {
    try (FileOutbox one = new FileOutbox(dir, Limits.defaults(), Clock.systemUTC());
        FileOutbox two = new FileOutbox(dir, Limits.defaults(), Clock.systemUTC())) {
      DeliveryLock held = one.tryLockDelivery();
      assertNotNull(held);
      try {
        for (int i = 0; i < 3; i++) assertNull(two.tryLockDelivery(), "second client in this JVM");
        // The other client's (in-process) attempts must not have released the lock at the OS level.
        assertEquals(3, probe(), "a child process took the lock while the first client held it");
        assertTrue(held.isValid());
      } finally {
        held.close();
      }
      assertEquals(0, probe(), "the lock is free once released");
      DeliveryLock again = two.tryLockDelivery();
      assertNotNull(again);
      again.close();
    }
  }

  @Test
  void tmpCleanupByAnotherClientInTheJvmKeepsTheFirstClientsWriterLock() throws Exception {
    try (FileOutbox one = new FileOutbox(dir, Limits.defaults(), Clock.systemUTC());
        FileOutbox two = new FileOutbox(dir, Limits.defaults(), Clock.systemUTC())) {
      one.counts(); // creates the tree and takes one's instance lock
      Path lock;
      try (java.util.stream.Stream<Path> s = Files.list(one.root().resolve("tmp"))) {
        lock = s.filter(p -> p.toString().endsWith(".lock")).findFirst().orElseThrow();
      }
      two.cleanUp(); // looks at one's tmp lock: must neither delete it nor drop it
      assertTrue(Files.exists(lock));
      assertNull(ProcessLocks.tryLock(lock), "still held in this JVM");
    }
  }

  private int probe() throws IOException, InterruptedException {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockProbe.class.getName(),
        dir.toString()).redirectErrorStream(true).redirectOutput(dir.resolveSibling(dir.getFileName() + ".probe.out")
        .toFile()).start();
    try {
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "probe did not finish");
      return p.exitValue();
    } finally {
      p.destroyForcibly();
    }
  }
}
