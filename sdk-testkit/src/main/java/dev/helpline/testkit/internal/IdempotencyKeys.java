package dev.helpline.testkit.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The Idempotency-Keys a desk remembers, each with the hash of the payload it was first used with and the ticket it
 * created. Not thread-safe: {@link DeskState} calls it while holding its lock.
 */
final class IdempotencyKeys {
  /** Caps the keys a long-running desk remembers. */
  static final int MAX_KEYS = 100_000;

  private final Duration ttl;
  /** Insertion order is expiry order while the TTL stays the same, which lets the purge stop at the first live key. */
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

  static final class Entry {
    final String payloadHash;
    final String ticketId;
    final long expiresAtMillis;

    Entry(String payloadHash, String ticketId, long expiresAtMillis) {
      this.payloadHash = payloadHash;
      this.ticketId = ticketId;
      this.expiresAtMillis = expiresAtMillis;
    }
  }

  IdempotencyKeys(Duration ttl) {
    this.ttl = ttl;
  }

  /**
   * The ticket id this key created with the same payload, or null for an unused (or expired) key. Throws 409 when
   * the key was used with a different payload, 503 when a new key would exceed {@link #MAX_KEYS}.
   */
  @Nullable String replayOf(String key, String payloadHash, Instant now) {
    purgeExpired(now);
    Entry seen = entries.get(key);
    if (seen != null && seen.expiresAtMillis <= now.toEpochMilli()) {
      // Possible after a restart with a different TTL, when expiry order and insertion order differ.
      entries.remove(key);
      seen = null;
    }
    if (seen == null) {
      if (entries.size() >= MAX_KEYS) {
        throw new ApiException(503, "server_error",
            "the desk remembers " + MAX_KEYS + " unexpired idempotency keys already", null);
      }
      return null;
    }
    if (!seen.payloadHash.equals(payloadHash)) {
      throw new ApiException(409, "idempotency_conflict",
          "Idempotency-Key was already used with a different payload", "Idempotency-Key");
    }
    return seen.ticketId;
  }

  void remember(String key, String payloadHash, String ticketId, Instant now) {
    entries.put(key, new Entry(payloadHash, ticketId, now.plus(ttl).toEpochMilli()));
  }

  private void purgeExpired(Instant now) {
    long nowMillis = now.toEpochMilli();
    Iterator<Entry> it = entries.values().iterator();
    while (it.hasNext() && it.next().expiresAtMillis <= nowMillis) {
      it.remove();
    }
  }

  List<Object> toJson() {
    List<Object> keys = new ArrayList<>();
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      keys.add(Json.obj("key", e.getKey(), "hash", e.getValue().payloadHash, "ticketId", e.getValue().ticketId,
          "expiresAt", e.getValue().expiresAtMillis));
    }
    return keys;
  }

  /** Loads the keys that are still live at {@code nowMillis}. */
  @SuppressWarnings("unchecked")
  void load(List<Object> keys, long nowMillis) {
    for (Object o : keys) {
      Map<String, Object> k = (Map<String, Object>) o;
      long expires = ((Number) k.get("expiresAt")).longValue();
      if (expires > nowMillis) {
        entries.put((String) k.get("key"), new Entry((String) k.get("hash"), (String) k.get("ticketId"), expires));
      }
    }
  }
}
