package dev.helpline.sample.android;

import java.io.IOException;
import java.util.List;

/**
 * Where the sample reads service status, notices and self-service articles. A small seam so the
 * sample can move to sdk-core's status monitor and notice center without touching its screens.
 * Every method blocks on the network: call it off the main thread.
 */
public interface StatusFeed {
  /** The desk's current status (Statuspage v2 summary). */
  ServiceStatus status() throws IOException;

  /** Every published notice; targeting is applied by {@link Notice#appliesTo}. */
  List<Notice> notices() throws IOException;

  /** Articles matching the words of {@code query}, best first, at most {@code limit}. */
  List<Article> searchArticles(String query, int limit) throws IOException;
}
