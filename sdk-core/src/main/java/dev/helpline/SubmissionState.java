package dev.helpline;

/** Where a submission stands in the local outbox. */
public enum SubmissionState {
  /** Stored on disk, waiting for its first attempt or for a retry. */
  QUEUED,
  /** The desk confirmed the ticket; the local entry is gone. */
  DELIVERED,
  /**
   * The desk refused the ticket for good (a 4xx other than 408/429). Kept on disk with the desk's
   * reason until the host retries or discards it; never retried automatically.
   */
  FAILED
}
