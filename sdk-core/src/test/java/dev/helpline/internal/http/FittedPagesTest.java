package dev.helpline.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

class FittedPagesTest {

  @Test
  void aPageOverTheCapIsAskedForWithHalfAsManyDownToOneThenFails() {
    List<Integer> asked = new ArrayList<>();
    BodyLimits.TooLargeException tooLarge = new BodyLimits.TooLargeException(10);
    BodyLimits.TooLargeException e = assertThrows(BodyLimits.TooLargeException.class,
        () -> FittedPages.fit(25, IntUnaryOperator.identity(), size -> {
          asked.add(size);
          throw tooLarge;
        }));
    assertSame(tooLarge, e, "the single item's own failure");
    assertEquals(List.of(25, 12, 6, 3, 1), asked);
  }

  @Test
  void theFirstSizeThatFitsIsTheAnswer() throws Exception {
    List<Integer> asked = new ArrayList<>();
    String page = FittedPages.fit(100, IntUnaryOperator.identity(), size -> {
      asked.add(size);
      if (size > 30) throw new BodyLimits.TooLargeException(10);
      return "page of " + size;
    });
    assertEquals("page of 25", page);
    assertEquals(List.of(100, 50, 25), asked);
  }

  @Test
  void numberedPagesStartWhereTheLastEndedWhateverSizeFits() throws Exception {
    // 230 items; a page of more than 40 is too large.
    List<Integer> read = new ArrayList<>();
    boolean cut = FittedPages.numbered(100, 5000, (page, size) -> {
      if (size > 40) throw new BodyLimits.TooLargeException(10);
      long from = (page - 1) * size;
      for (long i = from; i < Math.min(230, from + size); i++) read.add((int) i);
      return from + size < 230;
    });
    assertFalse(cut);
    assertEquals(230, read.size());
    for (int i = 0; i < 230; i++) assertEquals(i, read.get(i), "item " + i + " once, in order");
  }

  @Test
  void numberedPagesStopAtTheMostItemsAndSaySo() throws Exception {
    List<Long> pages = new ArrayList<>();
    assertTrue(FittedPages.numbered(100, 250, (page, size) -> pages.add(page)));
    assertEquals(List.of(1L, 2L, 3L), pages);
  }

  @Test
  void aSizeDividesTheOffsetItsPageStartsAt() {
    assertEquals(25, FittedPages.dividing(0, 25));
    assertEquals(12, FittedPages.dividing(24, 12));
    assertEquals(5, FittedPages.dividing(25, 12));
    assertEquals(1, FittedPages.dividing(37, 25));
    assertEquals(1, FittedPages.dividing(10, 0));
  }
}
