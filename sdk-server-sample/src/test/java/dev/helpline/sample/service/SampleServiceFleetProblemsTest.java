package dev.helpline.sample.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Fleet mode that cannot start stops before any job runs, saying why, without the database password. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class SampleServiceFleetProblemsTest {
  private static final String PASSWORD = "pg-SECRET-pw";

  @Test
  void anUnreachableDatabaseStopsTheSampleBeforeAnyJobRuns() throws Exception {
    int port = freePort();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SampleService.FleetException e = assertThrows(SampleService.FleetException.class, () -> SampleService.run(
        new PrintStream(bytes, true, StandardCharsets.UTF_8), 1,
        "jdbc:postgresql://127.0.0.1:" + port + "/helpline?user=svc&password=" + PASSWORD));
    assertTrue(e.getMessage().startsWith("fleet mode: cannot use the PostgreSQL database at jdbc:postgresql://127.0.0.1:"
        + port + "/helpline: "), e.getMessage());
    assertTrue(e.getMessage().contains("Connection to 127.0.0.1:" + port + " refused"), e.getMessage());
    assertFalse(e.getMessage().contains(PASSWORD) || e.getMessage().contains("user=svc"), e.getMessage());
    assertEquals("", bytes.toString(StandardCharsets.UTF_8), "nothing ran");
  }

  @Test
  void aUrlThatIsNotPostgresIsNamedWithoutItsParameters() {
    SampleService.FleetException e = assertThrows(SampleService.FleetException.class, () -> SampleService.run(
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), 1,
        "jdbc:mysql://db.example.com/helpline?user=svc&password=" + PASSWORD));
    assertEquals("fleet mode: --fleet jdbc:mysql://db.example.com/helpline is not a jdbc:postgresql://HOST/DB URL",
        e.getMessage());
  }

  /** A port where nothing listens: it was free a moment ago. */
  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
