package dev.helpline.store.postgres.internal;

import java.io.IOException;

/**
 * What the database holds of an entry cannot be read (a record that does not decode, an attachment missing or of
 * another size than its record lists): the store quarantines the entry. Any other {@link IOException} while loading
 * one (this instance's spool directory, the connection) leaves the entry pending for a later pass or another
 * instance.
 */
public final class UnreadableEntryException extends IOException {
  private static final long serialVersionUID = 1L;

  public UnreadableEntryException(String message) {
    super(message);
  }

  public UnreadableEntryException(String message, Throwable cause) {
    super(message, cause);
  }
}
