package dev.helpline.internal.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The ids a {@link FileOutbox} enqueued while it held a claim, since the claim's last scan: what
 * {@link FileClaim#more} reads instead of listing {@code pending/} again for each round of a pass. Kept
 * only while a claim is held, so that a process that stores and never delivers keeps none. Only new
 * entries, never attempted: a failed entry put back by {@code retry} is found by the next scan, which reads
 * its delivery state. Thread-safe.
 *
 * <p>Nothing is missed: an id not kept was stored before {@link #claimTaken()}, and one {@link #scanning()}
 * forgets was stored before that scan's journal checkpoint; either way that scan settles and lists it.
 */
final class StoredWhileClaimed {
  private volatile boolean claimed;
  private final Queue<String> ids = new ConcurrentLinkedQueue<>();

  /** Called once a new entry is durable in {@code pending/}. */
  void stored(String id) {
    if (claimed) ids.add(id);
  }

  /** Called once the delivery lock is held, before the claim's scan. */
  void claimTaken() {
    claimed = true;
  }

  /** Called as a scan starts, before it settles the journal and lists {@code pending/}. */
  void scanning() {
    ids.clear();
  }

  /** The ids kept since the last scan or call, oldest first; forgets them. */
  List<String> take() {
    List<String> taken = new ArrayList<>();
    for (String id = ids.poll(); id != null; id = ids.poll()) taken.add(id);
    return taken;
  }

  /**
   * Called when the claim is released. Returns whether ids were kept that no call took: entries stored since
   * the claim last looked, whose wake brings another pass.
   */
  boolean claimReleased() {
    claimed = false;
    boolean untaken = !ids.isEmpty();
    ids.clear();
    return untaken;
  }
}
