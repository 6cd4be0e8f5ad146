package dev.helpline.articles;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * Where articles come from. Implementations block the calling thread and may be called from several
 * threads at once; {@link ArticleSearch} never calls them on the host's callback executor. Errors:
 * {@link IOException} for transport problems and malformed answers, {@link dev.helpline.DeskException}
 * when the source refuses.
 */
public interface ArticleSource {
  /**
   * Returns at most {@code limit} articles matching {@code query}, best first, with plain-text snippets.
   *
   * @param locale a BCP 47 language tag such as {@code en-US}, or null for the source's default
   */
  List<Article> search(String query, @Nullable String locale, int limit) throws IOException;

  /**
   * Zendesk Help Center search ({@code GET /api/v2/help_center/articles/search}), read anonymously.
   *
   * @param subdomainOrUrl {@code acme} for {@code https://acme.zendesk.com}, or the Help Center's root URL
   */
  static ArticleSource zendeskHelpCenter(String subdomainOrUrl) {
    return zendeskHelpCenter(subdomainOrUrl, Http.defaultClient());
  }

  /** As {@link #zendeskHelpCenter(String)}, sharing {@code client}'s connection pool and time-outs. */
  static ArticleSource zendeskHelpCenter(String subdomainOrUrl, OkHttpClient client) {
    Objects.requireNonNull(client, "client == null");
    return new HelpCenterSource(Http.zendeskRoot(subdomainOrUrl), Http.wrap(client));
  }

  /** The native Support API's article search ({@code GET /v1/articles/search}), which needs no key. */
  static ArticleSource supportApi(String baseUrl) {
    return supportApi(baseUrl, Http.defaultClient());
  }

  /** As {@link #supportApi(String)}, sharing {@code client}'s connection pool and time-outs. */
  static ArticleSource supportApi(String baseUrl, OkHttpClient client) {
    Objects.requireNonNull(client, "client == null");
    return new SupportApiSource(Http.root(baseUrl), Http.wrap(client));
  }
}
