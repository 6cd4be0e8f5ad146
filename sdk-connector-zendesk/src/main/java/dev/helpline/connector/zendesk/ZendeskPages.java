package dev.helpline.connector.zendesk;

import dev.helpline.Message;
import dev.helpline.internal.http.FittedPages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Zendesk's numbered pages read so that every answer fits the connector's {@code maxResponseBytes}. A page over the
 * cap is asked for again with half as many items, down to one ({@link FittedPages}); since page N of S items holds
 * the items from (N-1)×S, every page is asked for with a size that divides the offset it starts at, so that no item is
 * skipped or read twice. Next pages are asked for on this account's URL, never on a host an answer names.
 */
final class ZendeskPages {
  private ZendeskPages() {}

  /** The requests in a page of the ticket list, newest first. */
  static final int TICKET_PAGE = 25;
  /** The comments in a page of a conversation. */
  static final int COMMENT_PAGE = 100;
  /** The most comments of a conversation read, public or not; the rest are left out (and logged). */
  static final int MAX_COMMENTS = 5000;

  /** One page of requests; the next starts at {@code offset + size}. */
  static final class Requests {
    final List<ZendeskJson.Remote> items;
    final long offset;
    final int size;
    final boolean more;

    Requests(List<ZendeskJson.Remote> items, long offset, int size, boolean more) {
      this.items = items;
      this.offset = offset;
      this.size = size;
      this.more = more;
    }

    /** The list cursor of the next page: its page number when it starts on a page of {@value #TICKET_PAGE}. */
    @Nullable String nextCursor() {
      if (!more) return null;
      long next = offset + size;
      return next % TICKET_PAGE == 0 ? Long.toString(next / TICKET_PAGE + 1) : "o" + next;
    }
  }

  /** The offset a {@link #listTickets} cursor names: a page number of {@value #TICKET_PAGE}, or {@code o} and an offset. */
  static long offsetOf(@Nullable String cursor) {
    if (cursor == null) return 0;
    if (cursor.matches("[1-9][0-9]{0,8}")) return (Long.parseLong(cursor) - 1) * TICKET_PAGE;
    if (cursor.matches("o(0|[1-9][0-9]{0,10})")) return Long.parseLong(cursor.substring(1));
    throw new IllegalArgumentException("cursor '" + cursor + "' is not a page number");
  }

  /** The user's requests, newest first, from {@code offset}: up to {@code wanted} of them, fewer when they are long. */
  static Requests requests(ZendeskHttp http, String token, ZendeskJson.TicketUrls urls, long offset, int wanted)
      throws IOException {
    HttpUrl base = http.url("api/v2/requests").newBuilder()
        .addQueryParameter("sort_by", "created_at").addQueryParameter("sort_order", "desc").build();
    return FittedPages.fit(wanted, s -> FittedPages.dividing(offset, s), size -> {
      ZendeskJson.Page page = http.get(numbered(base, offset, size), "Bearer " + token, token,
          r -> ZendeskJson.list(r, "requests", urls));
      return new Requests(page.items, offset, size, page.nextPage != null);
    });
  }

  /**
   * Every public comment of the conversation at {@code url}, oldest first, up to {@value #MAX_COMMENTS} comments;
   * pages start at {@value #COMMENT_PAGE} comments, and a smaller size that fitted is kept for the pages after it.
   */
  static List<Message> comments(ZendeskHttp http, HttpUrl url, String token, Logger log) throws IOException {
    List<Message> all = new ArrayList<>();
    boolean cut = FittedPages.numbered(COMMENT_PAGE, MAX_COMMENTS, (page, size) -> {
      String[] next = new String[1];
      all.addAll(http.get(numbered(url, (page - 1) * size, size), "Bearer " + token, token,
          r -> ZendeskComments.read(r, next)));
      return next[0] != null;
    });
    if (cut) log.warn("a Zendesk conversation has more than {} comments; the later ones are left out", MAX_COMMENTS);
    return all;
  }

  /** {@code base} with {@code per_page} of {@code size}, and the page that starts at {@code offset} after the first. */
  private static HttpUrl numbered(HttpUrl base, long offset, int size) {
    HttpUrl.Builder u = base.newBuilder().addQueryParameter("per_page", Integer.toString(size));
    if (offset > 0) u.addQueryParameter("page", Long.toString(offset / size + 1));
    return u.build();
  }
}
