package dev.helpline.connector.freshdesk;

import com.squareup.moshi.JsonDataException;
import dev.helpline.Message;
import dev.helpline.Message.RemoteFile;
import dev.helpline.internal.http.FittedPages;
import dev.helpline.internal.http.JsonCalls;
import dev.helpline.internal.json.JsonTree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Reads a ticket's conversations page by page, each page fitted to the connector's {@code maxResponseBytes}: a page
 * over the cap is asked for again with half as many items, down to one, with a size that divides the offset it starts
 * at, since Freshdesk numbers its pages ({@link FittedPages#numbered}). Pages are asked for on the account's own URL;
 * the {@code Link} header only tells whether another follows, so the API key goes to no host an answer names.
 */
final class FreshdeskConversations {
  private FreshdeskConversations() {}

  /** The conversations in a page. */
  static final int PAGE = 100;
  /** The most conversations read, private notes included; the rest are left out (and logged). */
  static final int MAX_CONVERSATIONS = 5000;

  /** The public conversations at {@code url} ({@code …/tickets/{id}/conversations}), oldest first. */
  static List<Message> read(JsonCalls http, HttpUrl url, long requesterId, @Nullable String requesterName, Logger log)
      throws IOException {
    List<Message> out = new ArrayList<>();
    boolean cut = each(http, url, out, (entry, path) -> FreshdeskJson.isPrivate(entry, path) ? null
        : FreshdeskJson.conversation(entry, requesterId, requesterName, path));
    if (cut) log.warn("a Freshdesk ticket has more than {} conversations; the later ones are left out", MAX_CONVERSATIONS);
    return out;
  }

  /**
   * The bytes of the files attached to the conversations at {@code url}, private notes' included, as far as Freshdesk
   * states their sizes: with the ticket's own files, what counts against its 20 MB.
   */
  static long attachedBytes(JsonCalls http, HttpUrl url) throws IOException {
    List<Long> sizes = new ArrayList<>();
    each(http, url, sizes, (entry, path) -> {
      long bytes = 0;
      List<?> files = JsonTree.list(JsonTree.objectAt(entry, path), "attachments", path);
      for (RemoteFile f : FreshdeskJson.attachments(files, path + ".attachments")) bytes += Math.max(0, f.size());
      return bytes;
    });
    long total = 0;
    for (long bytes : sizes) total += bytes;
    return total;
  }

  /** Reads one conversation, or null to leave it out. */
  private interface Entry<T> {
    @Nullable T read(Object entry, String path);
  }

  /** Reads every page into {@code out}, each conversation through {@code entry}; true when the list was cut. */
  private static <T> boolean each(JsonCalls http, HttpUrl url, List<T> out, Entry<T> entry) throws IOException {
    return FittedPages.numbered(PAGE, MAX_CONVERSATIONS, (page, size) -> {
      HttpUrl.Builder u = url.newBuilder().addQueryParameter("per_page", Integer.toString(size));
      if (page > 1) u.addQueryParameter("page", Long.toString(page));
      String[] link = new String[1];
      out.addAll(http.send(new Request.Builder().url(u.build()).get(), json -> {
        List<T> items = new ArrayList<>();
        if (!(json instanceof List)) throw new JsonDataException("Expected an array at path $");
        List<?> list = (List<?>) json;
        for (int i = 0; i < list.size(); i++) {
          T item = entry.read(list.get(i), "$[" + i + "]");
          if (item != null) items.add(item);
        }
        return items;
      }, link));
      return link[0] != null;
    });
  }
}
