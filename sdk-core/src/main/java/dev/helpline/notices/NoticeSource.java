package dev.helpline.notices;

import dev.helpline.internal.notices.HttpNoticeSource;
import dev.helpline.internal.notices.StatusNoticeSource;
import dev.helpline.internal.http.HttpGet;
import dev.helpline.status.StatusMonitor;
import dev.helpline.status.StatusSnapshot;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.Call;
import org.jspecify.annotations.Nullable;
import java.io.IOException;
import java.util.List;

/**
 * Where notices come from. Built-in sources are made by {@link NoticeSource}; hosts may plug in
 * their own. Called from the notice center's worker thread, one call at a time; may block on I/O.
 */
public interface NoticeSource {
  /**
   * All notices the source currently publishes, in any phase and for any audience: the center
   * filters. A source may answer from its own cache (for example after an HTTP 304). Never null and
   * without null elements: the center treats either, like a thrown {@link RuntimeException}, as a failed
   * fetch.
   *
   * @throws IOException on transport failure or a malformed feed (the message names the URL and the
   *     JSON path); the center then keeps this source's last good notices
   */
  List<Notice> fetch() throws IOException;


  /**
   * The native Support API's notices resource, {@code /v1/notices} under the desk URL. Does no I/O here; each
   * fetch is a blocking conditional GET with {@code client}'s time-outs that reads at most 4 MiB of body (more
   * is an {@link IOException}). {@code client} is usually an {@code OkHttpClient}; a {@code Call.Factory} that
   * builds one on its first call keeps the TLS trust store's loading off the thread that builds the source.
   *
   * @throws IllegalArgumentException when {@code deskUrl} is not an http(s) URL
   */
  public static NoticeSource supportApi(String deskUrl, Call.Factory client) {
    Objects.requireNonNull(deskUrl, "deskUrl == null");
    Objects.requireNonNull(client, "client == null");
    return new HttpNoticeSource(HttpGet.parseUrl("deskUrl", deskUrl).newBuilder().addPathSegments("v1/notices").build(),
        client);
  }

  /**
   * A static JSON feed at any URL (for example a file on a CDN), in the same shape as the native
   * resource; see docs/status-and-notices.md for the schema. Fetches like {@link #supportApi}.
   *
   * @throws IllegalArgumentException when {@code feedUrl} is not an http(s) URL
   */
  public static NoticeSource staticFeed(String feedUrl, Call.Factory client) {
    Objects.requireNonNull(feedUrl, "feedUrl == null");
    Objects.requireNonNull(client, "client == null");
    return new HttpNoticeSource(HttpGet.parseUrl("feedUrl", feedUrl), client);
  }

  /**
   * The scheduled maintenances of a status monitor's current snapshot, as maintenance notices with ids
   * {@code status-maintenance:<maintenance id>}. No I/O: it reads {@link StatusMonitor#current()}.
   */
  public static NoticeSource fromStatus(StatusMonitor monitor) {
    Objects.requireNonNull(monitor, "monitor == null");
    return new StatusNoticeSource(monitor::current);
  }

  /** Like {@link NoticeSource#fromStatus(StatusMonitor)}, from any supplier of snapshots (which may return null). */
  public static NoticeSource fromStatus(Supplier<@Nullable StatusSnapshot> snapshots) {
    return new StatusNoticeSource(Objects.requireNonNull(snapshots, "snapshots == null"));
  }
}
