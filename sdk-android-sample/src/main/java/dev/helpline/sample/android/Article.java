package dev.helpline.sample.android;

/** A self-service article suggested before filing. Immutable. */
public final class Article {
  public final String id;
  public final String title;
  public final String snippet;
  public final String url;

  public Article(String id, String title, String snippet, String url) {
    this.id = id;
    this.title = title;
    this.snippet = snippet;
    this.url = url;
  }

  @Override
  public String toString() {
    return title;
  }
}
