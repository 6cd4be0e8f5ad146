package dev.helpline.sample.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.sample.cli.HelplineJar;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -cp helpline.jar dev.helpline.sample.service.SampleService} as an operator runs it. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SampleServiceIT {
  private static final String PASSWORD = "pg-SECRET-pw";

  @TempDir Path tmp;

  @Test
  void fleetModeAgainstAnUnreachableDatabaseIsOneLineAndANonZeroExit() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    HelplineJar.Result r = HelplineJar.runClass(tmp, SampleService.class.getName(), Map.of(), Duration.ofSeconds(60),
        "--fleet", "jdbc:postgresql://127.0.0.1:" + port + "/helpline?user=svc&password=" + PASSWORD);
    assertEquals(1, r.code, r.toString());
    assertEquals(1, r.err.trim().split("\n").length, "one line on stderr: " + r);
    assertTrue(r.err.startsWith("SampleService: fleet mode: cannot use the PostgreSQL database at"
        + " jdbc:postgresql://127.0.0.1:" + port + "/helpline: "), r.toString());
    assertFalse(r.out.contains(PASSWORD) || r.err.contains(PASSWORD), r.toString());
    assertFalse(r.out.contains("tickets at the desk"), "no job ran: " + r);
  }
}
