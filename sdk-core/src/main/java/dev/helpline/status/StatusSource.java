package dev.helpline.status;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Where service status comes from. Built-in sources: {@link StatusSources#statuspage} and
 * {@link StatusSources#supportApi}; hosts may plug in their own.
 *
 * <p>Implementations are called from the monitor's single poll thread, one call at a time, and may
 * block on I/O. They must not retry on their own: the monitor owns backoff.
 */
public interface StatusSource {
  /**
   * Fetches the current status.
   *
   * @param conditional validators from the previous successful fetch, to send as {@code If-None-Match}
   *     / {@code If-Modified-Since}; null on the first fetch
   * @return a new snapshot (its {@code fetchedAt} is the time of this fetch), or not modified
   * @throws IOException on transport failure, an HTTP error status, or a malformed body (the message
   *     names the URL and the JSON path)
   */
  FetchResult fetch(@Nullable Validators conditional) throws IOException;
}
