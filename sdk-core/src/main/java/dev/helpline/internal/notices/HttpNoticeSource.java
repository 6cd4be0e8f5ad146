package dev.helpline.internal.notices;

import dev.helpline.internal.http.HttpGet;
import dev.helpline.notices.Notice;
import dev.helpline.notices.NoticeSource;
import dev.helpline.status.StatusSource.Validators;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import okhttp3.Call;
import okhttp3.HttpUrl;

/** A notices feed over HTTP with conditional GETs; a 304 answers with the notices of the last 200. */
public final class HttpNoticeSource implements NoticeSource {
  private final HttpUrl url;
  private final Call.Factory client;
  private final Object lock = new Object();
  private Validators validators = Validators.none();
  private List<Notice> last = Collections.emptyList();

  public HttpNoticeSource(HttpUrl url, Call.Factory client) {
    this.url = Objects.requireNonNull(url, "url == null");
    this.client = Objects.requireNonNull(client, "client == null");
  }

  public HttpUrl url() {
    return url;
  }

  @Override
  public List<Notice> fetch() throws IOException {
    synchronized (lock) {
      HttpGet.Result result = HttpGet.get(client, url, validators.etag(), validators.lastModified());
      if (result.body == null) {
        validators = Validators.of(result.etag, result.lastModified);
        return last;
      }
      List<Notice> notices = parse(result.body);
      last = notices;
      validators = Validators.of(result.etag, result.lastModified);
      return notices;
    }
  }

  /** Parses the feed; a message that could repeat the URL's credentials is scrubbed first. */
  private List<Notice> parse(okio.Buffer body) throws IOException {
    try {
      return NoticesJson.parse(body, HttpGet.forMessage(url));
    } catch (IOException e) {
      throw HttpGet.scrubbed(e, url);
    }
  }

  @Override
  public String toString() {
    return "NoticeSource{" + HttpGet.forMessage(url) + "}";
  }
}
