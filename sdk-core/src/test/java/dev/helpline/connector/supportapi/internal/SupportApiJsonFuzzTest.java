package dev.helpline.connector.supportapi.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okio.Buffer;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzz test of the native Support API's JSON readers (Jazzer). The first byte picks the reader
 * (ticket, page, messages, message, opening message), the rest is the desk's answer. Each fails only with
 * {@link IOException} or Moshi's {@link JsonDataException} (which the connector turns into a desk error);
 * anything else is a finding. The normal build replays {@code SupportApiJsonFuzzTestInputs/}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SupportApiJsonFuzzTest {
  private static final SupportApiJson JSON = new SupportApiJson(HttpUrl.get("https://desk.example/"));

  @FuzzTest(maxDuration = "5s")
  void readsOrFailsWithDocumentedExceptions(byte[] input) {
    if (input.length == 0) return;
    JsonReader r = JsonReader.of(new Buffer().write(Arrays.copyOfRange(input, 1, input.length)));
    try {
      switch ((input[0] & 0xFF) % 5) {
        case 0: JSON.ticket(r); break;
        case 1: JSON.page(r); break;
        case 2: JSON.messages(r); break;
        case 3: JSON.message(r); break;
        default: JSON.openingMessage(r);
      }
    } catch (IOException | JsonDataException expected) {
      // the documented failures
    }
  }
}
