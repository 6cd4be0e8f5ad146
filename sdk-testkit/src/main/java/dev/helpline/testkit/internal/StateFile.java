package dev.helpline.testkit.internal;

import dev.helpline.testkit.internal.Records.MessageRecord;
import dev.helpline.testkit.internal.Records.StoredFile;
import dev.helpline.testkit.internal.Records.TicketRecord;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The desk's data directory: {@code state.json} (written via temp + rename), {@code attachments/} (each file written
 * before the state that names it) and the {@code desk.lock} that keeps a second desk out. Also converts ticket
 * records to and from their stored JSON, which {@link DeskState#snapshot()} uses for deep copies.
 */
final class StateFile implements Closeable {
  private final Path dir;
  private final FileChannel lockChannel;

  /** Creates the directory if needed and locks it; IllegalStateException if another desk holds it. */
  StateFile(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir.resolve("attachments"));
    this.lockChannel = lock(dir);
  }

  /** Two desks writing one directory would overwrite each other's state; refuse the second one. */
  private static FileChannel lock(Path dataDir) throws IOException {
    FileChannel ch = FileChannel.open(dataDir.resolve("desk.lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      if (ch.tryLock() != null) {
        return ch;
      }
    } catch (OverlappingFileLockException e) {
      // held by another desk in this JVM; reported below
    }
    ch.close();
    throw new IllegalStateException("dataDirectory: " + dataDir + " is in use by another running desk");
  }

  @Override
  public void close() throws IOException {
    lockChannel.close();
  }

  /** The stored state, or null when the directory has none yet. */
  @Nullable Map<String, Object> read() throws IOException {
    Path file = dir.resolve("state.json");
    if (!Files.exists(file)) {
      return null;
    }
    return Json.parseObject(Files.readAllBytes(file), "state.json");
  }

  void write(Map<String, Object> state) {
    try {
      AtomicFiles.write(dir.resolve("state.json"), Json.write(state));
    } catch (IOException e) {
      throw new UncheckedIOException("Writing " + dir.resolve("state.json") + " failed", e);
    }
  }

  Path stateFile() {
    return dir.resolve("state.json");
  }

  /** Writes an attachment's bytes and returns the record that reads them back from disk. */
  StoredFile storeAttachment(String id, Records.Upload u) {
    Path file = dir.resolve("attachments").resolve(id);
    try {
      AtomicFiles.write(file, u.bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("Writing attachment " + file + " failed", e);
    }
    return new StoredFile(id, u.fileName, u.mediaType, u.bytes.length, null, file);
  }

  static Map<String, Object> toJson(TicketRecord t) {
    List<Object> messages = new ArrayList<>();
    for (MessageRecord m : t.messages) {
      messages.add(Json.obj("id", m.id, "author", m.author, "authorName", m.authorName, "body", m.body,
          "createdAt", m.createdAt.toString(), "attachments", filesToJson(m.attachments)));
    }
    return Json.obj("number", t.number, "subject", t.subject, "description", t.description, "status", t.status,
        "priority", t.priority, "category", t.category, "tags", new ArrayList<>(t.tags),
        "customFields", new LinkedHashMap<>(t.customFields), "requesterId", t.requesterId,
        "requesterEmail", t.requesterEmail, "requesterName", t.requesterName,
        "diagnosticsSummary", t.diagnosticsSummary, "submittedAt", t.submittedAt,
        "createdAt", t.createdAt.toString(), "updatedAt", t.updatedAt.toString(), "version", t.version,
        "idempotencyKey", t.idempotencyKey, "attachments", filesToJson(t.attachments), "messages", messages,
        "ratingScore", t.ratingScore, "ratingComment", t.ratingComment,
        "ratedAt", t.ratedAt == null ? null : t.ratedAt.toString());
  }

  private static List<Object> filesToJson(List<StoredFile> files) {
    List<Object> list = new ArrayList<>();
    for (StoredFile f : files) {
      list.add(Json.obj("id", f.id, "fileName", f.fileName, "mediaType", f.mediaType, "size", f.size));
    }
    return list;
  }

  /**
   * Rebuilds a record. The (immutable) stored files are shared with {@code original} when given; otherwise they are
   * read from {@code dataDir}, which is then required.
   */
  @SuppressWarnings("unchecked")
  static TicketRecord fromJson(Map<String, Object> j, @Nullable TicketRecord original, @Nullable Path dataDir) {
    TicketRecord t = new TicketRecord();
    t.number = ((Number) j.get("number")).longValue();
    t.id = Long.toString(t.number);
    t.subject = (String) j.get("subject");
    t.description = (String) j.get("description");
    t.status = (String) j.get("status");
    t.priority = (String) j.get("priority");
    t.category = (String) j.get("category");
    t.tags = castList(j.get("tags"));
    t.customFields = castMap(j.get("customFields"));
    t.requesterId = (String) j.get("requesterId");
    t.requesterEmail = (String) j.get("requesterEmail");
    t.requesterName = (String) j.get("requesterName");
    t.diagnosticsSummary = (String) j.get("diagnosticsSummary");
    t.submittedAt = (String) j.get("submittedAt");
    t.createdAt = Instant.parse((String) j.get("createdAt"));
    t.updatedAt = Instant.parse((String) j.get("updatedAt"));
    t.version = ((Number) j.get("version")).longValue();
    t.idempotencyKey = (String) j.get("idempotencyKey");
    t.attachments = original != null ? new ArrayList<>(original.attachments)
        : filesFromJson((List<Object>) j.get("attachments"), dataDir);
    int index = 0;
    for (Object o : (List<Object>) j.get("messages")) {
      Map<String, Object> mj = (Map<String, Object>) o;
      MessageRecord m = new MessageRecord();
      m.id = (String) mj.get("id");
      m.author = (String) mj.get("author");
      m.authorName = (String) mj.get("authorName");
      m.body = (String) mj.get("body");
      m.createdAt = Instant.parse((String) mj.get("createdAt"));
      m.attachments = original != null ? new ArrayList<>(original.messages.get(index).attachments)
          : filesFromJson((List<Object>) mj.get("attachments"), dataDir);
      index++;
      t.messages.add(m);
    }
    Object score = j.get("ratingScore");
    t.ratingScore = score == null ? null : ((Number) score).intValue();
    t.ratingComment = (String) j.get("ratingComment");
    Object ratedAt = j.get("ratedAt");
    t.ratedAt = ratedAt == null ? null : Instant.parse((String) ratedAt);
    return t;
  }

  @SuppressWarnings("unchecked")
  private static List<StoredFile> filesFromJson(List<Object> list, @Nullable Path dataDir) {
    if (dataDir == null) {
      throw new IllegalStateException("stored files can only be loaded from a data directory");
    }
    List<StoredFile> files = new ArrayList<>();
    for (Object o : list) {
      Map<String, Object> f = (Map<String, Object>) o;
      String id = (String) f.get("id");
      long size = ((Number) f.get("size")).longValue();
      files.add(new StoredFile(id, (String) f.get("fileName"), (String) f.get("mediaType"), size, null,
          dataDir.resolve("attachments").resolve(id)));
    }
    return files;
  }

  @SuppressWarnings("unchecked")
  static List<String> castList(@Nullable Object o) {
    return o == null ? new ArrayList<>() : new ArrayList<>((List<String>) o);
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> castMap(@Nullable Object o) {
    return o == null ? new LinkedHashMap<>() : new LinkedHashMap<>((Map<String, String>) o);
  }

  Path dir() {
    return dir;
  }
}
