package dev.helpline.outbox;

import dev.helpline.DeskException;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Why the desk refused an entry for good, kept with the failed entry. Immutable. */
public final class FailureRecord {
  private final int httpStatus;
  private final @Nullable String code;
  private final String message;
  private final @Nullable String field;
  private final Instant time;

  public FailureRecord(int httpStatus, @Nullable String code, String message, @Nullable String field, Instant time) {
    this.httpStatus = httpStatus;
    this.code = code;
    this.message = Objects.requireNonNull(message, "message == null");
    this.field = field;
    this.time = Objects.requireNonNull(time, "time == null");
  }

  public static FailureRecord of(DeskException e, Instant time) {
    return new FailureRecord(e.httpStatus(), e.errorCode(), e.deskMessage(), e.field(), time);
  }

  public int httpStatus() {
    return httpStatus;
  }

  public @Nullable String code() {
    return code;
  }

  /** The desk's own message. */
  public String message() {
    return message;
  }

  public @Nullable String field() {
    return field;
  }

  public Instant time() {
    return time;
  }

  /** The refusal as the exception the desk's answer was, for futures and listeners. */
  public DeskException toException() {
    return new DeskException(httpStatus, code, message, field, null);
  }
}
