package dev.helpline.status;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The HTTP cache validators of a fetched snapshot ({@code ETag}, {@code Last-Modified}), sent back on the next fetch. */
public final class Validators {
  private static final Validators NONE = new Validators(null, null);

  private final @Nullable String etag;
  private final @Nullable String lastModified;

  private Validators(@Nullable String etag, @Nullable String lastModified) {
    this.etag = etag;
    this.lastModified = lastModified;
  }

  /** Validators as received; either may be null. */
  public static Validators of(@Nullable String etag, @Nullable String lastModified) {
    if (etag == null && lastModified == null) return NONE;
    return new Validators(etag, lastModified);
  }

  public static Validators none() {
    return NONE;
  }

  /** The {@code ETag} header value as received (with its quotes), or null. */
  public @Nullable String etag() {
    return etag;
  }

  /** The {@code Last-Modified} header value as received, or null. */
  public @Nullable String lastModified() {
    return lastModified;
  }

  public boolean isEmpty() {
    return etag == null && lastModified == null;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Validators)) return false;
    Validators v = (Validators) o;
    return Objects.equals(etag, v.etag) && Objects.equals(lastModified, v.lastModified);
  }

  @Override
  public int hashCode() {
    return Objects.hash(etag, lastModified);
  }

  @Override
  public String toString() {
    return "Validators{etag=" + etag + ", lastModified=" + lastModified + "}";
  }
}
