package dev.helpline.testkit.internal;

import dev.helpline.testkit.internal.Records.Article;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The help-center articles and their word search. Not thread-safe: {@link DeskState} calls it under its lock. */
final class ArticleIndex {
  static final int MAX_ARTICLES = 10_000;

  private final LinkedHashMap<String, Article> articles = new LinkedHashMap<>();

  void add(Article a) {
    if (!articles.containsKey(a.id) && articles.size() >= MAX_ARTICLES) {
      throw new IllegalArgumentException("articles: the desk holds " + MAX_ARTICLES + " articles already");
    }
    articles.put(a.id, a);
  }

  /** Articles ranked by how many query words occur in the title (weight 3) and body (weight 1). */
  Map<String, Object> search(String q, @Nullable String locale, int limit) {
    List<String> words = words(q);
    List<Object[]> scored = new ArrayList<>();
    int order = 0;
    for (Article a : articles.values()) {
      order++;
      if (locale != null && a.locale != null && !localeMatches(a.locale, locale)) {
        continue;
      }
      List<String> titleWords = words(a.title);
      List<String> bodyWords = words(a.body);
      int score = 0;
      for (String w : words) {
        if (titleWords.contains(w)) {
          score += 3;
        }
        if (bodyWords.contains(w)) {
          score += 1;
        }
      }
      if (score > 0) {
        scored.add(new Object[] {score, order, a});
      }
    }
    scored.sort((x, y) -> {
      int c = Integer.compare((Integer) y[0], (Integer) x[0]);
      return c != 0 ? c : Integer.compare((Integer) x[1], (Integer) y[1]);
    });
    List<Object> result = new ArrayList<>();
    for (int i = 0; i < scored.size() && i < limit; i++) {
      Article a = (Article) scored.get(i)[2];
      result.add(Json.obj("id", a.id, "title", a.title, "snippet", snippet(a.body), "url", a.url));
    }
    return Json.obj("articles", result);
  }

  private static boolean localeMatches(String articleLocale, String wanted) {
    String a = articleLocale.toLowerCase(Locale.ROOT).replace('_', '-');
    String w = wanted.toLowerCase(Locale.ROOT).replace('_', '-');
    return a.equals(w) || w.startsWith(a + "-") || a.startsWith(w + "-");
  }

  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!w.isEmpty()) {
        words.add(w);
      }
    }
    return words;
  }

  private static String snippet(String body) {
    String plain = body.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
    if (plain.length() <= 200) {
      return plain;
    }
    // Never half an emoji: a lone surrogate goes on the wire as '?'.
    int end = Character.isHighSurrogate(plain.charAt(198)) ? 198 : 199;
    return plain.substring(0, end) + "…";
  }

  List<Object> toJson() {
    List<Object> list = new ArrayList<>();
    for (Article a : articles.values()) {
      list.add(Json.obj("id", a.id, "title", a.title, "body", a.body, "url", a.url, "locale", a.locale));
    }
    return list;
  }

  @SuppressWarnings("unchecked")
  void load(List<Object> list) {
    for (Object o : list) {
      Map<String, Object> a = (Map<String, Object>) o;
      articles.put((String) a.get("id"), new Article((String) a.get("id"), (String) a.get("title"),
          (String) a.get("body"), (String) a.get("url"), (String) a.get("locale")));
    }
  }
}
