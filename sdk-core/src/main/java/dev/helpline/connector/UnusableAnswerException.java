package dev.helpline.connector;

import java.io.IOException;

/**
 * The desk answered a create with a success status but no ticket the client can use: an empty,
 * malformed or oversized body, an empty ticket id, or a ticket for another submission (the echoed
 * idempotency key differs). Not a delivery. An {@link IOException}, so a caller that knows only
 * transport errors retries it; the delivery worker retries it with backoff a few times and then
 * keeps the submission as failed with this message as the reason.
 */
public class UnusableAnswerException extends IOException {
  private static final long serialVersionUID = 1L;
  private final int httpStatus;

  public UnusableAnswerException(int httpStatus, String message) {
    super(message);
    this.httpStatus = httpStatus;
  }

  /** The success status the desk answered with. */
  public int httpStatus() {
    return httpStatus;
  }
}
