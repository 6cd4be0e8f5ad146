package dev.helpline.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.JsonReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class UserTokensTest {
  private static final byte[] SECRET = "shared-secret-of-desk".getBytes(StandardCharsets.UTF_8);
  private static final Instant EXP = Instant.parse("2026-11-25T10:00:00Z");

  @SuppressWarnings("unchecked")
  private static Map<String, Object> payload(String token) throws Exception {
    String[] parts = token.split("\\.", -1);
    assertEquals(3, parts.length, token);
    byte[] json = Base64.getUrlDecoder().decode(parts[1]);
    return (Map<String, Object>) JsonReader.of(new Buffer().write(json)).readJsonValue();
  }

  @Test
  void tokenHasVersionPayloadAndHmacOverPrefixAndPayload() throws Exception {
    String token = UserTokens.issue(SECRET, "u1", "ann@example.com", EXP);

    assertTrue(token.startsWith("v1."), token);
    String[] parts = token.split("\\.", -1);
    assertFalse(parts[1].contains("="), "no padding");
    assertFalse(parts[2].contains("="), "no padding");
    assertTrue(parts[1].matches("[A-Za-z0-9_-]+") && parts[2].matches("[A-Za-z0-9_-]+"), "base64url alphabet");

    Map<String, Object> payload = payload(token);
    assertEquals("u1", payload.get("sub"));
    assertEquals("ann@example.com", payload.get("email"));
    assertEquals((double) EXP.getEpochSecond(), payload.get("exp"));
    assertEquals(3, payload.size());
    // exp is an integer in the JSON, not 1.7E9
    String json = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    assertTrue(json.contains("\"exp\":" + EXP.getEpochSecond()), json);

    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
    byte[] expected = mac.doFinal(("v1." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertArrayEquals(expected, Base64.getUrlDecoder().decode(parts[2]));
  }

  @Test
  void emailIsLeftOutWhenNull() throws Exception {
    Map<String, Object> payload = payload(UserTokens.issue(SECRET, "u2", null, EXP));
    assertEquals("u2", payload.get("sub"));
    assertFalse(payload.containsKey("email"));
  }

  @Test
  void differentSecretsGiveDifferentSignatures() {
    String a = UserTokens.issue(SECRET, "u1", null, EXP);
    String b = UserTokens.issue("other".getBytes(StandardCharsets.UTF_8), "u1", null, EXP);
    assertEquals(a.substring(0, a.lastIndexOf('.')), b.substring(0, b.lastIndexOf('.')));
    assertNotEquals(a, b);
  }

  @Test
  void emptySecretAndBlankRequesterAreRejected() {
    assertEquals("secret is 0 bytes; it must not be empty",
        assertThrows(IllegalArgumentException.class, () -> UserTokens.issue(new byte[0], "u1", null, EXP)).getMessage());
    assertEquals("requesterId is blank",
        assertThrows(IllegalArgumentException.class, () -> UserTokens.issue(SECRET, " ", null, EXP)).getMessage());
  }

  @Test
  void anIdOrEmailThatUtf8CannotEncodeIsRejectedRatherThanIssuedForSomeoneElse() throws Exception {
    // UTF-8 has no encoding for an unpaired surrogate: written anyway, it would become "?", another requester's id.
    assertEquals("requesterId has an unpaired surrogate at index 3; it must be well-formed Unicode",
        assertThrows(IllegalArgumentException.class, () -> UserTokens.issue(SECRET, "ann\uD800", null, EXP)).getMessage());
    assertEquals("email has an unpaired surrogate at index 0; it must be well-formed Unicode",
        assertThrows(IllegalArgumentException.class,
            () -> UserTokens.issue(SECRET, "u1", "\uDC00a@example.com", EXP)).getMessage());
    // A character outside the BMP is a surrogate pair, and is written as itself.
    assertEquals("ann\uD83D\uDE00", payload(UserTokens.issue(SECRET, "ann\uD83D\uDE00", null, EXP)).get("sub"));
  }
}
