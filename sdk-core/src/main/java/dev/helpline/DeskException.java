package dev.helpline;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The desk answered, and refused: an HTTP status outside 2xx with the desk's own message. Thrown by
 * connectors and by the client's read operations; the delivery worker retries those that are
 * {@linkplain #isRetryable() retryable} and keeps the others as failed submissions.
 */
public class DeskException extends HelplineException {
  private final int httpStatus;
  private final @Nullable String errorCode;
  private final String deskMessage;
  private final @Nullable String field;
  private final @Nullable Duration retryAfter;

  /**
   * A refusal with status {@code httpStatus} and the desk's {@code deskMessage} (possibly empty, never null); the
   * error code, the field named and the {@code Retry-After} wait are null when the desk did not send them.
   */
  public DeskException(int httpStatus, @Nullable String errorCode, String deskMessage, @Nullable String field,
      @Nullable Duration retryAfter) {
    super(describe(httpStatus, errorCode, deskMessage, field));
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
    this.deskMessage = deskMessage;
    this.field = field;
    this.retryAfter = retryAfter;
  }

  /** A refusal with only a status and the desk's message (possibly empty): no error code, field or wait. */
  public DeskException(int httpStatus, String deskMessage) {
    this(httpStatus, null, deskMessage, null, null);
  }

  /** The HTTP status, for example 422. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The desk's machine-readable error code, when it sent one. */
  public @Nullable String errorCode() {
    return errorCode;
  }

  /** The desk's human-readable message (possibly empty). */
  public String deskMessage() {
    return deskMessage;
  }

  /** The request field the desk complained about, when it named one. */
  public @Nullable String field() {
    return field;
  }

  /** How long the desk asked us to wait (from {@code Retry-After}), when it said. */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }

  /** True for 408, 429 and 5xx: the same request may succeed later. */
  public boolean isRetryable() {
    return isRetryableStatus(httpStatus);
  }

  /** True for 408, 429 and 5xx. */
  public static boolean isRetryableStatus(int httpStatus) {
    return httpStatus == 408 || httpStatus == 429 || httpStatus >= 500;
  }

  private static String describe(int status, @Nullable String code, String message, @Nullable String field) {
    StringBuilder sb = new StringBuilder("desk refused the request: HTTP ").append(status);
    if (code != null) sb.append(' ').append(code);
    if (field != null) sb.append(" (field ").append(field).append(')');
    if (!message.isEmpty()) sb.append(": ").append(message);
    return sb.toString();
  }
}
