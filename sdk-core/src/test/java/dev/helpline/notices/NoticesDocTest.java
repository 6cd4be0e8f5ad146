package dev.helpline.notices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.JsonReader;
import dev.helpline.internal.notices.NoticesJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** The feed example and schema in docs/status-and-notices.md must stay true to the parser. */
class NoticesDocTest {
  private static List<String> jsonBlocksAfter(String heading) throws Exception {
    String doc = new String(Files.readAllBytes(Paths.get("..", "docs", "status-and-notices.md")), StandardCharsets.UTF_8);
    int at = doc.indexOf(heading);
    assertTrue(at >= 0, "docs/status-and-notices.md has a section " + heading);
    Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(doc.substring(at));
    List<String> blocks = new ArrayList<>();
    while (m.find()) blocks.add(m.group(1));
    return blocks;
  }

  @Test
  void documentedFeedExampleParses() throws Exception {
    String example = jsonBlocksAfter("### Notices feed format").get(0);
    List<Notice> notices = NoticesJson.parse(new Buffer().writeUtf8(example), "docs example");
    assertEquals(2, notices.size());
    Notice maintenance = notices.get(0);
    assertEquals(Notice.Type.MAINTENANCE, maintenance.type());
    assertEquals(Instant.parse("2026-11-28T08:00:00Z"), maintenance.startsAt());
    assertEquals(List.of("android", "jvm"), maintenance.targeting().platforms());
    assertEquals("2.0", maintenance.targeting().minAppVersion());
    assertEquals("Card payments may be declined between 02:00 and 04:00 CST.", maintenance.plainText());
    assertEquals(Notice.Type.MINIMUM_VERSION, notices.get(1).type());
    assertEquals("2.1.0", notices.get(1).minimumVersion());
  }

  @Test
  void documentedSchemaIsJsonAndNamesEveryMemberTheParserReads() throws Exception {
    String schema = jsonBlocksAfter("### Notices feed format").get(1);
    JsonReader r = JsonReader.of(new Buffer().writeUtf8(schema));
    r.skipValue();
    assertEquals(JsonReader.Token.END_DOCUMENT, r.peek());
    for (String member : new String[] {"notices", "id", "type", "title", "body", "severity", "startsAt", "endsAt", "url",
        "targeting", "platforms", "minAppVersion", "maxAppVersion", "locales", "minimumVersion"}) {
      assertTrue(schema.contains("\"" + member + "\""), "schema documents " + member);
    }
  }
}
