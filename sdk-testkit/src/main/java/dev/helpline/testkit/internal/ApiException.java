package dev.helpline.testkit.internal;

import org.jspecify.annotations.Nullable;

/** A request the desk refuses; rendered as the wire contract's error body. */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final @Nullable String field;

  public ApiException(int status, String code, String message, @Nullable String field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }

  public static ApiException invalid(String field, String message) {
    return new ApiException(400, "invalid_request", message, field);
  }

  public static ApiException notFound() {
    return new ApiException(404, "not_found", "No such resource", null);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public @Nullable String field() {
    return field;
  }
}
