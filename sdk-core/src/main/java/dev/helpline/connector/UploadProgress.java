package dev.helpline.connector;

/**
 * Told how far an upload has gone. Called on the delivery thread; must be fast and must not throw.
 */
@FunctionalInterface
public interface UploadProgress {
  UploadProgress NONE = (sent, total) -> {};

  /** {@code bytesSent} of {@code bytesTotal} request bytes are written ({@code bytesTotal} is -1 when unknown). */
  void onProgress(long bytesSent, long bytesTotal);
}
