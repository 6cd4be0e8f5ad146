package dev.helpline.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The v1 user token: {@code v1.<payloadB64>.<sigB64>}, payload {@code {"sub","email"?,"exp"}}, signature
 * HMAC-SHA256 over the ASCII bytes of {@code "v1." + payloadB64}. Thread-safe.
 */
public final class TokenCodec {
  private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DEC = Base64.getUrlDecoder();
  private static final int MAX_TOKEN_CHARS = 8 * 1024;

  private final byte[] secret;
  private final Clock clock;

  public TokenCodec(byte[] secret, Clock clock) {
    this.secret = secret.clone();
    this.clock = clock;
  }

  /** Who a valid token speaks for. */
  public static final class Claims {
    public final String sub;
    public final @Nullable String email;

    Claims(String sub, @Nullable String email) {
      this.sub = sub;
      this.email = email;
    }
  }

  public String issue(String sub, @Nullable String email, long expEpochSeconds) {
    Map<String, Object> payload = Json.obj("sub", sub);
    if (email != null) {
      payload.put("email", email);
    }
    payload.put("exp", expEpochSeconds);
    String payloadB64 = ENC.encodeToString(Json.write(payload));
    String signed = "v1." + payloadB64;
    return signed + "." + ENC.encodeToString(hmac(signed));
  }

  /** Returns the claims of a well-formed, correctly signed, unexpired token, or null. */
  public @Nullable Claims verify(String token) {
    if (token.length() > MAX_TOKEN_CHARS || !token.startsWith("v1.")) {
      return null;
    }
    int dot = token.indexOf('.', 3);
    if (dot < 0 || token.indexOf('.', dot + 1) >= 0) {
      return null;
    }
    String signed = token.substring(0, dot);
    byte[] sig = canonicalDecode(token.substring(dot + 1));
    byte[] payloadBytes = canonicalDecode(signed.substring(3));
    if (sig == null || payloadBytes == null || !MessageDigest.isEqual(sig, hmac(signed))) {
      return null;
    }
    Map<String, Object> payload;
    try {
      payload = Json.parseObject(payloadBytes, "token");
    } catch (ApiException e) {
      return null;
    }
    Object sub = payload.get("sub");
    Object email = payload.get("email");
    Object exp = payload.get("exp");
    if (!(sub instanceof String) || ((String) sub).isEmpty() || !(exp instanceof Number)) {
      return null;
    }
    if (email != null && !(email instanceof String)) {
      return null;
    }
    if (((Number) exp).doubleValue() <= clock.instant().getEpochSecond()) {
      return null;
    }
    return new Claims((String) sub, (String) email);
  }

  /**
   * Decodes unpadded base64url, or returns null unless {@code text} is the one canonical encoding of its bytes:
   * the decoder would also take padding and non-zero unused bits in the last character, so that several
   * spellings of one signature would all be accepted.
   */
  private static byte @Nullable [] canonicalDecode(String text) {
    byte[] bytes;
    try {
      bytes = DEC.decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return ENC.encodeToString(bytes).equals(text) ? bytes : null;
  }

  private byte[] hmac(String signed) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
    }
  }
}
