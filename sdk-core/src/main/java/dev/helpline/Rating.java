package dev.helpline;

import java.util.Objects;

/** A satisfaction rating of a solved ticket: a score from 1 (bad) to 5 (great) and an optional comment. */
public final class Rating {
  /** The longest comment accepted, in characters (Unicode code points, so an emoji counts as one). */
  public static final int MAX_COMMENT_CHARS = 2000;

  private final int score;
  private final String comment;

  private Rating(int score, String comment) {
    this.score = score;
    this.comment = comment;
  }

  /**
   * A score from 1 to 5 with a comment of at most {@value #MAX_COMMENT_CHARS} characters (may be empty;
   * {@code Helpline.rate} redacts it like a reply). Throws {@link IllegalArgumentException} naming the part out of range.
   */
  public static Rating of(int score, String comment) {
    Objects.requireNonNull(comment, "comment == null");
    if (score < 1 || score > 5) throw new IllegalArgumentException("rating score is " + score + "; it must lie between 1 and 5");
    int chars = comment.codePointCount(0, comment.length());
    if (chars > MAX_COMMENT_CHARS) {
      throw new IllegalArgumentException("rating comment is " + chars + " chars; the limit is " + MAX_COMMENT_CHARS);
    }
    return new Rating(score, comment);
  }

  /** A score from 1 to 5 without a comment. */
  public static Rating of(int score) {
    return of(score, "");
  }

  /** The score, from 1 (bad) to 5 (great). */
  public int score() {
    return score;
  }

  /** The comment, at most {@value #MAX_COMMENT_CHARS} code points; empty when none was given. */
  public String comment() {
    return comment;
  }

  @Override
  public String toString() {
    return "Rating{" + score + "}";
  }
}
