package dev.helpline.store.postgres.internal;

import dev.helpline.Attachment;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import dev.helpline.outbox.OutboxStore.DeliveryState;
import dev.helpline.outbox.OutboxStore.FailureRecord;
import dev.helpline.outbox.OutboxStore.PendingEntry;
import dev.helpline.outbox.OutboxStore.StoredEntry;
import dev.helpline.outbox.SubmissionRecord;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Reading outbox rows into the SPI's values. */
public final class OutboxRows {
  /** The columns {@link #entry} and {@link #pending} read, in this order. */
  public static final String COLUMNS = "id, created_at, record, content_bytes, state, attempts, backoff_step,"
      + " next_attempt_at, last_error, failure_status, failure_code, failure_message, failure_field, failure_time,"
      + " first_attempt_at";
  /** The columns {@link #pendingRef} reads: {@link #REF_COLUMN_COUNT} of them. */
  public static final String REF_COLUMNS = "id, created_at, attempts, backoff_step, next_attempt_at, last_error,"
      + " first_attempt_at";
  public static final int REF_COLUMN_COUNT = 7;

  private OutboxRows() {}

  public static PendingEntry pendingRef(ResultSet rs) throws SQLException {
    return new PendingEntry(rs.getString(1), instant(rs, 2),
        new DeliveryState(rs.getInt(3), rs.getInt(4), nullableInstant(rs, 5), rs.getString(6), nullableInstant(rs, 7)));
  }

  /**
   * The entry of a row read with {@link #COLUMNS}. With {@code spool} null its attachments are
   * listed by name, type and an empty body (listings); with a spool their content is read.
   *
   * @throws UnreadableEntryException when the record or an attachment cannot be read from the row (the caller
   *     quarantines it); another {@link IOException} when the spool cannot be written
   */
  public static StoredEntry entry(Connection c, ResultSet rs, @Nullable Spool spool) throws SQLException, IOException {
    String id = rs.getString(1);
    RecordCodec.Decoded decoded = RecordCodec.decode(rs.getBytes(3));
    List<Attachment> attachments = new ArrayList<>();
    int position = 0;
    for (RecordCodec.AttachmentMeta a : decoded.attachments) {
      attachments.add(spool != null ? spool.read(c, id, position, a.fileName, a.mediaType, a.size)
          : Attachment.ofBytes(a.fileName, a.mediaType, new byte[0]));
      position++;
    }
    SubmissionRecord record = decoded.record.attachments(attachments).build();
    DeliveryState state = new DeliveryState(rs.getInt(6), rs.getInt(7), nullableInstant(rs, 8), rs.getString(9),
        nullableInstant(rs, 15));
    boolean failed = "failed".equals(rs.getString(5));
    FailureRecord failure = null;
    if (failed) {
      failure = new FailureRecord(rs.getInt(10), rs.getString(11), String.valueOf(rs.getString(12)), rs.getString(13),
          instant(rs, 14));
    }
    long content = rs.getLong(4);
    return new StoredEntry(record, state, failed ? Submission.State.FAILED : Submission.State.QUEUED, failure, content,
        content);
  }

  /** Writes a pending entry's delivery state while {@code owner} holds its lease; returns the rows changed. */
  public static int saveState(Connection c, String id, UUID owner, DeliveryState state) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("UPDATE helpline_outbox SET attempts = ?, backoff_step = ?,"
        + " next_attempt_at = ?, last_error = ?, first_attempt_at = ? WHERE id = ? AND lease_owner = ?")) {
      p.setInt(1, state.attempts());
      p.setInt(2, state.backoffStep());
      p.setObject(3, state.nextAttemptAt() != null ? Db.ts(state.nextAttemptAt()) : null);
      p.setString(4, state.lastError());
      p.setObject(5, state.firstAttemptAt() != null ? Db.ts(state.firstAttemptAt()) : null);
      p.setString(6, id);
      p.setObject(7, owner);
      return p.executeUpdate();
    }
  }

  /**
   * Keeps a pending entry as failed while {@code owner} holds its lease, as {@link #saveState} writes only then.
   *
   * @throws IOException when {@code owner} no longer holds it: another instance took it over (and delivers it, or has
   *     delivered it), so it is left as that instance keeps it
   */
  public static void markFailed(Connection c, String id, UUID owner, FailureRecord failure)
      throws SQLException, IOException {
    try (PreparedStatement p = c.prepareStatement("UPDATE helpline_outbox SET state = 'failed', failure_status = ?,"
        + " failure_code = ?, failure_message = ?, failure_field = ?, failure_time = ?, lease_owner = NULL,"
        + " lease_until = NULL WHERE id = ? AND lease_owner = ?")) {
      p.setInt(1, failure.httpStatus());
      p.setString(2, failure.code());
      p.setString(3, failure.message());
      p.setString(4, failure.field());
      p.setObject(5, Db.ts(failure.time()));
      p.setString(6, id);
      p.setObject(7, owner);
      if (p.executeUpdate() == 0) {
        throw new IOException("PostgreSQL outbox: could not keep " + id + " as failed: this instance no longer holds"
            + " the lease of it (another instance took it over), so it stays as that instance keeps it");
      }
    }
  }

  /** Rows of {@code sql} (selecting {@link #COLUMNS}) as listing entries, skipping unreadable ones. */
  public static List<StoredEntry> list(Connection c, String sql) throws SQLException {
    List<StoredEntry> out = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement(sql); ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        try {
          out.add(entry(c, rs, null));
        } catch (IOException unreadable) {
          // skipped in listings; load() quarantines it when it is claimed
        }
      }
    }
    return out;
  }

  /** The receipt of a delivered submission as the ticket it became, or null. */
  public static @Nullable Ticket receipt(Connection c, String id) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT ticket_id, subject, status, url, delivered_at"
        + " FROM helpline_outbox_receipts WHERE id = ?")) {
      p.setString(1, id);
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) return null;
        return new Ticket(rs.getString(1), rs.getString(2), TicketStatus.valueOf(rs.getString(3)), null,
            instant(rs, 5), null, rs.getString(4));
      }
    }
  }

  public static Instant instant(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  public static @Nullable Instant nullableInstant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
