package dev.helpline.connector;

import dev.helpline.Article;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where self-service articles come from: a desk's help center or knowledge base. A connector offers
 * its desk's source through {@link Connector#articleSource()}; {@code dev.helpline.articles.ArticleSearch}
 * turns a source into debounced, cancellable type-ahead.
 *
 * <p>Implementations block the calling thread and may be called from several threads at once; the
 * client never calls them on the host's callback executor. Errors: {@link IOException} for transport
 * problems and malformed answers, {@link dev.helpline.DeskException} when the source refuses.
 */
public interface ArticleSource {
  /**
   * Returns at most {@code limit} articles matching {@code query}, best first, with plain-text snippets.
   *
   * @param locale a BCP 47 language tag such as {@code en-US}, or null for the source's default
   */
  List<Article> search(String query, @Nullable String locale, int limit) throws IOException;
}
