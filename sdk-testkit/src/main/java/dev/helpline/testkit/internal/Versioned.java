package dev.helpline.testkit.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;

/** A rendered representation and its validators (strong ETag from the bytes, last modification time). */
public final class Versioned {
  public final byte[] body;
  public final String etag;
  public final Instant lastModified;

  Versioned(byte[] body, Instant lastModified) {
    this.body = body;
    this.etag = etagOf(body);
    this.lastModified = lastModified;
  }

  static String etagOf(byte[] body) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 22) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
    }
  }
}
