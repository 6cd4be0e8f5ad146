package dev.helpline.connector.zendesk;

import com.squareup.moshi.JsonDataException;
import dev.helpline.Article;
import dev.helpline.connector.ArticleSource;
import dev.helpline.internal.text.HtmlText;
import dev.helpline.internal.http.JsonGet;
import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * Zendesk Help Center article search: {@code GET /api/v2/help_center/articles/search?query=&locale=&per_page=}
 * answering {@code {"results":[{"id","title","html_url","snippet","body",…}],"next_page","count"}}.
 * Zendesk's locales are lower case ({@code en-us}); the snippet carries {@code <em>} highlights, which
 * are stripped, and an article without a snippet shows the start of its body.
 */
public final class HelpCenterSource implements ArticleSource {
  /** Zendesk's largest page. */
  private static final int MAX_PER_PAGE = 100;
  private static final int SNIPPET_CHARS = 200;

  private final HttpUrl root;
  private final Call.Factory client;

  /**
   * Searches a Help Center anonymously. Building it does no I/O.
   *
   * @param subdomainOrUrl {@code acme} for {@code https://acme.zendesk.com}, or the Help Center's root URL
   * @throws IllegalArgumentException when the value is neither a subdomain nor an http(s) URL
   */
  public static ArticleSource of(String subdomainOrUrl) {
    return new HelpCenterSource(ZendeskHttp.accountRoot(subdomainOrUrl), JsonGet.wrap(JsonGet::defaultClient));
  }

  /** As {@link #of(String)}, sharing {@code client}'s connection pool and time-outs. */
  public static ArticleSource of(String subdomainOrUrl, OkHttpClient client) {
    Objects.requireNonNull(client, "client == null");
    return new HelpCenterSource(ZendeskHttp.accountRoot(subdomainOrUrl), JsonGet.wrap(() -> client));
  }

  /** A connector's Help Center source, on the connector's client, got when the first search runs. */
  static ArticleSource of(HttpUrl root, Supplier<OkHttpClient> client) {
    return new HelpCenterSource(root, JsonGet.wrap(client));
  }

  private HelpCenterSource(HttpUrl root, Call.Factory client) {
    this.root = root;
    this.client = client;
  }

  @Override
  public List<Article> search(String query, @Nullable String locale, int limit) throws IOException {
    HttpUrl.Builder u = root.newBuilder().addPathSegments("api/v2/help_center/articles/search")
        .addQueryParameter("query", query);
    if (locale != null) u.addQueryParameter("locale", locale.toLowerCase(Locale.ROOT));
    u.addQueryParameter("per_page", Integer.toString(Math.min(limit, MAX_PER_PAGE)));
    List<Article> all = JsonGet.getJson(client, u.build(), r -> JsonGet.namedArray(r, "results", this::article));
    return all.size() > limit ? all.subList(0, limit) : all;
  }


  private Article article(JsonReader r) throws IOException {
    String path = r.getPath();
    String id = null;
    String title = "";
    String snippet = null;
    String body = null;
    String url = null;
    r.beginObject();
    while (r.hasNext()) {
      switch (r.nextName()) {
        case "id":
          id = JsonGet.text(r);
          break;
        case "title":
          title = HtmlText.strip(JsonGet.text(r));
          break;
        case "snippet":
          snippet = JsonGet.text(r);
          break;
        case "body":
          body = JsonGet.text(r);
          break;
        case "html_url":
          url = JsonGet.text(r);
          break;
        default:
          r.skipValue();
      }
    }
    r.endObject();
    if (id == null || id.isEmpty()) throw new JsonDataException("Required value 'id' missing at path " + path);
    String text = snippet != null && !snippet.isEmpty() ? HtmlText.strip(snippet) : body != null ? HtmlText.strip(body) : "";
    String link = url != null && !url.isEmpty() ? url : root.newBuilder().addPathSegments("hc/articles").addPathSegment(id).build().toString();
    return new Article(id, title, HtmlText.shorten(text, SNIPPET_CHARS), link);
  }
}
