package dev.helpline.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class JsonTreeTest {
  private static final JsonTree TOLERANT = new JsonTree("Test desk", "1970-01-01T00:00:00Z");

  private static Map<String, Object> doc(String json) throws IOException {
    return JsonTree.objectAt(JsonTree.read(JsonReader.of(new Buffer().writeUtf8(json))), "$");
  }

  @Test
  void strictReadsTakeQuotedIdsAndWholeNumbers() throws Exception {
    Map<String, Object> o = doc("{\"id\":42,\"quoted\":\"-7\",\"name\":\"Ada\",\"private\":true,\"items\":[1]}");
    assertEquals(42L, JsonTree.longValue(o, "id", "$"));
    assertEquals(-7L, JsonTree.optLong(o, "quoted", "$"));
    assertEquals("Ada", JsonTree.string(o, "name", "$"));
    assertTrue(JsonTree.bool(o, "private", false, "$"));
    assertFalse(JsonTree.bool(o, "missing", false, "$"));
    assertEquals(List.of(1.0), JsonTree.list(o, "items", "$"));
    assertTrue(JsonTree.list(o, "missing", "$").isEmpty());
    assertNull(JsonTree.optString(o, "missing", "$"));
    assertNull(JsonTree.optObject(o, "missing", "$"));
  }

  @Test
  void strictReadsNameTheExpectedTypeAndPathButNeverTheValue() throws Exception {
    Map<String, Object> o = doc("{\"id\":1.5,\"name\":\"secret-token\",\"list\":{},\"flag\":\"yes\",\"nested\":[]}");
    JsonDataException e = assertThrows(JsonDataException.class, () -> JsonTree.longValue(o, "id", "$.ticket"));
    assertEquals("Expected a whole number at path $.ticket.id", e.getMessage());
    assertEquals("Expected a number at path $.missing",
        assertThrows(JsonDataException.class, () -> JsonTree.longValue(o, "missing", "$")).getMessage());
    assertEquals("Expected a string at path $.missing",
        assertThrows(JsonDataException.class, () -> JsonTree.string(o, "missing", "$")).getMessage());
    assertEquals("Expected an array at path $.list",
        assertThrows(JsonDataException.class, () -> JsonTree.list(o, "list", "$")).getMessage());
    assertEquals("Expected a boolean at path $.flag",
        assertThrows(JsonDataException.class, () -> JsonTree.bool(o, "flag", false, "$")).getMessage());
    assertEquals("Expected an object at path $.nested",
        assertThrows(JsonDataException.class, () -> JsonTree.optObject(o, "nested", "$")).getMessage());
    JsonDataException wrongType = assertThrows(JsonDataException.class, () -> JsonTree.optLong(o, "name", "$"));
    assertFalse(wrongType.getMessage().contains("secret-token"), wrongType.getMessage());
  }

  @Test
  void tolerantReadsTurnWhatIsMissingOrUnreadableIntoNullOrTheFallback() throws Exception {
    Map<String, Object> o = TOLERANT.object(TOLERANT.parse((
        "{\"id\":7,\"Due\":\"1970-01-01T00:00:00Z\",\"Created\":\"2026-11-24T23:30:34Z\",\"Bad\":\"soon\","
            + "\"Creator\":{\"type\":\"user\",\"id\":\"alice\"},\"Priority\":\"high\",\"list\":\"x\"}")
            .getBytes(StandardCharsets.UTF_8), "a ticket"), "a ticket");
    assertEquals("7", TOLERANT.string(o, "id"));
    assertEquals(Instant.parse("2026-11-24T23:30:34Z"), TOLERANT.instant(o, "Created"));
    assertNull(TOLERANT.instant(o, "Due"));
    assertNull(TOLERANT.instant(o, "Bad"));
    assertEquals("alice", TOLERANT.refId(o, "Creator"));
    assertEquals(-1, TOLERANT.number(o, "Priority", -1));
    assertTrue(TOLERANT.list(o.get("list")).isEmpty());
    assertNull(TOLERANT.objectOrNull(o.get("id")));
    assertNull(TOLERANT.parse(new byte[0], "an empty answer"));
  }

  @Test
  void tolerantReadsNameTheServerAndTheAnswerWhenTheBodyIsNotTheObjectAskedFor() {
    IOException malformed = assertThrows(IOException.class,
        () -> TOLERANT.parse("{\"id\":".getBytes(StandardCharsets.UTF_8), "a ticket"));
    assertTrue(malformed.getMessage().startsWith("Test desk sent malformed JSON for a ticket"), malformed.getMessage());
    IOException notObject = assertThrows(IOException.class, () -> TOLERANT.object(List.of(), "a ticket"));
    assertEquals("Test desk sent a JSON array where a ticket (a JSON object) was expected", notObject.getMessage());
  }
}
