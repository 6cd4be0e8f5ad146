package dev.helpline.testkit.internal;

import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Tells the console's live views what changed at the desk. {@link #publish} never blocks (it is called under the
 * state lock): a subscriber that falls more than its queue behind misses events and gets a {@code resync} instead.
 * Thread-safe.
 */
public final class DeskEvents {
  private static final int QUEUE = 256;

  private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

  /** One listener's queue of events, each a small JSON object such as {@code {"kind":"ticket","id":"3"}}. */
  public final class Subscription implements AutoCloseable {
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
    private volatile boolean overflowed;

    /** The next event, or null when none arrived within the wait. */
    public @Nullable String poll(long millis) throws InterruptedException {
      if (overflowed) {
        overflowed = false;
        queue.clear();
        return "{\"kind\":\"resync\"}";
      }
      return queue.poll(millis, TimeUnit.MILLISECONDS);
    }

    void offer(String event) {
      if (!queue.offer(event)) {
        overflowed = true;
      }
    }

    @Override
    public void close() {
      subscriptions.remove(this);
    }
  }

  public Subscription subscribe() {
    Subscription s = new Subscription();
    subscriptions.add(s);
    return s;
  }

  public int subscriberCount() {
    return subscriptions.size();
  }

  /** Announces a change of {@code kind} (ticket, status, notices, articles), for one ticket id when given. */
  void publish(String kind, @Nullable String id) {
    String event = Json.writeString(Json.obj("kind", kind, "id", id));
    for (Subscription s : subscriptions) {
      s.offer(event);
    }
  }
}
