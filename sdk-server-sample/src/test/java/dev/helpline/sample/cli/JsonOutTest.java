package dev.helpline.sample.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class JsonOutTest {
  @Test
  void controlsAndBidiOverridesAreWrittenAsEscapesThatDecodeToTheSameText() throws IOException {
    String hostile = "a\u001B[2J\u009Bb\u007F\u202Egnp.exe\u200B";
    String json = new JsonOut().put("subject", hostile).toString();
    assertEquals("{\"subject\":\"a\\u001b[2J\\u009bb\\u007f\\u202egnp.exe\\u200b\"}", json);
    assertEquals(hostile, subject(json));
  }

  @Test
  void invisibleFormatCharactersOutsideTheBasicPlaneAreEscapedToo() throws IOException {
    // Unicode tag characters (U+E0001, U+E0020–U+E007F) are format characters that render as nothing: text can
    // hide in them ("ASCII smuggling"), so they must not reach a terminal or log raw.
    String hidden = "Invoice \uDB40\uDC01\uDB40\uDC69\uDB40\uDC67\uDB40\uDC6E\uDB40\uDC6F\uDB40\uDC72\uDB40\uDC65 ok";
    String json = new JsonOut().put("subject", hidden).toString();
    assertEquals("{\"subject\":\"Invoice \\udb40\\udc01\\udb40\\udc69\\udb40\\udc67\\udb40\\udc6e\\udb40\\udc6f"
        + "\\udb40\\udc72\\udb40\\udc65 ok\"}", json);
    assertEquals(hidden, subject(json));
  }

  @Test
  void otherCharactersOutsideTheBasicPlaneStayAsTheyAre() throws IOException {
    String text = "Zahlung fehlgeschlagen \uD83D\uDE00 \uD835\uDC00";
    assertEquals("{\"subject\":\"" + text + "\"}", new JsonOut().put("subject", text).toString());
  }

  private static String subject(String json) throws IOException {
    JsonReader reader = JsonReader.of(new Buffer().writeUtf8(json));
    reader.beginObject();
    reader.nextName();
    return reader.nextString();
  }
}
