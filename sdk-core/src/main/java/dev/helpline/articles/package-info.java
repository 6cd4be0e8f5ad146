/**
 * Self-service article search: suggest help articles while the user types, before they file a
 * ticket. {@link dev.helpline.articles.ArticleSearch} is the entry point; an
 * {@link dev.helpline.connector.ArticleSource} is where the articles come from (a desk's help center,
 * the native Support API).
 */
@NullMarked
package dev.helpline.articles;

import org.jspecify.annotations.NullMarked;
