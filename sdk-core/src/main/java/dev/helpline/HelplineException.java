package dev.helpline;

import org.jspecify.annotations.Nullable;

/** The base of Helpline's own exceptions. Bad input is reported with {@link IllegalArgumentException}, transport failures with {@link java.io.IOException}. */
public class HelplineException extends RuntimeException {
  /** An exception with {@code message} and no cause. */
  public HelplineException(String message) {
    super(message);
  }

  /** An exception with {@code message} and its {@code cause}, which may be null. */
  public HelplineException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
