package dev.helpline.store.postgres.internal;

import dev.helpline.Attachment;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * Reads a stored attachment for an attempt without holding it in memory: small ones are read
 * whole, larger ones are copied in 256 KiB slices ({@code substring} on the bytea) into a file of
 * the spool directory, which the attachment then streams from. The file is deleted when the entry's
 * attempt is over. An attachment whose row is missing, or whose size is not the one its record lists, fails the read
 * with an {@link UnreadableEntryException}, for which the store quarantines the entry; a spool file that cannot be
 * written fails it with another {@link IOException}, which leaves the entry pending.
 */
public final class Spool {
  static final int INLINE_MAX = 256 * 1024;
  private static final int SLICE = 256 * 1024;

  private final Path directory;

  public Spool(Path directory) {
    this.directory = directory;
  }

  public Attachment read(Connection c, String entryId, int position, String fileName, String mediaType, long size)
      throws SQLException, IOException {
    if (size <= INLINE_MAX) {
      byte[] bytes = slice(c, entryId, position, 1, INLINE_MAX + 1);
      checkSize(entryId, position, bytes.length, size);
      return Attachment.ofBytes(fileName, mediaType, bytes);
    }
    Files.createDirectories(directory);
    Path file = directory.resolve(entryId + "." + position);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long from = 1; from <= size; from += SLICE) {
        out.write(slice(c, entryId, position, from, SLICE));
      }
    }
    checkSize(entryId, position, Files.size(file), size);
    return Attachment.ofFile(file, fileName, mediaType);
  }

  /** An attachment shorter or longer than its record says would reach the desk as other bytes: unreadable. */
  private static void checkSize(String entryId, int position, long stored, long recorded) throws IOException {
    if (stored != recorded) {
      throw new UnreadableEntryException("attachment " + position + " of entry " + entryId + " has " + stored
          + " bytes in the database, its record says " + recorded);
    }
  }

  private static byte[] slice(Connection c, String entryId, int position, long from, int length)
      throws SQLException, IOException {
    try (PreparedStatement p = c.prepareStatement("SELECT substring(content FROM ?::integer FOR ?::integer)"
        + " FROM helpline_outbox_attachments WHERE entry_id = ? AND position = ?")) {
      p.setInt(1, Math.toIntExact(from));
      p.setInt(2, length);
      p.setString(3, entryId);
      p.setInt(4, position);
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) throw new UnreadableEntryException("attachment " + position + " of entry " + entryId + " is missing");
        byte[] bytes = rs.getBytes(1);
        return bytes != null ? bytes : new byte[0];
      }
    }
  }

  /** Deletes the spooled files of an entry. */
  public void release(String entryId, int attachments) {
    for (int i = 0; i < attachments; i++) {
      try {
        Files.deleteIfExists(directory.resolve(entryId + "." + i));
      } catch (IOException ignored) {
        // a leftover spool file is removed with the directory; it never holds an entry's only copy
      }
    }
  }

  public @Nullable Path directory() {
    return directory;
  }
}
