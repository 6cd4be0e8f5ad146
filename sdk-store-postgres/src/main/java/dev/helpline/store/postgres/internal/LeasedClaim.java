package dev.helpline.store.postgres.internal;

import dev.helpline.outbox.OutboxStore.DeliveryState;
import dev.helpline.outbox.OutboxStore;
import dev.helpline.outbox.OutboxStore.PendingEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * One delivery pass's claim on a shared outbox. Its entries are claimed lazily, a batch at a time
 * as the pass iterates, each row leased to this store ({@code FOR UPDATE SKIP LOCKED}, so
 * instances never wait for each other and never claim the same row). A lease lasts
 * {@code lease} and is renewed by the store's heartbeat while the claim is open; a row whose lease
 * ran out (its holder died) is claimable again, its next attempt planned no sooner than that lease's end
 * ({@link #TAKEOVER}). After the due rows, the list ends with one
 * unclaimed row that is not due yet (or leased elsewhere), with the time it becomes claimable, so
 * the pass plans its next wake from it. Closing the claim gives back the leases it still holds.
 */
public final class LeasedClaim implements OutboxStore.Claim {
  /**
   * Plans the next attempt of a row taken over from a lease that ran out (its holder died, maybe mid-call) for no
   * sooner than that lease's end, by which the holder's attempt had ended: a connector waiting for its desk's search
   * to show an earlier attempt's ticket counts from there ({@code NewTicket.earlierAttemptsEndedBy()}). A released
   * row has no lease, a live one is not taken over: unchanged. Its one parameter is the time now; it reads the row's
   * values before the update.
   */
  public static final String TAKEOVER =
      "next_attempt_at = CASE WHEN lease_until < ? THEN GREATEST(next_attempt_at, lease_until) ELSE next_attempt_at END";
  private static final String CLAIM = "UPDATE helpline_outbox SET lease_owner = ?, lease_until = ?, " + TAKEOVER
      + " WHERE id IN (SELECT id FROM helpline_outbox WHERE state = 'pending'"
      + " AND (lease_until IS NULL OR lease_until < ?) AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
      + " ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED)"
      + " RETURNING " + OutboxRows.REF_COLUMNS;
  private static final String NEXT = "SELECT " + OutboxRows.REF_COLUMNS + ", GREATEST(next_attempt_at,"
      + " CASE WHEN lease_until >= ? THEN lease_until END) AS ready FROM helpline_outbox WHERE state = 'pending'"
      + " AND (lease_owner IS DISTINCT FROM ? OR lease_until < ?) ORDER BY ready NULLS FIRST LIMIT 1";
  private static final String RELEASE = "UPDATE helpline_outbox SET lease_owner = NULL, lease_until = NULL"
      + " WHERE lease_owner = ?";

  private final Db db;
  private final UUID owner;
  private final Clock clock;
  private final Duration lease;
  private final int batch;
  private final int maxPerPass;
  private final Runnable onClose;
  private final List<PendingEntry> all = new ArrayList<>();
  private final Deque<PendingEntry> buffer = new ArrayDeque<>();
  private boolean exhausted;
  private int claimed;

  public LeasedClaim(Db db, UUID owner, Clock clock, Duration lease, int batch, int maxPerPass, Runnable onClose) {
    this.db = db;
    this.owner = owner;
    this.clock = clock;
    this.lease = lease;
    this.batch = batch;
    this.maxPerPass = maxPerPass;
    this.onClose = onClose;
  }

  @Override
  public List<PendingEntry> entries() {
    return new AbstractList<PendingEntry>() {
      @Override
      public Iterator<PendingEntry> iterator() {
        return new Iterator<PendingEntry>() {
          private int index;

          @Override
          public boolean hasNext() {
            return index < all.size() || fill();
          }

          @Override
          public PendingEntry next() {
            if (!hasNext()) throw new NoSuchElementException();
            return all.get(index++);
          }
        };
      }

      @Override
      public PendingEntry get(int i) {
        while (i >= all.size() && fill()) {
          // claims further batches until the index exists or the queue is exhausted
        }
        return all.get(i);
      }

      @Override
      public int size() {
        while (fill()) {
          // claims every batch
        }
        return all.size();
      }
    };
  }

  /** Adds the next entry to {@link #all}; false when there is none. */
  private boolean fill() {
    if (buffer.isEmpty() && !exhausted) {
      try {
        if (claimed < maxPerPass) claimBatch();
        if (buffer.isEmpty()) {
          exhausted = true;
          nextReady();
        }
      } catch (IOException e) {
        // The pass keeps what it claimed; the rest waits for the next pass.
        exhausted = true;
        throw new UncheckedIOException(e);
      }
    }
    PendingEntry next = buffer.poll();
    if (next == null) return false;
    all.add(next);
    return true;
  }

  private void claimBatch() throws IOException {
    Instant now = clock.instant();
    List<PendingEntry> rows = db.call("claim outbox entries", c -> {
      List<PendingEntry> out = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement(CLAIM)) {
        p.setObject(1, owner);
        p.setObject(2, Db.ts(now.plus(lease)));
        p.setObject(3, Db.ts(now));
        p.setObject(4, Db.ts(now));
        p.setObject(5, Db.ts(now));
        p.setInt(6, Math.min(batch, maxPerPass - claimed));
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) out.add(OutboxRows.pendingRef(rs));
        }
      }
      return out;
    });
    rows.sort(Comparator.comparing(PendingEntry::createdAt));
    claimed += rows.size();
    buffer.addAll(rows);
  }

  /** Appends the next row to become claimable (not due, or leased elsewhere), marked with that time. */
  private void nextReady() throws IOException {
    Instant now = clock.instant();
    PendingEntry hint = db.call("plan the next outbox pass", c -> {
      try (PreparedStatement p = c.prepareStatement(NEXT)) {
        p.setObject(1, Db.ts(now));
        p.setObject(2, owner);
        p.setObject(3, Db.ts(now));
        try (ResultSet rs = p.executeQuery()) {
          if (!rs.next()) return null;
          PendingEntry ref = OutboxRows.pendingRef(rs);
          Instant ready = OutboxRows.nullableInstant(rs, OutboxRows.REF_COLUMN_COUNT + 1);
          // Due rows left after the pass's bound: come back at once (a millisecond from now).
          Instant at = ready != null && ready.isAfter(now) ? ready : now.plusMillis(1);
          DeliveryState s = ref.state();
          return new PendingEntry(ref.id(), ref.createdAt(),
              new DeliveryState(s.attempts(), s.backoffStep(), at, s.lastError(), s.firstAttemptAt()));
        }
      }
    });
    if (hint != null) buffer.add(hint);
  }

  @Override
  public void close() throws IOException {
    try {
      db.call("release outbox leases", c -> {
        try (PreparedStatement p = c.prepareStatement(RELEASE)) {
          p.setObject(1, owner);
          return p.executeUpdate();
        }
      });
    } finally {
      onClose.run();
    }
  }
}
