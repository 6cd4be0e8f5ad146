package dev.helpline.internal.status;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.helpline.internal.text.HtmlText;
import dev.helpline.status.Incident;
import dev.helpline.status.Maintenance;
import dev.helpline.status.StatusSnapshot;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import okio.Buffer;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzz test of the Statuspage summary parser (Jazzer): any bytes either parse into a snapshot
 * whose plain-text renderings can be read, or fail with the parser's documented {@link IOException}. Anything
 * else (a runtime exception, a hang past the class timeout, running out of memory) is a finding.
 *
 * <p>The normal build replays {@code src/test/resources/dev/helpline/internal/status/SummaryJsonFuzzTestInputs/}
 * (seeds and past findings); {@code scripts/fuzz.sh 10m dev.helpline.internal.status.SummaryJsonFuzzTest}
 * fuzzes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SummaryJsonFuzzTest {
  @FuzzTest(maxDuration = "5s")
  void parsesOrFailsWithIOException(byte[] input) {
    StatusSnapshot s;
    try {
      s = SummaryJson.parse(new Buffer().write(input), "fuzz", Instant.EPOCH).snapshot;
    } catch (IOException expected) {
      return;
    }
    int chars = s.description().length();
    for (Incident i : s.activeIncidents()) chars += i.latestUpdatePlainText().length() + i.name().length();
    for (Maintenance m : s.maintenances()) chars += m.latestUpdatePlainText().length() + m.name().length();
    if (chars > 4 * input.length + 64) {
      throw new AssertionError("plain text of " + chars + " chars from " + input.length + " bytes of input");
    }
  }

  /** Any text as an update body: the HTML renderer never throws and never grows text without bound. */
  @FuzzTest(maxDuration = "5s")
  void htmlToPlainTextNeverThrows(byte[] input) {
    String html = new String(input, java.nio.charset.StandardCharsets.UTF_8);
    String text = HtmlText.toPlainText(html);
    if (text.length() > 2 * html.length() + 2) {
      throw new AssertionError("plain text of " + text.length() + " chars from " + html.length() + " chars of HTML");
    }
  }
}
