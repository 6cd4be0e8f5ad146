package dev.helpline.connector.jsm;

import dev.helpline.Message;
import dev.helpline.internal.http.FittedPages;
import dev.helpline.internal.http.JsonCalls;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.slf4j.Logger;

/**
 * Reads a request's comments page by page, each page fitted to the connector's {@code maxResponseBytes}: a page over
 * the cap is asked for again from the same {@code start} with half the {@code limit}, down to one
 * ({@link FittedPages#fit}), and later pages keep the limit that fitted.
 */
final class JsmComments {
  private JsmComments() {}

  /** The comments asked for in a page. */
  static final int PAGE = 100;
  /** The most comments read, internal ones included; the rest are left out (and logged). */
  static final int MAX_COMMENTS = 5000;

  /**
   * The public comments at {@code base} ({@code …/request/{key}/comment} with its query), oldest first; the ids of
   * every comment's files go to {@code inComments}.
   */
  static List<Message> read(JsonCalls http, HttpUrl base, JsmJson.Remote r, Set<String> inComments, Logger log)
      throws IOException {
    List<Message> comments = new ArrayList<>();
    // Jira may serve fewer than the limit asked for (each endpoint caps it), so the next page starts
    // after the comments this one held, never at a fixed step.
    int[] page = new int[2];
    int[] limit = {PAGE};
    for (int start = 0; ; start += page[1]) {
      if (start >= MAX_COMMENTS) {
        log.warn("a Jira request has more than {} comments; the later ones are left out", MAX_COMMENTS);
        break;
      }
      int from = start;
      comments.addAll(FittedPages.fit(limit[0], IntUnaryOperator.identity(), size -> {
        HttpUrl u = base.newBuilder().addQueryParameter("start", Integer.toString(from))
            .addQueryParameter("limit", Integer.toString(size)).build();
        List<Message> read = http.send(new Request.Builder().url(u).header("X-ExperimentalApi", "opt-in").get(),
            json -> JsmJson.publicComments(json, r.reporterAccountId, r.reporterName, inComments, page));
        limit[0] = size;
        return read;
      }));
      if (page[0] == 1 || page[1] == 0) break;
    }
    return comments;
  }
}
