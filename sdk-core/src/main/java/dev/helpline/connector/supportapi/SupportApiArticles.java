package dev.helpline.connector.supportapi;

import dev.helpline.Article;
import dev.helpline.connector.ArticleSource;
import dev.helpline.internal.text.HtmlText;
import dev.helpline.internal.http.JsonGet;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.util.List;
import okhttp3.Call;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The native Support API's search: {@code GET /v1/articles/search?q=&locale=&limit=} answering
 * {@code {"articles":[{"id","title","snippet","url"}]}}. The desk sends plain snippets already; they are
 * stripped all the same, so a desk that forwards HTML from its editor shows no markup. Relative URLs
 * are resolved against the desk.
 */
final class SupportApiArticles implements ArticleSource {
  /** The desk's largest limit. */
  private static final int MAX_LIMIT = 50;

  private final HttpUrl root;
  private final Call.Factory client;

  SupportApiArticles(HttpUrl root, Call.Factory client) {
    this.root = root;
    this.client = client;
  }

  @Override
  public List<Article> search(String query, @Nullable String locale, int limit) throws IOException {
    HttpUrl.Builder u = root.newBuilder().addPathSegments("v1/articles/search").addQueryParameter("q", query);
    if (locale != null) u.addQueryParameter("locale", locale);
    u.addQueryParameter("limit", Integer.toString(Math.min(limit, MAX_LIMIT)));
    return JsonGet.getJson(client, u.build(), r -> JsonGet.namedArray(r, "articles", this::article));
  }


  private Article article(JsonReader r) throws IOException {
    String path = r.getPath();
    String id = null;
    String title = "";
    String snippet = "";
    String url = "";
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
          snippet = HtmlText.strip(JsonGet.text(r));
          break;
        case "url":
          url = JsonGet.text(r);
          break;
        default:
          r.skipValue();
      }
    }
    r.endObject();
    if (id == null || id.isEmpty()) throw new JsonDataException("Required value 'id' missing at path " + path);
    HttpUrl resolved = url.isEmpty() ? null : root.resolve(url);
    return new Article(id, title, snippet, resolved != null ? resolved.toString() : url);
  }
}
