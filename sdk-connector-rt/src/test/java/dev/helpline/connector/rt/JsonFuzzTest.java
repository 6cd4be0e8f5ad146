package dev.helpline.connector.rt;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzz test of Request Tracker's JSON reading (Jazzer): any answer is parsed or refused with an
 * {@link IOException}, and the accessors the connector reads its fields with ({@code object}, {@code list},
 * {@code string}, {@code number}, {@code instant}, {@code refId}) never throw on what parsing returned. The normal
 * build replays {@code JsonFuzzTestInputs/}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JsonFuzzTest {
  private static final String[] KEYS = {"id", "Subject", "Status", "Created", "LastUpdated", "Queue", "Requestor",
      "Creator", "items", "total", "count", "page", "per_page", "Content", "ContentType", "Type", "_url", "next_page"};

  @FuzzTest(maxDuration = "5s")
  void parsesOrFailsWithIOException(byte[] input) {
    Object value;
    try {
      value = Json.parse(input, "fuzz");
    } catch (IOException expected) {
      return;
    }
    for (Object item : Json.list(value)) visit(item);
    visit(value);
  }

  private static void visit(Object value) {
    Map<String, Object> o = Json.objectOrNull(value);
    if (o == null) return;
    for (String key : KEYS) {
      Json.string(o, key);
      Json.number(o, key, -1);
      Json.instant(o, key);
      Json.refId(o, key);
      Json.list(o.get(key));
    }
  }
}
