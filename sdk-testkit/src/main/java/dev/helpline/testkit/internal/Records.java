package dev.helpline.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The desk's mutable records. Every field is read and written only while holding the {@link DeskState} lock. */
public final class Records {
  private Records() {}

  /** A stored file: bytes in memory, or in a file under the data directory. */
  public static final class StoredFile {
    public final String id;
    public final String fileName;
    public final String mediaType;
    public final long size;
    private final byte @Nullable [] data;
    private final @Nullable Path file;

    StoredFile(String id, String fileName, String mediaType, long size, byte @Nullable [] data, @Nullable Path file) {
      this.id = id;
      this.fileName = fileName;
      this.mediaType = mediaType;
      this.size = size;
      this.data = data;
      this.file = file;
    }

    /** A fresh copy of the bytes. */
    public byte[] read() {
      if (data != null) {
        return data.clone();
      }
      try {
        return Files.readAllBytes(file);
      } catch (IOException e) {
        throw new UncheckedIOException("Reading attachment " + id + " from " + file + " failed", e);
      }
    }
  }

  /** A reply after creation. */
  public static final class MessageRecord {
    public String id = "";
    public String author = "";
    public @Nullable String authorName;
    public String body = "";
    public Instant createdAt = Instant.EPOCH;
    public List<StoredFile> attachments = new ArrayList<>();
  }

  /** A ticket. */
  public static final class TicketRecord {
    public String id = "";
    public long number;
    public String subject = "";
    public String description = "";
    public String status = "new";
    public String priority = "normal";
    public @Nullable String category;
    public List<String> tags = new ArrayList<>();
    public Map<String, String> customFields = new LinkedHashMap<>();
    public @Nullable String requesterId;
    public @Nullable String requesterEmail;
    public @Nullable String requesterName;
    public @Nullable String diagnosticsSummary;
    public @Nullable String submittedAt;
    public Instant createdAt = Instant.EPOCH;
    public Instant updatedAt = Instant.EPOCH;
    public long version = 1;
    public String idempotencyKey = "";
    public List<StoredFile> attachments = new ArrayList<>();
    public List<MessageRecord> messages = new ArrayList<>();
    public @Nullable Integer ratingScore;
    public @Nullable String ratingComment;
    public @Nullable Instant ratedAt;

    public boolean ownedBy(TokenCodec.Claims claims) {
      if (requesterId != null) {
        return requesterId.equals(claims.sub);
      }
      return requesterEmail != null && claims.email != null && requesterEmail.equalsIgnoreCase(claims.email);
    }

    public @Nullable StoredFile file(String attachmentId) {
      for (StoredFile f : attachments) {
        if (f.id.equals(attachmentId)) {
          return f;
        }
      }
      for (MessageRecord m : messages) {
        for (StoredFile f : m.attachments) {
          if (f.id.equals(attachmentId)) {
            return f;
          }
        }
      }
      return null;
    }
  }

  /** A help-center article. */
  public static final class Article {
    public final String id;
    public final String title;
    public final String body;
    public final String url;
    public final @Nullable String locale;

    public Article(String id, String title, String body, String url, @Nullable String locale) {
      this.id = id;
      this.title = title;
      this.body = body;
      this.url = url;
      this.locale = locale;
    }
  }

  /** An upload received in a request, before it is stored. */
  public static final class Upload {
    public final String fileName;
    public final String mediaType;
    public final byte[] bytes;

    public Upload(String fileName, String mediaType, byte[] bytes) {
      this.fileName = fileName;
      this.mediaType = mediaType;
      this.bytes = bytes;
    }
  }
}
