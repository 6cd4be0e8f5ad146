package dev.helpline.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SecretsTest {
  private static final String TOKEN = "tok_9f8E7d6C5b4A3f2e1D0c";
  private final Secrets secrets = Secrets.of(TOKEN);

  @Test
  void exactAndCaseChangedEchoesAreMasked() {
    assertEquals("bad token ***.", secrets.scrub("bad token " + TOKEN + "."));
    assertEquals("bad token ***.", secrets.scrub("bad token " + TOKEN.toUpperCase(java.util.Locale.ROOT) + "."));
  }

  @Test
  void echoSplitByInvisibleCharactersIsMaskedAndTheCharactersAreGone() {
    String split = TOKEN.substring(0, 6) + "\u0000" + TOKEN.substring(6, 12) + "\u200b" + TOKEN.substring(12, 15)
        + "\ufeff\u00ad\u202e" + TOKEN.substring(15);
    assertEquals("[***]", secrets.scrub("[" + split + "]"));
    assertEquals("ab", Secrets.none().scrub("a\u200d\u2066b"));
  }

  @Test
  void fragmentsAtLeastHalfTheSecretAreMaskedShorterOnesStay() {
    int half = (TOKEN.length() + 1) / 2;
    assertEquals("x *** y", secrets.scrub("x " + TOKEN.substring(3, 3 + half) + " y"));
    assertEquals("x *** y", secrets.scrub("x " + TOKEN.substring(1) + " y"));
    String shortPiece = TOKEN.substring(0, half - 1);
    assertEquals("x " + shortPiece + " y", secrets.scrub("x " + shortPiece + " y"));
  }

  @Test
  void aShortSecretIsOnlyMaskedWhole() {
    Secrets pin = Secrets.of("4821", "", null);
    assertEquals("pin *** and 482", pin.scrub("pin 4821 and 482"));
  }

  @Test
  void adjacentMatchesBecomeOneMaskAndTextWithoutSecretsIsUnchanged() {
    assertEquals("***!", secrets.scrub(TOKEN + TOKEN + "!"));
    assertEquals("nothing here", secrets.scrub("nothing here"));
    assertTrue(secrets.leaks("a" + TOKEN.toLowerCase(java.util.Locale.ROOT)));
    assertFalse(secrets.leaks("a tok_9f8"));
  }

  @Test
  void urlSecretsAreThePasswordAndSecretLookingParameters() {
    HttpUrl url = HttpUrl.get("https://ops:hunter2-very-secret@status.example/feed.json?api_key=K3y-0123456789&lang=en");
    Secrets fromUrl = Secrets.fromUrl(url);
    String scrubbed = fromUrl.scrub("GET failed: hunter2-very-secret K3y-0123456789 lang=en ops");
    assertEquals("GET failed: *** *** lang=en ***", scrubbed);
    assertEquals("no secrets", Secrets.fromUrl(HttpUrl.get("https://status.example/?page=2")).scrub("no secrets"));
  }
}
