package dev.helpline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** One public message in a ticket's conversation. Internal notes of the desk are never messages. Immutable. */
public final class Message {
  /** Who wrote a message. */
  public enum Author {
    /** The requester (the app's user or the filing service). */
    REQUESTER,
    /** A support agent. */
    AGENT,
    /** The desk itself (automatic replies). */
    SYSTEM
  }

  private final String id;
  private final Author author;
  private final @Nullable String authorName;
  private final String body;
  private final @Nullable Instant createdAt;
  private final List<RemoteFile> attachments;

  /**
   * A message as a connector read it. Throws {@link NullPointerException} when {@code id}, {@code author},
   * {@code body} or {@code attachments} is null; copies {@code attachments}.
   */
  public Message(String id, Author author, @Nullable String authorName, String body,
      @Nullable Instant createdAt, List<RemoteFile> attachments) {
    this.id = Objects.requireNonNull(id, "id == null");
    this.author = Objects.requireNonNull(author, "author == null");
    this.authorName = authorName;
    this.body = Objects.requireNonNull(body, "body == null");
    this.createdAt = createdAt;
    this.attachments = Collections.unmodifiableList(new ArrayList<>(attachments));
  }

  /** The message's id as the connector gives it, usually the desk's own. */
  public String id() {
    return id;
  }

  /** Who wrote the message. */
  public Author author() {
    return author;
  }

  /** The author's display name as the desk gives it; null when the desk did not say. */
  public @Nullable String authorName() {
    return authorName;
  }

  /** The plain-text body. */
  public String body() {
    return body;
  }

  /** When the message was written; null when the desk did not say. */
  public @Nullable Instant createdAt() {
    return createdAt;
  }

  /** Files attached to the message; empty when none. Unmodifiable. */
  public List<RemoteFile> attachments() {
    return attachments;
  }

  @Override
  public String toString() {
    return "Message{" + id + ", " + author + ", " + body.length() + " chars, " + attachments.size() + " files}";
  }

  /** A file attached to a message at the desk: its name, type, size and where to fetch it. Immutable. */
  public static final class RemoteFile {
    private final String id;
    private final String fileName;
    private final String mediaType;
    private final long size;
    private final @Nullable String url;

    /**
     * A file as a connector read it. Throws {@link NullPointerException} when {@code id}, {@code fileName} or
     * {@code mediaType} is null; {@code size} is -1 when unknown, {@code url} null when the desk gives no link.
     */
    public RemoteFile(String id, String fileName, String mediaType, long size, @Nullable String url) {
      this.id = Objects.requireNonNull(id, "id == null");
      this.fileName = Objects.requireNonNull(fileName, "fileName == null");
      this.mediaType = Objects.requireNonNull(mediaType, "mediaType == null");
      this.size = size;
      this.url = url;
    }

    /** The desk's id for the file. */
    public String id() {
      return id;
    }

    /** The file's name as the desk gives it. */
    public String fileName() {
      return fileName;
    }

    /** The file's media type, for example {@code image/png}. */
    public String mediaType() {
      return mediaType;
    }

    /** Size in bytes, or -1 when the desk does not say. */
    public long size() {
      return size;
    }

    /** Where to download the file, or null when the desk gives no link. */
    public @Nullable String url() {
      return url;
    }

    @Override
    public String toString() {
      return "RemoteFile{" + fileName + ", " + mediaType + ", " + size + "}";
    }
  }
}
