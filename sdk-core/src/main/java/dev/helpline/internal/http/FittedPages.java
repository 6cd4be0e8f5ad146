package dev.helpline.internal.http;

import java.io.IOException;
import java.util.function.IntUnaryOperator;

/**
 * Pages of a desk's list that fit the connector's response cap: a page whose answer is larger than the cap
 * ({@link BodyLimits.TooLargeException}) is asked for again with half as many items, down to one, so only a single
 * item larger than the cap fails. Stateless.
 */
public final class FittedPages {
  private FittedPages() {}

  /** One page asked for with {@code size} items. */
  public interface SizedCall<T> {
    T read(int size) throws IOException;
  }

  /**
   * {@code call} with {@code align(first)} items, then, while its answer is larger than the cap, with
   * {@code align(half)} of the size last asked for, down to one. {@code align} turns a wanted size into one the desk
   * can serve from the same place ({@link #dividing} for desks that page by number); it must answer 1 for 1 and never
   * more than it is given. The answer of one item larger than the cap fails with its {@code TooLargeException}.
   */
  public static <T> T fit(int first, IntUnaryOperator align, SizedCall<T> call) throws IOException {
    if (first < 1) throw new IllegalArgumentException("first is " + first + "; it must be positive");
    int size = align.applyAsInt(first);
    while (true) {
      try {
        return call.read(size);
      } catch (BodyLimits.TooLargeException e) {
        if (size <= 1) throw e;
        size = align.applyAsInt(size / 2);
      }
    }
  }

  /**
   * For desks that page by number ({@code page} N of {@code per_page} S holds the items from (N-1)×S): the largest
   * page size up to {@code wanted} whose pages start at {@code offset}, so that page {@code offset / size + 1} holds
   * the items from {@code offset} on. Never less than 1.
   */
  public static int dividing(long offset, int wanted) {
    if (offset < 0) throw new IllegalArgumentException("offset is " + offset + "; it must not be negative");
    for (int size = Math.max(1, wanted); size > 1; size--) {
      if (offset % size == 0) return size;
    }
    return 1;
  }

  /** Reads page {@code page} (from 1) of {@code size} items, keeps its items, and tells whether another follows. */
  public interface NumberedCall {
    boolean read(long page, int size) throws IOException;
  }

  /**
   * Reads a list that a desk pages by number, page after page from the first, each {@linkplain #fit fitted} to the
   * cap: the first with {@code first} items, each next one with the size that fitted last, made to divide the offset
   * it starts at ({@link #dividing}) so that no item is skipped or read twice. Stops after the last page or once
   * {@code maxItems} have been asked for.
   *
   * @return true when the list went on past {@code maxItems} and was cut there
   */
  public static boolean numbered(int first, long maxItems, NumberedCall call) throws IOException {
    int wanted = first;
    for (long offset = 0; offset < maxItems; ) {
      long from = offset;
      int[] used = new int[1];
      boolean more = fit(wanted, s -> dividing(from, s), size -> {
        used[0] = size;
        return call.read(from / size + 1, size);
      });
      if (!more) return false;
      wanted = used[0];
      offset += used[0];
    }
    return true;
  }
}
