package dev.helpline.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenCodecTest {
  private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  private final TokenCodec codec = new TokenCodec("desk secret".getBytes(StandardCharsets.UTF_8),
      Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));
  private final String token = codec.issue("ada", "ada@example.com", Instant.parse("2026-12-02T00:00:00Z").getEpochSecond());

  @Test
  void aTokenAsIssuedIsAccepted() {
    TokenCodec.Claims claims = codec.verify(token);
    assertNotNull(claims);
    assertEquals("ada", claims.sub);
    assertEquals("ada@example.com", claims.email);
  }

  @Test
  void everyOtherLastCharacterOfTheSignatureIsRefused() {
    String head = token.substring(0, token.length() - 1);
    char last = token.charAt(token.length() - 1);
    for (char c : BASE64URL.toCharArray()) {
      if (c != last) assertNull(codec.verify(head + c), "signature ending in '" + c + "' instead of '" + last + "'");
    }
  }

  @Test
  void paddingAndOtherSpellingsOfTheSameBytesAreRefused() {
    assertNull(codec.verify(token + "="));
    assertNull(codec.verify(token + "=="));
    int dot = token.lastIndexOf('.');
    String payload = token.substring(3, dot);
    assertNull(codec.verify("v1." + payload + "=" + token.substring(dot)), "padded payload");
  }

  @Test
  void anExpiredTokenIsRefused() {
    String expired = codec.issue("ada", null, Instant.parse("2026-11-30T00:00:00Z").getEpochSecond());
    assertNull(codec.verify(expired));
  }
}
