package dev.helpline.connector.zendesk;

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
 * Coverage-guided fuzz test of the Zendesk JSON readers (Jazzer). The first byte picks the reader (one request,
 * a page of requests, an upload token, comments), the rest is Zendesk's answer. Each fails only with
 * {@link IOException} or Moshi's {@link JsonDataException}; anything else is a finding. The normal build replays
 * {@code ZendeskJsonFuzzTestInputs/}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ZendeskJsonFuzzTest {
  private static final ZendeskJson.TicketUrls URLS =
      ZendeskJson.TicketUrls.under(HttpUrl.get("https://acme.zendesk.com/"), "hc/requests");

  @FuzzTest(maxDuration = "5s")
  void readsOrFailsWithDocumentedExceptions(byte[] input) {
    if (input.length == 0) return;
    JsonReader r = JsonReader.of(new Buffer().write(Arrays.copyOfRange(input, 1, input.length)));
    try {
      switch ((input[0] & 0xFF) % 4) {
        case 0: ZendeskJson.single(r, "request", URLS); break;
        case 1: ZendeskJson.list(r, "requests", URLS); break;
        case 2: ZendeskJson.uploadToken(r); break;
        default: ZendeskComments.read(r);
      }
    } catch (IOException | JsonDataException expected) {
      // the documented failures
    }
  }
}
