package dev.helpline.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.diagnostics.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LogGeneratorTest {
  @Test
  void sameSeedGivesTheSameLogOfExactlyTheRequestedSize() {
    String a = LogGenerator.generate(256 * 1024, 7);
    String b = LogGenerator.generate(256 * 1024, 7);
    assertEquals(a, b);
    assertEquals(256 * 1024, a.getBytes(StandardCharsets.UTF_8).length);
    assertNotEquals(a, LogGenerator.generate(256 * 1024, 8));
  }

  @Test
  void logMixesOrdinaryLinesWithWhatTheRedactorRemoves() {
    String log = LogGenerator.generate(256 * 1024, 20260314L);
    for (String expected : new String[] {"INFO", "ERROR", "\tat com.acme.", "Caused by:", "https://", "Bearer ",
        "api_key=", "password=", "4111 1111 1111", ".example.com"}) {
      assertTrue(log.contains(expected), "log lacks " + expected);
    }
    String redacted = Redactor.defaults().redact(Redactor.Field.LOGS, log);
    assertTrue(redacted.contains("[ip]"), "no IP address was redacted");
    assertTrue(!redacted.contains("Bearer " + log.split("Bearer ")[1].substring(0, 40)), "a bearer token survived");
  }
}
