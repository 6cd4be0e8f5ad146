package dev.helpline.notices;

import java.io.IOException;
import java.util.List;

/**
 * Where notices come from. Built-in sources are made by {@link NoticeSources}; hosts may plug in
 * their own. Called from the notice center's worker thread, one call at a time; may block on I/O.
 */
public interface NoticeSource {
  /**
   * All notices the source currently publishes, in any phase and for any audience: the center
   * filters. A source may answer from its own cache (for example after an HTTP 304).
   *
   * @throws IOException on transport failure or a malformed feed (the message names the URL and the
   *     JSON path); the center then keeps this source's last good notices
   */
  List<Notice> fetch() throws IOException;
}
