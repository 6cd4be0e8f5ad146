package dev.helpline.connector.zendesk;

import static dev.helpline.internal.json.JsonValues.idText;
import static dev.helpline.internal.json.JsonValues.nullableString;
import static dev.helpline.internal.json.JsonValues.timestamp;
import static dev.helpline.internal.json.JsonValues.unexpected;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import dev.helpline.Message;
import dev.helpline.Message.RemoteFile;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads a Zendesk conversation (comments with their side-loaded authors) into messages. Stateless. */
final class ZendeskComments {
  private ZendeskComments() {}

  /**
   * Reads {@code {"comments":[…],"users":[…]}}: public comments only, oldest first. Authors are told
   * apart by the side-loaded users' {@code agent} flag; an author Zendesk does not describe (its
   * automations) is the desk itself.
   */
  static List<Message> read(JsonReader r) throws IOException {
    return read(r, new String[1]);
  }

  /** As {@link #read(JsonReader)}, one page of it; the {@code next_page} link goes to {@code nextPage[0]} (null on the last). */
  static List<Message> read(JsonReader r, @Nullable String[] nextPage) throws IOException {
    nextPage[0] = null;
    List<RawComment> raw = null;
    Map<String, RawUser> users = new HashMap<>();
    r.beginObject();
    while (r.hasNext()) {
      String name = r.nextName();
      if (name.equals("comments")) {
        raw = new ArrayList<>();
        r.beginArray();
        while (r.hasNext()) raw.add(comment(r));
        r.endArray();
      } else if (name.equals("next_page")) {
        nextPage[0] = nullableString(r);
      } else if (name.equals("users") && r.peek() == JsonReader.Token.BEGIN_ARRAY) {
        r.beginArray();
        while (r.hasNext()) {
          RawUser u = user(r);
          if (u.id != null) users.put(u.id, u);
        }
        r.endArray();
      } else {
        r.skipValue();
      }
    }
    r.endObject();
    if (raw == null) throw new JsonDataException("Required value 'comments' missing at path $");
    List<Message> out = new ArrayList<>();
    for (RawComment c : raw) {
      if (!c.isPublic) continue;
      RawUser u = c.authorId == null ? null : users.get(c.authorId);
      Message.Author author = u == null ? Message.Author.SYSTEM : u.agent ? Message.Author.AGENT : Message.Author.REQUESTER;
      out.add(new Message(c.id, author, u == null ? null : u.name, c.body, c.createdAt, c.files));
    }
    return out;
  }

  private static final class RawComment {
    String id = "";
    @Nullable String authorId;
    String body = "";
    boolean isPublic = true;
    @Nullable Instant createdAt;
    List<RemoteFile> files = new ArrayList<>();
  }

  private static final class RawUser {
    @Nullable String id;
    @Nullable String name;
    boolean agent;
  }

  private static RawComment comment(JsonReader r) throws IOException {
    String path = r.getPath();
    RawComment c = new RawComment();
    String id = null;
    String body = null;
    String plain = null;
    r.beginObject();
    while (r.hasNext()) {
      switch (r.nextName()) {
        case "id":
          id = idText(r);
          break;
        case "author_id":
          c.authorId = r.peek() == JsonReader.Token.NULL ? r.nextNull() : idText(r);
          break;
        case "body":
          body = nullableString(r);
          break;
        case "plain_body":
          plain = nullableString(r);
          break;
        case "public":
          if (r.peek() != JsonReader.Token.BOOLEAN) throw unexpected(r, "a boolean");
          c.isPublic = r.nextBoolean();
          break;
        case "created_at":
          c.createdAt = timestamp(r);
          break;
        case "attachments":
          if (r.peek() == JsonReader.Token.NULL) {
            r.nextNull();
            break;
          }
          r.beginArray();
          while (r.hasNext()) c.files.add(file(r));
          r.endArray();
          break;
        default:
          r.skipValue();
      }
    }
    r.endObject();
    if (id == null) throw new JsonDataException("Required value 'id' missing at path " + path);
    c.id = id;
    // plain_body drops Markdown and HTML formatting; body is the fallback when a desk omits it.
    c.body = plain != null ? plain : body != null ? body : "";
    return c;
  }

  private static RawUser user(JsonReader r) throws IOException {
    RawUser u = new RawUser();
    r.beginObject();
    while (r.hasNext()) {
      switch (r.nextName()) {
        case "id":
          u.id = idText(r);
          break;
        case "name":
          u.name = nullableString(r);
          break;
        case "agent":
          u.agent = r.peek() == JsonReader.Token.BOOLEAN ? r.nextBoolean() : skipFalse(r);
          break;
        default:
          r.skipValue();
      }
    }
    r.endObject();
    return u;
  }

  private static boolean skipFalse(JsonReader r) throws IOException {
    r.skipValue();
    return false;
  }

  private static RemoteFile file(JsonReader r) throws IOException {
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
          id = idText(r);
          break;
        case "file_name":
          String f = nullableString(r);
          if (f != null) fileName = f;
          break;
        case "content_type":
          String t = nullableString(r);
          if (t != null) mediaType = t;
          break;
        case "size":
          if (r.peek() != JsonReader.Token.NUMBER) throw unexpected(r, "a number");
          size = r.nextLong();
          break;
        case "content_url":
          url = nullableString(r);
          break;
        default:
          r.skipValue();
      }
    }
    r.endObject();
    if (id == null) throw new JsonDataException("Required value 'id' missing at path " + path);
    return new RemoteFile(id, fileName, mediaType, size, url);
  }
}
