/**
 * Self-service article search: suggest help articles while the user types, before they file a
 * ticket. {@link dev.helpline.articles.ArticleSearch} is the entry point; an
 * {@link dev.helpline.articles.ArticleSource} is where the articles come from (Zendesk Help Center,
 * the native Support API).
 */
@NullMarked
package dev.helpline.articles;

import org.jspecify.annotations.NullMarked;
