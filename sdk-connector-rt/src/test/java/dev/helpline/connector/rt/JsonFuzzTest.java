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
      value = RtHttp.JSON.parse(input, "fuzz");
    } catch (IOException expected) {
      return;
    }
    for (Object item : RtHttp.JSON.list(value)) visit(item);
    visit(value);
  }

  private static void visit(Object value) {
    Map<String, Object> o = RtHttp.JSON.objectOrNull(value);
    if (o == null) return;
    for (String key : KEYS) {
      RtHttp.JSON.string(o, key);
      RtHttp.JSON.number(o, key, -1);
      RtHttp.JSON.instant(o, key);
      RtHttp.JSON.refId(o, key);
      RtHttp.JSON.list(o.get(key));
    }
  }
}
