package dev.helpline.internal.notices;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.helpline.notices.Notice;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okio.Buffer;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzz test of the notices feed parser (Jazzer): any bytes either parse into notices whose
 * plain text can be read, or fail with the parser's documented {@link IOException}; anything else is a finding.
 * The normal build replays {@code NoticesJsonFuzzTestInputs/}; {@code scripts/fuzz.sh} fuzzes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NoticesJsonFuzzTest {
  @FuzzTest(maxDuration = "5s")
  void parsesOrFailsWithIOException(byte[] input) {
    List<Notice> notices;
    try {
      notices = NoticesJson.parse(new Buffer().write(input), "fuzz");
    } catch (IOException expected) {
      return;
    }
    long chars = 0;
    for (Notice n : notices) chars += n.plainText().length() + n.title().length();
    if (chars > 4L * input.length + 64) {
      throw new AssertionError("plain text of " + chars + " chars from " + input.length + " bytes of input");
    }
  }
}
