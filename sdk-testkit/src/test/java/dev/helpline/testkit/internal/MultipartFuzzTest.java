package dev.helpline.testkit.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzz test of the test desk's multipart/form-data reader (Jazzer): any request body is read into
 * parts or refused with an {@link ApiException} (400 malformed, 413 too large) or an {@link IOException}; anything
 * else, or a part larger than its limit, is a finding. The boundary is fixed so the fuzzer works on the body;
 * the first byte sets the per-part limit. The normal build replays {@code MultipartFuzzTestInputs/}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MultipartFuzzTest {
  @FuzzTest(maxDuration = "5s")
  void readsOrRefusesWithApiException(byte[] input) {
    if (input.length == 0) return;
    long limit = 1L << ((input[0] & 0xFF) % 20);
    byte[] body = Arrays.copyOfRange(input, 1, input.length);
    try {
      for (Multipart.Part p : Multipart.read(new ByteArrayInputStream(body), "BOUNDARY", name -> limit)) {
        if (p.body.length > limit) {
          throw new AssertionError("part '" + p.name + "' has " + p.body.length + " bytes; its limit is " + limit);
        }
      }
    } catch (ApiException | IOException expected) {
      // the documented refusals
    }
  }

  @FuzzTest(maxDuration = "5s")
  void contentTypeBoundaryIsFoundOrRefused(byte[] input) {
    try {
      String boundary = Multipart.boundary(new String(input, java.nio.charset.StandardCharsets.ISO_8859_1));
      if (boundary.isEmpty() || boundary.length() > 70) throw new AssertionError("boundary '" + boundary + "'");
    } catch (ApiException expected) {
      // 400
    }
  }
}
