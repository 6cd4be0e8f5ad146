package dev.helpline.connector.zendesk;

import static dev.helpline.internal.json.JsonValues.idText;
import static dev.helpline.internal.json.JsonValues.nullableString;
import static dev.helpline.internal.json.JsonValues.string;
import static dev.helpline.internal.json.JsonValues.timestamp;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.helpline.Priority;
import dev.helpline.Rating;
import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.HttpUrl;
import okio.Buffer;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes Zendesk's JSON with Moshi's streaming API (no reflection, so no keep rules).
 * Strict about types where we depend on them, lenient about content: unknown fields are skipped,
 * unknown statuses become {@link TicketStatus#UNKNOWN}, unknown priorities null.
 */
final class ZendeskJson {
  private ZendeskJson() {}

  /** What a create request carries, already mapped to Zendesk's vocabulary. */
  static final class Outgoing {
    String subject = "";
    String body = "";
    List<String> uploads = new ArrayList<>();
    @Nullable Requester requester;
    @Nullable String priority;
    @Nullable String type;
    List<String> tags = new ArrayList<>();
    Map<Long, String> customFields = new LinkedHashMap<>();
    @Nullable String externalId;
  }

  // ---- writing

  /** {@code {"ticket":{…}}} for the Tickets API, or {@code {"request":{…}}} for the Requests API. */
  static ByteString create(String root, Outgoing o, boolean ticketsApi) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject().name(root).beginObject();
      w.name("subject").value(o.subject);
      w.name("comment").beginObject();
      w.name("body").value(o.body);
      if (ticketsApi) w.name("public").value(true);
      if (!o.uploads.isEmpty()) {
        w.name("uploads").beginArray();
        for (String u : o.uploads) w.value(u);
        w.endArray();
      }
      w.endObject();
      Requester r = o.requester;
      if (r != null) {
        w.name("requester").beginObject();
        w.name("name").value(displayName(r));
        if (r.email() != null) w.name("email").value(r.email());
        w.endObject();
      }
      if (o.priority != null) w.name("priority").value(o.priority);
      if (o.type != null) w.name("type").value(o.type);
      if (ticketsApi && !o.tags.isEmpty()) {
        w.name("tags").beginArray();
        for (String t : o.tags) w.value(t);
        w.endArray();
      }
      if (!o.customFields.isEmpty()) {
        w.name("custom_fields").beginArray();
        for (Map.Entry<Long, String> e : o.customFields.entrySet()) {
          w.beginObject().name("id").value(e.getKey()).name("value").value(e.getValue()).endObject();
        }
        w.endArray();
      }
      if (o.externalId != null) w.name("external_id").value(o.externalId);
      w.endObject().endObject();
    } catch (IOException e) {
      throw new AssertionError("an in-memory buffer cannot fail", e);
    }
    return buffer.readByteString();
  }

  /** Zendesk needs a name for a new requester; the e-mail or the host's id stands in when there is none. */
  static String displayName(Requester r) {
    if (r.name() != null) return r.name();
    if (r.email() != null) return r.email();
    return String.valueOf(r.id());
  }

  /** {@code {"request":{"comment":{"body","uploads"}}}}, optionally with {@code "solved":true}. */
  static ByteString requestUpdate(@Nullable String body, List<String> uploads, boolean solved) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject().name("request").beginObject();
      if (body != null) {
        w.name("comment").beginObject().name("body").value(body);
        if (!uploads.isEmpty()) {
          w.name("uploads").beginArray();
          for (String u : uploads) w.value(u);
          w.endArray();
        }
        w.endObject();
      }
      if (solved) w.name("solved").value(true);
      w.endObject().endObject();
    } catch (IOException e) {
      throw new AssertionError("an in-memory buffer cannot fail", e);
    }
    return buffer.readByteString();
  }

  /** Helpline's 1..5 score as Zendesk's binary one: 4 and 5 are "good", 1 to 3 "bad". */
  static String score(Rating rating) {
    return rating.score() >= 4 ? "good" : "bad";
  }

  static ByteString rating(Rating rating) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject().name("satisfaction_rating").beginObject();
      w.name("score").value(score(rating));
      if (!rating.comment().isEmpty()) w.name("comment").value(rating.comment());
      w.endObject().endObject();
    } catch (IOException e) {
      throw new AssertionError("an in-memory buffer cannot fail", e);
    }
    return buffer.readByteString();
  }

  // ---- reading

  /** A ticket or request object, with the fields used to recognize a submission. */
  static final class Remote {
    final Ticket ticket;
    final @Nullable String description;
    final @Nullable String externalId;

    Remote(Ticket ticket, @Nullable String description, @Nullable String externalId) {
      this.ticket = ticket;
      this.description = description;
      this.externalId = externalId;
    }
  }

  /** Reads {@code {"<root>":{…}}}. */
  static Remote single(JsonReader r, String root, TicketUrls urls) throws IOException {
    Remote found = null;
    r.beginObject();
    while (r.hasNext()) {
      if (r.nextName().equals(root) && r.peek() == JsonReader.Token.BEGIN_OBJECT) {
        found = remote(r, urls);
      } else {
        r.skipValue();
      }
    }
    r.endObject();
    if (found == null) throw new JsonDataException("Required value '" + root + "' missing at path $");
    return found;
  }

  /** A page of a list: the objects under {@code root} and the {@code next_page} link. */
  static final class Page {
    final List<Remote> items;
    final @Nullable String nextPage;

    Page(List<Remote> items, @Nullable String nextPage) {
      this.items = items;
      this.nextPage = nextPage;
    }
  }

  static Page list(JsonReader r, String root, TicketUrls urls) throws IOException {
    List<Remote> items = null;
    String next = null;
    r.beginObject();
    while (r.hasNext()) {
      String name = r.nextName();
      if (name.equals(root)) {
        items = new ArrayList<>();
        r.beginArray();
        while (r.hasNext()) items.add(remote(r, urls));
        r.endArray();
      } else if (name.equals("next_page")) {
        next = nullableString(r);
      } else {
        r.skipValue();
      }
    }
    r.endObject();
    if (items == null) throw new JsonDataException("Required value '" + root + "' missing at path $");
    return new Page(items, next);
  }

  private static Remote remote(JsonReader r, TicketUrls urls) throws IOException {
    String path = r.getPath();
    String id = null;
    String subject = "";
    TicketStatus status = TicketStatus.UNKNOWN;
    Priority priority = null;
    Instant createdAt = null;
    Instant updatedAt = null;
    String description = null;
    String externalId = null;
    r.beginObject();
    while (r.hasNext()) {
      switch (r.nextName()) {
        case "id":
          id = idText(r);
          break;
        case "subject":
          String s = nullableString(r);
          subject = s == null ? "" : s;
          break;
        case "status":
          String st = nullableString(r);
          status = st == null ? TicketStatus.UNKNOWN : status(st);
          break;
        case "priority":
          String p = nullableString(r);
          priority = p == null ? null : priority(p);
          break;
        case "created_at":
          createdAt = timestamp(r);
          break;
        case "updated_at":
          updatedAt = timestamp(r);
          break;
        case "description":
          description = nullableString(r);
          break;
        case "external_id":
          externalId = r.peek() == JsonReader.Token.NULL ? r.nextNull() : idText(r);
          break;
        default:
          r.skipValue();
      }
    }
    r.endObject();
    if (id == null) throw new JsonDataException("Required value 'id' missing at path " + path);
    return new Remote(new Ticket(id, subject, status, priority, createdAt, updatedAt, urls.of(id)), description,
        externalId);
  }

  /** Reads {@code {"upload":{"token":…}}}. */
  static String uploadToken(JsonReader r) throws IOException {
    String token = null;
    r.beginObject();
    while (r.hasNext()) {
      if (r.nextName().equals("upload") && r.peek() == JsonReader.Token.BEGIN_OBJECT) {
        r.beginObject();
        while (r.hasNext()) {
          if (r.nextName().equals("token")) {
            token = string(r);
          } else {
            r.skipValue();
          }
        }
        r.endObject();
      } else {
        r.skipValue();
      }
    }
    r.endObject();
    if (token == null) throw new JsonDataException("Required value 'upload.token' missing at path $");
    return token;
  }

  /** Zendesk's statuses; "hold" is ON_HOLD. Anything else (a custom status category) is UNKNOWN. */
  static TicketStatus status(String s) {
    switch (s.toLowerCase(Locale.ROOT)) {
      case "new":
        return TicketStatus.NEW;
      case "open":
        return TicketStatus.OPEN;
      case "pending":
        return TicketStatus.PENDING;
      case "hold":
        return TicketStatus.ON_HOLD;
      case "solved":
        return TicketStatus.SOLVED;
      case "closed":
        return TicketStatus.CLOSED;
      default:
        return TicketStatus.UNKNOWN;
    }
  }

  static String priority(Priority p) {
    return p.name().toLowerCase(Locale.ROOT);
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

  /** Builds the link people follow to a ticket. */
  interface TicketUrls {
    @Nullable String of(String id);

    static TicketUrls under(HttpUrl base, String prefix) {
      return id -> base.newBuilder().addPathSegments(prefix).addPathSegment(id).build().toString();
    }
  }
}
