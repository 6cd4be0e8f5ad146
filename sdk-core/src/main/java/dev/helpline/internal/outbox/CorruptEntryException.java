package dev.helpline.internal.outbox;

import org.jspecify.annotations.Nullable;

/** An entry's files cannot be read back; the entry is quarantined. */
final class CorruptEntryException extends Exception {
  CorruptEntryException(String message) {
    super(message);
  }

  CorruptEntryException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
