package dev.helpline.server;

import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Issues the user tokens the Support API accepts for reading and answering tickets. Runs in the
 * host's backend, which holds the secret shared with the desk; never ship the secret in an app.
 *
 * <p>Format: {@code v1.<payload>.<signature>}, where payload is the base64url (no padding) of the
 * UTF-8 JSON {@code {"sub":"<requesterId>","email":"<email>","exp":<epoch seconds>}} (email left
 * out when null) and signature is the base64url (no padding) of HMAC-SHA256 over the ASCII bytes of
 * {@code "v1." + payload}. Thread-safe.
 */
public final class UserTokens {
  private static final String PREFIX = "v1.";
  private static final String HMAC = "HmacSHA256";

  private UserTokens() {}

  /**
   * Returns a token for {@code requesterId}, valid until {@code expiresAt}. Pure computation, no I/O.
   *
   * @throws IllegalArgumentException when the secret is empty, the requester id is blank, or the requester id or
   *     e-mail is not well-formed UTF-16 (an unpaired surrogate): UTF-8 has no encoding for one, so it would be
   *     written as {@code ?} and the token would name someone else
   */
  public static String issue(byte[] secret, String requesterId, @Nullable String email, Instant expiresAt) {
    Objects.requireNonNull(secret, "secret == null");
    Objects.requireNonNull(requesterId, "requesterId == null");
    Objects.requireNonNull(expiresAt, "expiresAt == null");
    if (secret.length == 0) throw new IllegalArgumentException("secret is 0 bytes; it must not be empty");
    if (requesterId.trim().isEmpty()) throw new IllegalArgumentException("requesterId is blank");
    checkWellFormed("requesterId", requesterId);
    if (email != null) checkWellFormed("email", email);
    String payload = base64Url(payloadJson(requesterId, email, expiresAt.getEpochSecond()));
    String signed = PREFIX + payload;
    return signed + "." + base64Url(hmac(secret, signed.getBytes(StandardCharsets.US_ASCII)));
  }

  private static void checkWellFormed(String field, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(field + " has an unpaired surrogate at index " + i
            + "; it must be well-formed Unicode");
      }
    }
  }

  private static byte[] payloadJson(String sub, @Nullable String email, long exp) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject();
      w.name("sub").value(sub);
      if (email != null) w.name("email").value(email);
      w.name("exp").value(exp);
      w.endObject();
    } catch (IOException e) {
      throw new AssertionError("an in-memory buffer cannot fail", e);
    }
    return buffer.readByteArray();
  }

  private static byte[] hmac(byte[] secret, byte[] data) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(secret, HMAC));
      return mac.doFinal(data);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      // Every Java and Android runtime provides HmacSHA256, and any non-empty key is valid for it.
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  private static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
