package dev.helpline;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A help article suggested to the user: its id at the source, title, a plain-text snippet and a link. Immutable. */
public final class Article {
  private final String id;
  private final String title;
  private final String snippet;
  private final String url;

  /** Markup in {@code title} and {@code snippet} is kept as given; sources strip it before. */
  public Article(String id, String title, String snippet, String url) {
    this.id = Objects.requireNonNull(id, "id == null");
    this.title = Objects.requireNonNull(title, "title == null");
    this.snippet = Objects.requireNonNull(snippet, "snippet == null");
    this.url = Objects.requireNonNull(url, "url == null");
  }

  /** The source's id for the article. */
  public String id() {
    return id;
  }

  /** The article's title, as the source gave it. */
  public String title() {
    return title;
  }

  /** A short plain-text excerpt, without HTML (possibly empty). */
  public String snippet() {
    return snippet;
  }

  /** Where people read the article. */
  public String url() {
    return url;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof Article)) return false;
    Article a = (Article) o;
    return id.equals(a.id) && title.equals(a.title) && snippet.equals(a.snippet) && url.equals(a.url);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, title, snippet, url);
  }

  @Override
  public String toString() {
    return "Article{" + id + ", " + title + "}";
  }
}
