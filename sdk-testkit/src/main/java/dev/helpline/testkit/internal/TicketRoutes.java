package dev.helpline.testkit.internal;

import com.sun.net.httpserver.HttpExchange;
import dev.helpline.testkit.internal.Records.StoredFile;
import dev.helpline.testkit.internal.Records.Upload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The ticket routes of the Support API: create (app key, Idempotency-Key), the ticket of a submission (app key),
 * list, read, messages, rating and attachments (user token, own tickets only). Thread-safe; state lives in {@link DeskState}.
 */
final class TicketRoutes {
  private static final int MAX_SUBJECT_CHARS = 1000;
  private static final int MAX_KEY_CHARS = 255;
  private static final int MAX_COMMENT_CHARS = 10_000;

  private final DeskState state;
  private final HttpIo io;
  private final TokenCodec tokens;
  private final String appKey;

  TicketRoutes(DeskState state, HttpIo io, TokenCodec tokens, String appKey) {
    this.state = state;
    this.io = io;
    this.tokens = tokens;
    this.appKey = appKey;
  }

  /** The response for a {@code /v1/tickets...} request, or null when no route matches. */
  @Nullable Response route(HttpExchange ex, String method, String path, Map<String, String> query)
      throws IOException {
    if (path.equals("/v1/tickets")) {
      if (method.equals("POST")) {
        return createTicket(ex);
      }
      if (method.equals("GET")) {
        return listTickets(ex, query);
      }
    }
    String[] seg = path.split("/", -1); // "", "v1", "tickets", id, ...
    if (seg.length == 4 && seg[1].equals("v1") && seg[2].equals("submissions") && !seg[3].isEmpty()
        && method.equals("GET")) {
      requireAppKey(ex, "looking up a submission");
      DeskState.Created t = state.bySubmission(HttpIo.decode(seg[3]));
      return Response.json(200, t.json).header("ETag", "\"" + t.version + "\"");
    }
    if (seg.length >= 4 && seg[1].equals("v1") && seg[2].equals("tickets") && !seg[3].isEmpty()) {
      String id = HttpIo.decode(seg[3]);
      if (seg.length == 4 && method.equals("GET")) {
        TokenCodec.Claims claims = user(ex);
        long version = state.version(id, claims);
        String etag = "\"" + version + "\"";
        if (PublicReads.etagMatches(ex.getRequestHeaders().getFirst("If-None-Match"), etag)) {
          return Response.empty(304).header("ETag", etag);
        }
        DeskState.Created t = state.get(id, claims);
        return Response.json(200, t.json).header("ETag", "\"" + t.version + "\"");
      }
      if (seg.length == 5 && seg[4].equals("messages")) {
        if (method.equals("GET")) {
          return listMessages(ex, id, query);
        }
        if (method.equals("POST")) {
          return postMessage(ex, id);
        }
      }
      if (seg.length == 5 && seg[4].equals("rating") && method.equals("PUT")) {
        return rate(ex, id);
      }
      if (seg.length == 6 && seg[4].equals("attachments") && method.equals("GET")) {
        StoredFile f = state.attachment(id, HttpIo.decode(seg[5]), user(ex));
        return new Response(200, f.read()).header("Content-Type", f.mediaType)
            .header("Content-Disposition", HttpIo.contentDisposition("attachment", f.fileName));
      }
    }
    return null;
  }

  private Response createTicket(HttpExchange ex) throws IOException {
    requireAppKey(ex, "creating a ticket");
    String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
    if (key == null || key.trim().isEmpty()) {
      throw ApiException.invalid("Idempotency-Key", "the Idempotency-Key header is required");
    }
    if (key.length() > MAX_KEY_CHARS) {
      throw ApiException.invalid("Idempotency-Key",
          "Idempotency-Key has " + key.length() + " characters; the limit is " + MAX_KEY_CHARS);
    }
    JsonWithFiles form = JsonWithFiles.read(io, ex, "ticket");
    List<Upload> uploads = form.uploads;
    MessageDigest digest = sha256();
    digest.update(form.json);
    for (Upload u : uploads) {
      digestField(digest, u.fileName.getBytes(StandardCharsets.UTF_8));
      digestField(digest, u.mediaType.getBytes(StandardCharsets.UTF_8));
      digestField(digest, u.bytes);
    }
    Map<String, Object> ticket = validateTicket(Json.parseObject(form.json, "ticket"));
    DeskState.Created created = state.create(key, HexFormat.of().formatHex(digest.digest()), ticket, uploads);
    // The key echoed: a client can tell an answer meant for another submission from its own.
    Response r = Response.json(created.replayed ? 200 : 201, created.json)
        .header("ETag", "\"" + created.version + "\"").header("Idempotency-Key", key);
    if (created.replayed) {
      r.header("Idempotent-Replayed", "true");
    }
    return r;
  }

  private static void digestField(MessageDigest digest, byte[] bytes) {
    // Length-prefixed so that different splits of the same bytes never collide.
    long n = bytes.length;
    for (int i = 7; i >= 0; i--) {
      digest.update((byte) (n >>> (8 * i)));
    }
    digest.update(bytes);
  }

