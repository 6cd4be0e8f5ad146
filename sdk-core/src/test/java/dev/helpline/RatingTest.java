package dev.helpline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RatingTest {
  /** An emoji outside the Basic Multilingual Plane: one character, two UTF-16 units. */
  private static final String GRIN = "\uD83D\uDE00";

  @Test
  void aCommentOfTheLimitInCharactersOutsideTheBasicPlaneIsAccepted() {
    String comment = GRIN.repeat(Rating.MAX_COMMENT_CHARS);

    assertEquals(comment, Rating.of(5, comment).comment());
  }

  @Test
  void aCommentOverTheLimitIsRefusedCountingCharactersAsTheUserTypedThem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Rating.of(5, GRIN.repeat(Rating.MAX_COMMENT_CHARS + 1)));

    assertEquals("rating comment is 2001 chars; the limit is 2000", e.getMessage());
  }

  @Test
  void aScoreOutsideOneToFiveIsRefusedNamingIt() {
    assertEquals("rating score is 0; it must lie between 1 and 5",
        assertThrows(IllegalArgumentException.class, () -> Rating.of(0)).getMessage());
    assertEquals("rating score is 6; it must lie between 1 and 5",
        assertThrows(IllegalArgumentException.class, () -> Rating.of(6, "")).getMessage());
  }
}
