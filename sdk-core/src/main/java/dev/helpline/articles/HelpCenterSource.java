package dev.helpline.articles;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * Zendesk Help Center article search: {@code GET /api/v2/help_center/articles/search?query=&locale=&per_page=}
 * answering {@code {"results":[{"id","title","html_url","snippet","body",…}],"next_page","count"}}.
 * Zendesk's locales are lower case ({@code en-us}); the snippet carries {@code <em>} highlights, which
 * are stripped, and an article without a snippet shows the start of its body.
 */
final class HelpCenterSource implements ArticleSource {
  /** Zendesk's largest page. */
  private static final int MAX_PER_PAGE = 100;
  private static final int SNIPPET_CHARS = 200;

  private final HttpUrl root;
  private final OkHttpClient client;

  HelpCenterSource(HttpUrl root, OkHttpClient client) {
    this.root = root;
    this.client = client;
  }

  @Override
  public List<Article> search(String query, @Nullable String locale, int limit) throws IOException {
    HttpUrl.Builder u = root.newBuilder().addPathSegments("api/v2/help_center/articles/search")
        .addQueryParameter("query", query);
    if (locale != null) u.addQueryParameter("locale", locale.toLowerCase(Locale.ROOT));
    u.addQueryParameter("per_page", Integer.toString(Math.min(limit, MAX_PER_PAGE)));
    List<Article> all = Http.getJson(client, u.build(), r -> Http.namedArray(r, "results", this::article));
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
          id = Http.text(r);
          break;
        case "title":
          title = Html.strip(Http.text(r));
          break;
        case "snippet":
          snippet = Http.text(r);
          break;
        case "body":
          body = Http.text(r);
          break;
        case "html_url":
          url = Http.text(r);
          break;
        default:
          r.skipValue();
      }
    }
    r.endObject();
    if (id == null || id.isEmpty()) throw new com.squareup.moshi.JsonDataException("Required value 'id' missing at path " + path);
    String text = snippet != null && !snippet.isEmpty() ? Html.strip(snippet) : body != null ? Html.strip(body) : "";
    String link = url != null && !url.isEmpty() ? url : root.newBuilder().addPathSegments("hc/articles").addPathSegment(id).build().toString();
    return new Article(id, title, Html.shorten(text, SNIPPET_CHARS), link);
  }
}