  private static Map<String, Object> validateTicket(Map<String, Object> in) {
    String subject = Json.optString(in, "subject", "subject");
    if (subject == null || subject.trim().isEmpty()) {
      throw ApiException.invalid("subject", "subject must not be blank");
    }
    int subjectChars = subject.codePointCount(0, subject.length());
    if (subjectChars > MAX_SUBJECT_CHARS) {
      throw ApiException.invalid("subject",
          "subject has " + subjectChars + " characters; the limit is " + MAX_SUBJECT_CHARS);
    }
    String description = Json.optString(in, "description", "description");
    String priority = Json.optString(in, "priority", "priority");
    if (priority == null) {
      priority = "normal";
    } else if (!DeskState.PRIORITIES.contains(priority)) {
      throw ApiException.invalid("priority", "priority '" + priority + "' is not one of " + DeskState.PRIORITIES);
    }
    Map<String, Object> requester = Json.optObject(in, "requester", "requester");
    String createdAt = Json.optString(in, "createdAt", "createdAt");
    if (createdAt != null) {
      try {
        OffsetDateTime.parse(createdAt);
      } catch (DateTimeParseException e) {
        throw ApiException.invalid("createdAt", "createdAt '" + createdAt + "' is not an ISO-8601 timestamp with offset");
      }
    }
    return Json.obj(
        "subject", subject,
        "description", description == null ? "" : description,
        "priority", priority,
        "category", Json.optString(in, "category", "category"),
        "tags", Json.optStringList(in, "tags", "tags"),
        "customFields", Json.optStringMap(in, "customFields", "customFields"),
        "requesterId", requester == null ? null : Json.optString(requester, "id", "requester.id"),
        "requesterEmail", requester == null ? null : Json.optString(requester, "email", "requester.email"),
        "requesterName", requester == null ? null : Json.optString(requester, "name", "requester.name"),
        "diagnosticsSummary", Json.optString(in, "diagnosticsSummary", "diagnosticsSummary"),
        "createdAt", createdAt);
  }

  private Response listTickets(HttpExchange ex, Map<String, String> query) {
    TokenCodec.Claims claims = user(ex);
    int limit = HttpIo.intParam(query, "limit", 20, 1, 100);
    String cursor = query.get("cursor");
    long before = cursor == null || cursor.isEmpty() ? Long.MAX_VALUE : DeskState.decodeCursor(cursor);
    return Response.json(200, state.list(claims, before, limit));
  }

  /** All messages, or with {@code limit} a page of them from {@code cursor} (the optional paging of the API). */
  private Response listMessages(HttpExchange ex, String ticketId, Map<String, String> query) {
    TokenCodec.Claims claims = user(ex);
    String limit = query.get("limit");
    Integer pageSize = limit == null || limit.isEmpty() ? null : HttpIo.intParam(query, "limit", 20, 1, 100);
    return Response.json(200, state.messages(ticketId, claims, query.get("cursor"), pageSize));
  }

  private Response postMessage(HttpExchange ex, String ticketId) throws IOException {
    TokenCodec.Claims claims = user(ex);
    state.version(ticketId, claims); // 404 before reading a body we would discard
    JsonWithFiles form = JsonWithFiles.read(io, ex, "message");
    String body = Json.optString(Json.parseObject(form.json, "message"), "body", "body");
    if (body == null || body.trim().isEmpty()) {
      throw ApiException.invalid("body", "body must not be blank");
    }
    return Response.json(201, state.requesterReply(ticketId, claims, body, form.uploads));
  }

  private Response rate(HttpExchange ex, String ticketId) throws IOException {
    TokenCodec.Claims claims = user(ex);
    Map<String, Object> in = Json.parseObject(io.readJsonBody(ex), "rating");
    Long score = Json.optLong(in, "score", "score");
    if (score == null || score < 1 || score > 5) {
      throw ApiException.invalid("score", "score must be an integer from 1 to 5 but was " + in.get("score"));
    }
    String comment = Json.optString(in, "comment", "comment");
    int commentChars = comment == null ? 0 : comment.codePointCount(0, comment.length());
    if (commentChars > MAX_COMMENT_CHARS) {
      throw ApiException.invalid("comment", "comment has " + commentChars + " characters; the limit is " + MAX_COMMENT_CHARS);
    }
    return Response.json(200, state.rate(ticketId, claims, score.intValue(), comment));
  }

  private void requireAppKey(HttpExchange ex, String what) {
    String bearer = HttpIo.bearer(ex);
    if (bearer == null || !HttpIo.constantTimeEquals(bearer, appKey)) {
      throw new ApiException(401, "unauthorized", what + " needs Authorization: Bearer <appKey>", null);
    }
  }

  private TokenCodec.Claims user(HttpExchange ex) {
    String bearer = HttpIo.bearer(ex);
    if (bearer == null) {
      throw new ApiException(401, "unauthorized", "this resource needs Authorization: Bearer <userToken>", null);
    }
    TokenCodec.Claims claims = tokens.verify(bearer);
    if (claims == null) {
      throw new ApiException(401, "invalid_token", "the user token is malformed, expired or wrongly signed", null);
    }
    return claims;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
    }
  }
}
