package dev.helpline.connector.supportapi.internal;

import static dev.helpline.internal.json.JsonValues.nullableString;
import static dev.helpline.internal.json.JsonValues.skipNull;
import static dev.helpline.internal.json.JsonValues.string;
import static dev.helpline.internal.json.JsonValues.timestamp;
import static dev.helpline.internal.json.JsonValues.unexpected;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.helpline.Message;
import dev.helpline.Priority;
import dev.helpline.Rating;
import dev.helpline.Message.RemoteFile;
import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.TicketPage;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.HttpUrl;
import okio.Buffer;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes the Support API's JSON with Moshi's streaming API. Reading is strict about types
 * (a number where a string belongs fails with the JSON path) and lenient about content: unknown
 * fields are skipped, unknown statuses become {@link TicketStatus#UNKNOWN}, unknown priorities null.
 */
public final class SupportApiJson {
  private final HttpUrl baseUrl;

  public SupportApiJson(HttpUrl baseUrl) {
    this.baseUrl = baseUrl;
  }

  // ---- writing

  public static ByteString ticketPart(NewTicket t) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.setSerializeNulls(true);
      w.beginObject();
      w.name("subject").value(t.subject());
      w.name("description").value(t.description());
      w.name("category").value(t.category());
      w.name("priority").value(t.priority().name().toLowerCase(Locale.ROOT));
      w.name("tags").beginArray();
      for (String tag : t.tags()) w.value(tag);
      w.endArray();
      w.name("customFields").beginObject();
      for (Map.Entry<String, String> e : t.customFields().entrySet()) w.name(e.getKey()).value(e.getValue());
      w.endObject();
      w.name("requester");
      Requester r = t.requester();
      if (r == null) {
        w.nullValue();
      } else {
        w.beginObject();
        if (r.id() != null) w.name("id").value(r.id());
        if (r.email() != null) w.name("email").value(r.email());
        if (r.name() != null) w.name("name").value(r.name());
        w.endObject();
      }
      w.name("diagnosticsSummary").value(t.diagnosticsSummary());
      w.name("createdAt").value(t.createdAt().toString());
      w.endObject();
    } catch (IOException e) {
      throw new AssertionError("an in-memory buffer cannot fail", e);
    }
    return buffer.readByteString();
  }

  public static ByteString messagePart(String body) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject().name("body").value(body).endObject();
    } catch (IOException e) {
      throw new AssertionError("an in-memory buffer cannot fail", e);
    }
    return buffer.readByteString();
  }

  public static ByteString rating(Rating rating) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject().name("score").value(rating.score()).name("comment").value(rating.comment()).endObject();
    } catch (IOException e) {
      throw new AssertionError("an in-memory buffer cannot fail", e);
    }
    return buffer.readByteString();
  }

  // ---- reading

  public Ticket ticket(JsonReader r) throws IOException {
    String path = r.getPath();
    String id = null;
    String subject = "";
    TicketStatus status = TicketStatus.UNKNOWN;
    Priority priority = null;
    Instant createdAt = null;
    Instant updatedAt = null;
    r.beginObject();
    while (r.hasNext()) {
      switch (r.nextName()) {
        case "id":
          id = string(r);
          break;
        case "subject":
          subject = string(r);
          break;
        case "status":
          status = status(string(r));
          break;
        case "priority":
          String p = nullableString(r);
          priority = p == null ? null : priority(p);
          break;
        case "createdAt":
          createdAt = timestamp(r);
          break;
        case "updatedAt":
          updatedAt = timestamp(r);
          break;
        default:
          r.skipValue();
      }
    }
    r.endObject();
    if (id == null) throw new JsonDataException("Required value 'id' missing at " + path);
    if (id.trim().isEmpty()) throw new JsonDataException("Ticket 'id' is empty at " + path);
    return new Ticket(id, subject, status, priority, createdAt, updatedAt, null);
  }

  public TicketPage page(JsonReader r) throws IOException {
    Items<Ticket> page = items(r, "tickets", this::ticket);
    return new TicketPage(page.list, page.next);
  }

  public List<Message> messages(JsonReader r) throws IOException {
    return messagePage(r).messages;
  }

  /** A {@code MessageList}; its {@code nextCursor} is null on the last page and from a desk that does not page. */
  public MessagePage messagePage(JsonReader r) throws IOException {
    Items<Message> page = items(r, "messages", this::message);
    return new MessagePage(page.list, page.next);
  }

  private interface ItemReader<T> {
    T read(JsonReader r) throws IOException;
  }

  private static final class Items<T> {
    final List<T> list;
    final @Nullable String next;

    Items(List<T> list, @Nullable String next) {
      this.list = list;
      this.next = next;
    }
  }

  /** One page of a list answer: the array under {@code member} (required) and the optional {@code nextCursor}. */
  private static <T> Items<T> items(JsonReader r, String member, ItemReader<T> item) throws IOException {
    String path = r.getPath();
    List<T> list = null;
    String next = null;
    r.beginObject();
    while (r.hasNext()) {
      String name = r.nextName();
      if (name.equals(member)) {
        list = new ArrayList<>();
        r.beginArray();
        while (r.hasNext()) list.add(item.read(r));
        r.endArray();
      } else if (name.equals("nextCursor")) {
        next = nullableString(r);
      } else {
        r.skipValue();
      }
    }
    r.endObject();
    if (list == null) throw new JsonDataException("Required value '" + member + "' missing at " + path);
    return new Items<>(list, next);
  }

  /** One page of a conversation's messages, oldest first. */
  public static final class MessagePage {
    public final List<Message> messages;
    public final @Nullable String nextCursor;

    MessagePage(List<Message> messages, @Nullable String nextCursor) {
      this.messages = messages;
      this.nextCursor = nextCursor;
    }
  }

  /**
   * The ticket's own report as the first message of its conversation: the requester's description
   * and the files filed with it, so every desk's conversation starts the same way.
   */
  public Message openingMessage(JsonReader r) throws IOException {
    String path = r.getPath();
    String id = null;
    String authorName = null;
    String description = "";
    Instant createdAt = null;
    List<RemoteFile> files = List.of();
    r.beginObject();
    while (r.hasNext()) {
      switch (r.nextName()) {
        case "id":
          id = string(r);
          break;
        case "description":
          String d = nullableString(r);
          description = d == null ? "" : d;
          break;
        case "createdAt":
          createdAt = timestamp(r);
          break;
        case "requester":
          if (skipNull(r)) break;
          r.beginObject();
          while (r.hasNext()) {
            if (r.nextName().equals("name")) authorName = nullableString(r);
            else r.skipValue();
          }
          r.endObject();
          break;
        case "attachments":
          files = remoteFiles(r);
          break;
        default:
          r.skipValue();
      }
    }
    r.endObject();
    if (id == null) throw new JsonDataException("Required value 'id' missing at " + path);
    return new Message("ticket-" + id, Message.Author.REQUESTER, authorName, description, createdAt, files);
  }

  public Message message(JsonReader r) throws IOException {
    String path = r.getPath();
    String id = null;
    Message.Author author = Message.Author.SYSTEM;
    String authorName = null;
    String body = "";
    Instant createdAt = null;
    List<RemoteFile> files = List.of();
    r.beginObject();
    while (r.hasNext()) {
      switch (r.nextName()) {
        case "id":
          id = string(r);
          break;
        case "author":
          author = author(string(r));
          break;
        case "authorName":
          authorName = nullableString(r);
          break;
        case "body":
          body = string(r);
          break;
        case "createdAt":
          createdAt = timestamp(r);
          break;
        case "attachments":
          files = remoteFiles(r);
          break;
        default:
          r.skipValue();
      }
    }
    r.endObject();
    if (id == null) throw new JsonDataException("Required value 'id' missing at " + path);
    return new Message(id, author, authorName, body, createdAt, files);
  }

  /** A message's attachments: an array of files, or null for none. */
  private List<RemoteFile> remoteFiles(JsonReader r) throws IOException {
    List<RemoteFile> files = new ArrayList<>();
    if (skipNull(r)) return files;
    r.beginArray();
    while (r.hasNext()) files.add(remoteFile(r));
    r.endArray();
    return files;
  }

  private RemoteFile remoteFile(JsonReader r) throws IOException {
    String path = r.getPath();
    String id = null;
    String fileName = "attachment";
    String mediaType = "application/octet-stream";
    long size = -1;
    String url = null;
    r.beginObject();
    while (r.hasNext()) {
      switch (r.nextName()) {
        case "id":
          id = string(r);
          break;
        case "fileName":
          fileName = string(r);
          break;
        case "mediaType":
          mediaType = string(r);
          break;
        case "size":
          if (r.peek() != JsonReader.Token.NUMBER) throw unexpected(r, "a number");
          size = r.nextLong();
          break;
        case "url":
          String u = nullableString(r);
          url = u == null ? null : deskUrl(u);
          break;
        default:
          r.skipValue();
      }
    }
    r.endObject();
    if (id == null) throw new JsonDataException("Required value 'id' missing at " + path);
    return new RemoteFile(id, fileName, mediaType, size, url);
  }

  /**
   * An attachment's {@code url}, which the API gives as a path relative to the desk root: {@code /v1/...} under a
   * base URL with a path ({@code https://example.com/desk/}) is {@code https://example.com/desk/v1/...}. A path that
   * already starts with the base path, and an absolute URL, are taken as they are.
   */
  private String deskUrl(String u) {
    String basePath = baseUrl.encodedPath();
    boolean rootPath = u.startsWith("/") && !u.startsWith("//") && !u.startsWith(basePath);
    HttpUrl resolved = baseUrl.resolve(rootPath ? "." + u : u);
    return resolved == null ? u : resolved.toString();
  }

  public static TicketStatus status(String s) {
    switch (s) {
      case "new":
        return TicketStatus.NEW;
      case "open":
        return TicketStatus.OPEN;
      case "pending":
        return TicketStatus.PENDING;
      case "on_hold":
        return TicketStatus.ON_HOLD;
      case "solved":
        return TicketStatus.SOLVED;
      case "closed":
        return TicketStatus.CLOSED;
      case "rejected":
        return TicketStatus.REJECTED;
      default:
        return TicketStatus.UNKNOWN;
    }
  }

  private static @Nullable Priority priority(String s) {
    switch (s) {
      case "low":
        return Priority.LOW;
      case "normal":
        return Priority.NORMAL;
      case "high":
        return Priority.HIGH;
      case "urgent":
        return Priority.URGENT;
      default:
        return null;
    }
  }

  /** Unknown authors are shown as the desk's own messages rather than attributed to a person. */
  private static Message.Author author(String s) {
    switch (s) {
      case "requester":
        return Message.Author.REQUESTER;
      case "agent":
        return Message.Author.AGENT;
      default:
        return Message.Author.SYSTEM;
    }
  }




}
