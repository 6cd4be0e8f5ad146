package dev.helpline;

import org.jspecify.annotations.Nullable;

/** The base of Helpline's own exceptions. Bad input is reported with {@link IllegalArgumentException}, transport failures with {@link java.io.IOException}. */
public class HelplineException extends RuntimeException {
  public HelplineException(String message) {
    super(message);
  }

  public HelplineException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
