package dev.helpline;

import java.time.Instant;

/**
 * Told what happens to submissions in the outbox. Every method has a no-op default; override the
 * ones you need. Methods are called on the host's executor given to the client, exactly once per
 * event; they must be fast and must never throw (a thrown exception is logged and ignored).
 */
public interface DeliveryListener {
  /** A submission was stored durably and is waiting for delivery. */
  default void onQueued(Submission submission) {}

  /**
   * An attempt is uploading: {@code bytesSent} of {@code bytesTotal} request bytes are written
   * ({@code bytesTotal} is -1 when unknown). Reported by connectors that stream uploads, at most
   * every 64 KiB and once at the end, so a progress bar can follow large attachments.
   */
  default void onUploadProgress(Submission submission, long bytesSent, long bytesTotal) {}

  /** The desk confirmed the submission as {@code ticket}; its local entry is gone. */
  default void onDelivered(Submission submission, Ticket ticket) {}

  /** An attempt failed for a reason that may go away (network, 408, 429, 5xx); the next one is planned. */
  default void onRetrying(Submission submission, Instant nextAttemptAt, Throwable cause) {}

  /** The desk refused the submission for good; it is kept as failed until retried or discarded. */
  default void onFailed(Submission submission, DeskException reason) {}

  /**
   * An outbox entry could not be read (torn or corrupt files) and was moved aside to the
   * quarantine folder, named {@code entryName}, instead of blocking the others. It is not deleted.
   */
  default void onQuarantined(String entryName, String reason) {}
}
