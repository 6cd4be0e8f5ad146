package dev.helpline.testkit;

import dev.helpline.testkit.internal.Records;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of one ticket as the desk stores it, for assertions. Taken by {@link TestDesk#tickets()};
 * later changes at the desk do not show in it. Attachment bytes are read when asked for.
 */
public final class DeskTicket {
  /** A file attached to a ticket or a message. */
  public static final class File {
    private final Records.StoredFile file;

    File(Records.StoredFile file) {
      this.file = file;
    }

    public String id() {
      return file.id;
    }

    public String fileName() {
      return file.fileName;
    }

    public String mediaType() {
      return file.mediaType;
    }

    public long size() {
      return file.size;
    }

    /** A fresh copy of the stored bytes. */
    public byte[] bytes() {
      return file.read();
    }

    @Override
    public String toString() {
      return "File{" + file.id + ", " + file.fileName + ", " + file.mediaType + ", " + file.size + " bytes}";
    }
  }

  /** A reply after creation. */
  public static final class Message {
    private final Records.MessageRecord m;
    private final List<File> attachments;

    Message(Records.MessageRecord m) {
      this.m = m;
      this.attachments = files(m.attachments);
    }

    public String id() {
      return m.id;
    }

    /** requester, agent or system. */
    public String author() {
      return m.author;
    }

    public @Nullable String authorName() {
      return m.authorName;
    }

    public String body() {
      return m.body;
    }

    public Instant createdAt() {
      return m.createdAt;
    }

    public List<File> attachments() {
      return attachments;
    }

    @Override
    public String toString() {
      return "Message{" + m.id + ", " + m.author + "}";
    }
  }

  private final Records.TicketRecord t;
  private final List<File> attachments;
  private final List<Message> messages;

  DeskTicket(Records.TicketRecord copy) {
    this.t = copy;
    this.attachments = files(copy.attachments);
    List<Message> list = new ArrayList<>();
    for (Records.MessageRecord m : copy.messages) {
      list.add(new Message(m));
    }
    this.messages = Collections.unmodifiableList(list);
  }

  private static List<File> files(List<Records.StoredFile> stored) {
    List<File> list = new ArrayList<>();
    for (Records.StoredFile f : stored) {
      list.add(new File(f));
    }
    return Collections.unmodifiableList(list);
  }

  public String id() {
    return t.id;
  }

  public String subject() {
    return t.subject;
  }

  public String description() {
    return t.description;
  }

  /** new, open, pending, on_hold, solved, closed or rejected. */
  public String status() {
    return t.status;
  }

  /** low, normal, high or urgent. */
  public String priority() {
    return t.priority;
  }

  public @Nullable String category() {
    return t.category;
  }

  public List<String> tags() {
    return Collections.unmodifiableList(new ArrayList<>(t.tags));
  }

  public Map<String, String> customFields() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(t.customFields));
  }

  public @Nullable String requesterId() {
    return t.requesterId;
  }

  public @Nullable String requesterEmail() {
    return t.requesterEmail;
  }

  public @Nullable String requesterName() {
    return t.requesterName;
  }

  public @Nullable String diagnosticsSummary() {
    return t.diagnosticsSummary;
  }

  /** The {@code createdAt} the client sent (when the report was written), verbatim; null if it sent none. */
  public @Nullable String submittedAt() {
    return t.submittedAt;
  }

  /** When the desk created the ticket (its clock). */
  public Instant createdAt() {
    return t.createdAt;
  }

  public Instant updatedAt() {
    return t.updatedAt;
  }

  /** The number in the ticket's ETag; grows with every change to the ticket or its messages. */
  public long version() {
    return t.version;
  }

  /** The Idempotency-Key (the client's submission id) that created the ticket. */
  public String idempotencyKey() {
    return t.idempotencyKey;
  }

  public List<File> attachments() {
    return attachments;
  }

  /** Replies after creation, oldest first. */
  public List<Message> messages() {
    return messages;
  }

  /** The rating score 1..5, or null if not rated. */
  public @Nullable Integer ratingScore() {
    return t.ratingScore;
  }

  public @Nullable String ratingComment() {
    return t.ratingComment;
  }

  @Override
  public String toString() {
    return "DeskTicket{id=" + t.id + ", status=" + t.status + ", subject=" + t.subject + "}";
  }
}
